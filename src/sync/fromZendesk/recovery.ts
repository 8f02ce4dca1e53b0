/**
 * An interrupted conversation batch, resolved against what Jira already has (docs/sync-model.md
 * § Crash safety): copies and notes found on the issue are recorded, files found on the issue
 * are noted without a second upload, and skips already noted get their link problem back.
 */
import type { SmartItem, SyncProblem } from '../../domain/types';
import type { JiraAttachment, JiraComment, JiraIssue } from '../../jira/schemas';
import type { SyncContext } from '../core/context';
import { formatSize } from '../core/fileSize';
import { problem } from '../core/problems';
import { notedAttachmentIds, type NoteEntry, type SkipReason } from './attachments';
import { copiedZendeskCommentIds } from './comments';
import { issueAttachments } from './jiraIssue';
import type { LinkPass } from './linkPass';

export function skipProblem(filename: string, size: number, reason: SkipReason): SyncProblem {
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

/** The highest of Jira attachment ids (numeric order). */
export function highestId(ids: readonly (string | undefined)[]): string | undefined {
  return ids
    .filter((id): id is string => id !== undefined)
    .sort(compareIds)
    .at(-1);
}

/**
 * Whether no synchronized item but the link's own could upload files to its issue: then every
 * attachment of the app's on the issue after the link's remembered watermark is the link's own
 * (one writer per link, one link per item and issue), and a batch need not read the issue for it.
 */
export async function soleUploader(ctx: SyncContext, item: SmartItem): Promise<boolean> {
  const uploaders = (await ctx.caches.syncItems()).filter((i) => i.features.attachmentSync);
  return uploaders.every((i) => i.id === item.id);
}

/**
 * The watermark of a batch about to upload: the issue's highest attachment id now (the issue
 * this pass read, or a read made for it), or the link's memory of it when the link is the only
 * uploader to its issue.
 */
export async function batchWatermark(pass: LinkPass): Promise<string> {
  const remembered = pass.state.record.fromZendesk.jiraAttachmentsThrough;
  if (!pass.view.hasIssue && remembered !== undefined && (await soleUploader(pass.ctx, pass.item)))
    return remembered;
  return attachmentWatermark(await pass.view.issue()) ?? '0';
}

/** Remembers `ids` (read on the issue, or the link's own resolved uploads) in the watermark memory. */
export function rememberAttachments(pass: LinkPass, ids: readonly (string | undefined)[]): void {
  const from = pass.state.record.fromZendesk;
  const next = highestId([from.jiraAttachmentsThrough, ...ids]);
  if (next !== undefined) from.jiraAttachmentsThrough = next;
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
export function attachmentWatermark(issue: JiraIssue): string | undefined {
  return issueAttachments(issue)
    .map((a) => a.id)
    .sort(compareIds)
    .at(-1);
}

/** Resolves the link's interrupted batch, if any; returns the files uploaded but not yet noted. */
export async function recoverPending(pass: LinkPass): Promise<NoteEntry[]> {
  const { link, view, state, ctx, problems } = pass;
  const ticketId = String(pass.ticket.id);
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
      rememberAttachments(pass, [pending.jiraWatermark, next.id]);
    }
  }
  delete state.record.fromZendesk.pending;
  return unnoted;
}
