/**
 * The Zendesk → Jira pass for one link, and for one changed ticket across all its links
 * (docs/sync-model.md). The scheduler, the queue consumer and the panel's Refresh all run
 * this same code: `syncTicketFromZendesk` for a ticket from the export, `syncLinkFromZendesk`
 * for one link.
 *
 * Every step writes only what differs from Jira's current value and from the per-link state,
 * so a second pass over the same ticket writes nothing.
 */
import type { LinkRecord, SmartItem, SyncProblem, ZendeskLinkRegistration } from '../domain/types';
import { adfToText } from '../jira/adf';
import { JiraApiError, JiraRateLimitedError } from '../jira/client';
import { attachmentsSchema, statusSchema, type JiraAttachment, type JiraComment, type JiraIssue } from '../jira/schemas';
import { linkKey } from '../storage/keys';
import { getTicketIndex, updateLink } from '../storage/links';
import { linkRecordSchema } from '../storage/records';
import { AppError } from '../util/errors';
import { ZendeskApiError, ZendeskRateLimitedError } from '../zendesk/errors';
import type { ZendeskComment, ZendeskTicket } from '../zendesk/schemas';
import {
  alreadyOnIssue,
  attachmentCandidates,
  attachmentNote,
  formatSize,
  MAX_ATTACHMENT_BYTES,
  notedAttachmentIds,
  type AttachmentCandidate,
  type NoteEntry,
  type SkipReason,
} from './attachments';
import { autoCreateIssue, applyClaimToState, deleteClaim, isAutoCreateCandidate, isRegistrationPending, readClaim, registerAutoLink } from './autoCreate';
import { copiedZendeskCommentIds, copyProperties, isFromJira, jiraCopyOfComment } from './comments';
import type { SyncContext } from './context';
import { desiredFields, mappedToJira } from './desiredFields';
import { comparableFromJira, sameComparable } from './fields';
import { errorText, mergeProblems, problem, sameProblems, withoutCodes, withProblem } from './problems';
import { emptyLinkStateRecord, fieldMemoryKey, fingerprint, kvsChunkStore, LinkState, linkStateKey, loadLinkState, parseLinkStateRecord } from './state';
import { decideStatus, pickTransition } from './status';

/** Writes per crash-safe batch: one pending-state write covers this many Jira writes at most. */
const COMMENTS_PER_BATCH = 10;
const ATTACHMENTS_PER_BATCH = 5;

/** Thrown when an upstream asks us to wait longer than the run can: the run stops, the ticket is deferred. */
export class RunStop extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    message: string,
  ) {
    super(message);
    this.name = 'RunStop';
  }
}

/** The ticket's processing failed (after trying every link); counts towards its retry limit. */
export class TicketFailed extends Error {
  constructor(
    readonly ticketId: string,
    message: string,
  ) {
    super(message);
    this.name = 'TicketFailed';
  }
}

export interface LinkPassOptions {
  /** Refresh: run every step even when the ticket did not change since the last pass. */
  force?: boolean;
  /** Preloaded state (the ticket path batch-reads them). */
  state?: LinkState;
  /** Auto-create just stored the link and its state: nothing to adopt from a claim. */
  justCreated?: boolean;
  /** Auto-create's Zendesk link registration, to store on the link with the pass's update. */
  registration?: ZendeskLinkRegistration;
}

export interface LinkPassResult {
  link: LinkRecord;
  /** False when the time budget ran out before all comments/attachments were copied. */
  complete: boolean;
}

function isRateLimit(error: unknown): error is JiraRateLimitedError | ZendeskRateLimitedError {
  return error instanceof JiraRateLimitedError || error instanceof ZendeskRateLimitedError;
}

/** 4xx other than 429: the request itself was refused; repeating it would fail the same way. */
function isRefusal(error: unknown): boolean {
  if (error instanceof JiraApiError || error instanceof ZendeskApiError) return error.status >= 400 && error.status < 500 && error.status !== 429;
  return error instanceof AppError;
}

