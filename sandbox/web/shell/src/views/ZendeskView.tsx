/**
 * The Zendesk agent's side: every ticket in the simulator with its Jira links, and a form to
 * open a new ticket as a customer would (the requester is the simulator's first end user).
 */
import Button from '@atlaskit/button/new';
import DynamicTable from '@atlaskit/dynamic-table';
import Lozenge from '@atlaskit/lozenge';
import { token } from '@atlaskit/tokens';
import { useEffect, useState } from 'react';
import { errorText } from '../api/http';
import {
  createTicket,
  listJiraLinks,
  listTickets,
  type ZendeskJiraLink,
  type ZendeskTicket,
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
import { navigate } from '../router';
import { useShell } from '../shellContext';

export function ticketStatusAppearance(
  status: string,
): 'new' | 'inprogress' | 'moved' | 'success' | 'default' {
  switch (status) {
    case 'new':
      return 'new';
    case 'open':
      return 'inprogress';
    case 'pending':
    case 'hold':
      return 'moved';
    case 'solved':
    case 'closed':
      return 'success';
    default:
      return 'default';
  }
}

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

type Load =
  | { kind: 'loading' }
  | { kind: 'failed'; error: string }
  | { kind: 'ready'; tickets: ZendeskTicket[]; links: ZendeskJiraLink[] };

function NewTicketForm() {
  const { bumpData, notify } = useShell();
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [priority, setPriority] = useState('normal');
  const [saving, setSaving] = useState(false);

  const submit = async () => {
    setSaving(true);
    try {
      const ticket = await createTicket({ subject: subject.trim(), body: body.trim(), priority });
      notify({ kind: 'success', text: `Zendesk ticket #${ticket.id} created` });
      setSubject('');
      setBody('');
      bumpData();
    } catch (error) {
      notify({ kind: 'error', text: `Ticket not created: ${errorText(error)}` });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Panel title="New ticket (as the customer)" testId="zendesk-new-ticket">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (subject.trim()) void submit();
        }}
        style={{ display: 'grid', gap: 8 }}
      >
        <input
          data-testid="new-ticket-subject"
          aria-label="Subject"
          placeholder="Subject"
          value={subject}
          onChange={(event) => setSubject(event.currentTarget.value)}
          style={nativeControlStyle}
        />
        <textarea
          data-testid="new-ticket-body"
          aria-label="Description"
          placeholder="Describe the problem"
          rows={3}
          value={body}
          onChange={(event) => setBody(event.currentTarget.value)}
          style={nativeControlStyle}
        />
        <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <label style={{ fontSize: 12, color: token('color.text.subtle') }}>
            Priority{' '}
            <ChoiceSelect
              testId="new-ticket-priority"
              value={priority}
              choices={PRIORITIES}
              onChange={setPriority}
            />
          </label>
          <Button
            appearance="primary"
            type="submit"
            isDisabled={!subject.trim()}
            isLoading={saving}
            testId="new-ticket-submit"
          >
            Submit ticket
          </Button>
        </div>
      </form>
    </Panel>
  );
}

export function ZendeskView() {
  const { dataVersion, session } = useShell();
  const [load, setLoad] = useState<Load>({ kind: 'loading' });

  useEffect(() => {
    let live = true;
    Promise.all([listTickets(), listJiraLinks()]).then(
      ([tickets, links]) => live && setLoad({ kind: 'ready', tickets, links }),
      (error: unknown) => live && setLoad({ kind: 'failed', error: errorText(error) }),
    );
    return () => {
      live = false;
    };
  }, [dataVersion]);

  return (
    <Page
      title={`Zendesk · ${session.zendesk.subdomain}`}
      testId="zendesk-view"
      actions={<Muted>{`Agent workspace of ${session.zendesk.agentUrl}`}</Muted>}
    >
      <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)', gap: 24 }}>
        <div>
          {load.kind === 'loading' ? <Loading label="Loading tickets" /> : null}
          {load.kind === 'failed' ? <ErrorMessage title="Tickets could not load" error={load.error} /> : null}
          {load.kind === 'ready' ? (
            <div data-testid="ticket-list">
              <DynamicTable
                label="Zendesk tickets"
                emptyView={<p>No tickets.</p>}
                head={{
                  cells: [
                    { key: 'id', content: 'ID', width: 8 },
                    { key: 'subject', content: 'Subject', width: 42 },
                    { key: 'status', content: 'Status', width: 12 },
                    { key: 'priority', content: 'Priority', width: 10 },
                    { key: 'jira', content: 'Jira', width: 12 },
                    { key: 'updated', content: 'Updated', width: 16 },
                  ],
                }}
                rows={load.tickets.map((ticket) => {
                  const links = load.links.filter((link) => String(link.ticket_id) === String(ticket.id));
                  return {
                    key: String(ticket.id),
                    cells: [
                      {
                        key: 'id',
                        content: (
                          <NavLink
                            to={{ page: 'ticket', id: String(ticket.id) }}
                            testId={`ticket-link-${ticket.id}`}
                          >
                            {`#${ticket.id}`}
                          </NavLink>
                        ),
                      },
                      {
                        key: 'subject',
                        content: (
                          <a
                            href={`/zendesk/tickets/${ticket.id}`}
                            onClick={(event) => {
                              event.preventDefault();
                              navigate({ page: 'ticket', id: String(ticket.id) });
                            }}
                            style={{ color: token('color.text') }}
                          >
                            {ticket.subject ?? '(no subject)'}
                          </a>
                        ),
                      },
                      {
                        key: 'status',
                        content: (
                          <Lozenge appearance={ticketStatusAppearance(ticket.status)}>
                            {ticket.status}
                          </Lozenge>
                        ),
                      },
                      { key: 'priority', content: ticket.priority ?? '-' },
                      { key: 'jira', content: links.map((link) => link.issue_key).join(', ') || '-' },
                      { key: 'updated', content: formatTime(ticket.updated_at) },
                    ],
                  };
                })}
              />
            </div>
          ) : null}
        </div>
        <div>
          <NewTicketForm />
        </div>
      </div>
    </Page>
  );
}
