/**
 * The Zendesk → Jira pass for one link, and for one changed ticket across all its links
 * (docs/sync-model.md). The scheduler, the queue consumer and the panel's Refresh all run
 * this same code: `syncTicketFromZendesk` for a ticket from the export, `syncLinkFromZendesk`
 * for one link.
 *
 * Every step writes only what differs from Jira's current value and from the per-link state,
 * so a second pass over the same ticket writes nothing.
 */
import { isOwnEcho, recordSeen, updateIsSettled } from '../core/ownWrite';
import type {
  LinkRecord,
  PreviewValue,
  SmartItem,
  SyncProblem,
  ZendeskLinkRegistration,
} from '../../domain/types';
import { withHeadline } from '../../links/headline';
import { buildPreview, previewNeeds, referencedIds } from '../../links/preview';
import { JiraApiError } from '../../jira/errors';
import type { JiraIssue } from '../../jira/schemas';
import { linkLeaseKey } from '../../storage/keys';
import { getTicketIndex, updateLink } from '../../storage/links';
import { newWorkMark, nextAttemptAt, recordWork } from '../../storage/work';
import { AppError } from '../../util/errors';
import { newId } from '../../util/ids';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { applyFields } from './applyFields';
import { applyStatus } from './applyStatus';
import {
  autoCreateIssue,
  applyClaimToState,
  deleteClaim,
  isAutoCreateCandidate,
  isRegistrationPending,
  readClaim,
  registerAutoLink,
} from './autoCreate';
import type { SyncContext } from '../core/context';
import { copyConversation } from './conversation';
import { IssueView, ReadIssueFirst } from './issueView';
import { issueFieldsFor } from './jiraIssue';
import { withLinkLease, type LinkLeaseResult } from '../core/linkLease';
import { holdTicket, isPaused } from '../core/pause';
import { asConnectionLost, isConnectionLost } from '../lifecycle/connectionLost';
import { forgetIssueOfLink, issueConfirmedDeleted } from '../lifecycle/issueDeleted';
import { rekeyLink } from '../lifecycle/issueMoved';
import { isMergedTicket, recordTicketDeleted, recordTicketMerged } from '../lifecycle/ticketGone';
import { asStop, isRateLimit, RunStop, TicketFailed } from '../core/passErrors';
import { errorText, mergeProblems, problem, sameProblems, withoutCodes, withProblem } from '../core/problems';
import type { ChunkClaim } from '../core/runClaim';
import { kvsChunkStore, LinkState, linkStateKey, loadLinkState } from '../core/state';
import { linkAndStateKeys, ticketLinksFrom, type PreparedTicket, type TicketLinks } from './prepare';

// The panel and the runners import these from here.
export { RunStop, TicketFailed } from '../core/passErrors';

export interface LinkPassOptions {
  /** Refresh: run every step even when the ticket did not change since the last pass. */
  force?: boolean;
  /** Preloaded state (the ticket path batch-reads them). */
  state?: LinkState;
  /** Auto-create just stored the link and its state: nothing to adopt from a claim. */
  justCreated?: boolean;
  /** Auto-create's Zendesk link registration, to store on the link with the pass's update. */
  registration?: ZendeskLinkRegistration;
  /** The link was just found through its ticket's index (saves re-reading that index). */
  foundInTicketIndex?: boolean;
  /** Read the issue before deciding anything (set when a memory pass could not reach it). */
  readIssue?: boolean;
  /**
   * A time (ms) at or before which the ticket was read. Omitted for tickets from the
   * incremental export, which never returns a ticket updated in the last minute.
   */
  observedAtMs?: number;
  /**
   * The issue as the caller just read it with issueFieldsFor(item) (the panel's confirmed link,
   * whose preview was computed from this read): the pass decides from it instead of reading again.
   */
  issue?: JiraIssue;
}

export interface LinkPassResult {
  link: LinkRecord;
  /** False when the time budget ran out before all comments/attachments were copied. */
  complete: boolean;
}

/** Problems of a finished pass: replaces this direction's problems, and clears a recorded failure. */
function nextProblems(
  existing: readonly SyncProblem[],
  fresh: SyncProblem[],
  passSucceeded: boolean,
): SyncProblem[] {
  return mergeProblems(
    passSucceeded ? withoutCodes(existing, ['SYNC_FAILED', 'SYNC_GAVE_UP']) : existing,
    fresh,
  );
}

