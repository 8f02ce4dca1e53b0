/**
 * Comments and attachments of one link (docs/sync-model.md § Comments, § Attachments, § Crash
 * safety): which Zendesk comments and files go to Jira, in batches each announced in the link
 * state (`pending`) before its first Jira write, and how an interrupted batch is resolved
 * against what Jira already has.
 */
import type { LinkRecord, SmartItem, SyncProblem } from '../../domain/types';
import type { JiraAttachment, JiraComment, JiraIssue } from '../../jira/schemas';
import type { IssueView } from './issueView';
import type { ZendeskComment, ZendeskTicket } from '../../zendesk/schemas';
import { isAllowedAttachmentUrl } from '../../zendesk/client';
import {
  attachmentCandidates,
  attachmentNote,
  notedAttachmentIds,
  type AttachmentCandidate,
  type NoteEntry,
  type SkipReason,
} from './attachments';
import { formatSize, MAX_ATTACHMENT_BYTES } from '../core/fileSize';
import {
  copiedZendeskCommentIds,
  copyProperties,
  copyVisibility,
  isFromJira,
  jiraCopyOfComment,
} from './comments';
import type { SyncContext } from '../core/context';
import { issueAttachments } from './jiraIssue';
import { errorText, problem } from '../core/problems';
import type { LinkState } from '../core/state';

/** Writes per crash-safe batch: one pending-state write covers this many Jira writes at most. */
const COMMENTS_PER_BATCH = 10;
const ATTACHMENTS_PER_BATCH = 5;

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
      : reason === 'malware'
        ? `${filename} was not added: Zendesk flagged it as malware`
        : `${filename} was not added: its download address is not an allowed Zendesk attachment host`,
  );
}

/** Numeric order of Jira ids ("10010" after "9999"). */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** The app's own attachments on the issue created after `watermark`, oldest first. */
function uploadedSince(
  onIssue: readonly JiraAttachment[],
  watermark: string | undefined,
  appAccountId: string,
): JiraAttachment[] {
  return onIssue
    .filter((a) => a.author?.accountId === appAccountId)
    .filter((a) => watermark === undefined || compareIds(a.id, watermark) > 0)
    .sort((a, b) => compareIds(a.id, b.id));
}

/** The highest attachment id on the issue now (before a batch uploads). */
function attachmentWatermark(issue: JiraIssue): string | undefined {
  return issueAttachments(issue)
    .map((a) => a.id)
    .sort(compareIds)
    .at(-1);
}

/**
 * Resolves an interrupted batch against what Jira already has (docs/sync-model.md § Crash
 * safety): copies and notes found on the issue are recorded, files found on the issue are
 * noted without a second upload, and skips already noted get their link problem back.
 */
async function recoverPending(
  link: LinkRecord,
  ticketId: string,
  view: IssueView,
  state: LinkState,
  ctx: SyncContext,
  problems: SyncProblem[],
): Promise<NoteEntry[]> {
  const pending = state.record.fromZendesk.pending;
  if (!pending) return [];
  let jiraComments: JiraComment[] = [];
  let appAccountId = '';
  if (pending.comments.length > 0 || pending.attachments.length > 0 || pending.skipped.length > 0) {
    jiraComments = await ctx.jira.comments(link.issueId);
    appAccountId = await ctx.caches.appAccountId();
  }
  const mine = jiraComments.filter((c) => c.author?.accountId === appAccountId);
  const copied = copiedZendeskCommentIds(mine, ticketId, appAccountId);
  const noted = notedAttachmentIds(mine, ticketId);
  await state.zendeskComments.add(pending.comments.filter((id) => copied.has(id)));
  await state.zendeskAttachments.add(
    [...pending.attachments, ...pending.skipped].map((a) => a.id).filter((id) => noted.has(id)),
  );
  for (const s of pending.skipped)
    if (noted.has(s.id)) problems.push(skipProblem(s.filename, s.size, s.reason));
  const unnoted: NoteEntry[] = [];
  const onIssue = pending.attachments.length > 0 ? issueAttachments(await view.issue()) : [];
  const uploaded = uploadedSince(onIssue, pending.jiraWatermark, appAccountId);
  for (const a of pending.attachments) {
    if (noted.has(a.id)) continue;
    // Uploads ran one at a time in this order: the next of the app's newer attachments is
    // this one's copy if it has its name and size; otherwise this upload never happened.
    const next = uploaded[0];
    if (next && next.filename === a.filename && next.size === a.size) {
      uploaded.shift();
      unnoted.push({ id: a.id, filename: a.filename, size: a.size, skip: null });
    }
  }
  delete state.record.fromZendesk.pending;
  return unnoted;
}

