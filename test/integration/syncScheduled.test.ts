/**
 * The scheduled Zendesk → Jira sync end to end: the real `scheduled-sync` handler in the Forge
 * emulator against the Zendesk and Jira simulators. Each scenario changes Zendesk through the
 * simulator's control API (as an agent or customer would), moves the Zendesk clock past the
 * export's one-minute holdback, runs the trigger and inspects Jira and storage.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import { INTERNAL_NOTE_PREFIX, parseConnectorBlock } from '../../src/sync/core/markers';
import type { ScheduledOutcome } from '../../src/sync/run/scheduler';
import type { CursorRecord } from '../../src/storage/cursor';
import {
  CONNECTION_KEY,
  CURSOR_KEY,
  linkStateKey,
  SYNC_LOG_HEAD_KEY,
  syncLogKey,
} from '../../src/storage/keys';
import { connectDirect } from '../support/connection';
import { storeLink } from '../support/manualLink';
import {
  ALL_FEATURES as ALL,
  fieldMapping,
  saveItems as saveItemsIn,
  supportTicketItem,
  TASK,
  zendeskHoursAgo,
} from '../support/items';
import { jiraCommentTexts, linksOfTicket, newTicket as newTicketIn } from '../support/world';

// Zendesk time runs two hours behind real time, so "history before the connection" and a
// connection time at least a minute old can both be set up without waiting.
const stack = useStack({ zendesk: { seed: false, clockOffsetMs: -2 * 3_600_000 }, jira: { seed: false } });
let fieldIds: Record<string, string>;

/** A one-way item with every feature; in Zendesk time it existed before any ticket a scenario creates. */
const item = (id: string, overrides: Partial<SmartItem> = {}): SmartItem =>
  supportTicketItem(id, zendeskHoursAgo(stack), { syncMode: 'oneWay', features: ALL, ...overrides });
const map = (zendeskFieldId: string, jiraFieldId: string, label = zendeskFieldId) =>
  fieldMapping(zendeskFieldId, jiraFieldId, { zendeskFieldLabel: label });
const saveItems = (...items: SmartItem[]) => saveItemsIn(stack, ...items);

function connect(connectedAt: string): void {
  connectDirect(stack, { connectedAt });
}

/** Lets the export see everything changed so far (it never returns the most recent minute). */
function passMinute(): void {
  stack.zendesk.control.advanceClock(61_000);
}

async function run(): Promise<ScheduledOutcome> {
  passMinute();
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok')
    throw new Error(`scheduled-sync ended with ${result.status}: ${String(result.error)}`);
  return result.value as ScheduledOutcome;
}

const newTicket = (subject: string, extra: Record<string, unknown> = {}) =>
  newTicketIn(stack, subject, { body: `Description of ${subject}`, ...extra });
const linksOf = (ticketId: number) => linksOfTicket(stack, ticketId);

function onlyLink(ticketId: number): LinkRecord {
  const links = linksOf(ticketId);
  expect(links).toHaveLength(1);
  return links[0] as LinkRecord;
}

function issue(id: string) {
  const record = stack.jira.state.issues.get(id);
  if (!record) throw new Error(`no issue ${id}`);
  const status = stack.jira.state.statuses.get(record.statusId);
  return {
    record,
    status: status?.name,
    category: stack.jira.state.statusCategories.find((c) => c.id === status?.categoryId)?.key,
  };
}

/** The issue's fields as GET issue renders them. */
function renderedFields(issueId: string): Record<string, unknown> {
  return (stack.jira.control.getIssue(issueId) as { fields: Record<string, unknown> }).fields;
}

const jiraComments = (issueId: string) => jiraCommentTexts(stack, issueId);

function jiraAttachments(issueId: string): { filename: string; size: number }[] {
  const record = stack.jira.state.issues.get(issueId);
  return (record?.attachmentIds ?? []).map((id) => {
    const a = stack.jira.state.attachments.get(id);
    return { filename: a?.filename ?? '', size: a?.content.length ?? -1 };
  });
}

