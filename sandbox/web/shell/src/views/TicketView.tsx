/**
 * One Zendesk ticket as an agent works it: edit subject, status, priority and custom fields,
 * add a public reply or an internal note (optionally with files, optionally as the
 * requester), read the conversation and the ticket's Jira links.
 */
import Button from '@atlaskit/button/new';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { errorText } from '../api/http';
import {
  addComment,
  editTicket,
  fileToUpload,
  getTicket,
  listJiraLinks,
  listTicketFields,
  showUsers,
  type TicketEdit,
  type ZendeskComment,
  type ZendeskJiraLink,
  type ZendeskTicket,
  type ZendeskTicketField,
  type ZendeskUser,
} from '../api/zendesk';
import {
  ChoiceSelect,
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
import { PRIORITIES, ticketStatusAppearance } from './ZendeskView';

const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;

interface Loaded {
  ticket: ZendeskTicket;
  comments: ZendeskComment[];
  fields: ZendeskTicketField[];
  links: ZendeskJiraLink[];
  users: Map<number, ZendeskUser>;
}

type Load = { kind: 'loading' } | { kind: 'failed'; error: string } | { kind: 'ready'; data: Loaded };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label
      style={{
        display: 'grid',
        gridTemplateColumns: '140px 1fr',
        gap: 8,
        alignItems: 'center',
        padding: '4px 0',
      }}
    >
      <span style={{ color: token('color.text.subtle'), fontSize: 12 }}>{label}</span>
      {children}
    </label>
  );
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : JSON.stringify(value);
}

/** One custom field's editor, by Zendesk field type. */
function CustomFieldInput({
  field,
  value,
  onChange,
}: {
  field: ZendeskTicketField;
  value: unknown;
  onChange: (next: unknown) => void;
}) {
  const testId = `ticket-field-${field.id}`;
  const options = field.custom_field_options ?? [];
  if (field.type === 'tagger') {
    return (
      <select
        data-testid={testId}
        value={valueText(value)}
        onChange={(e) => onChange(e.currentTarget.value || null)}
        style={nativeControlStyle}
      >
        <option value="">-</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.name}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'multiselect') {
    const chosen = Array.isArray(value) ? value.map(valueText) : [];
    return (
      <select
        data-testid={testId}
        multiple
        value={chosen}
        onChange={(e) => onChange([...e.currentTarget.selectedOptions].map((o) => o.value))}
        style={nativeControlStyle}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.name}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'checkbox') {
    return (
      <input
        data-testid={testId}
        type="checkbox"
        checked={value === true}
        onChange={(e) => onChange(e.currentTarget.checked)}
      />
    );
  }
  if (field.type === 'textarea') {
    return (
      <textarea
        data-testid={testId}
        rows={2}
        value={valueText(value)}
        onChange={(e) => onChange(e.currentTarget.value || null)}
        style={nativeControlStyle}
      />
    );
  }
  const inputType =
    field.type === 'date' ? 'date' : field.type === 'integer' || field.type === 'decimal' ? 'number' : 'text';
  return (
    <input
      data-testid={testId}
      type={inputType}
      value={valueText(value)}
      onChange={(e) => onChange(e.currentTarget.value === '' ? null : e.currentTarget.value)}
      style={nativeControlStyle}
    />
  );
}

