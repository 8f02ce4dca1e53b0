/**
 * Comments and attachments of one link (docs/sync-model.md § Comments, § Attachments, § Crash
 * safety): which Zendesk comments and files go to Jira, in batches each announced in the link
 * state (`pending`) before its first Jira write. Where the new comments come from is
 * commentSource.ts; how an interrupted batch is resolved, recovery.ts.
 */
import type { ZendeskComment } from '../../zendesk/schemas';
import { isAllowedAttachmentUrl } from '../../zendesk/client';
import {
  attachmentCandidates,
  attachmentNote,
  type AttachmentCandidate,
  type NoteEntry,
} from './attachments';
import { MAX_ATTACHMENT_BYTES } from '../core/fileSize';
import { copyProperties, copyVisibility, isFromJira, jiraCopyOfComment } from './comments';
import type { SyncContext } from '../core/context';
import type { FeedOutcome } from './commentFeed';
import { newComments } from './commentSource';
import type { LinkPass } from './linkPass';
import { errorText, problem } from '../core/problems';
import {
  attachmentWatermark,
  batchWatermark,
  recoverPending,
  rememberAttachments,
  skipProblem,
} from './recovery';

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

/**
 * @param comments the comments newer than the last complete copy, oldest first
 * @param firstId the ticket's first comment (its description), when the listing reached it
 */
async function planConversation(
  pass: LinkPass,
  comments: ZendeskComment[],
  firstId: number | undefined,
  uploadedUnnoted: NoteEntry[],
): Promise<ConversationPlan> {
  const { link, item, state, ctx } = pass;
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

/**
 * Copies the link's new comments and files, batch by batch; false in `complete` when the time
 * budget ran out first (the rest is copied by the next pass).
 */
export async function copyConversation(pass: LinkPass): Promise<{ complete: boolean; feed: FeedOutcome }> {
  const { link, item, ticket, view, state, ctx, problems, force } = pass;
  const ticketId = String(ticket.id);
  const uploadedUnnoted = await recoverPending(pass);
  const source = await newComments(pass);
  const plan = await planConversation(pass, source.comments, source.firstId, uploadedUnnoted);
  await state.zendeskComments.add(plan.handled);

  let noteEntries: NoteEntry[] = plan.uploadedUnnoted;
  let first = true;
  while (plan.comments.length > 0 || plan.attachments.length > 0 || noteEntries.length > 0) {
    if (!first && !force && !ctx.budget.canProcess()) return { complete: false, feed: 'none' };
    first = false;
    const batchComments = plan.comments.splice(0, COMMENTS_PER_BATCH);
    const batchAttachments = plan.attachments.splice(0, ATTACHMENTS_PER_BATCH);
    const uploads = batchAttachments.filter((a) => a.skip === null);
    // W1: what this batch is about to write, saved before the first Jira write of the batch.
    // A memory pass reads the issue here, once, only because files are about to be uploaded,
    // and only when the link's remembered watermark cannot stand in for it (recovery.ts).
    const watermark = uploads.length > 0 ? await batchWatermark(pass) : undefined;
    state.record.fromZendesk.pending = {
      since: new Date().toISOString(),
      ...(watermark !== undefined ? { jiraWatermark: watermark } : {}),
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
        await ctx.jira.addComment(link.issueId, {
          body: jiraCopyOfComment(c, authorName(c, ctx), ticketId, ctx.zendeskBaseUrl),
          properties: copyProperties(ticketId, c),
          visibility: copyVisibility(c, item),
        });
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
        const added = await ctx.jira.addAttachment(link.issueId, {
          filename: a.attachment.file_name,
          bytes: file.bytes,
          contentType: a.attachment.content_type ?? file.contentType ?? 'application/octet-stream',
        });
        // Saved with the batch's end: this upload is resolved from then on.
        rememberAttachments(pass, [watermark, ...added.map((f) => f.id)]);
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
        await ctx.jira.addComment(link.issueId, { body: attachmentNote(ticketId, entries) });
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
  const from = state.record.fromZendesk;
  // An issue this pass read tells the watermark for the link's next uploads.
  if (item.features.attachmentSync && view.hasIssue)
    rememberAttachments(pass, [attachmentWatermark(await view.issue()) ?? '0']);
  if (source.newestId !== undefined) from.commentsThrough = source.newestId;
  from.commentsBefore = Math.max(from.commentsBefore ?? source.before, source.before);
  return { complete: true, feed: source.feed };
}
