/** Projects and their issues, read from the Jira simulator as the selected user. */
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { errorText } from '../api/http';
import { listProjects, searchIssues, type JiraIssueSummary, type JiraProject } from '../api/jira';
import { ErrorMessage, Loading, Muted, NavLink, Page, formatTime } from '../components/ui';
import { useShell } from '../shellContext';

export function statusAppearance(categoryKey: string | undefined): 'default' | 'inprogress' | 'success' {
  if (categoryKey === 'done') return 'success';
  if (categoryKey === 'indeterminate') return 'inprogress';
  return 'default';
}

type Load<T> = { kind: 'loading' } | { kind: 'failed'; error: string } | { kind: 'ready'; value: T };

export function IssuesView({ project }: { project: string | undefined }) {
  const { dataVersion, session } = useShell();
  const [projects, setProjects] = useState<Load<JiraProject[]>>({ kind: 'loading' });
  const [issues, setIssues] = useState<Load<JiraIssueSummary[]>>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    listProjects().then(
      (value) => live && setProjects({ kind: 'ready', value }),
      (error: unknown) => live && setProjects({ kind: 'failed', error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [dataVersion, session.user]);

  const selected = project ?? (projects.kind === 'ready' ? projects.value[0]?.key : undefined);

  useEffect(() => {
    if (!selected) return;
    let live = true;
    setIssues({ kind: 'loading' });
    searchIssues(selected).then(
      (value) => live && setIssues({ kind: 'ready', value }),
      (error: unknown) => live && setIssues({ kind: 'failed', error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [selected, dataVersion, session.user]);

  return (
    <Page title="Issues" testId="issues-view">
      <div style={{ display: 'grid', gridTemplateColumns: '220px 1fr', gap: 24 }}>
        <aside>
          <div style={{ fontSize: 12, fontWeight: 600, color: token('color.text.subtle'), marginBottom: 8 }}>
            PROJECTS
          </div>
          {projects.kind === 'loading' ? <Loading label="Loading projects" /> : null}
          {projects.kind === 'failed' ? (
            <ErrorMessage title="Projects could not load" error={projects.error} />
          ) : null}
          {projects.kind === 'ready' && projects.value.length === 0 ? (
            <Muted>This user can see no projects.</Muted>
          ) : null}
          {projects.kind === 'ready'
            ? projects.value.map((p) => (
                <div key={p.id} style={{ padding: '4px 0' }}>
                  <NavLink
                    to={{ page: 'issues', project: p.key }}
                    testId={`project-${p.key}`}
                    style={{ fontWeight: p.key === selected ? 600 : 400 }}
                  >
                    {`${p.name} (${p.key})`}
                  </NavLink>
                </div>
              ))
            : null}
          <div style={{ marginTop: 24 }}>
            <Muted>
              <NavLink to={{ page: 'gallery' }} testId="nav-gallery">
                UI Kit gallery
              </NavLink>{' '}
              (renderer check)
            </Muted>
          </div>
        </aside>
        <section>
          {!selected && projects.kind === 'ready' ? <Muted>No project selected.</Muted> : null}
          {selected && issues.kind === 'loading' ? <Loading label="Loading issues" /> : null}
          {issues.kind === 'failed' ? (
            <ErrorMessage title="Issues could not load" error={issues.error} />
          ) : null}
          {selected && issues.kind === 'ready' ? (
            <div data-testid="issue-list">
              <DynamicTable
                label={`Issues in ${selected}`}
                emptyView={<p>No issues in this project yet.</p>}
                head={{
                  cells: [
                    { key: 'key', content: 'Key', width: 10 },
                    { key: 'summary', content: 'Summary', width: 45 },
                    { key: 'type', content: 'Type', width: 10 },
                    { key: 'status', content: 'Status', width: 12 },
                    { key: 'priority', content: 'Priority', width: 10 },
                    { key: 'updated', content: 'Updated', width: 13 },
                  ],
                }}
                rows={issues.value.map((issue) => ({
                  key: issue.id,
                  cells: [
                    {
                      key: 'key',
                      content: (
                        <NavLink to={{ page: 'issue', key: issue.key }} testId={`issue-link-${issue.key}`}>
                          {issue.key}
                        </NavLink>
                      ),
                    },
                    { key: 'summary', content: issue.fields.summary ?? '' },
                    { key: 'type', content: issue.fields.issuetype?.name ?? '' },
                    {
                      key: 'status',
                      content: (
                        <Lozenge appearance={statusAppearance(issue.fields.status?.statusCategory?.key)}>
                          {issue.fields.status?.name ?? ''}
                        </Lozenge>
                      ),
                    },
                    { key: 'priority', content: issue.fields.priority?.name ?? '' },
                    { key: 'updated', content: formatTime(issue.fields.updated) },
                  ],
                }))}
              />
            </div>
          ) : null}
        </section>
      </div>
    </Page>
  );
}