/**
 * @param comments the comments newer than the last complete copy, oldest first
 * @param firstId the ticket's first comment (its description), when the listing reached it
 */
async function planConversation(
  link: LinkRecord,
  item: SmartItem,
  comments: ZendeskComment[],
  firstId: number | undefined,
  state: LinkState,
  ctx: SyncContext,
  uploadedUnnoted: NoteEntry[],
): Promise<ConversationPlan> {
  const agentId = ctx.connection.agent.id;
  // Authors to look up: those of comments we may copy (their names go into the copy).
  const candidates: ZendeskComment[] = [];
  for (const c of comments) if (!(await state.zendeskComments.has(c.id))) candidates.push(c);
  const authorIds = new Set<number>();
  for (const c of candidates)
    if (typeof c.author_id === 'number' && c.author_id !== agentId) authorIds.add(c.author_id);
  if (authorIds.size > 0) await ctx.caches.usersById(authorIds);
  const fromJira = (c: ZendeskComment) => isFromJira(c, agentId);

  const plan: ConversationPlan = { comments: [], attachments: [], handled: [], uploadedUnnoted };
  if (item.features.commentSync) {
    // The first comment is the description; it already reached the issue when the issue was
    // auto-created or the description is a mapped field.
    const descriptionMapped = item.fields.some((f) => f.zendeskFieldId === 'description' && f.jiraFieldId);
    const skipFirst = link.origin === 'auto' || descriptionMapped;
    for (const c of candidates) {
      if (fromJira(c) || (skipFirst && c.id === firstId)) plan.handled.push(String(c.id));
      else plan.comments.push(c);
    }
  }
  if (item.features.attachmentSync) {
    const recovered = new Set(uploadedUnnoted.map((e) => e.id));
    const downloadable = (contentUrl: string): boolean => {
      try {
        return isAllowedAttachmentUrl(new URL(contentUrl), ctx.connection.subdomain);
      } catch {
        return false;
      }
    };
    for (const cand of attachmentCandidates(comments, fromJira, downloadable)) {
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

export async function copyConversation(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  view: IssueView,
  state: LinkState,
  ctx: SyncContext,
  problems: SyncProblem[],
  force: boolean,
): Promise<boolean> {
  const ticketId = String(ticket.id);
  const uploadedUnnoted = await recoverPending(link, ticketId, view, state, ctx, problems);
  const { comments, firstId, newestId } = await newComments(ticket.id, state, ctx);
  const plan = await planConversation(link, item, comments, firstId, state, ctx, uploadedUnnoted);
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
    // A memory pass reads the issue here, once, only because files are about to be uploaded.
    const watermark = uploads.length > 0 ? attachmentWatermark(await view.issue()) : undefined;
    state.record.fromZendesk.pending = {
      since: new Date().toISOString(),
      ...(uploads.length > 0 && watermark !== undefined ? { jiraWatermark: watermark } : {}),
      comments: batchComments.map((c) => String(c.id)),
      attachments: [
        ...uploads.map((a) => ({
          id: String(a.attachment.id),
          filename: a.attachment.file_name,
          size: a.attachment.size,
        })),
        ...noteEntries.map((e) => ({ id: e.id, filename: e.filename, size: e.size })),
      ],
      skipped: batchAttachments.flatMap((a) =>
        a.skip === null
          ? []
          : [
              {
                id: String(a.attachment.id),
                filename: a.attachment.file_name,
                size: a.attachment.size,
                reason: a.skip,
              },
            ],
      ),
    };
    await state.save();

    for (const c of batchComments) {
      try {
        await ctx.jira.addComment(
          link.issueId,
          jiraCopyOfComment(c, authorName(c, ctx), ticketId, ctx.zendeskBaseUrl),
          copyProperties(ticketId, c),
          copyVisibility(c, item),
        );
        ctx.summary.add('commentsCopied');
      } catch (error) {
        view.throwUnlessRefusal(error);
        // Jira will refuse this comment every time (e.g. 413 per-issue limit): report, don't loop.
        problems.push(
          problem(
            'error',
            'COMMENT_FAILED',
            `Zendesk comment ${c.id} was not copied: ${errorText(error)}`,
            error,
          ),
        );
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
        const file = await ctx.zendesk.downloadAttachment(a.attachment.content_url, {
          maxBytes: MAX_ATTACHMENT_BYTES,
        });
        await ctx.jira.addAttachment(
          link.issueId,
          a.attachment.file_name,
          file.bytes,
          a.attachment.content_type ?? file.contentType ?? 'application/octet-stream',
        );
        entries.push({ id, filename: a.attachment.file_name, size: a.attachment.size, skip: null });
        ctx.summary.add('attachmentsCopied');
      } catch (error) {
        view.throwUnlessRefusal(error);
        problems.push(
          problem(
            'error',
            'ATTACHMENT_FAILED',
            `${a.attachment.file_name} was not added: ${errorText(error)}`,
            error,
          ),
        );
        await state.zendeskAttachments.add([id]);
      }
    }
    if (entries.length > 0) {
      try {
        await ctx.jira.addComment(link.issueId, attachmentNote(ticketId, entries));
      } catch (error) {
        view.throwUnlessRefusal(error);
        problems.push(
          problem(
            'error',
            'ATTACHMENT_FAILED',
            `The note listing synchronized attachments was refused: ${errorText(error)}`,
            error,
          ),
        );
      }
      await state.zendeskAttachments.add(entries.map((e) => e.id));
    }
    noteEntries = [];
    delete state.record.fromZendesk.pending;
    // W2 is the next batch's W1, or the pass's final save.
  }
  if (newestId !== undefined) state.record.fromZendesk.commentsThrough = newestId;
  return true;
}

/**
 * The comments added since the last complete copy, oldest first: the listing runs newest
 * first and stops at the page holding the remembered newest comment, so its cost does not grow
 * with the ticket's history. The side-loaded authors fill the run's user cache.
 */
async function newComments(
  ticketId: number,
  state: LinkState,
  ctx: SyncContext,
): Promise<{ comments: ZendeskComment[]; firstId: number | undefined; newestId: string | undefined }> {
  const through = state.record.fromZendesk.commentsThrough;
  const listed = await ctx.zendesk.listRecentComments(
    ticketId,
    (page) => through !== undefined && page.some((c) => String(c.id) === through),
  );
  for (const u of listed.users) ctx.caches.users.set(u.id, u);
  const done = through === undefined ? -1 : listed.comments.findIndex((c) => String(c.id) === through);
  const fresh = done >= 0 ? listed.comments.slice(0, done) : listed.comments;
  const comments = [...fresh].reverse();
  const newest = listed.comments[0];
  return {
    comments,
    // The description is the first comment; a listing cut at the remembered one has it done.
    firstId: listed.complete && done < 0 ? comments[0]?.id : undefined,
    newestId: newest === undefined ? through : String(newest.id),
  };
}
