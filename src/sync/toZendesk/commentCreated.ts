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
import { isRefusal } from './failures';
import { intentOf, recordDone, recordIntent } from './intent';
import type { JiraEventComment } from './jiraReads';
import { parseJiraTime } from './payloads';
import { closedTicketProblem, toZendeskProblem } from './problems';
import type { EventEnv, LinkTarget } from './env';
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

/** A comment the connector made in Jira (from Zendesk): never sent back. */
export function isConnectorComment(comment: Pick<JiraEventComment, 'body' | 'properties'>): boolean {
  const text = adfToText(comment.body);
  if (isConnectorMade(text) || text.trimStart().startsWith(INTERNAL_NOTE_PREFIX)) return true;
  return (comment.properties ?? []).some((p) => p.key === CONNECTOR_PROPERTY_KEY);
}

/** Restricted (role/group) or JSM-internal comments are not for customers. */
export function isRestricted(comment: Pick<JiraEventComment, 'visibility' | 'jsdPublic'>): boolean {
  return (comment.visibility !== null && comment.visibility !== undefined) || comment.jsdPublic === false;
}

/**
 * A public Zendesk reply only when the Jira comment is unrestricted and the item sends Jira
 * comments as public replies (the default); otherwise an internal note.
 */
export function isPublicReply(
  comment: Pick<JiraEventComment, 'visibility' | 'jsdPublic'>,
  item: Pick<SmartItem, 'commentVisibility'>,
): boolean {
  return !isRestricted(comment) && commentVisibilityOf(item).jiraToZendesk === 'public';
}

/**
 * Pushes one Jira comment to the link's ticket (also used to re-drive a pending comment).
 * `edit`: the event reported an edit of an existing comment.
 */
export async function pushComment(
  target: LinkTarget,
  issue: { id: string; key: string },
  commentId: string,
  edit: boolean,
  env: EventEnv,
): Promise<CommentOutcome> {
  const { link, problems } = target;
  const { ctx } = env;
  const state = await target.state();
  if (await state.jiraComments.has(commentId)) return 'already-pushed';
  const intent = intentOf(state.record.fromJira.pending, 'comments', commentId);
  // Edits are never pushed as new messages; only an attempt abandoned mid-way is finished.
  if (edit && intent !== 'stale') return 'edit';

  let comment: JiraEventComment;
  try {
    comment = await env.reads.comment(issue.id, commentId);
  } catch (error) {
    // Deleted before we got to it: nothing left to push (docs/contracts/connector-rules.md § Deletions).
    if (error instanceof JiraApiError && error.status === 404) return 'gone';
    throw error;
  }
  // Only the app's own comments are the connector's: a Jira user who types a block or the
  // internal-note prefix still gets the comment to the customer.
  if (isConnectorComment(comment) && comment.author?.accountId === (await env.appAccountId()))
    return 'connector-made';
  const created = parseJiraTime(comment.created);
  // Conversation from before the link is history, not a new message for the ticket.
  if (intent === 'none' && created !== null && created < Date.parse(link.createdAt)) return 'before-link';

  // The link lease makes this the only writer: without an intent no earlier attempt can have
  // written the comment, so the ticket is only searched to finish an interrupted attempt.
  if (intent !== 'none' && (await pushedOnTicket(ctx, link.recordId, issue.id)).comments.has(commentId)) {
    await recordDone(state, 'comments', commentId);
    return 'found-on-ticket';
  }

  await recordIntent(state, 'comments', commentId);

  const body = jiraCommentBody({
    authorName: comment.author?.displayName ?? 'A Jira user',
    created: comment.created,
    issueKey: issue.key,
    issueId: issue.id,
    commentId,
    text: adfToText(comment.body),
  });
  try {
    await addComment(env, state, link.recordId, { body, public: isPublicReply(comment, target.item) });
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