async function saveProblems(
  link: LinkRecord,
  fresh: SyncProblem[],
  issueKey: string,
  passSucceeded: boolean,
  registration?: ZendeskLinkRegistration,
  preview?: PreviewValue[],
  foundInTicketIndex = false,
): Promise<LinkRecord> {
  const problems = nextProblems(link.problems, fresh, passSucceeded);
  const sameRegistration =
    registration === undefined || JSON.stringify(registration) === JSON.stringify(link.zendeskLink);
  const samePreview = preview === undefined || JSON.stringify(preview) === JSON.stringify(link.preview);
  if (sameProblems(problems, link.problems) && issueKey === link.issueKey && sameRegistration && samePreview)
    return link;
  const now = new Date().toISOString();
  const updated = await updateLink(
    link.itemId,
    link.issueId,
    (l) => ({
      ...l,
      issueKey,
      problems: nextProblems(l.problems, fresh, passSucceeded),
      ...(registration !== undefined ? { zendeskLink: registration } : {}),
      ...(preview !== undefined && !samePreview ? { preview, previewAt: now } : {}),
      updatedAt: now,
    }),
    { foundInTicketIndex },
  );
  return updated ?? link;
}

/**
 * The panel's preview from the ticket the pass already holds, so cards of synced links
 * (auto-created ones included) stay current without a Refresh. Only the ticket field
 * catalog is read (once per run, when a custom field is previewed); people and
 * organizations show the names this run already knows.
 */
async function previewFromTicket(
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  shown: readonly PreviewValue[],
): Promise<PreviewValue[]> {
  const record = { kind: 'ticket' as const, ticket, observedAtMs: 0 };
  const fields = withHeadline('ticket', item.fields);
  const needs = previewNeeds('ticket', fields);
  const ticketFields = needs.ticketFields ? await ctx.caches.zendeskTicketFields() : undefined;
  const userNames = new Map([...ctx.caches.users.values()].map((u) => [u.id, u.name]));
  const catalog = { ...(ticketFields ? { ticketFields } : {}), userNames };
  // The card always shows the requester (headline.ts). A name the run does not know is kept
  // from the card as shown (Refresh re-reads it); only a card without one costs a show_many.
  const unknown = referencedIds(record, fields, catalog).users.filter((id) => !userNames.has(id));
  const preview = buildPreview(record, fields, catalog);
  if (unknown.length === 0) return preview;
  const kept = new Map(shown.map((p) => [p.fieldId, p.value]));
  const missing = preview.filter((p) => isUserField(p.fieldId) && !kept.has(p.fieldId));
  if (missing.length === 0) {
    return preview.map((p) => (isUserField(p.fieldId) ? { ...p, value: kept.get(p.fieldId) ?? p.value } : p));
  }
  const users = await ctx.caches.usersById(unknown).catch(() => ctx.caches.users);
  for (const u of users.values()) userNames.set(u.id, u.name);
  return buildPreview(record, fields, catalog);
}

/** Preview fields that show a person's name (standard ids; see src/links/preview.ts). */
function isUserField(fieldId: string): boolean {
  return /^(requester|submitter|assignee)(_id)?$/.test(fieldId);
}

/**
 * Whether the pass may decide from the ticket and the link's memory without reading the issue
 * (docs/sync-model.md § The per-link pass). Only for two-way links, where a Jira-side change
 * travels to Zendesk through its event and so never has to be found by reading; and only when
 * the memory is complete and nothing needs the issue itself: no interrupted batch to resolve
 * against Jira, no initial-status hold (it compares Jira's status), no recorded unreachable
 * issue to recheck, no Refresh (which compares everything).
 */
function decidesFromMemory(
  link: LinkRecord,
  item: SmartItem,
  state: LinkState,
  options: LinkPassOptions,
): boolean {
  return (
    item.syncMode === 'twoWay' &&
    options.force !== true &&
    options.readIssue !== true &&
    state.existed &&
    state.record.fromZendesk.pending === undefined &&
    state.record.hold === undefined &&
    !link.problems.some((p) => p.code === 'ISSUE_NOT_FOUND' || p.code === 'SYNC_FAILED')
  );
}

/**
 * Applies a ticket's Zendesk state to one linked Jira issue: mapped fields, status, comments
 * and attachments, each only when enabled and only when different. The panel's Refresh calls
 * this with `force: true`.
 */
