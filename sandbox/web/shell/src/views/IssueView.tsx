/**
 * One Jira issue: its fields, the app's Zendesk panel, attachments and comments. Comments,
 * attachments and transitions are made through the Jira simulator as the selected user,
 * so they raise the same product events (and so the same app triggers) as in Jira.
 */
import Button from '@atlaskit/button/new';
import Heading from '@atlaskit/heading';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { adfToText } from '../api/adf';
import { errorText } from '../api/http';
import {
  addAttachment,
  addComment,
  getIssue,
  listTransitions,
  transitionIssue,
  type JiraIssue,
  type JiraIssueFields,
  type JiraTransition,
} from '../api/jira';
import { UiKitFrame } from '../components/UiKitFrame';
import {
  ErrorMessage,
  Loading,
  Muted,
  NavLink,
  Page,
  Panel,
  formatTime,
  nativeControlStyle,
} from '../components/ui';
import { useShell } from '../shellContext';
import { statusAppearance } from './IssuesView';

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; error: string }
  | { kind: 'ready'; issue: JiraIssue; fields: JiraIssueFields };

const SHOWN_ELSEWHERE = new Set([
  'summary',
  'description',
  'status',
  'issuetype',
  'project',
  'priority',
  'assignee',
  'reporter',
  'created',
  'updated',
  'comment',
  'attachment',
  // Bookkeeping fields Jira's issue view does not list either.
  'statuscategorychangedate',
  'lastViewed',
  'watches',
  'votes',
  'workratio',
  'creator',
]);

/** A custom or other field value as text, or null when it has nothing to show. */
function fieldText(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
    return String(value);
  if (Array.isArray(value)) {
    const parts = value.map(fieldText).filter((part): part is string => part !== null);
    return parts.length > 0 ? parts.join(', ') : null;
  }
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (record.type === 'doc') return adfToText(record) || null;
    for (const key of ['value', 'name', 'displayName', 'key']) {
      if (typeof record[key] === 'string') return record[key];
    }
  }
  return null;
}

function DetailRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div
      style={{ display: 'grid', gridTemplateColumns: '120px 1fr', gap: 8, padding: '4px 0', fontSize: 14 }}
    >
      <span style={{ color: token('color.text.subtle') }}>{label}</span>
      <span>{children}</span>
    </div>
  );
}

