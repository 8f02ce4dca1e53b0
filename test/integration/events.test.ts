/**
 * Jira → Zendesk end to end: the real trigger handlers (src/index.ts → src/sync/toZendesk/triggers.ts)
 * in the Forge emulator, fired by the Jira simulator's own product events. People act in Jira
 * through the simulator's control API (as a real user, so `ignoreSelf` lets the events through);
 * `stack.settle()` delivers them. Links are made through the real panel resolver, which also
 * runs the first Zendesk → Jira pass, exactly as in production.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import type { FaultSpec } from '../../sandbox/zendesk/faults';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LinkOutcome, PanelState, SyncRunSummary } from '../../src/domain/rpc';
import type { LinkRecord, SmartItem, SyncFeatures } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import { parseConnectorBlock } from '../../src/sync/core/markers';
import { connectDirect } from '../support/connection';
import { fieldMapping, saveItems, SUP, supportTicketItem, TASK } from '../support/items';
import { callResolver, dataOf, issueOptions } from '../support/resolvers';
import { linkConfirmed } from '../support/panelLink';
import { newTicket as newTicketIn, ticketFieldId } from '../support/world';
import {
  CATALOG_CACHE_KEY,
  CONNECTION_KEY,
  linkKey,
  linkLeaseKey,
  linkStateKey,
  linkWorkPrefix,
  SYNC_LOG_HEAD_KEY,
  SYNC_LOG_PREFIX,
  WORK_PREFIX,
  workKey,
} from '../../src/storage/keys';

const ALL: SyncFeatures = { autoCreate: false, statusSync: true, commentSync: true, attachmentSync: true };
const MB = 1024 * 1024;

const stack = useStack({
  zendesk: { seed: false },
  jira: { seed: { issues: false, attachmentMaxBytes: 20 * MB } },
});
let zf: Record<'reference' | 'impacted' | 'product' | 'serial', string>;

interface ZTicket {
  id: number;
  subject: string;
  status: string;
  priority: string | null;
  tags: string[];
  custom_fields: { id: number; value: unknown }[];
}
interface ZComment {
  id: number;
  body: string;
  public: boolean;
  author_id: number;
  attachments: { file_name: string; size: number }[];
}
interface Issue {
  id: string;
  key: string;
}

const map = (zendeskFieldId: string, jiraFieldId: string, label = zendeskFieldId) =>
  fieldMapping(zendeskFieldId, jiraFieldId, { zendeskFieldLabel: label, jiraFieldName: jiraFieldId });

/** A two-way item, dated before anything the scenarios do. */
const item = (id: string, overrides: Partial<SmartItem> = {}): SmartItem =>
  supportTicketItem(id, '2026-01-01T00:00:00.000Z', { features: ALL, ...overrides });

function connect(): void {
  connectDirect(stack);
}

const agent = () => stack.user('agent');

async function panel<T>(functionKey: string, payload: unknown, issue: Issue): Promise<T> {
  const options = issueOptions({ ...issue, project: SUP }, agent().accountId);
  return dataOf(await callResolver<T>(stack, { module: 'panel', functionKey, payload, options }));
}

function newIssue(summary: string): Issue {
  return stack.jira.control.createIssue('admin', {
    project: { key: SUP.key },
    issuetype: { id: TASK },
    summary,
  });
}

const newTicket = (subject: string, extra: Record<string, unknown> = {}) =>
  newTicketIn(stack, subject, { body: `About: ${subject}`, ...extra });

/** A linked pair: a new issue and a new ticket, linked from the issue panel (first pass included). */
async function linkedPair(
  itemId: string,
  name: string,
  ticketExtra: Record<string, unknown> = {},
): Promise<{ issue: Issue; ticketId: number }> {
  const issue = newIssue(name);
  const ticketId = newTicket(name, ticketExtra);
  const linked = await linkConfirmed(
    async (payload) => ({ ok: true, data: await panel<LinkOutcome>('link', payload, issue) }),
    itemId,
    String(ticketId),
  );
  if (!linked.ok) throw new Error('the panel refused the link');
  await stack.settle();
  return { issue, ticketId };
}

/** Renames the issue as the agent, lets its event be handled, and returns that event to replay later. */
async function renamedInJira(issue: Issue, summary: string) {
  stack.jira.control.editIssue('agent', issue.id, { summary });
  await stack.settle();
  return lastEvent<{ eventType: 'avi:jira:updated:issue'; issue: { id: string } }>(
    'avi:jira:updated:issue',
    (e) => e.issue.id === issue.id,
  );
}

/** Arms a Zendesk fault on updates (PUT) of one ticket; returns the fault's id. */
const faultTicketUpdates = (ticketId: number, fault: Omit<FaultSpec, 'method' | 'path'>) =>
  stack.zendesk.faults.add({ method: 'PUT', path: `/api/v2/tickets/${ticketId}`, ...fault });

/** How Forge disposed of each trigger delivery (event handlers) in these drain reports, in order. */
const triggerDispositions = (reports: Awaited<ReturnType<typeof stack.settle>>) =>
  reports
    .flatMap((r) => r.deliveries)
    .filter((d) => d.delivery.kind === 'trigger')
    .map((d) => d.disposition);

/** A person's change in Zendesk, a few seconds after the last one (as people do). */
function inZendesk<T>(change: () => T): T {
  stack.zendesk.control.advanceClock(2_000);
  return change();
}

const ticket = (id: number): ZTicket => stack.zendesk.control.ticket(id) as unknown as ZTicket;
const comments = (id: number): ZComment[] => stack.zendesk.control.comments(id) as unknown as ZComment[];
const customValue = (id: number, fieldId: string): unknown =>
  ticket(id).custom_fields.find((f) => String(f.id) === fieldId)?.value;
const link = (itemId: string, issue: Issue): LinkRecord =>
  stack.emulator.storage.get(linkKey(itemId, issue.id)) as LinkRecord;
/** Ticket updates Zendesk applied (a 409 answer to a safe_update changed nothing). */
const ticketWrites = (id: number): number =>
  stack.zendesk.log.count({ method: 'PUT', pathPrefix: `/api/v2/tickets/${id}`, status: 200 });
const ticketConflicts = (id: number): number =>
  stack.zendesk.log.count({ method: 'PUT', pathPrefix: `/api/v2/tickets/${id}`, status: 409 });