export async function syncLinkFromZendesk(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  options: LinkPassOptions = {},
): Promise<LinkPassResult> {
  if (item.syncMode === 'none' || item.zendeskObject !== 'ticket' || link.zendeskObject !== 'ticket')
    return { link, complete: true };
  const state = options.state ?? (await loadLinkState(item.id, link.issueId));
  const from = state.record.fromZendesk;
  // The ticket as the app's own Jira → Zendesk write left it is no change either (core/ownWrite.ts).
  const ticketChanged =
    from.ticketUpdatedAt !== ticket.updated_at &&
    !isOwnEcho(state.record, ticket, updateIsSettled(ticket.updated_at, options.observedAtMs));
  if (!options.force && state.existed && !ticketChanged && !from.pending) return { link, complete: true };

  if (link.origin === 'auto' && !state.existed && !options.justCreated) {
    // Crash between storing the link and its state: finish what auto-create started. The
    // hold's baseline is the claim's ticket status, or the ticket's status now if the claim
    // was already deleted.
    const claim = await readClaim(item.id, link.recordId);
    applyClaimToState(state, claim ?? { ticketStatus: ticket.status, createdAt: link.createdAt });
    await state.save();
    if (claim) await deleteClaim(item.id, link.recordId);
  }

  const readIssue = () => ctx.jira.getIssue(link.issueId, issueFieldsFor(item));
  let view: IssueView;
  if (options.issue) {
    view = IssueView.read(options.issue);
  } else if (decidesFromMemory(link, item, state, options)) {
    view = IssueView.memory(() =>
      readIssue().catch((error: unknown) => {
        throw isRateLimit(error) ? asStop(error) : error;
      }),
    );
  } else {
    let issue: JiraIssue;
    try {
      issue = await readIssue();
    } catch (error) {
      if (isRateLimit(error)) throw asStop(error);
      if (error instanceof JiraApiError && error.status === 404 && (await issueConfirmedDeleted(link, ctx))) {
        await forgetIssueOfLink(link, ctx);
        return { link, complete: true };
      }
      if (error instanceof JiraApiError && (error.status === 404 || error.status === 403)) {
        const p = problem(
          'error',
          'ISSUE_NOT_FOUND',
          `Jira issue ${link.issueKey} cannot be read any more; nothing was synchronized`,
          error,
        );
        return { link: await saveProblems(link, [p], link.issueKey, false), complete: true };
      }
      throw error;
    }
    view = IssueView.read(issue);
  }

  const problems: SyncProblem[] = [];
  let complete = true;
  try {
    await applyFields(link, item, ticket, view, state, ctx, problems);
    if (item.features.statusSync) await applyStatus(link, item, ticket, view, state, ctx, problems);
    if (
      (item.features.commentSync || item.features.attachmentSync) &&
      (ticketChanged || from.pending || options.force || !state.existed)
    ) {
      complete = await copyConversation(
        link,
        item,
        ticket,
        view,
        state,
        ctx,
        problems,
        options.force === true,
      );
    }
  } catch (error) {
    if (!(error instanceof ReadIssueFirst)) throw error;
    // The memory pass met an issue it cannot reach: nothing of this step was recorded; the
    // same pass reading the issue first handles a deleted, hidden or moved issue.
    return syncLinkFromZendesk(link, item, ticket, ctx, { ...options, state, readIssue: true });
  }
  // Problems first: until the state below is saved, a crash replays this pass and finds the
  // same problems again (merged, not doubled); the other order could lose them.
  let registration = options.registration;
  // A memory pass that read nothing does not learn the key: a move is then found by the move
  // event, the panel, or the next pass that reads the issue.
  const seenKey = view.seenKey;
  let issueKey = seenKey ?? link.issueKey;
  if (registration === undefined && link.origin === 'auto' && isRegistrationPending(link.zendeskLink)) {
    // The run that created the link ended before registering it in Zendesk.
    registration = await registerAutoLink(link, ctx);
  } else if (registration === undefined && seenKey !== undefined && seenKey !== link.issueKey) {
    // The issue moved: lifecycle/issueMoved.ts replaces the Zendesk link (crash-safe).
    ({ registration, issueKey } = await rekeyLink(link, seenKey, ctx));
  }
  const preview = await previewFromTicket(item, ticket, ctx, link.preview);
  const updated = await saveProblems(
    link,
    problems,
    issueKey,
    true,
    registration,
    preview,
    options.foundInTicketIndex,
  );
  if (complete && updateIsSettled(ticket.updated_at, options.observedAtMs)) recordSeen(state.record, ticket);
  state.record.failures.toJira = 0;
  if (!state.existed) state.markDirty();
  await state.save();
  return { link: updated, complete };
}

