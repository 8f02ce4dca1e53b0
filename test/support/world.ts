/**
 * Shared steps of the integration suites that drive the scheduled run: a clean world between
 * tests, "the next scheduled run" (five minutes later, the export's one-minute holdback
 * passed, events and queue deliveries settled), new tickets, and readers of what the two
 * simulators and the app's link index hold.
 */
import type { Stack } from '../../sandbox/stack';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import type { CursorRecord } from '../../src/storage/cursor';
import { CURSOR_KEY, linkKey, ticketIndexKey } from '../../src/storage/keys';
import type { ScheduledOutcome } from '../../src/sync/run/scheduler';
import { connectDirect } from './connection';
import { saveItems, supportTicketItem, zendeskHoursAgo } from './items';
import { elapse, FIVE_MINUTES_MS } from './time';

/** Empty simulators and storage, no faults left over (the platform's crash faults included). */
export function resetWorld(stack: Stack): void {
  stack.emulator.faults.clear();
  stack.zendesk.control.reset(false);
  stack.jira.control.reset();
  stack.emulator.storage.clear();
  stack.zendesk.faults.clear();
  stack.jira.faults.clear();
}

/** One scheduled run, five minutes after the previous one; returns its outcome. */
export async function nextScheduledRun(stack: Stack): Promise<{ status: string }> {
  stack.emulator.clock.advance(FIVE_MINUTES_MS);
  elapse(stack, FIVE_MINUTES_MS);
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok') throw new Error(`scheduled-sync ended with ${result.status}`);
  await stack.settle();
  return result.value as { status: string };
}

/** A new Zendesk ticket (its description `${subject} (description)` unless `extra` says); its id. */
export function newTicket(stack: Stack, subject: string, extra: Record<string, unknown> = {}): number {
  const created = stack.zendesk.control.createTicket({ subject, body: `${subject} (description)`, ...extra });
  return (created as { id: number }).id;
}

/** The issue's Jira comments as plain text, oldest first. */
export function jiraCommentTexts(stack: Stack, issueId: string): string[] {
  const ids = stack.jira.state.issues.get(issueId)?.commentIds ?? [];
  return ids.map((id) => adfToText(stack.jira.state.comments.get(id)?.body));
}

/** The issue's attachment file names, oldest first. */
export function jiraFileNames(stack: Stack, issueId: string): string[] {
  const ids = stack.jira.state.issues.get(issueId)?.attachmentIds ?? [];
  return ids.map((id) => stack.jira.state.attachments.get(id)?.filename ?? '');
}

/** A public reply from the ticket's requester, with a file when `file` names one. */
export function customerReply(stack: Stack, ticket: number, body: string, file?: string): void {
  stack.zendesk.control.addComment(ticket, {
    body,
    as: 'requester',
    ...(file ? { attachments: [{ fileName: file, data: `content of ${file}` }] } : {}),
  });
}

/** The comment listings (GET /api/v2/tickets/{id}/comments) among Zendesk's requests from `from` on. */
export function commentListingsSince(stack: Stack, from: number): string[] {
  return stack.zendesk.log
    .entries()
    .slice(from)
    .map((e) => `${e.method} ${e.path}`)
    .filter((r) => /^GET \/api\/v2\/tickets\/\d+\/comments$/.test(r));
}

/** The ticket's Zendesk comment bodies, oldest first. */
export function zendeskCommentTexts(stack: Stack, ticketId: number): string[] {
  return (stack.zendesk.control.comments(ticketId) as { body: string }[]).map((c) => c.body);
}

/** The links the app holds to one ticket, through its `ticket:{id}` index. */
export function linksOfTicket(stack: Stack, ticketId: number): LinkRecord[] {
  const refs = (stack.emulator.storage.get(ticketIndexKey(String(ticketId))) ?? []) as {
    itemId: string;
    issueId: string;
  }[];
  return refs.map((r) => stack.emulator.storage.get(linkKey(r.itemId, r.issueId)) as LinkRecord);
}

/** A clean world, connected to Zendesk (as its admin), holding exactly `items`. */
export function connectedWorld(stack: Stack, ...items: SmartItem[]): void {
  resetWorld(stack);
  connectDirect(stack);
  saveItems(stack, ...items);
}

/** The stored export cursor record (as the last run left it). */
export function storedCursor(stack: Stack): CursorRecord {
  return stack.emulator.storage.get(CURSOR_KEY) as CursorRecord;
}

/** A clean, connected world with one support-ticket item, `conv`, made an hour ago (Zendesk time). */
export function conversationWorld(stack: Stack): void {
  resetWorld(stack);
  connectedWorld(stack, supportTicketItem('conv', zendeskHoursAgo(stack)));
}

/**
 * One scheduled run now, after the export's one-minute holdback has passed on the Zendesk
 * clock; its outcome. (`nextScheduledRun` also lets five minutes pass and settles after.)
 */
export async function runScheduledSync(
  stack: Stack,
  options: { timeoutMs?: number } = {},
): Promise<ScheduledOutcome> {
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync', options);
  if (result.status !== 'ok')
    throw new Error(`scheduled-sync ended with ${result.status}: ${String(result.error)}`);
  return result.value as ScheduledOutcome;
}

/** The id of the Zendesk ticket field titled `title` (the `nth` of that title). */
export function ticketFieldId(stack: Stack, title: string, nth = 0): string {
  const found = stack.zendesk.state.ticketFields.filter((f) => f.title === title)[nth];
  if (!found) throw new Error(`no ticket field ${title}`);
  return String(found.id);
}