const uploads = (): number => stack.zendesk.log.count({ method: 'POST', pathPrefix: '/api/v2/uploads' });
const fromJira = (id: number, issue: Issue) =>
  comments(id).filter((c) => {
    const block = parseConnectorBlock(c.body);
    return block !== null && block.fields.issue === issue.id;
  });

/** Jira writes the app made on one issue (the scheduler's direction), from the simulator's request log. */
function appJiraWrites(issue: Issue): number {
  return stack.jira.log
    .entries()
    .filter(
      (e) =>
        e.method !== 'GET' &&
        e.accountId === stack.jira.appAccount.accountId &&
        e.path.includes(`/issue/${issue.id}`),
    ).length;
}

function jiraComments(issue: Issue): string[] {
  const record = stack.jira.state.issues.get(issue.id);
  return (record?.commentIds ?? []).map((id) => adfToText(stack.jira.state.comments.get(id)?.body));
}

/** The Zendesk → Jira scheduled run, after the export's one-minute holdback. */
/** Another writer (a scheduled pass, a Refresh) holds the link's lease for ten minutes; its key. */
function holdLinkLease(itemId: string, issueId: string): string {
  const leaseKey = linkLeaseKey(itemId, issueId);
  stack.emulator.storage.setEntity('lease', leaseKey, {
    owner: 'other-writer',
    kind: 'scheduled',
    acquiredAt: new Date().toISOString(),
    expiresAt: Date.now() + 600_000,
  });
  return leaseKey;
}

async function runScheduler(): Promise<void> {
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok')
    throw new Error(`scheduled-sync ended with ${result.status}: ${String(result.error)}`);
  await stack.settle();
}

function lastEvent<T extends { eventType: string }>(
  type: T['eventType'],
  match: (e: T) => boolean = () => true,
): T {
  const events = stack.jira.control.emittedEvents().filter((e) => e.eventType === type) as unknown as T[];
  const found = [...events].reverse().find(match);
  if (!found) throw new Error(`no ${type} event`);
  return structuredClone(found);
}

function syncLog(): SyncRunSummary[] {
  return stack.emulator.storage
    .keys(SYNC_LOG_PREFIX)
    .filter((k) => k !== SYNC_LOG_HEAD_KEY)
    .map((k) => (stack.emulator.storage.get(k) as { run: SyncRunSummary }).run);
}

beforeAll(() => {
  const field = (title: string) => ticketFieldId(stack, title);
  zf = {
    reference: field('Customer reference'),
    impacted: field('Impacted users'),
    product: field('Product'),
    serial: field('Serial number'),
  };
  connect();
  const items = [
    item('two', {
      fields: [
        map('subject', 'summary', 'Subject'),
        map('priority', 'priority', 'Priority'),
        map('tags', 'labels', 'Tags'),
        map(zf.reference, 'customfield_10040', 'Customer reference'),
        map(zf.impacted, 'customfield_10042', 'Impacted users'),
      ],
    }),
    item('one', { syncMode: 'oneWay', issueTypeId: TASK, fields: [map('subject', 'summary', 'Subject')] }),
    // Serial number only takes "AB-1234" (a regexp field): Zendesk itself refuses other values.
    item('serial', {
      features: { ...ALL, statusSync: false },
      fields: [map('subject', 'summary', 'Subject'), map(zf.serial, 'customfield_10040', 'Serial number')],
    }),
  ];
  saveItems(stack, ...items);
});

beforeEach(() => {
  connect();
  stack.zendesk.faults.clear();
});