/** Records a failed pass on the link (problem with the upstream's words) and its state counter. */
export async function recordLinkFailure(link: LinkRecord, error: unknown): Promise<void> {
  const p = problem('error', 'SYNC_FAILED', `Synchronizing from Zendesk failed: ${errorText(error)}`, error);
  try {
    await updateLink(link.itemId, link.issueId, (l) => ({
      ...l,
      problems: withProblem(l.problems, p),
      updatedAt: new Date().toISOString(),
    }));
    const state = await loadLinkState(link.itemId, link.issueId);
    state.record.failures.toJira += 1;
    state.record.failures.lastError = p.message;
    state.record.failures.lastAt = p.at;
    state.markDirty();
    await state.save();
  } catch {
    // Best effort: the work mark and the run summary still carry the error.
  }
}

/** The source id of a Zendesk → Jira need: one per version of the ticket. */
export function ticketWorkSource(ticket: Pick<ZendeskTicket, 'updated_at'>): string {
  const ms = Date.parse(ticket.updated_at);
  return Number.isFinite(ms) ? `ticket-${ms}` : `ticket-${newId()}`;
}

/**
 * Leaves the link's pass for later, durably: another writer holds the link, or the pass
 * failed (then with the error and a back-off). The drain of the next scheduled run delivers it.
 */
export async function deferLinkPass(link: LinkRecord, ticket: ZendeskTicket, error?: unknown): Promise<void> {
  const mark = newWorkMark({ ticketId: String(ticket.id) });
  if (error !== undefined) {
    mark.attempts = 1;
    mark.nextAt = nextAttemptAt(1, Date.now());
    mark.lastError = errorText(error).slice(0, 1000);
  }
  await recordWork([
    {
      itemId: link.itemId,
      issueId: link.issueId,
      direction: 'toJira',
      source: ticketWorkSource(ticket),
      mark,
    },
  ]);
}

/**
 * The link's pass by its one writer. A failure is recorded on the link while still its only
 * writer, except run-wide stops (rate limit, lost connection), which are the run's to report.
 */