function asStop(error: JiraRateLimitedError | ZendeskRateLimitedError): RunStop {
  const service = error instanceof JiraRateLimitedError ? 'Jira' : 'Zendesk';
  return new RunStop(error.retryAfterSeconds, `${service} rate limit: retry after ${error.retryAfterSeconds} s`);
}

function issueStatus(issue: JiraIssue): { id: string; name: string; category: string } | null {
  const parsed = statusSchema.safeParse(issue.fields.status);
  return parsed.success ? { id: parsed.data.id, name: parsed.data.name, category: parsed.data.statusCategory.key } : null;
}

function issueAttachments(issue: JiraIssue): JiraAttachment[] {
  const parsed = attachmentsSchema.safeParse(issue.fields.attachment ?? []);
  return parsed.success ? parsed.data : [];
}

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  return undefined;
}

// ---------- fields ----------

async function applyFields(link: LinkRecord, item: SmartItem, ticket: ZendeskTicket, issue: JiraIssue, state: LinkState, ctx: SyncContext, problems: SyncProblem[]): Promise<void> {
  if (mappedToJira(item).length === 0) return;
  const target = { projectId: idOf(issue.fields.project) ?? item.projectId, issueTypeId: idOf(issue.fields.issuetype) ?? item.issueTypeId };
  const { desired, problems: found } = await desiredFields(ticket, item, ctx, target);
  problems.push(...found);
  ctx.summary.add('limitations', found.length);
  const edits: Record<string, unknown> = {};
  const memory: Record<string, { z: string; j: string }> = {};
  const now = new Date().toISOString();
  for (const d of desired) {
    const key = fieldMemoryKey(d.mapping.zendeskFieldId, d.field.id);
    const current = comparableFromJira(issue.fields[d.field.id], d.field, adfToText);
    const want = fingerprint(d.comparable);
    if (sameComparable(current, d.comparable)) {
      const mem = state.record.fields[key];
      if (!mem || mem.z !== want || mem.j !== want) state.record.fields[key] = { z: want, j: want, by: mem?.by ?? 'toJira', at: mem?.at ?? now };
      continue;
    }
    const mem = state.record.fields[key];
    // Two-way: a Zendesk value unchanged since the last sync means Jira changed it; that
    // change travels to Zendesk through the Jira event, not back over it here.
    if (item.syncMode === 'twoWay' && mem !== undefined && mem.z === want) continue;
    edits[d.field.id] = d.value;
    memory[key] = { z: want, j: want };
  }
  const fieldIds = Object.keys(edits);
  if (fieldIds.length === 0) return;
  const refused = new Set<string>();
  try {
    await ctx.jira.editIssue(link.issueId, { fields: edits });
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (!(error instanceof JiraApiError) || !isRefusal(error)) throw error;
    const named = Object.keys(error.fieldErrors).filter((f) => f in edits);
    if (named.length === 0 || named.length === fieldIds.length) {
      problems.push(problem('error', 'FIELD_NOT_APPLIED', `Jira refused the field update (${fieldIds.join(', ')}): ${error.message}`, error));
      return;
    }
    // Apply what Jira accepts; report each refused field with Jira's own words.
    for (const f of named) {
      refused.add(f);
      problems.push(problem('error', 'FIELD_NOT_APPLIED', `Jira refused ${f}: ${error.fieldErrors[f] ?? error.message}`, error));
      delete edits[f];
    }
    try {
      await ctx.jira.editIssue(link.issueId, { fields: edits });
    } catch (retryError) {
      if (isRateLimit(retryError)) throw asStop(retryError);
      if (!isRefusal(retryError)) throw retryError;
      problems.push(problem('error', 'FIELD_NOT_APPLIED', `Jira refused the field update: ${errorText(retryError)}`, retryError));
      return;
    }
  }
  for (const d of desired) {
    const key = fieldMemoryKey(d.mapping.zendeskFieldId, d.field.id);
    const m = memory[key];
    if (!m || refused.has(d.field.id)) continue;
    state.record.fields[key] = { ...m, by: 'toJira', at: now };
    ctx.summary.add('fieldsApplied');
  }
}