describe('mapped fields', () => {
  it('pushes the current Jira value of each changed field, converted for Zendesk', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Printer jam', {
      customFields: { [zf.product]: 'product_widget' },
    });
    stack.jira.control.editIssue('agent', issue.id, {
      summary: 'Printer jam on floor 3',
      labels: ['Billing', 'product_widget'],
      customfield_10040: 'REF-42',
      customfield_10042: 12,
    });
    await stack.settle();
    const t = ticket(ticketId);
    expect(t.subject).toBe('Printer jam on floor 3');
    expect([...t.tags].sort()).toEqual(['billing', 'product_widget']);
    expect(customValue(ticketId, zf.reference)).toBe('REF-42');
    expect(String(customValue(ticketId, zf.impacted))).toBe('12');
    // The drop-down that owns a tag keeps its value.
    expect(customValue(ticketId, zf.product)).toBe('product_widget');
    expect(link('two', issue).problems).toEqual([]);

    // Removing a label keeps the drop-down's tag: it belongs to the field, not to the labels.
    stack.jira.control.editIssue('agent', issue.id, { labels: ['Billing'] });
    await stack.settle();
    expect([...ticket(ticketId).tags].sort()).toEqual(['billing', 'product_widget']);
    expect(customValue(ticketId, zf.product)).toBe('product_widget');
  });

  it('a field missing from the catalog kept between invocations is read again, not reported gone', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Restored field');
    // A Jira admin trashes "Customer reference" and restores it: an event handled meanwhile
    // keeps a field catalog without it (cache:catalogs, one hour).
    stack.emulator.storage.delete(CATALOG_CACHE_KEY);
    const reference = stack.jira.state.fields.get('customfield_10040');
    if (!reference) throw new Error('no customfield_10040 in the Jira simulator');
    stack.jira.state.fields.delete('customfield_10040');
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Restored field, while trashed' });
    await stack.settle();
    stack.jira.state.fields.set('customfield_10040', reference);
    const catalogReads = () =>
      stack.jira.log.entries().filter((e) => e.method === 'GET' && e.path === '/rest/api/3/field').length;
    const before = catalogReads();

    stack.jira.control.editIssue('agent', issue.id, { customfield_10040: 'REF-RESTORED' });
    await stack.settle();
    expect(customValue(ticketId, zf.reference)).toBe('REF-RESTORED');
    expect(link('two', issue).problems).toEqual([]);
    // One read of the catalog, then kept again: the next edit reads nothing.
    expect(catalogReads()).toBe(before + 1);
    stack.jira.control.editIssue('agent', issue.id, { customfield_10040: 'REF-AGAIN' });
    await stack.settle();
    expect(customValue(ticketId, zf.reference)).toBe('REF-AGAIN');
    expect(catalogReads()).toBe(before + 1);
  });

  it('an older or repeated event pushes nothing stale', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Order of events');
    const older = await renamedInJira(issue, 'First title');
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Second title' });
    await stack.settle();
    const writes = ticketWrites(ticketId);
    stack.emulator.deliverProductEvent(older);
    stack.emulator.deliverProductEvent(older);
    await stack.settle();
    expect(ticket(ticketId).subject).toBe('Second title');
    expect(ticketWrites(ticketId)).toBe(writes);
  });

  it('takes the changed values from the event payload: no issue read', async () => {
    const { issue, ticketId } = await linkedPair('two', 'From the payload');
    // The link's first pass just recorded these fields as synchronised to Jira; an edit within
    // the clock slack of that (2 s) would read the issue to be safe.
    await new Promise((r) => setTimeout(r, 2_100));
    const reads = () =>
      stack.jira.log.entries().filter((e) => e.method === 'GET' && e.path === `/rest/api/3/issue/${issue.id}`)
        .length;
    const before = reads();
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Payload title', priority: { name: 'High' } });
    await stack.settle();
    expect(ticket(ticketId).subject).toBe('Payload title');
    expect(ticket(ticketId).priority).toBe('high');
    expect(reads()).toBe(before);
  });

  it("an event older than the app's own Jira write of the field does not push its stale value", async () => {
    const { issue, ticketId } = await linkedPair('two', 'Older than the pass');
    const older = await renamedInJira(issue, 'Jira title');
    inZendesk(() => stack.zendesk.control.editTicket(ticketId, { subject: 'Zendesk title' }));
    await runScheduler();
    const current = () =>
      (stack.jira.control.getIssue(issue.id) as { fields: { summary: string } }).fields.summary;
    expect(current()).toBe('Zendesk title');
    // Forge delivers the first edit again, late: its payload says "Jira title".
    stack.emulator.deliverProductEvent(older);
    await stack.settle();
    expect(ticket(ticketId).subject).toBe('Zendesk title');
    expect(current()).toBe('Zendesk title');
  });

  it('normalizes every Jira default priority and custom ones by position, and never writes Jira back', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Priorities', { priority: 'normal' });
    const seen: (string | null)[] = [];
    for (const name of ['Highest', 'High', 'Medium', 'Low', 'Lowest']) {
      stack.jira.control.editIssue('agent', issue.id, { priority: { name } });
      await stack.settle();
      seen.push(ticket(ticketId).priority);
    }
    expect(seen).toEqual(['urgent', 'high', 'normal', 'low', 'low']);

    // A custom priority above the defaults is the most urgent one.
    stack.jira.state.priorities.unshift({
      id: '10100',
      name: 'Blocker',
      description: 'Stops everything.',
      statusColor: '#ff0000',
      isDefault: false,
    });
    try {
      stack.jira.control.editIssue('agent', issue.id, { priority: { name: 'Blocker' } });
      await stack.settle();
      expect(ticket(ticketId).priority).toBe('urgent');
      // Zendesk → Jira then sees "Zendesk unchanged" and keeps Jira's Blocker (no Highest written back).
      const before = appJiraWrites(issue);
      await runScheduler();
      expect(appJiraWrites(issue)).toBe(before);
      const current = stack.jira.control.getIssue(issue.id) as { fields: { priority: { name: string } } };
      expect(current.fields.priority.name).toBe('Blocker');
    } finally {
      stack.jira.state.priorities.shift();
    }
    // Every value Zendesk received was a Zendesk priority.
    const sent = stack.zendesk.log.entries({ method: 'PUT', pathPrefix: `/api/v2/tickets/${ticketId}` });
    expect(sent.every((e) => e.status === 200)).toBe(true);
  });
});

describe('status', () => {
  it('follows each Jira category, keeps pending, and records what Zendesk cannot do', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Status walk');
    expect(ticket(ticketId).status).toBe('new');

    stack.jira.control.transitionIssue('agent', issue.id, { status: 'In Progress' });
    await stack.settle();
    expect(ticket(ticketId).status).toBe('open');

    // Within the same category nothing is written.
    let writes = ticketWrites(ticketId);
    stack.jira.control.transitionIssue('agent', issue.id, { status: 'Waiting for customer' });
    await stack.settle();
    expect(ticketWrites(ticketId)).toBe(writes);

    // An agent puts the ticket on pending; the scheduler sees the same category on both sides.
    inZendesk(() => stack.zendesk.control.editTicket(ticketId, { status: 'pending' }));
    await runScheduler();
    writes = ticketWrites(ticketId);
    stack.jira.control.transitionIssue('agent', issue.id, { status: 'In Progress' });
    await stack.settle();
    expect(ticket(ticketId).status).toBe('pending');
    expect(ticketWrites(ticketId)).toBe(writes);

    stack.jira.control.transitionIssue('agent', issue.id, { status: 'Done' });
    await stack.settle();
    expect(ticket(ticketId).status).toBe('solved');

    // Back to a "new" status: Zendesk cannot return to New. Recorded, not faked, and not undone.
    stack.jira.control.transitionIssue('agent', issue.id, { status: 'To Do' });
    await stack.settle();
    expect(ticket(ticketId).status).toBe('solved');
    expect(link('two', issue).problems.map((p) => p.code)).toContain('TO_ZENDESK_STATUS_LIMIT');
    const jiraWrites = appJiraWrites(issue);
    await runScheduler();
    expect(appJiraWrites(issue)).toBe(jiraWrites);
    expect(stack.jira.control.listIssues().find((i) => i.id === issue.id)?.statusCategory).toBe('new');

    // In progress again: the solved ticket reopens, and the limitation is gone.
    stack.jira.control.transitionIssue('agent', issue.id, { status: 'In Progress' });
    await stack.settle();
    expect(ticket(ticketId).status).toBe('open');
    expect(link('two', issue).problems.map((p) => p.code)).not.toContain('TO_ZENDESK_STATUS_LIMIT');
  });

  it('records a closed ticket as a limitation on the link, in the sync log and on the panel card', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Closed ticket');
    stack.zendesk.control.editTicket(ticketId, { status: 'solved' });
    stack.zendesk.control.editTicket(ticketId, { status: 'closed' });
    const runsBefore = syncLog().filter((r) => r.trigger === 'event').length;

    stack.jira.control.editIssue('agent', issue.id, { summary: 'Changed after closing' });
    stack.jira.control.addComment('agent', issue.id, 'A comment after closing');
    await stack.settle();

    expect(ticket(ticketId).subject).toBe('Closed ticket');
    const problems = link('two', issue).problems.filter((p) => p.code === 'TO_ZENDESK_TICKET_CLOSED');
    expect(problems).toHaveLength(1);
    expect(problems[0]?.kind).toBe('limitation');
    // The comment's refusal came from Zendesk itself (422) and left no comment behind.
    expect(
      stack.zendesk.log.count({ method: 'PUT', pathPrefix: `/api/v2/tickets/${ticketId}`, status: 422 }),
    ).toBe(1);
    expect(fromJira(ticketId, issue)).toHaveLength(0);

    const eventRuns = syncLog().filter((r) => r.trigger === 'event');
    expect(eventRuns.length).toBeGreaterThan(runsBefore);
    expect(eventRuns.some((r) => r.limitations > 0)).toBe(true);

    const state = await panel<PanelState>('getPanel', {}, issue);
    const card = state.cards.find((c) => c.item.id === 'two');
    expect(card?.link?.problems.map((p) => p.code)).toContain('TO_ZENDESK_TICKET_CLOSED');
  });
});

