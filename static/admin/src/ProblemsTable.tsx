/**
 * The problems queue: each link with recorded problems or changes that failed to arrive, with
 * links to the Jira issue and the Zendesk ticket, the cause in plain words first and Zendesk's
 * or Jira's own answer under "Details", Retry for the link and Dismiss for one change.
 */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import { Box, Inline, Stack, Text } from '@atlaskit/primitives';
import { useState } from 'react';
import { isToZendeskCode } from '../../../src/domain/errors';
import type { DismissTarget, PendingChange, ProblemLink } from '../../../src/domain/rpc';
import type { SmartItem, SyncProblem } from '../../../src/domain/types';
import { describeUpstream } from './errorText';
import { formatWhen } from './format';
import { describeChange, DIRECTION_LABEL, plainCause } from './plainCause';
import { WholeLozenge } from './WholeLozenge';

export interface DismissRequest {
  link: ProblemLink;
  target: DismissTarget;
  label: string;
}

interface Props {
  problems: ProblemLink[];
  items: SmartItem[];
  siteUrl: string | null;
  zendeskBaseUrl: string | null;
  busyLink: string | null;
  onRetry: (link: ProblemLink) => void;
  onDismiss: (request: DismissRequest) => void;
}

const head = {
  cells: [
    { key: 'where', content: 'Link' },
    { key: 'cause', content: 'What happened' },
    { key: 'actions', content: '' },
  ],
};

/** Problems a pending change already explains are shown with that change, not twice. */
function looseProblems(link: ProblemLink): SyncProblem[] {
  const sources = new Set(link.pending.map((c) => c.source));
  return link.problems.filter((p) => p.subject === undefined || !sources.has(p.subject));
}

function canRetry(link: ProblemLink): boolean {
  return link.pending.length > 0 || link.problems.some((p) => p.kind === 'error' && !isToZendeskCode(p.code));
}

export function ProblemsTable({
  problems,
  items,
  siteUrl,
  zendeskBaseUrl,
  busyLink,
  onRetry,
  onDismiss,
}: Props) {
  const names = new Map(items.map((i) => [i.id, i.name]));
  const rows = problems.map((link) => {
    const id = `${link.itemId}:${link.issueId}`;
    return {
      key: id,
      testId: `problem-${link.issueKey}`,
      cells: [
        {
          key: 'where',
          content: (
            <Stack space="space.050">
              {siteUrl ? (
                <a
                  href={`${siteUrl}/browse/${encodeURIComponent(link.issueKey)}`}
                  target="_blank"
                  rel="noreferrer"
                  data-testid="problem-issue-link"
                >
                  {link.issueKey}
                </a>
              ) : (
                <Text weight="medium">{link.issueKey}</Text>
              )}
              {zendeskBaseUrl ? (
                <a
                  href={`${zendeskBaseUrl}/agent/tickets/${encodeURIComponent(link.recordId)}`}
                  target="_blank"
                  rel="noreferrer"
                  data-testid="problem-ticket-link"
                >
                  {`Zendesk ticket #${link.recordId}`}
                </a>
              ) : (
                <Text>{`Zendesk ticket #${link.recordId}`}</Text>
              )}
              <Text size="small" color="color.text.subtle">
                {names.get(link.itemId) ?? link.itemId}
              </Text>
            </Stack>
          ),
        },
        {
          key: 'cause',
          content: (
            <Stack space="space.150">
              {link.pending.map((change) => (
                <PendingRow
                  key={`${change.direction}:${change.source}`}
                  change={change}
                  problem={link.problems.find((p) => p.subject === change.source)}
                  onDismiss={() =>
                    onDismiss({
                      link,
                      target: { kind: 'pending', direction: change.direction, source: change.source },
                      label: `${describeChange(change)} (${DIRECTION_LABEL[change.direction]})`,
                    })
                  }
                />
              ))}
              {looseProblems(link).map((problem, i) => (
                <ProblemRow
                  key={`${problem.code}:${problem.subject ?? ''}:${i}`}
                  problem={problem}
                  onDismiss={() =>
                    onDismiss({
                      link,
                      target:
                        problem.subject === undefined
                          ? { kind: 'problem', code: problem.code }
                          : { kind: 'problem', code: problem.code, subject: problem.subject },
                      label: plainCause(problem),
                    })
                  }
                />
              ))}
            </Stack>
          ),
        },
        {
          key: 'actions',
          content: canRetry(link) ? (
            <Button
              isLoading={busyLink === id}
              onClick={() => onRetry(link)}
              testId={`retry-${link.issueKey}`}
            >
              Retry
            </Button>
          ) : (
            ''
          ),
        },
      ],
    };
  });

  return (
    <DynamicTable
      head={head}
      rows={rows}
      testId="problems-table"
      label="Problems on linked issues"
      emptyView={
        <Box padding="space.200" testId="problems-empty">
          <Text color="color.text.subtle">No problems on linked issues.</Text>
        </Box>
      }
    />
  );
}