// ---------- status ----------

async function applyStatus(link: LinkRecord, item: SmartItem, ticket: ZendeskTicket, issue: JiraIssue, state: LinkState, ctx: SyncContext, problems: SyncProblem[]): Promise<void> {
  const current = issueStatus(issue);
  if (!current) return;
  const hold = state.record.hold;
  if (hold) {
    if (hold.jiraStatusId === '') {
      // First look at a freshly auto-created issue: remember the status it started in.
      state.record.hold = { ...hold, jiraStatusId: current.id };
    } else if (ticket.status !== hold.zendeskStatus || current.id !== hold.jiraStatusId) {
      // A later status change on either side ends the initial-status safeguard (seed 001).
      delete state.record.hold;
    }
  }
  const mode = item.syncMode === 'twoWay' ? 'twoWay' : 'oneWay';
  const decision = decideStatus({
    zendeskStatus: ticket.status,
    jiraCategory: current.category,
    mode,
    held: state.record.hold !== undefined,
    lastZendeskStatus: state.record.status?.zendesk,
  });
  const now = new Date().toISOString();
  if (decision.action === 'none') {
    if (decision.reason === 'same-category' && (state.record.status?.zendesk !== ticket.status || state.record.status.jiraCategory !== current.category)) {
      state.record.status = { zendesk: ticket.status, jiraCategory: current.category, by: state.record.status?.by ?? 'toJira', at: now };
    }
    return;
  }
  let transitions;
  try {
    transitions = await ctx.jira.transitions(link.issueId);
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (!isRefusal(error)) throw error;
    problems.push(problem('error', 'STATUS_FAILED', `Could not read the issue's transitions: ${errorText(error)}`, error));
    return;
  }
  const chosen = pickTransition(transitions, decision.target, current.id);
  if (!chosen) {
    problems.push(
      problem(
        'limitation',
        'STATUS_NO_TRANSITION',
        `Zendesk status "${ticket.status}" needs a Jira status in category "${decision.target}", but no transition from "${current.name}" leads there`,
      ),
    );
    ctx.summary.add('limitations');
    return;
  }
  try {
    await ctx.jira.transition(link.issueId, chosen.id);
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (!isRefusal(error)) throw error;
    problems.push(problem('error', 'STATUS_FAILED', `Jira refused the transition "${chosen.name}": ${errorText(error)}`, error));
    return;
  }
  state.record.status = { zendesk: ticket.status, jiraCategory: decision.target, by: 'toJira', at: now };
  ctx.summary.add('statusesApplied');
}

// ---------- comments and attachments ----------

interface ConversationPlan {
  comments: ZendeskComment[];
  attachments: AttachmentCandidate[];
  /** Comment ids handled without a copy (connector-made, or the description). */
  handled: string[];
  /** Attachments found on Jira during recovery: note them without uploading again. */
  uploadedUnnoted: NoteEntry[];
}

function skipProblem(filename: string, size: number, reason: SkipReason): SyncProblem {
  return problem(
    'limitation',
    'ATTACHMENT_SKIPPED',
    reason === 'too-large'
      ? `${filename} (${formatSize(size)}) was not added: files above 10 MB are skipped`
      : `${filename} was not added: Zendesk flagged it as malware`,
  );
}

/**
 * Resolves an interrupted batch against what Jira already has (docs/sync-model.md § Crash
 * safety): copies and notes found on the issue are recorded, files found on the issue are
 * noted without a second upload, and skips already noted get their link problem back.
 */