describe('comments', () => {
  it('pushes a Jira comment once as a public Zendesk comment, even when the event comes twice', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Comment once');
    const { id: commentId } = stack.jira.control.addComment('agent', issue.id, 'We found the cause.');
    await stack.settle();
    let pushed = fromJira(ticketId, issue);
    expect(pushed).toHaveLength(1);
    const c = pushed[0] as ZComment;
    expect(c.public).toBe(true);
    expect(c.body).toContain('Alex Agent');
    expect(c.body).toContain('We found the cause.');
    expect(parseConnectorBlock(c.body)).toMatchObject({
      type: 'jira-comment-sync',
      fields: { issue: issue.id, comment: commentId },
    });

    const event = lastEvent<{
      eventType: 'avi:jira:commented:issue';
      comment: { id: string; created: string; updated: string };
    }>('avi:jira:commented:issue', (e) => e.comment.id === commentId);
    const writes = ticketWrites(ticketId);
    stack.emulator.deliverProductEvent(event);
    // An edit of the same comment fires the same event type: not a new message.
    stack.emulator.deliverProductEvent({
      ...event,
      comment: {
        ...event.comment,
        updated: new Date(Date.parse(event.comment.created) + 600_000).toISOString(),
      },
    });
    await stack.settle();
    pushed = fromJira(ticketId, issue);
    expect(pushed).toHaveLength(1);
    expect(ticketWrites(ticketId)).toBe(writes);

    // The scheduler does not copy the pushed comment back into Jira.
    const jiraBefore = jiraComments(issue).length;
    await runScheduler();
    expect(jiraComments(issue).length).toBe(jiraBefore);
  });

  it('never sends the connector’s own Jira comments back, even when a user edits one', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Connector comments');
    // A Zendesk reply reaches Jira through the scheduler, written as the app: no event at all.
    inZendesk(() =>
      stack.zendesk.control.addComment(ticketId, { body: 'Customer says hi', as: 'requester' }),
    );
    await runScheduler();
    const copy = stack.jira.state.issues
      .get(issue.id)
      ?.commentIds.find((id) =>
        adfToText(stack.jira.state.comments.get(id)?.body).includes('Customer says hi'),
      );
    expect(copy).toBeDefined();
    const zendeskCount = comments(ticketId).length;
    // A user edit of that copy arrives as a commented event from the user.
    const template = lastEvent<{
      eventType: 'avi:jira:commented:issue';
      atlassianId: string;
      comment: Record<string, unknown>;
    }>('avi:jira:commented:issue');
    stack.emulator.deliverProductEvent({
      ...template,
      atlassianId: agent().accountId,
      issue: { ...(template as unknown as { issue: object }).issue, id: issue.id, key: issue.key },
      comment: {
        ...template.comment,
        id: copy,
        created: new Date().toISOString(),
        updated: new Date().toISOString(),
      },
    });
    await stack.settle();
    expect(comments(ticketId).length).toBe(zendeskCount);
  });

  it('a lost Zendesk answer followed by Forge’s redelivery leaves exactly one comment', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Lost answer');
    // Zendesk applies the comment, but the connection drops before the answer arrives.
    faultTicketUpdates(ticketId, { drop: 'after', times: 1 });
    stack.jira.control.addComment('agent', issue.id, 'Written once, answered never');
    const reports = await stack.settle();
    expect(triggerDispositions(reports)).toContain('retry');
    expect(fromJira(ticketId, issue)).toHaveLength(1);
    expect(link('two', issue).problems).toEqual([]);
  });

  it('a rate limit longer than the invocation can wait becomes a Forge retry, not a lost comment', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Rate limited');
    faultTicketUpdates(ticketId, {
      rateLimit: { retryAfterSeconds: 120 },
      times: 1,
    });
    stack.jira.control.addComment('agent', issue.id, 'Arrives after the wait');
    const reports = await stack.settle();
    expect(triggerDispositions(reports)).toEqual(['retry', 'success']);
    expect(fromJira(ticketId, issue)).toHaveLength(1);
    expect(link('two', issue).problems).toEqual([]);
  });

  it('takes comments and files from their event payload: no comment or file read, the author named once', async () => {
    const a = await linkedPair('two', 'Payload comment A');
    const b = await linkedPair('two', 'Payload comment B');
    // Nothing kept yet: the author's name is read once, then kept between invocations.
    stack.emulator.storage.delete(CATALOG_CACHE_KEY);
    const reads = (pattern: RegExp) =>
      stack.jira.log.entries().filter((e) => e.method === 'GET' && pattern.test(e.path)).length;
    const comments0 = reads(/^\/rest\/api\/3\/issue\/\d+\/comment\/\d+$/);
    const files0 = reads(/^\/rest\/api\/3\/attachment\/\d+$/);
    const users0 = reads(/^\/rest\/api\/3\/user$/);
    const myself0 = reads(/^\/rest\/api\/3\/myself$/);
    stack.jira.control.addComment('agent', a.issue.id, 'Straight from the event.');
    await stack.settle();
    stack.jira.control.addComment('agent', b.issue.id, 'Also from the event.');
    stack.jira.control.addAttachment('agent', b.issue.id, {
      filename: 'payload.txt',
      mimeType: 'text/plain',
      content: 'from the payload',
    });
    await stack.settle();
    expect(fromJira(a.ticketId, a.issue).map((c) => c.body)).toEqual([expect.stringContaining('Alex Agent')]);
    expect(fromJira(a.ticketId, a.issue)[0]?.body).toContain('Straight from the event.');
    const onB = fromJira(b.ticketId, b.issue);
    expect(onB).toHaveLength(2);
    expect(onB.some((c) => c.body.includes('Also from the event.') && c.body.includes('Alex Agent'))).toBe(
      true,
    );
    expect(onB.some((c) => c.attachments.some((f) => f.file_name === 'payload.txt'))).toBe(true);
    expect(reads(/^\/rest\/api\/3\/issue\/\d+\/comment\/\d+$/)).toBe(comments0);
    expect(reads(/^\/rest\/api\/3\/attachment\/\d+$/)).toBe(files0);
    expect(reads(/^\/rest\/api\/3\/user$/)).toBe(users0 + 1);
    // The app's own account (is the file a copy of a Zendesk one?) is read once and kept too.
    expect(reads(/^\/rest\/api\/3\/myself$/)).toBe(myself0 + 1);
  });
});