export function IssueView({ issueKey }: { issueKey: string }) {
  const { dataVersion, session, bumpData, notify } = useShell();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const [transitions, setTransitions] = useState<JiraTransition[]>([]);
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'comment' | 'transition' | 'attachment' | null>(null);

  useEffect(() => {
    let live = true;
    getIssue(issueKey).then(
      ({ issue, fields }) => live && setLoad({ kind: 'ready', issue, fields }),
      (error: unknown) => live && setLoad({ kind: 'failed', error: errorText(error) }),
    );
    listTransitions(issueKey).then(
      (value) => live && setTransitions(value),
      () => live && setTransitions([]),
    );
    return () => {
      live = false;
    };
  }, [issueKey, dataVersion, session.user]);

  // Only identity matters to the panel: a new panel for another issue, not for every field change.
  const ready = load.kind === 'ready' ? load : null;
  const issueId = ready?.issue.id;
  const keyOfIssue = ready?.issue.key;
  const typeName = ready?.fields.issuetype.name;
  const projectId = ready?.fields.project.id;
  const projectKey = ready?.fields.project.key;
  const projectType = ready?.fields.project.projectTypeKey ?? 'software';
  const extension = useMemo(
    () =>
      issueId && keyOfIssue && projectId && projectKey
        ? {
            type: 'jira:issuePanel' as const,
            issue: { id: issueId, key: keyOfIssue, type: typeName ?? '' },
            project: { id: projectId, key: projectKey, type: projectType },
          }
        : null,
    [issueId, keyOfIssue, typeName, projectId, projectKey, projectType],
  );

  const act = async (
    kind: 'comment' | 'transition' | 'attachment',
    work: () => Promise<void>,
    done: string,
  ) => {
    setBusy(kind);
    try {
      await work();
      notify({ kind: 'success', text: done });
      bumpData();
    } catch (error) {
      notify({ kind: 'error', text: errorText(error) });
    } finally {
      setBusy(null);
    }
  };

  if (load.kind === 'loading') return <Loading label={`Loading ${issueKey}`} />;
  if (load.kind === 'failed') {
    return (
      <Page title={issueKey}>
        <ErrorMessage title={`${issueKey} could not load`} error={load.error} />
      </Page>
    );
  }
  const { issue, fields } = load;
  const names = issue.names ?? {};
  const otherFields = Object.entries(issue.fields)
    .filter(([id]) => !SHOWN_ELSEWHERE.has(id))
    .map(([id, value]) => ({ id, name: names[id] ?? id, text: fieldText(value) }))
    .filter((field): field is { id: string; name: string; text: string } => field.text !== null)
    .sort((a, b) => a.name.localeCompare(b.name));
  const comments = fields.comment?.comments ?? [];
  const attachments = fields.attachment ?? [];

  return (
    <Page
      testId="issue-view"
      title={
        <span>
          <Muted>
            <NavLink to={{ page: 'issues', project: fields.project.key }}>{fields.project.name}</NavLink>
            {' / '}
            <span data-testid="issue-key">{issue.key}</span>
          </Muted>
          <br />
          <span data-testid="issue-summary">{fields.summary ?? ''}</span>
        </span>
      }
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)', gap: 24 }}>
        <div>
          <Panel title="Description">
            <p style={{ whiteSpace: 'pre-wrap' }} data-testid="issue-description">
              {adfToText(fields.description) || <Muted>No description</Muted>}
            </p>
          </Panel>
          <Panel title={session.modules.panel.title} testId="zendesk-panel-section">
            {extension ? (
              <UiKitFrame
                src="/panel-runtime.html"
                testId="issue-panel"
                extension={extension}
                instance={`${issue.id}-${session.user}-${session.license}-${dataVersion}`}
              />
            ) : null}
          </Panel>
          <Panel title={`Attachments (${attachments.length})`} testId="issue-attachments">
            {attachments.length === 0 ? <Muted>No attachments</Muted> : null}
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {attachments.map((attachment) => (
                <li key={attachment.id}>
                  {`${attachment.filename}`}{' '}
                  <Muted>{`${attachment.size ?? 0} bytes · ${attachment.author?.displayName ?? ''}`}</Muted>
                </li>
              ))}
            </ul>
            <div style={{ marginTop: 8 }}>
              <input
                type="file"
                data-testid="issue-attachment-input"
                disabled={busy !== null}
                onChange={(event) => {
                  const file = event.currentTarget.files?.[0];
                  event.currentTarget.value = '';
                  if (file)
                    void act(
                      'attachment',
                      () => addAttachment(issue.key, file),
                      `Attached ${file.name} to ${issue.key}`,
                    );
                }}
              />
            </div>
          </Panel>
          <Panel title={`Comments (${comments.length})`} testId="issue-comments">
            {comments.map((entry) => (
              <div
                key={entry.id}
                data-testid="issue-comment"
                style={{ borderTop: `1px solid ${token('color.border')}`, padding: '8px 0' }}
              >
                <div>
                  <strong>{entry.author?.displayName ?? 'Unknown'}</strong>{' '}
                  <Muted>{formatTime(entry.created)}</Muted>
                </div>
                <p style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>{adfToText(entry.body)}</p>
              </div>
            ))}
            <div style={{ marginTop: 8 }}>
              <textarea
                data-testid="issue-comment-input"
                aria-label="Add a comment"
                placeholder="Add a comment…"
                value={comment}
                rows={3}
                onChange={(event) => setComment(event.currentTarget.value)}
                style={{ ...nativeControlStyle, width: '100%', boxSizing: 'border-box' }}
              />
              <div style={{ marginTop: 4 }}>
                <Button
                  appearance="primary"
                  testId="issue-comment-save"
                  isDisabled={comment.trim() === '' || busy !== null}
                  isLoading={busy === 'comment'}
                  onClick={() =>
                    void act(
                      'comment',
                      async () => {
                        await addComment(issue.key, comment);
                        setComment('');
                      },
                      `Comment added to ${issue.key}`,
                    )
                  }
                >
                  Save comment
                </Button>
              </div>
            </div>
          </Panel>
        </div>
        <div>
          <Panel>
            <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 12 }}>
              <span data-testid="issue-status">
                <Lozenge appearance={statusAppearance(fields.status?.statusCategory?.key)} isBold>
                  {fields.status?.name ?? ''}
                </Lozenge>
              </span>
              {transitions.length > 0 ? (
                <select
                  data-testid="issue-transition"
                  aria-label="Transition issue"
                  value=""
                  disabled={busy !== null}
                  style={{ ...nativeControlStyle, minWidth: 0, flex: 1 }}
                  onChange={(event) => {
                    const chosen = transitions.find((t) => t.id === event.currentTarget.value);
                    if (chosen)
                      void act(
                        'transition',
                        () => transitionIssue(issue.key, chosen.id),
                        `${issue.key}: ${chosen.name}`,
                      );
                  }}
                >
                  <option value="">Move to…</option>
                  {transitions.map((t) => (
                    <option key={t.id} value={t.id}>
                      {t.to?.name && t.to.name !== t.name ? `${t.name} → ${t.to.name}` : t.name}
                    </option>
                  ))}
                </select>
              ) : null}
            </div>
            <Heading size="xsmall" as="h3">
              Details
            </Heading>
            <DetailRow label="Type">{fields.issuetype.name}</DetailRow>
            <DetailRow label="Priority">{fields.priority?.name ?? 'None'}</DetailRow>
            <DetailRow label="Assignee">{fields.assignee?.displayName ?? 'Unassigned'}</DetailRow>
            <DetailRow label="Reporter">{fields.reporter?.displayName ?? ''}</DetailRow>
            {otherFields.map((field) => (
              <DetailRow key={field.id} label={field.name}>
                {field.text}
              </DetailRow>
            ))}
            <DetailRow label="Created">{formatTime(fields.created)}</DetailRow>
            <DetailRow label="Updated">{formatTime(fields.updated)}</DetailRow>
          </Panel>
        </div>
      </div>
    </Page>
  );
}
