/**
 * Builds a benchmark world quickly but the way a real install gets there:
 *
 * - Zendesk tickets come from the simulator's seed generator;
 * - Jira issues are created through the Jira simulator's control API (as a Jira user would);
 * - the connection, the Smart Connected Item and the links are stored through the app's own
 *   storage layer (src/storage/*), so keys, indexes and transactions are the app's;
 * - a warm-up runs the real sync until it is caught up, so every link has the per-link state a
 *   long-running install has. Setup runs with no latency and no rate limits and is never measured.
 */
import { startBenchStack, type BenchStack } from './stack';
import type { ConnectionRecord, FieldMapping, SmartItem, SyncMode } from '../../src/domain/types';
import { saveConnection } from '../../src/storage/connection';
import { saveItem } from '../../src/storage/items';
import { saveLink } from '../../src/storage/links';
import { textToAdf } from '../../src/jira/adf';
import { defaultPriorityMap } from '../../src/domain/valueMaps';

/** The simulator's priority scheme (Jira's defaults), as the connector reads it from the site. */
const ZENDESK_TO_JIRA_PRIORITY = defaultPriorityMap(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
import { driveSync, type SyncReport } from './driver';
import { manualLinkRecord } from '../support/manualLink';

export const SUP = { id: '10000', key: 'SUP', name: 'Support' } as const;
export const TASK = { id: '10001', name: 'Task' } as const;
export const ITEM_ID = 'bench-tickets';
/** Jira field "External reference" (text) of the simulated site. */
export const JIRA_REFERENCE_FIELD = 'customfield_10040';

export interface WorldSpec {
  /** Tickets seeded in Zendesk; the first `links` of them (by id) are linked. */
  tickets: number;
  links: number;
  /** Link only tickets that are not closed (closed tickets can take no more changes). */
  skipClosed: boolean;
  commentsPerTicket: number;
  /** Seeded attachments across all tickets (the first is larger than 10 MB). */
  attachments: number;
  syncMode: SyncMode;
  /** Jira issues per link for the baselines to write to (naive, naive by updated_at, incremental). */
  mirrors: number;
  /**
   * Create each Jira issue already matching its ticket (mapped fields and status category), as
   * a long-synced install has them, so the warm-up only records state instead of writing.
   */
  inSync: boolean;
  timeScale: number;
  jiraPerSecond?: number;
}

export interface LinkedPair {
  ticketId: number;
  issueId: string;
  issueKey: string;
  /** The baselines' own copies of the issue (never linked in the app), one per baseline. */
  mirrors: string[];
}

export interface World {
  bs: BenchStack;
  spec: WorldSpec;
  item: SmartItem;
  pairs: LinkedPair[];
  /** Zendesk custom field "Customer reference" (text), mapped to JIRA_REFERENCE_FIELD. */
  referenceFieldId: number;
  connection: ConnectionRecord;
  setupMs: number;
  warmUp: SyncReport | null;
}

const mapping = (
  zendeskFieldId: string,
  zendeskFieldLabel: string,
  jiraFieldId: string,
  jiraFieldName: string,
): FieldMapping => ({
  zendeskFieldId,
  zendeskFieldLabel,
  jiraFieldId,
  jiraFieldName,
  preview: true,
});

export function ticketItem(syncMode: SyncMode, referenceFieldId: number, at: string): SmartItem {
  return {
    id: ITEM_ID,
    name: 'Support tickets',
    syncMode,
    projectId: SUP.id,
    projectKey: SUP.key,
    projectName: SUP.name,
    issueTypeId: TASK.id,
    issueTypeName: TASK.name,
    zendeskObject: 'ticket',
    fields: [
      mapping('subject', 'Subject', 'summary', 'Summary'),
      mapping('description', 'Description', 'description', 'Description'),
      mapping('priority', 'Priority', 'priority', 'Priority'),
      mapping(String(referenceFieldId), 'Customer reference', JIRA_REFERENCE_FIELD, 'External reference'),
    ],
    features: { autoCreate: false, statusSync: true, commentSync: true, attachmentSync: true },
    createdAt: at,
    updatedAt: at,
  };
}

/** The connection as the admin page stores it after validating the admin's API token. */
export async function connectZendesk(bs: BenchStack, connectedAt: string): Promise<ConnectionRecord> {
  const zd = bs.stack.zendesk;
  const creds = zd.credentials.admin;
  const user = [...zd.state.users.values()].find((u) => u.email === creds.email);
  if (!user) throw new Error('the Zendesk seed has no admin');
  const connection: ConnectionRecord = {
    subdomain: zd.subdomain,
    email: creds.email,
    agent: { id: user.id, name: user.name, email: user.email, role: user.role },
    connectedAt,
  };
  await saveConnection(connection, creds.token);
  return connection;
}

/** The record of a manual link (bench scenarios write links straight to storage). */
export const linkRecord = manualLinkRecord;

/**
 * A Support-workflow status in the category the app maps the Zendesk status to
 * (docs/contracts/connector-rules.md § Status categories).
 */
export function jiraStatusFor(zendeskStatus: string): 'To Do' | 'In Progress' | 'Done' {
  if (zendeskStatus === 'new') return 'To Do';
  if (zendeskStatus === 'solved' || zendeskStatus === 'closed') return 'Done';
  return 'In Progress';
}

export function referenceFieldOf(bs: BenchStack): number {
  const field = bs.stack.zendesk.state.ticketFields.find((f) => f.title === 'Customer reference');
  if (!field) throw new Error('the Zendesk seed has no "Customer reference" field');
  return field.id;
}

export async function buildWorld(spec: WorldSpec, log: (line: string) => void): Promise<World> {
  const started = Date.now();
  const bs = await startBenchStack({
    timeScale: spec.timeScale,
    zendeskSeed: {
      tickets: spec.tickets,
      users: 60,
      agents: 3,
      organizations: 12,
      commentsPerTicket: spec.commentsPerTicket,
      attachments: spec.attachments,
      seed: 11,
    },
    ...(spec.jiraPerSecond !== undefined ? { jiraPerSecond: spec.jiraPerSecond } : {}),
  });
  bs.setupConditions();
  const zd = bs.stack.zendesk;
  const referenceFieldId = referenceFieldOf(bs);
  // Connected long before the seeded history, so the warm-up sees every ticket once.
  const connectedAt = new Date(zd.clock.now() - 400 * 86_400_000).toISOString();
  const connection = await connectZendesk(bs, connectedAt);
  const item = ticketItem(spec.syncMode, referenceFieldId, connectedAt);
  await saveItem(item);

  const ticketIds = [...zd.state.tickets.values()]
    .filter((t) => !spec.skipClosed || t.status !== 'closed')
    .map((t) => t.id)
    .sort((a, b) => a - b)
    .slice(0, spec.links);
  if (ticketIds.length < spec.links)
    throw new Error(`the seed has only ${ticketIds.length} tickets to link, ${spec.links} asked`);
  const pairs: LinkedPair[] = [];
  const now = new Date().toISOString();
  const jira = bs.stack.jira.control;
  // Written as the app account: Forge does not deliver the app's own events (ignoreSelf), so
  // setup leaves no event-handler work behind.
  const createFor = (ticketId: number, summary: string, inSync: boolean): { id: string; key: string } => {
    const ticket = zd.state.tickets.get(ticketId);
    if (!inSync || !ticket)
      return jira.createIssue('app', { project: { key: SUP.key }, issuetype: { id: TASK.id }, summary });
    const fields: Record<string, unknown> = {
      project: { key: SUP.key },
      issuetype: { id: TASK.id },
      summary: ticket.subject,
    };
    if (ticket.description.trim() !== '') fields.description = textToAdf(ticket.description);
    if (ticket.priority) fields.priority = { name: ZENDESK_TO_JIRA_PRIORITY[ticket.priority] };
    const reference = ticket.customFields.get(referenceFieldId);
    if (typeof reference === 'string' && reference !== '') fields[JIRA_REFERENCE_FIELD] = reference;
    const created = jira.createIssue('app', fields);
    const target = jiraStatusFor(ticket.status);
    if (target !== 'To Do') jira.transitionIssue('app', created.id, { status: target });
    return created;
  };
  for (const ticketId of ticketIds) {
    const issue = createFor(ticketId, `Escalated Zendesk ticket ${ticketId}`, spec.inSync);
    const pair: LinkedPair = { ticketId, issueId: issue.id, issueKey: issue.key, mirrors: [] };
    // The baselines' copies start where the app's issues are after the warm-up: in sync.
    for (let m = 0; m < spec.mirrors; m++)
      pair.mirrors.push(createFor(ticketId, `Baseline ${m} copy of Zendesk ticket ${ticketId}`, true).id);
    await saveLink(linkRecord(item.id, ticketId, issue, now));
    pairs.push(pair);
  }
  log(
    `  world: ${spec.tickets} tickets, ${pairs.length} links stored (${Date.now() - started} ms); warming up`,
  );
  // Issue-created events have no subscriber; nothing else is pending.
  await bs.stack.settle();
  bs.stack.emulator.clearCalls();
  const warmUp = await driveSync(bs, { maxScheduledRuns: 50 });
  if (!warmUp.complete) throw new Error(`warm-up did not catch up after ${warmUp.scheduledRuns} runs`);
  log(
    `  warm-up: ${warmUp.scheduledRuns} scheduled + ${warmUp.workerRuns} queue invocations (${warmUp.wallMs} ms)`,
  );
  return { bs, spec, item, pairs, referenceFieldId, connection, setupMs: Date.now() - started, warmUp };
}

/**
 * The ticket worlds of the steady, burst and growth rows: every seeded ticket linked, one seeded
 * file per 25 tickets (at least 5), two-way sync, no time scale.
 */
export function ticketWorld(
  o: { jiraPerSecond: number | undefined },
  shape: { links: number; comments: number; mirrors: number; inSync: boolean },
  log: (line: string) => void,
): Promise<World> {
  return buildWorld(
    {
      tickets: shape.links,
      links: shape.links,
      skipClosed: false,
      commentsPerTicket: shape.comments,
      attachments: Math.max(5, Math.round(shape.links / 25)),
      syncMode: 'twoWay',
      mirrors: shape.mirrors,
      inSync: shape.inSync,
      timeScale: 1,
      ...(o.jiraPerSecond !== undefined ? { jiraPerSecond: o.jiraPerSecond } : {}),
    },
    log,
  );
}