describe('failures and recovery', () => {
  it('an outage longer than Forge’s redeliveries loses nothing: the comment waits, stays visible through unrelated successes, and arrives once', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Zendesk down');
    const outage = faultTicketUpdates(ticketId, {
      error: { status: 503 },
      times: 1_000,
    });
    const { id: first } = stack.jira.control.addComment('agent', issue.id, 'Sent while Zendesk was down');
    const reports = await stack.settle();
    // Forge's redeliveries run out; the event is acknowledged only because the work is stored.
    expect(triggerDispositions(reports)).toEqual(['retry', 'retry', 'retry', 'retry', 'success']);
    expect(fromJira(ticketId, issue)).toHaveLength(0);
    const markKey = workKey('two', issue.id, 'toZendesk', `comment-${first}`);
    expect(stack.emulator.storage.get(markKey)).toMatchObject({ attempts: 5 });
    const pending = () => link('two', issue).problems.filter((p) => p.code === 'TO_ZENDESK_PENDING');
    expect(pending()).toEqual([
      expect.objectContaining({
        kind: 'error',
        subject: `comment-${first}`,
        upstream: expect.objectContaining({ service: 'zendesk', status: 503 }),
      }),
    ]);
    expect(pending()[0]?.message).toContain(`Jira comment ${first}`);
    expect(
      syncLog().some(
        (r) => r.trigger === 'event' && r.errors.some((e) => e.message.includes(`Jira comment ${first}`)),
      ),
    ).toBe(true);

    // Zendesk is back; an unrelated comment goes through at once. The first one's trace stays:
    // it is about that comment, and that comment has not arrived yet.
    stack.zendesk.faults.remove(outage);
    const { id: second } = stack.jira.control.addComment('agent', issue.id, 'Zendesk is back');
    await stack.settle();
    expect(pending().map((p) => p.subject)).toEqual([`comment-${first}`]);

    // The next scheduled run after the back-off delivers it, exactly once, and clears the trace.
    stack.emulator.storage.set(markKey, { ...(stack.emulator.storage.get(markKey) as object), nextAt: 0 });
    await runScheduler();
    const pushed = fromJira(ticketId, issue).map((c) => parseConnectorBlock(c.body)?.fields.comment);
    expect(pushed.sort()).toEqual([first, second].sort());
    expect(pending()).toEqual([]);
    expect(stack.emulator.storage.get(markKey)).toBeUndefined();
    await runScheduler();
    expect(fromJira(ticketId, issue)).toHaveLength(2);
  });

  it('a field Zendesk refuses is reported with Zendesk’s words while the other fields go through', async () => {
    const { issue, ticketId } = await linkedPair('serial', 'Serial numbers');
    stack.jira.control.editIssue('agent', issue.id, {
      summary: 'Serial numbers checked',
      customfield_10040: 'not a serial',
    });
    await stack.settle();
    expect(ticket(ticketId).subject).toBe('Serial numbers checked');
    expect(customValue(ticketId, zf.serial) ?? null).toBeNull();
    const refused = link('serial', issue).problems.filter((p) => p.code === 'TO_ZENDESK_FIELD_REFUSED');
    expect(refused).toHaveLength(1);
    expect(refused[0]?.upstream).toMatchObject({ service: 'zendesk', status: 422 });
    expect(refused[0]?.message).toContain('Serial number');

    // Fixed in Jira: the value goes through and the problem disappears.
    stack.jira.control.editIssue('agent', issue.id, { customfield_10040: 'AB-1234' });
    await stack.settle();
    expect(customValue(ticketId, zf.serial)).toBe('AB-1234');
    expect(link('serial', issue).problems).toEqual([]);
  });

  it('a permission refusal from Zendesk is recorded with its status, not retried', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Forbidden');
    faultTicketUpdates(ticketId, {
      error: {
        status: 403,
        body: { error: { title: 'Forbidden', message: 'You do not have access to this ticket' } },
      },
      times: 1,
    });
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Not allowed' });
    const reports = await stack.settle();
    expect(triggerDispositions(reports)).toEqual(['success']);
    const refused = link('two', issue).problems.find((p) => p.code === 'TO_ZENDESK_FIELD_REFUSED');
    expect(refused?.upstream).toMatchObject({ service: 'zendesk', status: 403 });
    expect(refused?.message).toContain('You do not have access to this ticket');
    expect(
      syncLog().some(
        (r) => r.trigger === 'event' && r.errors.some((e) => e.message.includes('You do not have access')),
      ),
    ).toBe(true);
  });

  it('a delivery that meets another writer on the link steps back; the work is delivered later, once', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Busy link');
    // Another writer (a scheduled pass, a Refresh) holds the link's lease for a while.
    const leaseKey = holdLinkLease('two', issue.id);
    const { id: commentId } = stack.jira.control.addComment('agent', issue.id, 'Written while busy');
    const reports = await stack.settle();
    const deliveries = reports.flatMap((r) => r.deliveries);
    // Acknowledged, not redelivered by Forge: the app's own follow-up looked again every 30 s,
    // five times in all, found the link still held, and left the mark to the drain.
    expect(deliveries.map((d) => [d.result.functionKey, d.disposition])).toEqual([
      ['on-comment-created', 'success'],
      ...Array.from({ length: 5 }, () => ['event-follow-up', 'success']),
    ]);
    // Never written in parallel with the holder.
    expect(fromJira(ticketId, issue)).toHaveLength(0);
    expect(
      stack.emulator.storage.get(workKey('two', issue.id, 'toZendesk', `comment-${commentId}`)),
    ).toBeDefined();

    // The holder finishes; the next scheduled run delivers the comment, once.
    stack.emulator.storage.deleteEntity('lease', leaseKey);
    await runScheduler();
    expect(fromJira(ticketId, issue)).toHaveLength(1);
    await runScheduler();
    expect(fromJira(ticketId, issue)).toHaveLength(1);
  });

  it('field edits that waited on a busy link reach the ticket in one write', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Coalesced');
    const leaseKey = holdLinkLease('two', issue.id);
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Coalesced 1' });
    stack.jira.control.editIssue('agent', issue.id, { priority: { name: 'High' } });
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Coalesced 3' });
    await stack.settle();
    expect(stack.emulator.storage.keys(`${linkWorkPrefix('two', issue.id)}toZendesk:`)).toHaveLength(3);
    stack.emulator.storage.deleteEntity('lease', leaseKey);
    const writes = ticketWrites(ticketId);
    await runScheduler();
    expect(ticketWrites(ticketId) - writes).toBe(1);
    expect(ticket(ticketId).subject).toBe('Coalesced 3');
    expect(ticket(ticketId).priority).toBe('high');
    expect(stack.emulator.storage.keys(`${linkWorkPrefix('two', issue.id)}toZendesk:`)).toEqual([]);
  });

  it('a Jira comment restricted to a role becomes an internal note, never a public reply', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Restricted');
    const res = await fetch(`${stack.jira.url}/rest/api/3/issue/${issue.id}/comment`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent().accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        body: {
          version: 1,
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Only for developers' }] }],
        },
        visibility: { type: 'role', value: 'Developers' },
      }),
    });
    expect(res.status).toBe(201);
    await stack.settle();
    const pushed = fromJira(ticketId, issue);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]?.public).toBe(false);
    expect(pushed[0]?.body).toContain('Only for developers');
  });
});