function TicketEditor({ data, onSaved }: { data: Loaded; onSaved: () => void }) {
  const { notify } = useShell();
  const { ticket, fields } = data;
  const custom = useMemo(() => fields.filter((f) => f.removable !== false && f.active !== false), [fields]);
  const initialCustom = useMemo(
    () => Object.fromEntries((ticket.custom_fields ?? []).map((entry) => [String(entry.id), entry.value])),
    [ticket.custom_fields],
  );
  const [subject, setSubject] = useState(ticket.subject ?? '');
  const [status, setStatus] = useState(ticket.status);
  const [priority, setPriority] = useState(ticket.priority ?? '');
  const [customValues, setCustomValues] = useState<Record<string, unknown>>(initialCustom);
  const [saving, setSaving] = useState(false);

  const save = async () => {
    const edit: TicketEdit = {};
    if (subject !== (ticket.subject ?? '')) edit.subject = subject;
    if (status !== ticket.status) edit.status = status;
    if (priority !== (ticket.priority ?? '')) edit.priority = priority || null;
    const changedCustom = Object.fromEntries(
      Object.entries(customValues).filter(
        ([id, value]) => JSON.stringify(value ?? null) !== JSON.stringify(initialCustom[id] ?? null),
      ),
    );
    if (Object.keys(changedCustom).length > 0) edit.customFields = changedCustom;
    if (Object.keys(edit).length === 0) {
      notify({ kind: 'info', text: 'Nothing changed' });
      return;
    }
    setSaving(true);
    try {
      await editTicket(ticket.id, edit);
      notify({ kind: 'success', text: `Ticket #${ticket.id} updated` });
      onSaved();
    } catch (error) {
      notify({ kind: 'error', text: `Ticket not updated: ${errorText(error)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Panel title="Ticket fields" testId="ticket-editor">
      <Row label="Subject">
        <input
          data-testid="ticket-subject"
          value={subject}
          onChange={(e) => setSubject(e.currentTarget.value)}
          style={nativeControlStyle}
        />
      </Row>
      <Row label="Status">
        <ChoiceSelect testId="ticket-status" value={status} choices={STATUSES} onChange={setStatus} />
      </Row>
      <Row label="Priority">
        <ChoiceSelect
          testId="ticket-priority"
          value={priority}
          choices={PRIORITIES}
          blank="-"
          onChange={setPriority}
        />
      </Row>
      {custom.map((field) => (
        <Row key={field.id} label={field.title}>
          <CustomFieldInput
            field={field}
            value={customValues[String(field.id)]}
            onChange={(next) => setCustomValues((current) => ({ ...current, [String(field.id)]: next }))}
          />
        </Row>
      ))}
      <div style={{ marginTop: 8 }}>
        <Button appearance="primary" isLoading={saving} onClick={() => void save()} testId="ticket-save">
          Update ticket
        </Button>
      </div>
    </Panel>
  );
}

function CommentComposer({ ticketId, onAdded }: { ticketId: number; onAdded: () => void }) {
  const { notify } = useShell();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'public' | 'internal'>('public');
  const [as, setAs] = useState<'agent' | 'requester'>('agent');
  const [files, setFiles] = useState<File[]>([]);
  const [inputKey, setInputKey] = useState(0);
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    try {
      const attachments = await Promise.all(files.map(fileToUpload));
      await addComment(ticketId, {
        body,
        public: visibility === 'public' || as === 'requester',
        as,
        attachments,
      });
      notify({
        kind: 'success',
        text: visibility === 'internal' && as === 'agent' ? 'Internal note added' : 'Public reply added',
      });
      setBody('');
      setFiles([]);
      setInputKey((n) => n + 1);
      onAdded();
    } catch (error) {
      notify({ kind: 'error', text: `Comment not added: ${errorText(error)}` });
    } finally {
      setSaving(false);
    }
  };

  const internal = visibility === 'internal' && as === 'agent';
  return (
    <Panel title="Add to the conversation" testId="ticket-composer">
      <div style={{ display: 'flex', gap: 12, marginBottom: 8, fontSize: 14 }}>
        <label>
          <input
            type="radio"
            name="visibility"
            data-testid="comment-public"
            checked={visibility === 'public'}
            onChange={() => setVisibility('public')}
          />{' '}
          Public reply
        </label>
        <label>
          <input
            type="radio"
            name="visibility"
            data-testid="comment-internal"
            checked={visibility === 'internal'}
            disabled={as === 'requester'}
            onChange={() => setVisibility('internal')}
          />{' '}
          Internal note
        </label>
        <label>
          Author{' '}
          <select
            data-testid="comment-as"
            value={as}
            onChange={(e) => setAs(e.currentTarget.value === 'requester' ? 'requester' : 'agent')}
            style={nativeControlStyle}
          >
            <option value="agent">Agent</option>
            <option value="requester">Requester (customer)</option>
          </select>
        </label>
      </div>
      <textarea
        data-testid="comment-body"
        aria-label="Comment"
        rows={3}
        value={body}
        placeholder={internal ? 'Internal note, visible to agents only' : 'Reply to the requester'}
        onChange={(e) => setBody(e.currentTarget.value)}
        style={{
          ...nativeControlStyle,
          width: '100%',
          boxSizing: 'border-box',
          background: internal ? token('color.background.warning') : token('color.background.input'),
        }}
      />
      <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginTop: 8 }}>
        <input
          key={inputKey}
          type="file"
          multiple
          data-testid="comment-files"
          onChange={(e) => setFiles([...(e.currentTarget.files ?? [])])}
        />
        <Button
          appearance="primary"
          isDisabled={!body.trim() && files.length === 0}
          isLoading={saving}
          onClick={() => void submit()}
          testId="comment-submit"
        >
          {internal ? 'Add internal note' : 'Send reply'}
        </Button>
      </div>
    </Panel>
  );
}

export function TicketView({ ticketId }: { ticketId: string }) {
  const { dataVersion, bumpData } = useShell();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });
  const id = Number(ticketId);

  useEffect(() => {
    let live = true;
    (async () => {
      const [{ ticket, comments }, fields, links] = await Promise.all([
        getTicket(id),
        listTicketFields(),
        listJiraLinks(),
      ]);
      const authors = comments.map((c) => c.author_id).filter((a): a is number => typeof a === 'number');
      const people = await showUsers([...authors, ...(ticket.requester_id ? [ticket.requester_id] : [])]);
      return {
        ticket,
        comments,
        fields,
        links: links.filter((l) => String(l.ticket_id) === String(id)),
        users: new Map(people.map((u) => [u.id, u])),
      };
    })().then(
      (data) => live && setLoad({ kind: 'ready', data }),
      (error: unknown) => live && setLoad({ kind: 'failed', error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [id, dataVersion]);

  if (load.kind === 'loading') return <Loading label={`Loading ticket #${ticketId}`} />;
  if (load.kind === 'failed') {
    return (
      <Page title={`Ticket #${ticketId}`}>
        <ErrorMessage title="The ticket could not load" error={load.error} />
      </Page>
    );
  }
  const { data } = load;
  const { ticket, comments, users, links } = data;
  const requester = ticket.requester_id ? users.get(ticket.requester_id) : undefined;
  return (
    <Page
      testId="ticket-view"
      title={
        <span>
          <Muted>
            <NavLink to={{ page: 'zendesk' }}>Zendesk</NavLink> /{' '}
            <span data-testid="ticket-id">{`#${ticket.id}`}</span>
          </Muted>
          <br />
          <span data-testid="ticket-title">{ticket.subject ?? '(no subject)'}</span>{' '}
          <span data-testid="ticket-status-lozenge">
            <Lozenge appearance={ticketStatusAppearance(ticket.status)} isBold>
              {ticket.status}
            </Lozenge>
          </span>
        </span>
      }
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(320px, 2fr)', gap: 24 }}>
        <div>
          <Panel title={`Conversation (${comments.length})`} testId="ticket-comments">
            {comments.map((comment) => (
              <div
                key={comment.id}
                data-testid="ticket-comment"
                data-public={String(comment.public)}
                style={{
                  borderLeft: `3px solid ${comment.public ? token('color.border') : token('color.border.warning')}`,
                  background: comment.public ? 'transparent' : token('color.background.warning'),
                  padding: '6px 10px',
                  marginBottom: 8,
                }}
              >
                <div>
                  <strong>
                    {users.get(comment.author_id ?? -1)?.name ?? `User ${comment.author_id ?? '?'}`}
                  </strong>{' '}
                  <Muted>{`${comment.public ? 'public' : 'internal note'} · ${formatTime(comment.created_at)}`}</Muted>
                </div>
                <p style={{ whiteSpace: 'pre-wrap', margin: '4px 0 0' }}>
                  {comment.plain_body ?? comment.body ?? ''}
                </p>
                {(comment.attachments ?? []).length > 0 ? (
                  <ul style={{ margin: '4px 0 0', paddingLeft: 16 }}>
                    {(comment.attachments ?? []).map((file) => (
                      <li key={file.id} data-testid="ticket-attachment">
                        {file.file_name} <Muted>{`${file.size ?? 0} bytes`}</Muted>
                      </li>
                    ))}
                  </ul>
                ) : null}
              </div>
            ))}
          </Panel>
          <CommentComposer ticketId={ticket.id} onAdded={bumpData} />
        </div>
        <div>
          <Panel title="Requester">
            <span>
              {requester
                ? `${requester.name} <${requester.email ?? ''}>`
                : `User ${ticket.requester_id ?? '?'}`}
            </span>
          </Panel>
          <TicketEditor key={`${ticket.id}-${ticket.updated_at ?? ''}`} data={data} onSaved={bumpData} />
          <Panel title="Jira links" testId="ticket-jira-links">
            {links.length === 0 ? <Muted>This ticket is not linked to a Jira issue.</Muted> : null}
            <ul style={{ margin: 0, paddingLeft: 16 }}>
              {links.map((link) => (
                <li key={link.id} data-testid="ticket-jira-link">
                  <NavLink to={{ page: 'issue', key: link.issue_key }}>{link.issue_key}</NavLink>{' '}
                  <Muted>{`issue id ${String(link.issue_id)} · linked ${formatTime(link.created_at)}`}</Muted>
                </li>
              ))}
            </ul>
          </Panel>
        </div>
      </div>
    </Page>
  );
}
