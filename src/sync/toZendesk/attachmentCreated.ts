/**
 * `avi:jira:created:attachment` → the file on the linked Zendesk ticket (docs/sync-model.md
 * § Jira → Zendesk, Attachments): its name, size, type and author from the event payload
 * (docs/contracts/forge-platform.md § Jira events; `GET /attachment/{id}` only when the payload
 * lacks them), downloaded from Jira as the app (docs/contracts/jira-api.md § Attachments),
 * uploaded through the Uploads API (docs/contracts/zendesk-api.md § Uploads) and attached by an internal note
 * whose connector block carries `type=jira-attachment-sync` and the Jira attachment id, so later runs match
 * it and never upload it twice.
 *
 * - Files above 10 MB (docs/contracts/connector-rules.md § File size limit) are skipped using the size Jira
 *   reports BEFORE any download; the skip is noted on the ticket (same block, `skipped=`) and as a limitation
 *   on the link.
 * - Files the connector itself added to Jira (copies of Zendesk attachments) are never pushed
 *   back: they are the app's own writes, which `ignoreSelf` already keeps away; a file whose
 *   Jira author is the app account is refused here as well.
 * - The note is internal: a Jira attachment is often a log or screenshot meant for the team,
 *   and the agent decides what to forward to the customer.
 *
 * Once-only follows the comment handler (commentCreated.ts): done set → ticket scan → intent,
 * write, done. The upload carries an Idempotency-Key derived from the Jira attachment; a
 * repeated upload without a comment using its token is harmless (the token expires:
 * docs/contracts/zendesk-api.md § Uploads).
 */
import { JiraApiError } from '../../jira/errors';
import { AppError } from '../../util/errors';
import { isClosedTicketError } from '../../zendesk/errors';
import { formatSize, MAX_ATTACHMENT_BYTES } from '../core/fileSize';
import { errorText } from '../core/problems';
import type { LinkState } from '../core/state';
import { isRefusal } from './failures';
import { intentOf, recordDone, recordIntent } from './intent';
import type { JiraAttachmentMeta } from './jiraReads';
import type { AttachmentCreatedEvent } from './payloads';
import { closedTicketProblem, toZendeskProblem } from './problems';
import type { EventEnv, LinkTarget } from './env';
import { addComment } from './ticketWrite';
import { jiraAttachmentBody, pushedOnTicket } from './zendeskComments';

export type AttachmentOutcome =
  | 'pushed'
  | 'skipped-large'
  | 'already-pushed'
  | 'found-on-ticket'
  | 'connector-made'
  | 'gone'
  | 'closed'
  | 'refused';

export function uploadIdempotencyKey(issueId: string, attachmentId: string, ticketId: string): string {
  return `jira-attachment-${issueId}-${attachmentId}-ticket-${ticketId}`;
}

/** What the handler needs of a Jira file: from the event payload, or read from Jira. */
export interface AttachmentFacts {
  filename: string;
  size: number;
  mimeType: string | undefined;
  authorId: string | undefined;
  /** Given by a read; the payload names the author by account id only. */
  authorName: string | undefined;
}

/** The file as the event carries it; null when the payload lacks its name, size or author (read it). */
export function attachmentFromPayload(
  attachment: AttachmentCreatedEvent['attachment'],
): AttachmentFacts | null {
  const { fileName, size, mimeType, author } = attachment;
  if (fileName === undefined || size === undefined || author?.accountId === undefined) return null;
  return { filename: fileName, size, mimeType, authorId: author.accountId, authorName: undefined };
}

function factsOf(meta: JiraAttachmentMeta): AttachmentFacts {
  return {
    filename: meta.filename,
    size: meta.size,
    mimeType: meta.mimeType,
    authorId: meta.author?.accountId,
    authorName: meta.author?.displayName,
  };
}

/** The file's metadata read from Jira; null when it was deleted. */
async function readMeta(env: EventEnv, attachmentId: string): Promise<AttachmentFacts | null> {
  try {
    return factsOf(await env.reads.attachment(attachmentId));
  } catch (error) {
    if (error instanceof JiraApiError && error.status === 404) return null;
    throw error;
  }
}

/** One Jira attachment to push to the link's ticket. */
export interface AttachmentPush {
  issue: { id: string; key: string };
  attachmentId: string;
  /** The file as the event payload carries it (attachmentFromPayload); without it it is read. */
  carried?: AttachmentFacts | null;
}