describe('attachments', () => {
  it('uploads a Jira attachment once, with its metadata block, and never copies it back', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Attachment once');
    const before = uploads();
    const { id: attachmentId } = stack.jira.control.addAttachment('agent', issue.id, {
      filename: 'report.txt',
      mimeType: 'text/plain',
      content: 'hello world',
    });
    await stack.settle();
    expect(uploads()).toBe(before + 1);
    const notes = fromJira(ticketId, issue);
    expect(notes).toHaveLength(1);
    const note = notes[0] as ZComment;
    expect(note.public).toBe(false);
    expect(note.attachments.map((a) => [a.file_name, a.size])).toEqual([['report.txt', 11]]);
    expect(parseConnectorBlock(note.body)).toMatchObject({
      type: 'jira-attachment-sync',
      fields: { issue: issue.id, attachments: attachmentId },
    });

    const event = lastEvent<{ eventType: 'avi:jira:created:attachment'; attachment: { id: string } }>(
      'avi:jira:created:attachment',
      (e) => e.attachment.id === attachmentId,
    );
    stack.emulator.deliverProductEvent(event);
    stack.emulator.deliverProductEvent(event);
    await stack.settle();
    expect(uploads()).toBe(before + 1);
    expect(fromJira(ticketId, issue)).toHaveLength(1);

    const jiraFiles = stack.jira.state.issues.get(issue.id)?.attachmentIds.length;
    await runScheduler();
    expect(stack.jira.state.issues.get(issue.id)?.attachmentIds.length).toBe(jiraFiles);
  });

  it('skips files above 10 MB without downloading them, and says so on the ticket and the link', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Big file');
    const before = uploads();
    const { id: attachmentId } = stack.jira.control.addAttachment('agent', issue.id, {
      filename: 'dump.bin',
      content: Buffer.alloc(11 * MB, 1),
    });
    await stack.settle();
    expect(uploads()).toBe(before);
    expect(stack.jira.log.entries().some((e) => e.path.includes(`/attachment/content/${attachmentId}`))).toBe(
      false,
    );
    const notes = fromJira(ticketId, issue);
    expect(notes).toHaveLength(1);
    expect(notes[0]?.public).toBe(false);
    expect(notes[0]?.attachments).toEqual([]);
    expect(parseConnectorBlock(notes[0]?.body)).toMatchObject({
      type: 'jira-attachment-sync',
      fields: { skipped: attachmentId },
    });
    const skipped = link('two', issue).problems.filter((p) => p.code === 'TO_ZENDESK_ATTACHMENT_SKIPPED');
    expect(skipped).toHaveLength(1);
    expect(skipped[0]?.message).toContain('dump.bin (11.0 MB)');
  });
});

describe('who is listened to', () => {
  it('one-way items ignore Jira events', async () => {
    const { issue, ticketId } = await linkedPair('one', 'One-way only');
    const writes = ticketWrites(ticketId);
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Edited in Jira' });
    stack.jira.control.addComment('agent', issue.id, 'Not for Zendesk');
    await stack.settle();
    expect(ticketWrites(ticketId)).toBe(writes);
    expect(ticket(ticketId).subject).toBe('One-way only');
  });

  it('does nothing without a connection or with an inactive license', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Gated');
    const requests = stack.zendesk.log.count();
    stack.emulator.storage.delete(CONNECTION_KEY);
    stack.jira.control.editIssue('agent', issue.id, { summary: 'No connection' });
    await stack.settle();
    expect(stack.zendesk.log.count()).toBe(requests);

    connect();
    stack.emulator.configure({ license: { isActive: false } });
    try {
      stack.jira.control.editIssue('agent', issue.id, { summary: 'No license' });
      await stack.settle();
    } finally {
      stack.emulator.configure({ license: undefined });
    }
    expect(stack.zendesk.log.count()).toBe(requests);
    expect(ticket(ticketId).subject).toBe('Gated');
    expect(link('two', issue).problems).toEqual([]);
  });
});