async function recoverPending(
  link: LinkRecord,
  ticketId: string,
  issue: JiraIssue,
  state: LinkState,
  ctx: SyncContext,
  problems: SyncProblem[],
): Promise<NoteEntry[]> {
  const pending = state.record.fromZendesk.pending;
  if (!pending) return [];
  let jiraComments: JiraComment[] = [];
  if (pending.comments.length > 0 || pending.attachments.length > 0 || pending.skipped.length > 0) {
    jiraComments = await ctx.jira.comments(link.issueId);
  }
  const copied = copiedZendeskCommentIds(jiraComments, ticketId);
  const noted = notedAttachmentIds(jiraComments, ticketId);
  await state.zendeskComments.add(pending.comments.filter((id) => copied.has(id)));
  await state.zendeskAttachments.add([...pending.attachments, ...pending.skipped].map((a) => a.id).filter((id) => noted.has(id)));
  for (const s of pending.skipped) if (noted.has(s.id)) problems.push(skipProblem(s.filename, s.size, s.reason));
  const onIssue = issueAttachments(issue);
  const unnoted: NoteEntry[] = [];
  for (const a of pending.attachments) {
    if (noted.has(a.id)) continue;
    if (alreadyOnIssue(onIssue, a.filename, a.size)) unnoted.push({ id: a.id, filename: a.filename, size: a.size, skip: null });
  }
  delete state.record.fromZendesk.pending;
  return unnoted;
}

async function planConversation(
  link: LinkRecord,
  item: SmartItem,
  comments: ZendeskComment[],
  state: LinkState,
  ctx: SyncContext,
  uploadedUnnoted: NoteEntry[],
): Promise<ConversationPlan> {
  const agentId = ctx.connection.agent.id;
  // Authors to look up: those of comments we may copy (names) and of block-carrying comments
  // not written by the connected agent (to check they are agents).
  const candidates: ZendeskComment[] = [];
  for (const c of comments) if (!(await state.zendeskComments.has(c.id))) candidates.push(c);
  const authorIds = new Set<number>();
  for (const c of candidates) if (typeof c.author_id === 'number' && c.author_id !== agentId) authorIds.add(c.author_id);
  const users = authorIds.size > 0 ? await ctx.caches.usersById(authorIds) : ctx.caches.users;
  const agents = new Set<number>([agentId]);
  for (const [id, u] of users) if (u.role === 'agent' || u.role === 'admin') agents.add(id);
  const fromJira = (c: ZendeskComment) => isFromJira(c, agents);

  const plan: ConversationPlan = { comments: [], attachments: [], handled: [], uploadedUnnoted };
  if (item.features.commentSync) {
    // The first comment is the description; it already reached the issue when the issue was
    // auto-created or the description is a mapped field.
    const descriptionMapped = item.fields.some((f) => f.zendeskFieldId === 'description' && f.jiraFieldId);
    const skipFirst = link.origin === 'auto' || descriptionMapped;
    const firstId = comments[0]?.id;
    for (const c of candidates) {
      if (fromJira(c) || (skipFirst && c.id === firstId)) plan.handled.push(String(c.id));
      else plan.comments.push(c);
    }
  }
  if (item.features.attachmentSync) {
    const recovered = new Set(uploadedUnnoted.map((e) => e.id));
    for (const cand of attachmentCandidates(comments, fromJira)) {
      const id = String(cand.attachment.id);
      if (recovered.has(id) || (await state.zendeskAttachments.has(id))) continue;
      plan.attachments.push(cand);
    }
  }
  return plan;
}

function authorName(c: ZendeskComment, ctx: SyncContext): string {
  if (typeof c.author_id !== 'number') return 'Zendesk';
  if (c.author_id === ctx.connection.agent.id) return ctx.connection.agent.name;
  return ctx.caches.users.get(c.author_id)?.name ?? `Zendesk user ${c.author_id}`;
}