beforeAll(() => {
  const field = (title: string): string => {
    const found = stack.zendesk.state.ticketFields.find((f) => f.title === title);
    if (!found) throw new Error(`no ticket field ${title}`);
    return String(found.id);
  };
  fieldIds = {
    product: field('Product'),
    reference: field('Customer reference'),
    steps: field('Steps to reproduce'),
    target: field('Target date'),
    impacted: field('Impacted users'),
  };
});

beforeEach(() => {
  connect(new Date(stack.zendesk.clock.now() - 600_000).toISOString());
});

describe('gates', () => {
  it('does nothing at all with an inactive license', async () => {
    const before = lastSeq();
    passMinute();
    const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync', {
      license: { isActive: false },
    });
    expect(result.status === 'ok' ? (result.value as ScheduledOutcome).status : result.status).toBe(
      'license-inactive',
    );
    expect(stack.emulator.calls.filter((c) => c.seq > before)).toHaveLength(0);
  });
});

describe('first run', () => {
  it('does nothing without a connection', async () => {
    stack.emulator.storage.delete(CONNECTION_KEY);
    stack.emulator.clearCalls();
    const outcome = await run();
    expect(outcome.status).toBe('not-connected');
    expect(stack.emulator.storage.get(CURSOR_KEY)).toBeUndefined();
  });

  it('starts at connection time, not at the beginning of history', async () => {
    saveItems(item('auto', { fields: [map('subject', 'summary')] }));
    // A ticket from before the connection is history: the first run must not see it.
    const old = newTicket('Old ticket before the connection');
    passMinute();
    connect(new Date(stack.zendesk.clock.now()).toISOString());
    stack.emulator.storage.delete(CURSOR_KEY);
    const fresh = newTicket('Fresh ticket after the connection');
    await run();
    expect(linksOf(old)).toHaveLength(0);
    expect(linksOf(fresh)).toHaveLength(1);
    const cursor = stack.emulator.storage.get(CURSOR_KEY) as CursorRecord;
    expect(cursor.cursor).not.toBeNull();
  });
});

const manualLink = (linked: SmartItem, ticketId: number, target: { id: string; key: string }) =>
  storeLink(stack, linked.id, ticketId, target);

function jiraIssue(summary: string, project: 'SUP' | 'ENG' = 'SUP'): { id: string; key: string } {
  return stack.jira.control.createIssue('agent', {
    project: { key: project },
    issuetype: { id: TASK },
    summary,
  });
}

/**
 * Stores `linked` as the only item and links a new ticket `subject` (with `ticket` fields) to a
 * new issue, summarized as the ticket unless `summary` says otherwise.
 */
function linkedTicket(
  linked: SmartItem,
  subject: string,
  options: { ticket?: Record<string, unknown>; summary?: string; project?: 'SUP' | 'ENG' } = {},
): { ticketId: number; target: { id: string; key: string } } {
  saveItems(linked);
  const ticketId = newTicket(subject, options.ticket);
  const target = jiraIssue(options.summary ?? subject, options.project);
  manualLink(linked, ticketId, target);
  return { ticketId, target };
}

function jiraWritesSince(seq: number): number {
  return stack.emulator.calls.filter((c) => c.seq > seq && c.kind === 'jira' && c.write).length;
}

function lastSeq(): number {
  return stack.emulator.calls[stack.emulator.calls.length - 1]?.seq ?? 0;
}

function linkState(linked: SmartItem, issueId: string): Record<string, unknown> {
  return stack.emulator.storage.get(linkStateKey(linked.id, issueId)) as Record<string, unknown>;
}