describe('writes without reading the ticket, and their echo', () => {
  const linkState = (issue: Issue) =>
    stack.emulator.storage.get(linkStateKey('two', issue.id)) as {
      fromZendesk: { ticketUpdatedAt?: string; commentCount?: number };
      toZendesk?: { ownWrite?: { updatedAt: string; commentCount: number } };
    };
  const ticketReads = (id: number): number =>
    stack.zendesk.log.entries({ method: 'GET' }).filter((e) => e.path === `/api/v2/tickets/${id}`).length;
  const commentListings = (id: number): number =>
    stack.zendesk.log.count({ method: 'GET', pathPrefix: `/api/v2/tickets/${id}/comments` });
  const issueReadsByApp = (issue: Issue): number =>
    stack.jira.log
      .entries()
      .filter(
        (e) =>
          e.method === 'GET' &&
          e.accountId === stack.jira.appAccount.accountId &&
          e.path === `/rest/api/3/issue/${issue.id}`,
      ).length;

  /** A pair the scheduled pass has seen in full (the base of the handlers' safe_update). */
  async function seenPair(name: string): Promise<{ issue: Issue; ticketId: number }> {
    const pair = await linkedPair('two', name);
    await runScheduler();
    expect(linkState(pair.issue).fromZendesk.ticketUpdatedAt).toBe(
      (ticket(pair.ticketId) as unknown as { updated_at: string }).updated_at,
    );
    return pair;
  }

  /**
   * Holds the simulated Zendesk clock inside one second while `during` runs, so the app's write
   * and what follows it get the same updated_at (Zendesk's timestamps have whole seconds).
   */
  async function withinOneSecond(during: () => Promise<void>): Promise<void> {
    const clock = stack.zendesk.clock;
    const now = clock.now.bind(clock);
    const second = Math.floor(now() / 1000) * 1000 + 1000;
    clock.advance(second + 300 - now());
    const frozen = clock.now();
    clock.now = () => frozen;
    try {
      await during();
    } finally {
      clock.now = now;
    }
  }

  it('several Jira changes in a row, with no run between them, each go out against the last write: no 409, no read', async () => {
    const { issue, ticketId } = await seenPair('In a row');
    const reads0 = ticketReads(ticketId);
    // Zendesk's clock moves between the writes, as minutes apart in production.
    stack.jira.control.editIssue('agent', issue.id, { summary: 'In a row, first' });
    await stack.settle();
    stack.zendesk.control.advanceClock(2_000);
    stack.jira.control.addComment('agent', issue.id, 'In a row, a comment');
    await stack.settle();
    stack.zendesk.control.advanceClock(2_000);
    stack.jira.control.editIssue('agent', issue.id, { summary: 'In a row, third' });
    await stack.settle();
    expect(ticket(ticketId).subject).toBe('In a row, third');
    expect(fromJira(ticketId, issue)).toHaveLength(1);
    expect(ticketConflicts(ticketId)).toBe(0);
    expect(ticketReads(ticketId)).toBe(reads0);
  });

  it('writes a Jira edit with safe_update and no ticket read; the next run recognises its own echo', async () => {
    const { issue, ticketId } = await seenPair('Own echo');
    const reads0 = ticketReads(ticketId);
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Own echo, edited in Jira' });
    await stack.settle();
    expect(ticket(ticketId).subject).toBe('Own echo, edited in Jira');
    expect(ticketReads(ticketId)).toBe(reads0);
    const sent = stack.zendesk.log.last({ method: 'PUT', pathPrefix: `/api/v2/tickets/${ticketId}` });
    expect(sent?.status).toBe(200);
    expect(linkState(issue).toZendesk?.ownWrite?.updatedAt).toBe(
      (ticket(ticketId) as unknown as { updated_at: string }).updated_at,
    );

    const listings = commentListings(ticketId);
    const issueReads = issueReadsByApp(issue);
    const jiraComments0 = jiraComments(issue).length;
    await runScheduler();
    // The export showed the ticket; it is exactly what the app wrote: no read, no write.
    expect(commentListings(ticketId)).toBe(listings);
    expect(issueReadsByApp(issue)).toBe(issueReads);
    expect(jiraComments(issue)).toHaveLength(jiraComments0);
  });

  it("a customer comment in the same second as the app's own write still reaches Jira", async () => {
    const { issue, ticketId } = await seenPair('Same second');
    await withinOneSecond(async () => {
      stack.jira.control.editIssue('agent', issue.id, { summary: 'Same second, edited in Jira' });
      await stack.settle();
      stack.zendesk.control.addComment(ticketId, { body: 'Customer: still broken', as: 'requester' });
    });
    // The comment did not move updated_at: only the comment count tells it apart.
    expect(linkState(issue).toZendesk?.ownWrite?.updatedAt).toBe(
      (ticket(ticketId) as unknown as { updated_at: string }).updated_at,
    );
    await runScheduler();
    expect(jiraComments(issue).some((c) => c.includes('Customer: still broken'))).toBe(true);
  });

  it("an agent's field edit in the same second as the app's own write still reaches Jira", async () => {
    const { issue, ticketId } = await seenPair('Same second field');
    await withinOneSecond(async () => {
      stack.jira.control.editIssue('agent', issue.id, { summary: 'Same second field, from Jira' });
      await stack.settle();
      stack.zendesk.control.editTicket(ticketId, { priority: 'urgent' });
    });
    await runScheduler();
    const current = stack.jira.control.getIssue(issue.id) as { fields: { priority: { name: string } } };
    expect(current.fields.priority.name).toBe('Highest');
  });

  it('a Zendesk change since the last pass makes the safe_update fail with 409: read, written again, nothing lost', async () => {
    const { issue, ticketId } = await seenPair('Conflict');
    inZendesk(() => stack.zendesk.control.editTicket(ticketId, { priority: 'high' }));
    const reads0 = ticketReads(ticketId);
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Conflict, from Jira' });
    await stack.settle();
    expect(ticketConflicts(ticketId)).toBe(1);
    expect(ticketReads(ticketId)).toBe(reads0 + 1);
    expect(ticket(ticketId).subject).toBe('Conflict, from Jira');
    expect(ticket(ticketId).priority).toBe('high');
    // Not the app's own echo: the next run carries the agent's priority to Jira.
    expect(linkState(issue).toZendesk?.ownWrite).toBeUndefined();
    await runScheduler();
    const current = stack.jira.control.getIssue(issue.id) as { fields: { priority: { name: string } } };
    expect(current.fields.priority.name).toBe('High');
  });
});