async function copyConversation(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  issue: JiraIssue,
  state: LinkState,
  ctx: SyncContext,
  problems: SyncProblem[],
  force: boolean,
): Promise<boolean> {
  const ticketId = String(ticket.id);
  const uploadedUnnoted = await recoverPending(link, ticketId, issue, state, ctx, problems);
  const comments = await ctx.zendesk.listComments(ticket.id);
  const plan = await planConversation(link, item, comments, state, ctx, uploadedUnnoted);
  await state.zendeskComments.add(plan.handled);

  let noteEntries: NoteEntry[] = plan.uploadedUnnoted;
  let first = true;
  while (plan.comments.length > 0 || plan.attachments.length > 0 || noteEntries.length > 0) {
    if (!first && !force && !ctx.budget.canProcess()) return false;
    first = false;
    const batchComments = plan.comments.splice(0, COMMENTS_PER_BATCH);
    const batchAttachments = plan.attachments.splice(0, ATTACHMENTS_PER_BATCH);
    const uploads = batchAttachments.filter((a) => a.skip === null);
    // W1: what this batch is about to write, saved before the first Jira write of the batch.
    state.record.fromZendesk.pending = {
      since: new Date().toISOString(),
      comments: batchComments.map((c) => String(c.id)),
      attachments: [
        ...uploads.map((a) => ({ id: String(a.attachment.id), filename: a.attachment.file_name, size: a.attachment.size })),
        ...noteEntries.map((e) => ({ id: e.id, filename: e.filename, size: e.size })),
      ],
      skipped: batchAttachments.flatMap((a) =>
        a.skip === null ? [] : [{ id: String(a.attachment.id), filename: a.attachment.file_name, size: a.attachment.size, reason: a.skip }],
      ),
    };
    await state.save();

    for (const c of batchComments) {
      try {
        await ctx.jira.addComment(link.issueId, jiraCopyOfComment(c, authorName(c, ctx), ticketId, ctx.zendeskBaseUrl), copyProperties(ticketId, c.id));
        ctx.summary.add('commentsCopied');
      } catch (error) {
        if (isRateLimit(error)) throw asStop(error);
        if (!isRefusal(error)) throw error;
        // Jira will refuse this comment every time (e.g. 413 per-issue limit): report, don't loop.
        problems.push(problem('error', 'COMMENT_FAILED', `Zendesk comment ${c.id} was not copied: ${errorText(error)}`, error));
      }
      await state.zendeskComments.add([c.id]);
    }

    const entries: NoteEntry[] = [...noteEntries];
    for (const a of batchAttachments) {
      const id = String(a.attachment.id);
      if (a.skip !== null) {
        entries.push({ id, filename: a.attachment.file_name, size: a.attachment.size, skip: a.skip });
        problems.push(skipProblem(a.attachment.file_name, a.attachment.size, a.skip));
        ctx.summary.add('skipped');
        continue;
      }
      try {
        const file = await ctx.zendesk.downloadAttachment(a.attachment.content_url, { maxBytes: MAX_ATTACHMENT_BYTES });
        await ctx.jira.addAttachment(link.issueId, a.attachment.file_name, file.bytes, a.attachment.content_type ?? file.contentType ?? 'application/octet-stream');
        entries.push({ id, filename: a.attachment.file_name, size: a.attachment.size, skip: null });
        ctx.summary.add('attachmentsCopied');
      } catch (error) {
        if (isRateLimit(error)) throw asStop(error);
        if (!isRefusal(error)) throw error;
        problems.push(problem('error', 'ATTACHMENT_FAILED', `${a.attachment.file_name} was not added: ${errorText(error)}`, error));
        await state.zendeskAttachments.add([id]);
      }
    }
    if (entries.length > 0) {
      try {
        await ctx.jira.addComment(link.issueId, attachmentNote(ticketId, entries));
      } catch (error) {
        if (isRateLimit(error)) throw asStop(error);
        if (!isRefusal(error)) throw error;
        problems.push(problem('error', 'ATTACHMENT_FAILED', `The note listing synchronized attachments was refused: ${errorText(error)}`, error));
      }
      await state.zendeskAttachments.add(entries.map((e) => e.id));
    }
    noteEntries = [];
    delete state.record.fromZendesk.pending;
    // W2 is the next batch's W1, or the pass's final save.
  }
  return true;
}

// ---------- the pass ----------