describe('auto-create', () => {
  it('creates the issue with mapped fields, links it, and holds it in the first status until Zendesk changes', async () => {
    const auto = item('auto-fields', {
      fields: [
        { ...map('subject', 'summary'), preview: true },
        map('priority', 'priority'),
        map('tags', 'labels'),
        map(fieldIds.reference as string, 'customfield_10040', 'Customer reference'),
        map(fieldIds.target as string, 'customfield_10043', 'Target date'),
        map(fieldIds.impacted as string, 'customfield_10042', 'Impacted users'),
        { zendeskFieldId: 'status', zendeskFieldLabel: 'Status', preview: true },
      ],
    });
    saveItems(auto);
    const ticketId = newTicket('Printer on fire', {
      body: 'It started smoking.\n\n- first\n- second\n\nSee https://status.example.com',
      status: 'open',
      priority: 'high',
      tags: ['vip', 'billing'],
      customFields: {
        [fieldIds.reference as string]: 'REF-42',
        [fieldIds.target as string]: '2026-12-24',
        [fieldIds.impacted as string]: 17,
      },
    });
    const outcome = await run();
    expect(outcome.status).toBe('done');

    const link = onlyLink(ticketId);
    expect(link.origin).toBe('auto');
    expect(link.zendeskLink.state).toBe('registered');
    // The pass keeps the card's preview current, so an auto-created card shows values at once.
    // The requester is always on the card (src/links/headline.ts), named from Zendesk.
    const requesterId = stack.zendesk.state.tickets.get(Number(ticketId))?.requesterId ?? 0;
    expect(link.preview).toEqual([
      { fieldId: 'requester', label: 'Requester', value: stack.zendesk.state.users.get(requesterId)?.name },
      { fieldId: 'subject', label: 'subject', value: 'Printer on fire' },
      { fieldId: 'status', label: 'Status', value: 'Open' },
    ]);
    const created = issue(link.issueId);
    expect(created.record.values.summary).toBe('Printer on fire');
    expect(created.record.values.labels).toEqual(['billing', 'vip']);
    expect(created.record.values.customfield_10040).toBe('REF-42');
    expect(created.record.values.customfield_10043).toBe('2026-12-24');
    expect(created.record.values.customfield_10042).toBe(17);
    expect(renderedFields(link.issueId).priority).toMatchObject({ name: 'High' });
    const description = adfToText(created.record.values.description);
    expect(description).toContain('It started smoking.');
    expect(description).toContain('- first');
    // The ticket is open, but a new auto-created issue stays in the workflow's first status.
    expect(created.status).toBe('To Do');
    expect(linkState(auto, link.issueId).hold).toMatchObject({
      zendeskStatus: 'open',
      jiraStatusId: '10000',
    });
    // The description is the ticket's first comment: not copied again as a comment.
    expect(jiraComments(link.issueId)).toEqual([]);

    // Nothing changed: the next run writes nothing to Jira.
    const before = lastSeq();
    await run();
    expect(jiraWritesSince(before)).toBe(0);
    expect(issue(link.issueId).status).toBe('To Do');

    // A later Zendesk status change ends the hold and the normal mapping applies.
    stack.zendesk.control.editTicket(ticketId, { status: 'pending' });
    await run();
    expect(issue(link.issueId).category).toBe('indeterminate');
    expect(linkState(auto, link.issueId).hold).toBeUndefined();
    expect(onlyLink(ticketId).issueId).toBe(link.issueId);
  });

  it('releases the hold when the Jira status changes, then follows Zendesk (two-way leaves Jira alone)', async () => {
    const auto = item('auto-twoway', { syncMode: 'twoWay', fields: [map('subject', 'summary')] });
    saveItems(auto);
    const ticketId = newTicket('Hold released from Jira', { status: 'open' });
    await run();
    const link = onlyLink(ticketId);
    expect(issue(link.issueId).status).toBe('To Do');
    stack.jira.control.transitionIssue('agent', link.issueId, { status: 'In Progress' });
    stack.zendesk.control.addComment(ticketId, { body: 'Any news?', as: 'requester' });
    await run();
    expect(linkState(auto, link.issueId).hold).toBeUndefined();
    expect(issue(link.issueId).status).toBe('In Progress');
    stack.zendesk.control.editTicket(ticketId, { status: 'solved' });
    await run();
    expect(issue(link.issueId).category).toBe('done');
  });

  it('does not auto-create for tickets older than the item', async () => {
    const ticketId = newTicket('Before the item existed');
    passMinute();
    saveItems(item('late-item', { createdAt: new Date(stack.zendesk.clock.now()).toISOString() }));
    stack.zendesk.control.addComment(ticketId, { body: 'bump', as: 'requester' });
    await run();
    expect(linksOf(ticketId)).toHaveLength(0);
  });

  it('maps a Zendesk value to a Jira option by value', async () => {
    const bugs = item('auto-bug', {
      issueTypeId: '10002',
      issueTypeName: 'Bug',
      fields: [map('subject', 'summary'), map('priority', 'customfield_10041', 'Priority as impact')],
    });
    saveItems(bugs);
    const ticketId = newTicket('Option mapping', { priority: 'high' });
    await run();
    const link = onlyLink(ticketId);
    expect(renderedFields(link.issueId).customfield_10041).toMatchObject({ value: 'High' });
    stack.zendesk.control.editTicket(ticketId, { priority: 'low' });
    await run();
    expect(renderedFields(link.issueId).customfield_10041).toMatchObject({ value: 'Low' });
  });
});