function Details({ lines, testId }: { lines: string[]; testId: string }) {
  const [open, setOpen] = useState(false);
  return (
    <Stack space="space.050">
      <Box>
        <Button appearance="subtle" spacing="compact" onClick={() => setOpen(!open)} testId={testId}>
          {open ? 'Hide details' : 'Details'}
        </Button>
      </Box>
      {open && (
        <Stack space="space.025" testId={`${testId}-text`}>
          {lines.map((line, i) => (
            <Text key={i} size="small">
              {line}
            </Text>
          ))}
        </Stack>
      )}
    </Stack>
  );
}

function problemLines(problem: SyncProblem): string[] {
  return [
    problem.message,
    ...(problem.upstream ? [describeUpstream(problem.upstream)] : []),
    `${problem.code} · ${formatWhen(problem.at)}`,
  ];
}

function PendingRow({
  change,
  problem,
  onDismiss,
}: {
  change: PendingChange;
  problem: SyncProblem | undefined;
  onDismiss: () => void;
}) {
  const next = change.nextAt ? `next try ${formatWhen(change.nextAt)}` : 'tried again on the next run';
  return (
    <Stack space="space.050" testId={`pending-${change.source}`}>
      <Inline space="space.075" alignBlock="center">
        <WholeLozenge appearance="inprogress">Waiting</WholeLozenge>
        <Text weight="medium">{`${describeChange(change)} (${DIRECTION_LABEL[change.direction]})`}</Text>
      </Inline>
      <Text>
        {problem
          ? plainCause(problem)
          : `Not delivered yet after ${change.attempts} attempt${change.attempts === 1 ? '' : 's'}.`}
      </Text>
      <Text size="small" color="color.text.subtle">{`${change.attempts} failed attempts · ${next}`}</Text>
      <Inline space="space.100" alignBlock="start">
        <Details
          testId={`details-${change.source}`}
          lines={[
            ...(change.lastError ? [`Last answer: ${change.lastError}`] : []),
            ...(problem ? problemLines(problem) : []),
            `First recorded ${formatWhen(change.at)}`,
          ]}
        />
        <Button appearance="subtle" spacing="compact" onClick={onDismiss} testId={`dismiss-${change.source}`}>
          Dismiss
        </Button>
      </Inline>
    </Stack>
  );
}

function ProblemRow({ problem, onDismiss }: { problem: SyncProblem; onDismiss: () => void }) {
  return (
    <Stack space="space.050" testId={`problem-code-${problem.code}`}>
      <Inline space="space.075" alignBlock="center">
        <WholeLozenge appearance={problem.kind === 'error' ? 'removed' : 'moved'}>
          {problem.kind === 'error' ? 'Error' : 'Limitation'}
        </WholeLozenge>
        <Text>{plainCause(problem)}</Text>
      </Inline>
      <Inline space="space.100" alignBlock="start">
        <Details testId={`details-${problem.code}`} lines={problemLines(problem)} />
        <Button appearance="subtle" spacing="compact" onClick={onDismiss} testId={`dismiss-${problem.code}`}>
          Dismiss
        </Button>
      </Inline>
    </Stack>
  );
}
