/**
 * The Zendesk → Jira pass for one link (docs/sync-model.md § The per-link pass), as named phases
 * over one pass object (`LinkPass`):
 *
 *   unchanged?  the ticket is as the last complete pass (or the app's own write) left it: no call
 *   adopt       finish what auto-create started when it stopped before storing the state
 *   open view   read the issue, or decide from the link's memory (issueView.ts)
 *   steps       fields, status, conversation: each only when enabled, each writes only what differs
 *   record      problems and facts on the link (passRecord.ts), then the state
 *
 * The scheduler, the queue consumer, the drain and the panel's Refresh all run this same code.
 */
import type { LinkRecord, SmartItem, SyncProblem, ZendeskLinkRegistration } from '../../domain/types';
import { JiraApiError } from '../../jira/errors';
import type { JiraIssue } from '../../jira/schemas';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { deleteClaim, readClaim } from '../../storage/claims';
import type { SyncContext } from '../core/context';
import { isOwnEcho, recordSeen, updateIsSettled } from '../core/ownWrite';
import { asStop, isRateLimit } from '../core/passErrors';
import { problem } from '../core/problems';
import { loadLinkState, type LinkState } from '../core/state';
import { forgetIssueOfLink, issueConfirmedDeleted } from '../lifecycle/issueDeleted';
import { rekeyLink } from '../lifecycle/issueMoved';
import { applyFields } from './applyFields';
import { applyStatus } from './applyStatus';
import { applyClaimToState, isRegistrationPending, registerAutoLink } from './autoCreate';
import { secondsOf, type FeedOutcome } from './commentFeed';
import { copyConversation } from './conversation';
import { IssueView, ReadIssueFirst } from './issueView';
import { issueFieldsFor } from './jiraIssue';
import { previewFromTicket, recordOnLink } from './passRecord';

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
  /** What the chunk's bulk read already holds of the issue (prefetch.ts). */
  prefetched?: PrefetchedIssue;
}

/** Reads of the issue made for a whole chunk of tickets in bulk (prefetch.ts). */
export interface PrefetchedIssue {
  /** The issue with the fields a reading pass asks for (`issueFieldsFor`). */
  full?: JiraIssue;
  /** Its status with the transitions available from it (a memory pass about to move it). */
  status?: JiraIssue;
}

export interface LinkPassResult {
  link: LinkRecord;
  /** False when the time budget ran out before all comments/attachments were copied. */
  complete: boolean;
  /** How the pass left the ticket's comments, for the comment feed (commentFeed.ts). */
  feed: FeedOutcome;
}

/** What one link's pass is about: the link, its item and the ticket as it was read. */
export interface LinkSubject {
  readonly link: LinkRecord;
  readonly item: SmartItem;
  readonly ticket: ZendeskTicket;
}

/** One link's pass over one ticket snapshot: what every step reads and writes. */
export interface LinkPass extends LinkSubject {
  readonly ctx: SyncContext;
  readonly state: LinkState;
  readonly view: IssueView;
  /** Problems the steps find; written on the link when the pass ends. */
  readonly problems: SyncProblem[];
  /** Refresh: the conversation copy ignores the time budget. */
  readonly force: boolean;
  readonly prefetched: PrefetchedIssue;
}

/** The ticket changed since the link's last complete pass (the app's own write is no change). */
export function ticketChanged(state: LinkState, ticket: ZendeskTicket, observedAtMs?: number): boolean {
  const from = state.record.fromZendesk;
  return (
    from.ticketUpdatedAt !== ticket.updated_at &&
    !isOwnEcho(state.record, ticket, updateIsSettled(ticket.updated_at, observedAtMs))
  );
}

/** Whether a pass with `options` does any work at all (anything else returns at once). */
export function passWillRun(state: LinkState, ticket: ZendeskTicket, options: LinkPassOptions): boolean {
  return (
    options.force === true ||
    !state.existed ||
    state.record.fromZendesk.pending !== undefined ||
    ticketChanged(state, ticket, options.observedAtMs)
  );
}

/**
 * Whether the pass may decide from the ticket and the link's memory without reading the issue
 * (docs/sync-model.md § The per-link pass). Only for two-way links, where a Jira-side change
 * travels to Zendesk through its event and so never has to be found by reading; and only when
 * the memory is complete and nothing needs the issue itself: no interrupted batch to resolve
 * against Jira, no initial-status hold (it compares Jira's status), no recorded unreachable
 * issue to recheck, no Refresh (which compares everything).
 */