async function passAsWriter(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<LinkPassResult> {
  try {
    return await syncLinkFromZendesk(link, item, ticket, ctx, options);
  } catch (error) {
    if (!(error instanceof RunStop) && !isRateLimit(error) && !isConnectionLost(error))
      await recordLinkFailure(link, error);
    throw error;
  }
}

/**
 * The link's pass holding the link's lease; `{ok:false}` when another writer holds it. The
 * state read right after taking the lease replaces any read before it (a writer that held the
 * link meanwhile may have saved a newer one).
 */
export function leasedLinkPass(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<LinkLeaseResult<LinkPassResult>> {
  return withLinkLease(link, ctx, (read) => {
    // Auto-create hands over a state not stored yet (with its initial-status hold).
    const fresh = options.justCreated === true && read.state?.existed !== true ? undefined : read.state;
    const state = fresh ?? options.state;
    return passAsWriter(link, item, ticket, ctx, { ...options, ...(state ? { state } : {}) });
  });
}

/** The pass for one link, holding the link's lease; recorded for later when the link is busy. */
export async function passUnderLease(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<LinkPassResult> {
  if (isPaused(item)) {
    // Paused by the admin: no write; the change waits as the link's work until Resume.
    await deferLinkPass(link, ticket);
    ctx.summary.add('skipped');
    return { link, complete: true };
  }
  const leased = await leasedLinkPass(link, item, ticket, ctx, options);
  if (leased.ok) return leased.value;
  await deferLinkPass(link, ticket);
  ctx.summary.add('skipped');
  return { link, complete: true };
}

/**
 * The ticket's links for the synchronized items, found through the `ticket:{id}` index (never
 * a scan), and their states, read together in one batch. An unreadable state is left out so
 * that link's own pass reads it again and fails alone (STATE_INVALID).
 */
async function readTicketLinks(ticketId: string, items: readonly SmartItem[]): Promise<TicketLinks> {
  const refs = (await getTicketIndex(ticketId)).filter((r) => items.some((i) => i.id === r.itemId));
  if (refs.length === 0) return { links: [], states: new Map(), unreadable: new Set() };
  return ticketLinksFrom(ticketId, refs, await kvsChunkStore.getMany(linkAndStateKeys(refs)));
}

/**
 * One link's pass for a changed ticket: under the run's claim when the chunk claimed it free
 * (no lease of its own), recorded for the drain when another writer holds it, else holding
 * the link's own lease.
 */
async function passForTicket(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  options: LinkPassOptions,
  claim: ChunkClaim | undefined,
): Promise<LinkPassResult> {
  const key = linkLeaseKey(link.itemId, link.issueId);
  // A paused item's change waits as the link's work (passUnderLease records it).
  if (claim?.free.has(key) && !isPaused(item)) return passAsWriter(link, item, ticket, ctx, options);
  if (claim?.busy.has(key)) {
    await deferLinkPass(link, ticket);
    ctx.summary.add('skipped');
    return { link, complete: true };
  }
  return passUnderLease(link, item, ticket, ctx, options);
}

export interface TicketResult {
  /** False: the budget ran out inside this ticket; it must be processed again. */
  complete: boolean;
}

/**
 * One changed ticket: its links through the `ticket:{id}` index, each synchronized item's
 * pass, and auto-create for items without a link. Failures of one link do not stop the
 * others; if any failed, TicketFailed is thrown afterwards. A rate limit stops at once (RunStop).
 */
export async function syncTicketFromZendesk(
  ticket: ZendeskTicket,
  ctx: SyncContext,
  observedAtMs?: number,
  prepared?: PreparedTicket,
): Promise<TicketResult> {
  const observed = observedAtMs === undefined ? {} : { observedAtMs };
  ctx.summary.add('ticketsSeen');
  const ticketId = String(ticket.id);
  if (ticket.status === 'deleted') {
    ctx.summary.add('skipped');
    await recordTicketDeleted(ticket, ctx);
    return { complete: true };
  }
  if (isMergedTicket(ticket)) await recordTicketMerged(ticket, ctx);
  const items = await ctx.caches.syncItems();
  if (items.length === 0) return { complete: true };
  const { links, states, unreadable } = prepared ?? (await readTicketLinks(ticketId, items));
  const failures: string[] = [];
  let complete = true;
  for (const item of items) {
    const link = links.find((l) => l.itemId === item.id);
    try {
      if (link) {
        const state = states.get(linkStateKey(item.id, link.issueId));
        const options = { ...observed, ...(state ? { state } : {}), foundInTicketIndex: true };
        const res = await passForTicket(link, item, ticket, ctx, options, prepared?.claim);
        complete &&= res.complete;
      } else if (unreadable.has(item.id)) {
        throw new AppError(
          'STATE_INVALID',
          `The stored link of ticket ${ticketId} for "${item.name}" is unreadable; nothing was synchronized for it`,
        );
      } else if (isAutoCreateCandidate(ticket, item, ctx.connection.connectedAt)) {
        if (isPaused(item)) {
          // Created when the admin resumes the item (the ticket goes to the queue then).
          await holdTicket(item.id, ticketId);
          ctx.summary.add('skipped');
          continue;
        }
        const createdLink = await autoCreateIssue(ticket, item, ctx);
        const res = await passUnderLease(createdLink.link, item, ticket, ctx, {
          ...observed,
          state: createdLink.state,
          justCreated: true,
          registration: createdLink.registration,
        });
        complete &&= res.complete;
      }
    } catch (error) {
      if (error instanceof RunStop) throw error;
      if (isRateLimit(error)) throw asStop(error);
      if (isConnectionLost(error)) throw asConnectionLost(error);
      const message = errorText(error);
      ctx.summary.error(
        message,
        link ? { ticketId, issueKey: link.issueKey, itemId: item.id } : { ticketId, itemId: item.id },
      );
      if (!link) {
        // No link to hang the work on (auto-create failed): the ticket's retry entry carries it.
        failures.push(`${item.name}: ${message}`);
        continue;
      }
      try {
        // The link's own durable work, retried with back-off until delivered, never parked.
        await deferLinkPass(link, ticket, error);
      } catch {
        failures.push(`${item.name}: ${message}`);
      }
    }
  }
  if (failures.length > 0) throw new TicketFailed(ticketId, failures.join('; '));
  return { complete };
}
