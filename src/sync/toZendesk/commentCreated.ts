/**
 * `avi:jira:commented:issue` → a public Zendesk comment on the linked ticket, with the Jira
 * author's name and the connector block (docs/sync-model.md § Jira → Zendesk, Comments).
 *
 * Never pushed: the connector's own Jira comments (copies of Zendesk comments and attachment
 * notes carry a connector block or the internal-note prefix; the app's own writes do not even
 * arrive, the trigger has `ignoreSelf`), comments written before the link existed, and edits
 * of comments already pushed (Zendesk comments cannot be edited: docs/contracts/zendesk-api.md § Comments).
 * Jira comments restricted to a role or group, or marked internal in Jira Service Management, become Zendesk
 * internal notes rather than public replies, so a restricted comment never reaches a customer;
 * an item can also send every Jira comment as an internal note (commentVisibility).
 *
 * At most once per comment, even when Forge delivers the event twice, out of order, or the
 * answer of the Zendesk write is lost:
 *   1. known in the link state (`fromJira.comments`) → done;
 *   2. found on the ticket (a comment whose block names this issue and comment) → recorded, done;
 *   3. otherwise the intent is saved (`fromJira.pending`), the comment written, the id recorded.
 * A redelivery after a failure between 3's write and its record finds the comment in step 2.
 * Step 2 always reads the ticket, because the state can lag (a concurrent scheduler pass may
 * save an older copy of it); Zendesk's Idempotency-Key is not relied on
 * (docs/contracts/zendesk-api.md § Idempotency).
 */
import { commentVisibilityOf } from '../../domain/commentVisibility';
import type { SmartItem } from '../../domain/types';
import { adfToText } from '../../jira/adf';
import { JiraApiError } from '../../jira/errors';
import { isClosedTicketError } from '../../zendesk/errors';
import { CONNECTOR_PROPERTY_KEY } from '../core/markers';
import { INTERNAL_NOTE_PREFIX, isConnectorMade } from '../core/markers';
import { errorText } from '../core/problems';
import type { EventEnv, LinkTarget } from './env';
import { isRefusal } from './failures';
import { intentOf, recordDone, recordIntent } from './intent';
import type { JiraEventComment } from './jiraReads';
import { parseJiraTime, type CommentedEvent } from './payloads';
import { closedTicketProblem, toZendeskProblem } from './problems';
import { addComment } from './ticketWrite';
import { jiraCommentBody, pushedOnTicket } from './zendeskComments';

export type CommentOutcome =
  | 'pushed'
  | 'already-pushed'
  | 'found-on-ticket'
  | 'connector-made'
  | 'before-link'
  | 'edit'
  | 'gone'
  | 'closed'
  | 'refused';

/** What the handler needs of a Jira comment: from the event payload, or read from Jira. */
export interface CommentFacts {
  /** The body as plain text (adfToText). */
  text: string;
  authorId: string | undefined;
  /** Given by a read; the payload names the author by account id only. */
  authorName: string | undefined;
  created: string;
  visibility?: JiraEventComment['visibility'];
  jsdPublic?: boolean | undefined;
  properties?: readonly { key: string }[] | undefined;
}

/**
 * How long after the comment's last change its event payload still stands in for a read: a
 * delivery that waited longer (an outage, a back-off) reads the comment, so a deletion or a
 * visibility change made meanwhile counts. Deliveries held back by pacing finish well inside it.
 */
export const PAYLOAD_FRESH_MS = 15 * 60_000;

/**
 * The comment as the event carries it (docs/contracts/forge-platform.md § Jira events: body,
 * visibility, the JSM flag), when it carries all of that and is recent; otherwise null (read it).
 */
export function commentFromPayload(
  comment: CommentedEvent['comment'],
  now: number = Date.now(),
): CommentFacts | null {
  const changed = parseJiraTime(comment.updated ?? comment.created);
  if (
    comment.text === undefined ||
    comment.created === undefined ||
    comment.jsdPublic === undefined ||
    comment.author?.accountId === undefined ||
    changed === null ||
    now - changed > PAYLOAD_FRESH_MS
  )
    return null;
  return {
    text: comment.text,
    authorId: comment.author.accountId,
    authorName: undefined,
    created: comment.created,
    visibility: comment.visibility,
    jsdPublic: comment.jsdPublic,
    properties: comment.properties,
  };
}

function factsOf(comment: JiraEventComment): CommentFacts {
  return {
    text: adfToText(comment.body),
    authorId: comment.author?.accountId,
    authorName: comment.author?.displayName,
    created: comment.created,
    visibility: comment.visibility,
    jsdPublic: comment.jsdPublic,
    properties: comment.properties,
  };
}

