/**
 * Recent sync activity: the app's own run log and link problems (read through the admin
 * resolver's getActivity as the sandbox admin), plus what the host itself ran and when.
 */
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { useEffect, useState } from 'react';
import type { ActivityResponse } from '../../../protocol';
import { getActivity } from '../api/host';
import { errorText } from '../api/http';
import { ErrorMessage, Loading, Muted, NavLink, Page, Panel, formatTime } from '../components/ui';
import { useShell } from '../shellContext';

type Load =
  { kind: 'loading' } | { kind: 'failed'; error: string } | { kind: 'ready'; value: ActivityResponse };

function changes(run: NonNullable<ActivityResponse['activity']>['runs'][number]): string {
  const parts = [
    [run.issuesCreated, 'issues created'],
    [run.fieldsApplied, 'fields'],
    [run.statusesApplied, 'statuses'],
    [run.commentsCopied, 'comments'],
    [run.attachmentsCopied, 'attachments'],
    [run.skipped, 'skipped'],
  ] as const;
  const text = parts.filter(([count]) => count > 0).map(([count, label]) => `${count} ${label}`);
  return text.length > 0 ? text.join(', ') : 'no changes';
}

export function ActivityView() {
  const { dataVersion } = useShell();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    getActivity().then(
      (value) => live && setLoad({ kind: 'ready', value }),
      (error: unknown) => live && setLoad({ kind: 'failed', error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);

  if (load.kind === 'loading') return <Loading label="Loading activity" />;
  if (load.kind === 'failed') {
    return (
      <Page title="Sync activity">
        <ErrorMessage title="Activity could not load" error={load.error} />
      </Page>
    );
  }
  const { activity, error, hostRuns } = load.value;
  return (
    <Page title="Sync activity" testId="activity-view">
      {error ? <ErrorMessage title="The app's activity log could not be read" error={error} /> : null}
      {activity ? (
        <>
          <Panel title="Sync runs (app log)" testId="activity-runs">
            <p style={{ marginTop: 0 }}>
              <Muted>
                {activity.cursorLagSeconds === null
                  ? 'No export cursor yet.'
                  : `Export cursor is ${Math.round(activity.cursorLagSeconds)} s behind the Zendesk clock.`}
              </Muted>
            </p>
            <DynamicTable
              label="Sync runs"
              emptyView={<p>No sync runs yet. Use “Run sync now”.</p>}
              head={{
                cells: [
                  { key: 'started', content: 'Started' },
                  { key: 'trigger', content: 'Trigger' },
                  { key: 'seen', content: 'Tickets seen' },
                  { key: 'changes', content: 'Changes' },
                  { key: 'limitations', content: 'Limitations' },
                  { key: 'errors', content: 'Errors' },
                ],
              }}
              rows={activity.runs.map((run) => ({
                key: run.runId,
                cells: [
                  { key: 'started', content: formatTime(run.startedAt) },
                  { key: 'trigger', content: run.trigger },
                  { key: 'seen', content: String(run.ticketsSeen) },
                  { key: 'changes', content: changes(run) },
                  { key: 'limitations', content: String(run.limitations) },
                  {
                    key: 'errors',
                    content:
                      run.errors.length === 0 ? (
                        <Lozenge appearance="success">none</Lozenge>
                      ) : (
                        <ul style={{ margin: 0, paddingLeft: 16 }}>
                          {run.errors.map((e, index) => (
                            <li key={index}>
                              {`${e.issueKey ?? (e.ticketId ? `#${e.ticketId}` : '')} ${e.message}`.trim()}
                            </li>
                          ))}
                        </ul>
                      ),
                  },
                ],
              }))}
            />
          </Panel>
          <Panel title="Links with problems" testId="activity-problems">
            {activity.problems.length === 0 ? <Muted>No link has an open error or limitation.</Muted> : null}
            {activity.problems.map((entry) => (
              <div key={`${entry.itemId}:${entry.issueId}`} style={{ marginBottom: 8 }}>
                <NavLink to={{ page: 'issue', key: entry.issueKey }}>{entry.issueKey}</NavLink>
                {` ↔ Zendesk #${entry.recordId}`}
                <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
                  {entry.problems.map((problem, index) => (
                    <li key={index}>
                      <Lozenge appearance={problem.kind === 'limitation' ? 'moved' : 'removed'}>
                        {problem.kind}
                      </Lozenge>{' '}
                      {`${problem.message}${problem.upstream ? ` (${problem.upstream.service} ${problem.upstream.status})` : ''}`}{' '}
                      <Muted>{formatTime(problem.at)}</Muted>
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </Panel>
        </>
      ) : null}
      <Panel title="Host deliveries" testId="activity-host-runs">
        {hostRuns.length === 0 ? <Muted>The host has not run anything yet.</Muted> : null}
        <ul style={{ margin: 0, paddingLeft: 16 }}>
          {hostRuns.map((run, index) => (
            <li key={index}>
              <Lozenge appearance={run.ok ? 'success' : 'removed'}>{run.kind}</Lozenge>{' '}
              {formatTime(run.startedAt)} <Muted>{run.message ?? ''}</Muted>
            </li>
          ))}
        </ul>
      </Panel>
    </Page>
  );
}