/** Problems of a finished pass: replaces this direction's problems, and clears a recorded failure. */
function nextProblems(existing: readonly SyncProblem[], fresh: SyncProblem[], passSucceeded: boolean): SyncProblem[] {
  return mergeProblems(passSucceeded ? withoutCodes(existing, ['SYNC_FAILED', 'SYNC_GAVE_UP']) : existing, fresh);
}

async function saveProblems(
  link: LinkRecord,
  fresh: SyncProblem[],
  issueKey: string,
  passSucceeded: boolean,
  registration?: ZendeskLinkRegistration,
): Promise<LinkRecord> {
  const problems = nextProblems(link.problems, fresh, passSucceeded);
  const sameRegistration = registration === undefined || JSON.stringify(registration) === JSON.stringify(link.zendeskLink);
  if (sameProblems(problems, link.problems) && issueKey === link.issueKey && sameRegistration) return link;
  const updated = await updateLink(link.itemId, link.issueId, (l) => ({
    ...l,
    issueKey,
    problems: nextProblems(l.problems, fresh, passSucceeded),
    ...(registration !== undefined ? { zendeskLink: registration } : {}),
    updatedAt: new Date().toISOString(),
  }));
  return updated ?? link;
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
  if (item.syncMode === 'none' || item.zendeskObject !== 'ticket' || link.zendeskObject !== 'ticket') return { link, complete: true };
  const state = options.state ?? (await loadLinkState(item.id, link.issueId));
  const from = state.record.fromZendesk;
  const ticketChanged = from.ticketUpdatedAt !== ticket.updated_at;
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

  const problems: SyncProblem[] = [];
  const fieldsToRead = new Set(['status', 'project', 'issuetype']);
  for (const m of mappedToJira(item)) fieldsToRead.add(m.jiraFieldId);
  if (item.features.attachmentSync) fieldsToRead.add('attachment');
  let issue: JiraIssue;
  try {
    issue = await ctx.jira.getIssue(link.issueId, [...fieldsToRead]);
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (error instanceof JiraApiError && (error.status === 404 || error.status === 403)) {
      const p = problem('error', 'ISSUE_NOT_FOUND', `Jira issue ${link.issueKey} cannot be read any more; nothing was synchronized`, error);
      return { link: await saveProblems(link, [p], link.issueKey, false), complete: true };
    }
    throw error;
  }

  await applyFields(link, item, ticket, issue, state, ctx, problems);
  if (item.features.statusSync) await applyStatus(link, item, ticket, issue, state, ctx, problems);
  let complete = true;
  if ((item.features.commentSync || item.features.attachmentSync) && (ticketChanged || from.pending || options.force || !state.existed)) {
    complete = await copyConversation(link, item, ticket, issue, state, ctx, problems, options.force === true);
  }
  // Problems first: until the state below is saved, a crash replays this pass and finds the
  // same problems again (merged, not doubled); the other order could lose them.
  let registration = options.registration;
  if (registration === undefined && link.origin === 'auto' && isRegistrationPending(link.zendeskLink)) {
    // The run that created the link ended before registering it in Zendesk.
    registration = await registerAutoLink(link, ctx);
  }
  const updated = await saveProblems(link, problems, issue.key, true, registration);
  if (complete) state.record.fromZendesk.ticketUpdatedAt = ticket.updated_at;
  state.record.failures.toJira = 0;
  if (!state.existed) state.markDirty();
  await state.save();
  return { link: updated, complete };
}

/** Records a failed pass on the link (problem with the upstream's words) and its state counter. */
async function recordLinkFailure(link: LinkRecord, error: unknown): Promise<void> {
  const p = problem('error', 'SYNC_FAILED', `Synchronizing from Zendesk failed: ${errorText(error)}`, error);
  try {
    await updateLink(link.itemId, link.issueId, (l) => ({ ...l, problems: withProblem(l.problems, p), updatedAt: new Date().toISOString() }));
    const state = await loadLinkState(link.itemId, link.issueId);
    state.record.failures.toJira += 1;
    state.record.failures.lastError = p.message;
    state.record.failures.lastAt = p.at;
    state.markDirty();
    await state.save();
  } catch {
    // Best effort: the run summary and the retry bookkeeping still carry the error.
  }
}