/** Pushes one Jira attachment to the link's ticket (also used to re-drive a pending one). */
export async function pushAttachment(
  target: LinkTarget,
  env: EventEnv,
  push: AttachmentPush,
): Promise<AttachmentOutcome> {
  const { issue, attachmentId, carried = null } = push;
  const { link, problems } = target;
  const { ctx } = env;
  const state = await target.state();
  if (await state.jiraAttachments.has(attachmentId)) return 'already-pushed';
  const intent = intentOf(state.record.fromJira.pending, 'attachments', attachmentId);

  let meta = carried ?? (await readMeta(env, attachmentId));
  if (!meta) return 'gone';
  if (meta.authorId !== undefined && meta.authorId === (await env.appAccountId())) return 'connector-made';

  // One writer per link (the lease): only an interrupted attempt (intent recorded) can have
  // reached the ticket already, so only then is the ticket searched for this file's block.
  if (
    intent !== 'none' &&
    (await pushedOnTicket(ctx, link.recordId, issue.id)).attachments.has(attachmentId)
  ) {
    await recordDone(state, 'attachments', attachmentId);
    return 'found-on-ticket';
  }

  let authorName = meta.authorName ?? (meta.authorId ? await env.userName(meta.authorId) : null);
  if (authorName === null && carried) {
    // Jira would not name the author to the app: the file's metadata carries the name it shows.
    meta = await readMeta(env, attachmentId);
    if (!meta) return 'gone';
    authorName = meta.authorName ?? null;
  }
  const author = authorName ?? 'A Jira user';
  await recordIntent(state, 'attachments', attachmentId);
  if (meta.size > MAX_ATTACHMENT_BYTES) {
    return skipLarge(target, env, { issue, attachmentId, meta, authorName: author, state });
  }

  let bytes: Uint8Array;
  try {
    bytes = await ctx.jira.getAttachmentContent(attachmentId, { maxBytes: MAX_ATTACHMENT_BYTES });
  } catch (error) {
    // Jira's metadata understated the size: the bytes decide.
    if (error instanceof AppError && error.code === 'ATTACHMENT_TOO_LARGE')
      return skipLarge(target, env, { issue, attachmentId, meta, authorName: author, state });
    if (error instanceof JiraApiError && error.status === 404) {
      await recordDone(state, 'attachments', attachmentId);
      return 'gone';
    }
    throw error;
  }

  const body = jiraAttachmentBody({
    authorName: author,
    issueKey: issue.key,
    issueId: issue.id,
    added: [{ id: attachmentId, filename: meta.filename, size: bytes.byteLength }],
    skipped: [],
  });
  try {
    const upload = await ctx.zendesk.upload(
      { filename: meta.filename, bytes, contentType: meta.mimeType ?? 'application/octet-stream' },
      { idempotencyKey: uploadIdempotencyKey(issue.id, attachmentId, link.recordId) },
    );
    await addComment(env, state, {
      ticketId: link.recordId,
      comment: { body, public: false, uploads: [upload.token] },
    });
  } catch (error) {
    if (isClosedTicketError(error)) {
      problems.add(closedTicketProblem(link.recordId));
      await recordDone(state, 'attachments', attachmentId);
      return 'closed';
    }
    if (!isRefusal(error)) throw error;
    problems.add(
      toZendeskProblem(
        'error',
        'TO_ZENDESK_ATTACHMENT_FAILED',
        `${meta.filename} from Jira was not added to Zendesk ticket ${link.recordId}: ${errorText(error)}`,
        error,
      ),
    );
    await recordDone(state, 'attachments', attachmentId);
    return 'refused';
  }
  await recordDone(state, 'attachments', attachmentId);
  ctx.summary.add('attachmentsCopied');
  return 'pushed';
}

/** The 10 MB rule: a note on the ticket (so agents know a file exists) and a limitation on the link. */
async function skipLarge(
  target: LinkTarget,
  env: EventEnv,
  file: AttachmentPush & { meta: AttachmentFacts; authorName: string; state: LinkState },
): Promise<AttachmentOutcome> {
  const { issue, attachmentId, meta, authorName, state } = file;
  const { link, problems } = target;
  problems.add(
    toZendeskProblem(
      'limitation',
      'TO_ZENDESK_ATTACHMENT_SKIPPED',
      `${meta.filename} (${formatSize(meta.size)}) from Jira was not added to Zendesk ticket ${link.recordId}: files above 10 MB are skipped`,
    ),
  );
  env.ctx.summary.add('skipped');
  const body = jiraAttachmentBody({
    authorName,
    issueKey: issue.key,
    issueId: issue.id,
    added: [],
    skipped: [
      {
        id: attachmentId,
        filename: meta.filename,
        size: meta.size,
        reason: 'files above 10 MB are not copied to Zendesk',
      },
    ],
  });
  try {
    await addComment(env, state, { ticketId: link.recordId, comment: { body, public: false } });
  } catch (error) {
    if (isClosedTicketError(error)) problems.add(closedTicketProblem(link.recordId));
    else if (!isRefusal(error)) throw error;
    // The limitation on the link already tells the story; a refused note changes nothing else.
  }
  await recordDone(state, 'attachments', attachmentId);
  return 'skipped-large';
}