/** A comment the connector made in Jira (from Zendesk): never sent back. */
export function isConnectorComment(comment: Pick<CommentFacts, 'text' | 'properties'>): boolean {
  const { text } = comment;
  if (isConnectorMade(text) || text.trimStart().startsWith(INTERNAL_NOTE_PREFIX)) return true;
  return (comment.properties ?? []).some((p) => p.key === CONNECTOR_PROPERTY_KEY);
}

/** Restricted (role/group) or JSM-internal comments are not for customers. */
export function isRestricted(comment: Pick<CommentFacts, 'visibility' | 'jsdPublic'>): boolean {
  return (comment.visibility !== null && comment.visibility !== undefined) || comment.jsdPublic === false;
}

/**
 * A public Zendesk reply only when the Jira comment is unrestricted and the item sends Jira
 * comments as public replies (the default); otherwise an internal note.
 */
export function isPublicReply(
  comment: Pick<CommentFacts, 'visibility' | 'jsdPublic'>,
  item: Pick<SmartItem, 'commentVisibility'>,
): boolean {
  return !isRestricted(comment) && commentVisibilityOf(item).jiraToZendesk === 'public';
}

/** The comment read from Jira; null when it was deleted. */
async function readComment(env: EventEnv, issueId: string, commentId: string): Promise<CommentFacts | null> {
  try {
    return factsOf(await env.reads.comment(issueId, commentId));
  } catch (error) {
    // Deleted before we got to it: nothing left to push (docs/contracts/connector-rules.md § Deletions).
    if (error instanceof JiraApiError && error.status === 404) return null;
    throw error;
  }
}

/** One Jira comment to push to the link's ticket. */
export interface CommentPush {
  issue: { id: string; key: string };
  commentId: string;
  /** The event reported an edit of an existing comment (an abandoned attempt is not one). */
  edit: boolean;
  /** The comment as the event payload carries it (commentFromPayload); without it it is read. */
  carried?: CommentFacts | null;
}

/** Pushes one Jira comment to the link's ticket (also used to re-drive a pending comment). */
export async function pushComment(
  target: LinkTarget,
  env: EventEnv,
  push: CommentPush,
): Promise<CommentOutcome> {
  const { issue, commentId, edit, carried = null } = push;
  const { link, problems } = target;
  const { ctx } = env;
  const state = await target.state();
  if (await state.jiraComments.has(commentId)) return 'already-pushed';
  const intent = intentOf(state.record.fromJira.pending, 'comments', commentId);
  // Edits are never pushed as new messages; only an attempt abandoned mid-way is finished.
  if (edit && intent !== 'stale') return 'edit';

  let comment = carried ?? (await readComment(env, issue.id, commentId));
  if (!comment) return 'gone';
  // Only the app's own comments are the connector's: a Jira user who types a block or the
  // internal-note prefix still gets the comment to the customer.
  if (isConnectorComment(comment) && comment.authorId === (await env.appAccountId())) return 'connector-made';
  const created = parseJiraTime(comment.created);
  // Conversation from before the link is history, not a new message for the ticket.
  if (intent === 'none' && created !== null && created < Date.parse(link.createdAt)) return 'before-link';

  // The link lease makes this the only writer: without an intent no earlier attempt can have
  // written the comment, so the ticket is only searched to finish an interrupted attempt.
  if (intent !== 'none' && (await pushedOnTicket(ctx, link.recordId, issue.id)).comments.has(commentId)) {
    await recordDone(state, 'comments', commentId);
    return 'found-on-ticket';
  }

  let authorName = comment.authorName ?? (comment.authorId ? await env.userName(comment.authorId) : null);
  if (authorName === null && carried) {
    // Jira would not name the author to the app: the comment itself carries the name it shows.
    comment = await readComment(env, issue.id, commentId);
    if (!comment) return 'gone';
    authorName = comment.authorName ?? null;
  }

  await recordIntent(state, 'comments', commentId);

  const body = jiraCommentBody({
    authorName: authorName ?? 'A Jira user',
    created: comment.created,
    issueKey: issue.key,
    issueId: issue.id,
    commentId,
    text: comment.text,
  });
  try {
    await addComment(env, state, {
      ticketId: link.recordId,
      comment: { body, public: isPublicReply(comment, target.item) },
    });
  } catch (error) {
    if (isClosedTicketError(error)) {
      problems.add(closedTicketProblem(link.recordId));
      await recordDone(state, 'comments', commentId);
      return 'closed';
    }
    if (!isRefusal(error)) throw error;
    // Zendesk will refuse this comment every time: report it instead of retrying forever.
    problems.add(
      toZendeskProblem(
        'error',
        'TO_ZENDESK_COMMENT_FAILED',
        `Jira comment ${commentId} was not added to Zendesk ticket ${link.recordId}: ${errorText(error)}`,
        error,
      ),
    );
    await recordDone(state, 'comments', commentId);
    return 'refused';
  }
  await recordDone(state, 'comments', commentId);
  ctx.summary.add('commentsCopied');
  return 'pushed';
}