describe('field updates on manual links', () => {
  it('one-way: Zendesk is the source of truth and only differing fields are written', async () => {
    const oneWay = item('manual-oneway', {
      features: { ...ALL, autoCreate: false },
      fields: [map('subject', 'summary'), map('priority', 'priority'), map('tags', 'labels')],
    });
    const { ticketId, target } = linkedTicket(oneWay, 'One-way subject', {
      ticket: { priority: 'normal', tags: ['a'] },
      summary: 'Something else',
    });
    await run();
    let rec = issue(target.id).record;
    expect(rec.values.summary).toBe('One-way subject');
    expect(rec.values.labels).toEqual(['a']);
    // Manual links are not held: the status follows Zendesk at once (new → To Do already).
    expect(issue(target.id).status).toBe('To Do');

    // A Jira user edits the summary; the next Zendesk change brings Zendesk's value back.
    stack.jira.control.editIssue('agent', target.id, { summary: 'Edited in Jira' });
    stack.zendesk.control.editTicket(ticketId, { tags: ['a', 'b'] });
    const before = lastSeq();
    await run();
    rec = issue(target.id).record;
    expect(rec.values.summary).toBe('One-way subject');
    expect(rec.values.labels).toEqual(['a', 'b']);
    // One edit request carrying both fields.
    expect(
      stack.emulator.calls.filter((c) => c.seq > before && c.kind === 'jira' && c.method === 'PUT'),
    ).toHaveLength(1);
  });

  it('two-way: a Jira edit is not undone while the Zendesk value is unchanged; a Zendesk change still wins', async () => {
    const twoWay = item('manual-twoway', {
      syncMode: 'twoWay',
      features: { ...ALL, autoCreate: false },
      fields: [map('subject', 'summary'), map('tags', 'labels')],
    });
    const { ticketId, target } = linkedTicket(twoWay, 'Two-way subject', { summary: 'Initial' });
    await run();
    expect(issue(target.id).record.values.summary).toBe('Two-way subject');
    stack.jira.control.editIssue('agent', target.id, { summary: 'Changed in Jira' });
    stack.zendesk.control.editTicket(ticketId, { tags: ['x'] });
    await run();
    expect(issue(target.id).record.values.summary).toBe('Changed in Jira');
    expect(issue(target.id).record.values.labels).toEqual(['x']);
    stack.zendesk.control.editTicket(ticketId, { subject: 'Changed in Zendesk' });
    await run();
    expect(issue(target.id).record.values.summary).toBe('Changed in Zendesk');
  });
});

