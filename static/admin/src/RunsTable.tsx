import DynamicTable from '@atlaskit/dynamic-table';
import { Box, Stack, Text } from '@atlaskit/primitives';
import type { SyncRunSummary } from '../../../src/domain/rpc';
import { formatWhenParts } from './format';

const TRIGGER_LABELS: Record<SyncRunSummary['trigger'], string> = {
  scheduled: 'Scheduled',
  queue: 'Queue batch',
  refresh: 'Manual refresh',
  event: 'Jira event',
  manual: 'Sync now',
};

const MAX_ERRORS_SHOWN = 3;

const head = {
  cells: [
    { key: 'started', content: 'Started' },
    { key: 'trigger', content: 'Trigger' },
    { key: 'seen', content: 'Tickets seen' },
    { key: 'created', content: 'Created' },
    { key: 'fields', content: 'Fields' },
    { key: 'status', content: 'Status' },
    { key: 'comments', content: 'Comments' },
    { key: 'attachments', content: 'Attachments' },
    { key: 'skipped', content: 'Skipped' },
    { key: 'limitations', content: 'Limitations' },
    { key: 'errors', content: 'Errors' },
  ],
};

export function RunsTable({ runs }: { runs: SyncRunSummary[] }) {
  const rows = runs.map((run) => ({
    key: run.runId,
    testId: `run-${run.runId}`,
    cells: [
      {
        key: 'started',
        content: (
          <Stack>
            <Text>{formatWhenParts(run.startedAt).absolute}</Text>
            <Text size="small" color="color.text.subtle">
              {formatWhenParts(run.startedAt).relative}
            </Text>
            <RunState run={run} />
          </Stack>
        ),
      },
      { key: 'trigger', content: TRIGGER_LABELS[run.trigger] },
      { key: 'seen', content: run.ticketsSeen },
      { key: 'created', content: run.issuesCreated },
      { key: 'fields', content: run.fieldsApplied },
      { key: 'status', content: run.statusesApplied },
      { key: 'comments', content: run.commentsCopied },
      { key: 'attachments', content: run.attachmentsCopied },
      { key: 'skipped', content: run.skipped },
      { key: 'limitations', content: run.limitations },
      { key: 'errors', content: <RunErrors errors={run.errors} /> },
    ],
  }));

  return (
    <DynamicTable
      head={head}
      rows={rows}
      testId="runs-table"
      label="Recent sync runs"
      emptyView={
        <Box padding="space.200" testId="runs-empty">
          <Text color="color.text.subtle">No sync runs yet. The scheduled sync runs every five minutes.</Text>
        </Box>
      }
    />
  );
}

/** A long run shows how far it got while it works; an ended one whether it stopped early. */
function RunState({ run }: { run: SyncRunSummary }) {
  if (!run.finishedAt) {
    const p = run.progress;
    return (
      <Text size="small" color="color.text.warning" testId="run-progress">
        {p
          ? `working: ${p.pages} export pages read, ${p.processed} tickets synchronized, ${p.queued} handed to the queue`
          : 'not finished'}
      </Text>
    );
  }
  if (run.stopped)
    return (
      <Text size="small" color="color.text.warning">
        stopped early; the next run continues
      </Text>
    );
  return null;
}

function RunErrors({ errors }: { errors: SyncRunSummary['errors'] }) {
  if (errors.length === 0) return <Text>0</Text>;
  const shown = errors.slice(0, MAX_ERRORS_SHOWN);
  return (
    <Stack space="space.050">
      <Text weight="bold" color="color.text.danger">
        {errors.length}
      </Text>
      {shown.map((e, i) => (
        <Text key={i} size="small">
          {[e.issueKey, e.ticketId ? `ticket ${e.ticketId}` : undefined].filter(Boolean).join(' / ')}
          {e.issueKey || e.ticketId ? ': ' : ''}
          {e.message}
        </Text>
      ))}
      {errors.length > shown.length && (
        <Text size="small" color="color.text.subtlest">
          …and {errors.length - shown.length} more
        </Text>
      )}
    </Stack>
  );
}