/**
 * The ticket's links for the synchronized items, found through the `ticket:{id}` index (never
 * a scan), and their states, read together in one batch. An unreadable state is left out so
 * that link's own pass reads it again and fails alone (STATE_INVALID).
 */
async function readTicketLinks(
  ticketId: string,
  items: readonly SmartItem[],
): Promise<{ links: LinkRecord[]; states: Map<string, LinkState>; unreadable: Set<string> }> {
  const refs = (await getTicketIndex(ticketId)).filter((r) => items.some((i) => i.id === r.itemId));
  const states = new Map<string, LinkState>();
  /** Items whose link exists but cannot be read: never auto-create a second issue for them. */
  const unreadable = new Set<string>();
  if (refs.length === 0) return { links: [], states, unreadable };
  const keys = refs.flatMap((r) => [linkKey(r.itemId, r.issueId), linkStateKey(r.itemId, r.issueId)]);
  const values = await kvsChunkStore.getMany(keys);
  const links: LinkRecord[] = [];
  for (const r of refs) {
    const raw = values.get(linkKey(r.itemId, r.issueId));
    // An index entry can outlive its link (deleted): nothing to sync for it.
    if (raw === undefined) continue;
    const parsed = linkRecordSchema.safeParse(raw);
    if (!parsed.success) {
      unreadable.add(r.itemId);
      continue;
    }
    if (parsed.data.zendeskObject !== 'ticket' || parsed.data.recordId !== ticketId) continue;
    links.push(parsed.data);
    const key = linkStateKey(r.itemId, r.issueId);
    const rawState = values.get(key);
    try {
      states.set(
        key,
        rawState === undefined
          ? new LinkState(r.itemId, r.issueId, emptyLinkStateRecord(), false)
          : new LinkState(r.itemId, r.issueId, parseLinkStateRecord(rawState, key), true),
      );
    } catch {
      // Left for the link's own pass to report.
    }
  }
  return { links, states, unreadable };
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
export async function syncTicketFromZendesk(ticket: ZendeskTicket, ctx: SyncContext): Promise<TicketResult> {
  ctx.summary.add('ticketsSeen');
  const ticketId = String(ticket.id);
  if (ticket.status === 'deleted') {
    ctx.summary.add('skipped');
    return { complete: true };
  }
  const items = await ctx.caches.syncItems();
  if (items.length === 0) return { complete: true };
  const { links, states, unreadable } = await readTicketLinks(ticketId, items);
  const failures: string[] = [];
  let complete = true;
  for (const item of items) {
    const link = links.find((l) => l.itemId === item.id);
    try {
      if (link) {
        const state = states.get(linkStateKey(item.id, link.issueId));
        const res = await syncLinkFromZendesk(link, item, ticket, ctx, state ? { state } : {});
        complete &&= res.complete;
      } else if (unreadable.has(item.id)) {
        throw new AppError('STATE_INVALID', `The stored link of ticket ${ticketId} for "${item.name}" is unreadable; nothing was synchronized for it`);
      } else if (isAutoCreateCandidate(ticket, item, ctx.connection.connectedAt)) {
        const createdLink = await autoCreateIssue(ticket, item, ctx);
        const res = await syncLinkFromZendesk(createdLink.link, item, ticket, ctx, {
          state: createdLink.state,
          justCreated: true,
          registration: createdLink.registration,
        });
        complete &&= res.complete;
      }
    } catch (error) {
      if (error instanceof RunStop) throw error;
      if (isRateLimit(error)) throw asStop(error);
      const message = errorText(error);
      failures.push(`${item.name}: ${message}`);
      ctx.summary.error(message, link ? { ticketId, issueKey: link.issueKey } : { ticketId });
      if (link) await recordLinkFailure(link, error);
    }
  }
  if (failures.length > 0) throw new TicketFailed(ticketId, failures.join('; '));
  return { complete };
}