describe('status by category', () => {
  it('maps every Zendesk status through real transitions, only when the category differs', async () => {
    const statusItem = item('status-only', {
      features: { ...ALL, autoCreate: false, commentSync: false, attachmentSync: false },
    });
    const { ticketId, target } = linkedTicket(statusItem, 'Status walk');
    const steps: [string, string, boolean][] = [
      ['open', 'indeterminate', true],
      ['pending', 'indeterminate', false],
      ['hold', 'indeterminate', false],
      ['solved', 'done', true],
      ['closed', 'done', false],
    ];
    await run();
    expect(issue(target.id).category).toBe('new');
    for (const [zendesk, category, moves] of steps) {
      stack.zendesk.control.editTicket(ticketId, { status: zendesk });
      const before = lastSeq();
      await run();
      expect({ zendesk, category: issue(target.id).category }).toEqual({ zendesk, category });
      const transitions = stack.emulator.calls.filter(
        (c) => c.seq > before && c.kind === 'jira' && c.write && c.target.includes('/transitions'),
      );
      expect({ zendesk, moved: transitions.length }).toEqual({ zendesk, moved: moves ? 1 : 0 });
    }
  });

  it('records a limitation when no transition reaches the category, without faking it', async () => {
    const eng = item('status-eng', {
      projectId: '10001',
      projectKey: 'ENG',
      features: { ...ALL, autoCreate: false, commentSync: false, attachmentSync: false },
    });
    const { ticketId, target } = linkedTicket(eng, 'Engineering ticket', {
      summary: 'In backlog',
      project: 'ENG',
    });
    await run();
    stack.zendesk.control.editTicket(ticketId, { status: 'solved' });
    await run();
    expect(issue(target.id).status).toBe('Backlog');
    const link = onlyLink(ticketId);
    expect(link.problems).toEqual([
      expect.objectContaining({ kind: 'limitation', code: 'STATUS_NO_TRANSITION' }),
    ]);
    const head = (stack.emulator.storage.get(SYNC_LOG_HEAD_KEY) as { seq: number }).seq;
    const lastRun = (stack.emulator.storage.get(syncLogKey(head % 50)) as { run: { limitations: number } })
      .run;
    expect(lastRun.limitations).toBeGreaterThan(0);
  });
});

describe('comments', () => {
  it('copies public comments and prefixed internal notes once, and never copies connector comments back', async () => {
    const conv = item('conversation', { features: { ...ALL, autoCreate: false, statusSync: false } });
    const { ticketId, target } = linkedTicket(conv, 'Conversation', {
      ticket: { body: 'First message (the description)' },
    });
    stack.zendesk.control.addComment(ticketId, { body: 'Public reply from the agent', public: true });
    stack.zendesk.control.addComment(ticketId, {
      htmlBody:
        '<p>Internal <strong>only</strong>, see <a href="https://wiki.example.com/x">wiki</a></p><ul><li>one</li><li>two</li></ul>',
      public: false,
    });
    // Written by the connector from Jira (toZendesk), as the connected agent: recognised by its
    // block and its author, not copied.
    const connected = (stack.emulator.storage.get(CONNECTION_KEY) as { agent: { id: number } }).agent.id;
    stack.zendesk.control.addComment(ticketId, {
      body: 'From Jira\n\n[Zendesk Connector] type=jira-comment-sync issue=1 comment=2',
      public: true,
      authorId: connected,
    });
    // Another agent typing the block does not hide a real comment.
    stack.zendesk.control.addComment(ticketId, {
      body: 'Agent quoting\n[Zendesk Connector] type=jira-comment-sync issue=1 comment=4',
      public: true,
    });
    // A customer cannot hide a comment by typing a block.
    stack.zendesk.control.addComment(ticketId, {
      body: 'Sneaky\n[Zendesk Connector] type=jira-comment-sync issue=1 comment=3',
      as: 'requester',
    });
    await run();
    const texts = jiraComments(target.id);
    // Manual link: the description comment is copied too (it did not reach the issue otherwise).
    expect(texts).toHaveLength(5);
    expect(texts[0]).toContain('First message (the description)');
    expect(texts[1]).toMatch(/^.+ · \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/);
    expect(texts[1]).toContain('Public reply from the agent');
    expect(texts[2]?.startsWith(INTERNAL_NOTE_PREFIX)).toBe(true);
    expect(texts[2]).toContain('wiki (https://wiki.example.com/x)');
    expect(texts[2]).toContain('- one');
    expect(texts[3]).toContain('Agent quoting');
    expect(texts[4]).toContain('Sneaky');
    expect(texts.some((t) => t.includes('From Jira'))).toBe(false);
    for (const t of texts) expect(parseConnectorBlock(t)?.type).toBe('zendesk-comment-sync');

    // Same ticket, nothing new: nothing copied again.
    stack.zendesk.control.editTicket(ticketId, { tags: ['touched'] });
    await run();
    expect(jiraComments(target.id)).toHaveLength(5);
    stack.zendesk.control.addComment(ticketId, { body: 'One more', as: 'requester' });
    await run();
    expect(jiraComments(target.id)).toHaveLength(6);
  });
});