export function decidesFromMemory(
  { link, item, state }: { link: LinkRecord; item: SmartItem; state: LinkState },
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

/** Adopt: the run that auto-created the link stopped between storing the link and its state. */
async function adoptAutoCreate({ link, item, ticket }: LinkSubject, state: LinkState): Promise<void> {
  // The hold's baseline is the claim's ticket status, or the ticket's status now if the claim
  // was already deleted.
  const claim = await readClaim(item.id, link.recordId);
  applyClaimToState(state, claim ?? { ticketStatus: ticket.status, createdAt: link.createdAt });
  await state.save();
  if (claim) await deleteClaim(item.id, link.recordId);
}

/**
 * Open view: the issue as this pass knows it. A reading pass that finds the issue gone or hidden
 * ends here with the link's problem (or its removal, when the issue is really deleted).
 */
async function openView(
  { link, item, state }: { link: LinkRecord; item: SmartItem; state: LinkState },
  ctx: SyncContext,
  options: LinkPassOptions,
): Promise<IssueView | LinkPassResult> {
  const readIssue = () => ctx.jira.getIssue(link.issueId, issueFieldsFor(item));
  const prefetched = options.prefetched?.full;
  if (options.issue) return IssueView.read(options.issue);
  if (decidesFromMemory({ link, item, state }, options)) {
    return IssueView.memory(
      () =>
        readIssue().catch((error: unknown) => {
          throw isRateLimit(error) ? asStop(error) : error;
        }),
      prefetched,
    );
  }
  if (prefetched && options.readIssue !== true) return IssueView.read(prefetched);
  try {
    return IssueView.read(await readIssue());
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (error instanceof JiraApiError && error.status === 404 && (await issueConfirmedDeleted(link, ctx))) {
      await forgetIssueOfLink(link, ctx);
      return { link, complete: true, feed: 'window' };
    }
    if (error instanceof JiraApiError && (error.status === 404 || error.status === 403)) {
      const p = problem(
        'error',
        'ISSUE_NOT_FOUND',
        `Jira issue ${link.issueKey} cannot be read any more; nothing was synchronized`,
        error,
      );
      return {
        link: await recordOnLink(link, { problems: [p], issueKey: link.issueKey, outcome: 'failed' }),
        complete: true,
        feed: 'none',
      };
    }
    throw error;
  }
}

/** Steps: fields, status, then comments and attachments, each when enabled. */
async function runSteps(
  pass: LinkPass,
  options: LinkPassOptions,
): Promise<{ complete: boolean; feed: FeedOutcome }> {
  const { item, state } = pass;
  // Before any step writes: whether the ticket changed since the link's last complete pass.
  const changed = ticketChanged(state, pass.ticket, options.observedAtMs);
  await applyFields(pass);
  if (item.features.statusSync) await applyStatus(pass);
  if (!item.features.commentSync && !item.features.attachmentSync) {
    // No comment memory is kept while nothing is copied: when copying is turned on, the first
    // copy lists the comments since the last copy instead of trusting the ticket event feed.
    if (state.record.fromZendesk.commentsBefore !== undefined) {
      delete state.record.fromZendesk.commentsBefore;
      state.markDirty();
    }
    return { complete: true, feed: 'window' };
  }
  const from = state.record.fromZendesk;
  if (!(changed || from.pending || pass.force || !state.existed))
    return { complete: true, feed: { through: secondsOf(pass.ticket.updated_at) } };
  return copyConversation(pass);
}

/** Record: problems and facts on the link first, then the state. */
async function recordPass(
  pass: LinkPass,
  options: LinkPassOptions,
  { complete }: { complete: boolean },
): Promise<LinkRecord> {
  const { link, item, ticket, ctx, state, view } = pass;
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
  const updated = await recordOnLink(link, {
    problems: pass.problems,
    issueKey,
    ...(registration !== undefined ? { registration } : {}),
    preview,
    foundInTicketIndex: options.foundInTicketIndex === true,
    outcome: 'succeeded',
  });
  if (complete && updateIsSettled(ticket.updated_at, options.observedAtMs)) recordSeen(state.record, ticket);
  state.record.failures.toJira = 0;
  if (!state.existed) state.markDirty();
  await state.save();
  return updated;
}

/**
 * Applies a ticket's Zendesk state to one linked Jira issue: mapped fields, status, comments
 * and attachments, each only when enabled and only when different. The panel's Refresh calls
 * this with `force: true`.
 */
export async function syncLinkFromZendesk(
  subject: LinkSubject,
  ctx: SyncContext,
  options: LinkPassOptions = {},
): Promise<LinkPassResult> {
  const { link, item, ticket } = subject;
  if (item.syncMode === 'none' || item.zendeskObject !== 'ticket' || link.zendeskObject !== 'ticket')
    return { link, complete: true, feed: 'window' };
  const state = options.state ?? (await loadLinkState(item.id, link.issueId));
  if (!passWillRun(state, ticket, options))
    return { link, complete: true, feed: { through: secondsOf(ticket.updated_at) } };
  if (link.origin === 'auto' && !state.existed && !options.justCreated) await adoptAutoCreate(subject, state);

  const view = await openView({ link, item, state }, ctx, options);
  if (!(view instanceof IssueView)) return view;
  const pass: LinkPass = {
    link,
    item,
    ticket,
    ctx,
    state,
    view,
    problems: [],
    force: options.force === true,
    prefetched: options.readIssue === true ? {} : (options.prefetched ?? {}),
  };
  let steps: { complete: boolean; feed: FeedOutcome };
  try {
    steps = await runSteps(pass, options);
  } catch (error) {
    if (!(error instanceof ReadIssueFirst)) throw error;
    // The memory pass met an issue it cannot reach: nothing of this step was recorded; the
    // same pass reading the issue first handles a deleted, hidden or moved issue.
    return syncLinkFromZendesk(subject, ctx, { ...options, state, readIssue: true });
  }
  const updated = await recordPass(pass, options, steps);
  return { link: updated, complete: steps.complete, feed: steps.complete ? steps.feed : 'none' };
}