describe('pacing to half of the Zendesk plan', () => {
  /** Delivers everything, moving the Forge and the Zendesk clocks together to each due time. */
  async function settleInSimulatedTime(): Promise<string[]> {
    /** `function: disposition` of every delivery. */
    const dispositions: string[] = [];
    for (let round = 0; round < 200; round++) {
      for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
      const pending = stack.emulator.pendingDeliveries();
      if (pending.length === 0) return dispositions;
      const due = Math.min(...pending.map((p) => p.dueAt));
      const ahead = due - stack.emulator.clock.now();
      if (ahead > 0) {
        stack.emulator.clock.advance(ahead);
        stack.zendesk.control.advanceClock(ahead);
      }
      const report = await stack.emulator.drain({ advanceClock: false });
      dispositions.push(...report.deliveries.map((d) => `${d.result.functionKey}: ${d.disposition}`));
    }
    throw new Error('deliveries did not settle');
  }

  it('Jira events at a 10-per-minute plan: never more than 5 requests a minute, no 429, every change delivered', async () => {
    const pairs = [];
    for (let i = 0; i < 7; i++) pairs.push(await linkedPair('two', `Paced ${i}`));
    await runScheduler();
    const limits = stack.zendesk.limits.account;
    const from = stack.zendesk.log.entries().length;
    limits.limit = 10;
    limits.reset();
    try {
      for (const [i, p] of pairs.entries())
        stack.jira.control.editIssue('agent', p.issue.id, { summary: `Paced ${i}, edited in Jira` });
      const dispositions = await settleInSimulatedTime();
      const sent = stack.zendesk.log.entries().slice(from);
      expect(sent.filter((e) => e.status === 429)).toEqual([]);
      const perMinute = new Map<number, number>();
      for (const e of sent)
        perMinute.set(Math.floor(e.at / 60_000), (perMinute.get(Math.floor(e.at / 60_000)) ?? 0) + 1);
      expect(Math.max(...perMinute.values())).toBeLessThanOrEqual(5);
      // Held back, not failed: the events were acknowledged (no Forge redelivery) and the app's
      // follow-up delivered what waited for the next window.
      expect(dispositions.filter((d) => !d.endsWith(': success'))).toEqual([]);
      expect(dispositions).toContain('event-follow-up: success');
      for (const [i, p] of pairs.entries())
        expect(ticket(p.ticketId).subject).toBe(`Paced ${i}, edited in Jira`);
      for (const p of pairs) expect(link('two', p.issue).problems).toEqual([]);
    } finally {
      limits.limit = 700;
      limits.reset();
    }
  });

  it('comments held back by pacing are acknowledged, not redelivered; the follow-up posts each once', async () => {
    const pairs = [];
    for (let i = 0; i < 3; i++) pairs.push(await linkedPair('two', `Held ${i}`));
    await runScheduler();
    const updates = stack.zendesk.limits.ticketUpdates.perMinute;
    updates.limit = 2;
    updates.reset();
    try {
      for (const [i, p] of pairs.entries())
        stack.jira.control.addComment('agent', p.issue.id, `Held comment ${i}`);
      const dispositions = await settleInSimulatedTime();
      // Two of the three met the hold: each event was acknowledged at once...
      expect(dispositions.filter((d) => d.startsWith('on-comment-created'))).toEqual(
        Array.from({ length: 3 }, () => 'on-comment-created: success'),
      );
      // ...and the app's follow-ups, one rate-limit window apart, delivered what waited.
      expect(dispositions.filter((d) => d.startsWith('event-follow-up'))).toEqual([
        'event-follow-up: success',
        'event-follow-up: success',
      ]);
      for (const [i, p] of pairs.entries()) {
        const copies = fromJira(p.ticketId, p.issue);
        expect(copies).toHaveLength(1);
        expect(copies[0]?.body).toContain(`Held comment ${i}`);
      }
      expect(stack.emulator.storage.keys(WORK_PREFIX)).toEqual([]);
      // Nothing is left for the drain, and nothing is posted again.
      await runScheduler();
      for (const p of pairs) expect(fromJira(p.ticketId, p.issue)).toHaveLength(1);
    } finally {
      updates.limit = 100;
      updates.reset();
    }
  });
});

describe('both sides', () => {
  it('edits on both sides settle after one round trip each, with no ping-pong', async () => {
    const { issue, ticketId } = await linkedPair('two', 'Both sides');
    const zendeskWrites0 = ticketWrites(ticketId);
    const jiraWrites0 = appJiraWrites(issue);

    // Zendesk first, pulled by the scheduler; then Jira, pushed by the event; then both at once.
    inZendesk(() =>
      stack.zendesk.control.editTicket(ticketId, { subject: 'Zendesk says A', priority: 'high' }),
    );
    await runScheduler();
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Jira says B', priority: { name: 'Lowest' } });
    await stack.settle();
    inZendesk(() => stack.zendesk.control.editTicket(ticketId, { subject: 'Zendesk says C' }));
    stack.jira.control.editIssue('agent', issue.id, { summary: 'Jira says D' });
    await stack.settle();
    for (let i = 0; i < 3; i++) await runScheduler();

    const current = stack.jira.control.getIssue(issue.id) as {
      fields: { summary: string; priority: { name: string } };
    };
    expect(ticket(ticketId).subject).toBe(current.fields.summary);
    expect(current.fields.summary).toBe('Jira says D');
    expect(ticket(ticketId).priority).toBe('low');
    expect(current.fields.priority.name).toBe('Lowest');
    // Zendesk got exactly the two Jira edits; Jira got exactly the one Zendesk edit pulled before.
    expect(ticketWrites(ticketId) - zendeskWrites0).toBe(2);
    expect(appJiraWrites(issue) - jiraWrites0).toBe(1);
    // The Jira edit D met Zendesk's C: its safe_update was refused once, then D was written
    // against the ticket as read.
    expect(ticketConflicts(ticketId)).toBe(1);

    // Quiet afterwards: more runs write nothing anywhere.
    await runScheduler();
    expect(ticketWrites(ticketId) - zendeskWrites0).toBe(2);
    expect(appJiraWrites(issue) - jiraWrites0).toBe(1);
  });
});