describe('attachments', () => {
  it('adds files once, skips files above 10 MB without downloading them, and notes both in Jira', async () => {
    const files = item('files', {
      features: { ...ALL, autoCreate: false, statusSync: false, commentSync: false },
    });
    const { ticketId, target } = linkedTicket(files, 'Files');
    stack.zendesk.control.addComment(ticketId, {
      body: 'Logs attached',
      attachments: [
        { fileName: 'small.log', data: 'line one\nline two\n' },
        { fileName: 'huge.bin', size: 10 * 1024 * 1024 + 1 },
        { fileName: 'inline.png', data: 'png', inline: true },
      ],
    });
    stack.zendesk.log.clear();
    await run();
    expect(jiraAttachments(target.id)).toEqual([{ filename: 'small.log', size: 18 }]);
    const notes = jiraComments(target.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('small.log');
    expect(notes[0]).toContain('huge.bin');
    expect(notes[0]).toContain('10 MB');
    expect(parseConnectorBlock(notes[0])?.type).toBe('zendesk-attachment-sync');
    const downloads = stack.zendesk.log
      .entries()
      .filter((e) => e.path.includes('/attachments/') || e.host === stack.zendesk.attachmentHost);
    expect(downloads).toHaveLength(1);
    expect(onlyLink(ticketId).problems).toEqual([
      expect.objectContaining({ kind: 'limitation', code: 'ATTACHMENT_SKIPPED' }),
    ]);

    stack.zendesk.control.editTicket(ticketId, { tags: ['again'] });
    await run();
    expect(jiraAttachments(target.id)).toHaveLength(1);
    expect(jiraComments(target.id)).toHaveLength(1);
  });
});

describe('idle run', () => {
  it('makes one export call, no Jira call and few storage operations', async () => {
    await run();
    stack.zendesk.log.clear();
    const before = lastSeq();
    await run();
    const calls = stack.emulator.calls.filter((c) => c.seq > before);
    expect(calls.filter((c) => c.kind === 'jira')).toHaveLength(0);
    expect(stack.zendesk.log.entries().map((e) => e.path)).toEqual(['/api/v2/incremental/tickets/cursor']);
    // connection + cursor + log head (one batch), token, lease taken, item deletions in
    // progress (none), the idle log entry rewritten in place, the cursor's caught-up time,
    // lease released.
    const kvs = calls.filter((c) => c.kind === 'kvs').map((c) => `${c.method} ${c.target}`);
    expect(kvs).toEqual([
      'batchGet connection,sync:cursor,sync:log:head,sync:pending,cache:catalogs',
      'secretGet zendesk-api-token',
      'entitySet lease/sync:lease',
      expect.stringMatching(/^set sync:log:\d+$/),
      'set sync:cursor',
      // Released with a conditional delete (only while it is still this run's lease).
      'transact sync:lease',
    ]);
    // The rewritten entry is still a valid run summary, now timed at this run.
    const head = (stack.emulator.storage.get(SYNC_LOG_HEAD_KEY) as { seq: number }).seq;
    const entry = stack.emulator.storage.get(syncLogKey(head % 50)) as {
      seq: number;
      run: { trigger: string; finishedAt: string; ticketsSeen: number };
    };
    expect(entry.seq).toBe(head);
    expect(entry.run).toMatchObject({ trigger: 'scheduled', ticketsSeen: 0 });
    expect(Date.parse(entry.run.finishedAt)).toBeGreaterThan(Date.now() - 5_000);
    const cursor = stack.emulator.storage.get(CURSOR_KEY) as CursorRecord;
    expect(Date.parse(cursor.caughtUpAt ?? '')).toBeGreaterThan(Date.now() - 5_000);
  });
});

describe('cost of a changed ticket', () => {
  /** Requests the simulators answered since `mark`, as "METHOD path" without query. */
  function requestsSince(zendeskMark: number, jiraMark: number): { zendesk: string[]; jira: string[] } {
    return {
      zendesk: stack.zendesk.log
        .entries()
        .slice(zendeskMark)
        .map((e) => `${e.method} ${e.path}`),
      jira: stack.jira.log
        .entries()
        .slice(jiraMark)
        .map((e) => `${e.method} ${e.path}`),
    };
  }
  const marks = () => [stack.zendesk.log.entries().length, stack.jira.log.entries().length] as const;

  it('two-way: a new comment costs one ticket event page and one Jira write, nothing else', async () => {
    const twoWay = item('cost-twoway', {
      syncMode: 'twoWay',
      features: { ...ALL, autoCreate: false },
      fields: [map('subject', 'summary'), map(fieldIds.product as string, 'customfield_10050', 'Product')],
    });
    saveItems(twoWay);
    const ticketId = newTicket('Long conversation');
    for (let i = 0; i < 150; i++)
      stack.zendesk.control.addComment(ticketId, { body: `Earlier ${i}`, as: 'agent', public: true });
    const target = jiraIssue('Long conversation');
    manualLink(twoWay, ticketId, target);
    await run();
    expect(jiraComments(target.id).filter((t) => t.includes('Earlier'))).toHaveLength(150);

    stack.zendesk.control.addComment(ticketId, { body: 'The newest', as: 'requester', public: true });
    const [z, j] = marks();
    await run();
    const made = requestsSince(z, j);
    // The new comment comes from the ticket event export (one page for every changed ticket),
    // not from a listing of the ticket's 151 comments; its author comes side-loaded with the
    // export (no users lookup); the catalogs come from the cache.
    expect(made.zendesk).toEqual([
      'GET /api/v2/incremental/tickets/cursor',
      'GET /api/v2/incremental/ticket_events',
    ]);
    // Decided from the link's memory: no GET issue, only the copy.
    expect(made.jira).toEqual([`POST /rest/api/3/issue/${target.id}/comment`]);
    expect(jiraComments(target.id).filter((t) => t.includes('The newest'))).toHaveLength(1);
  });

  it('keeps the catalogs between runs and reads them again for a new mapping', async () => {
    const base = item('cost-catalog', {
      syncMode: 'twoWay',
      features: { ...ALL, autoCreate: false, commentSync: false, attachmentSync: false, statusSync: false },
      fields: [map('subject', 'summary')],
    });
    const { ticketId, target } = linkedTicket(base, 'Catalog');
    await run();
    const fieldReads = (since: number) =>
      stack.jira.log
        .entries()
        .slice(since)
        .filter((e) => e.method === 'GET' && e.path === '/rest/api/3/field').length;

    stack.zendesk.control.editTicket(ticketId, { subject: 'Catalog 2' });
    let [, j] = marks();
    await run();
    expect(fieldReads(j)).toBe(0);

    // A mapping the cached catalog was not read for.
    saveItems({ ...base, fields: [...base.fields, map('tags', 'labels')] });
    stack.zendesk.control.editTicket(ticketId, { tags: ['new'] });
    [, j] = marks();
    await run();
    expect(fieldReads(j)).toBe(1);
    expect(issue(target.id).record.values.labels).toEqual(['new']);
  });
});
