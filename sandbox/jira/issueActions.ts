/**
 * Writes beside create/edit/transition/comment: assign, comment edit and delete, issue property
 * delete, and remote issue links. Like mutations.ts they validate with Jira's wording, record
 * changelog items where Jira does, and emit the Forge product events.
 *
 * Sources: the spec's operation descriptions (assignIssue, updateComment, deleteComment,
 * deleteIssueProperty, createOrUpdateRemoteIssueLink, …) and Forge's Jira events reference
 * (https://developer.atlassian.com/platform/forge/events-reference/jira/): an edited comment is
 * announced as `avi:jira:commented:issue` again (there is no updated:comment), a deleted one as
 * `avi:jira:deleted:comment`; an assignment as `avi:jira:updated:issue` and `assigned:issue`.
 */
import { checkProperties, storeProperties, type PropertyInput } from './entityProperties.js';
import { JiraError } from './errors.js';
import { eventComment, eventIssue } from './eventPayloads.js';
import { changeItem } from './fields.js';
import { checkCommentBody, emitUpdate, recordHistory, type SimContext } from './mutations.js';
import type { CommentRecord, IssueRecord } from './types.js';

/** assignIssue: `accountId` null unassigns, "-1" picks the project's default assignee (none here: unassigned). */
export function assignIssue(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  accountId: string | null,
): void {
  const { state } = ctx;
  const project = state.projectOf(issue);
  if (!state.can(actorId, project, 'ASSIGN_ISSUES')) {
    // [unverified wording] the spec's 403 "does not have the necessary permission".
    throw new JiraError(403, ['You do not have permission to assign issues.']);
  }
  const target = accountId === '-1' ? null : accountId;
  if (target !== null) {
    if (state.account(target) === undefined)
      throw JiraError.fields({ assignee: `User '${target}' does not exist.` }); // [unverified]
    if (!state.can(target, project, 'ASSIGNABLE_USER'))
      throw JiraError.fields({ assignee: `User '${target}' cannot be assigned issues.` });
  }
  const field = state.field('assignee');
  if (field === undefined) throw new Error('site has no assignee field');
  const item = changeItem(state, field, issue.values.assignee ?? null, target);
  if (item === null) return;
  issue.values.assignee = target;
  const at = ctx.now();
  issue.updated = at;
  const historyId = recordHistory(ctx, issue, actorId, [item], at);
  emitUpdate(ctx, actorId, issue, historyId, [item]);
}

function commentOf(ctx: SimContext, issue: IssueRecord, id: string): CommentRecord {
  const comment = ctx.state.comments.get(id);
  if (comment === undefined || comment.issueId !== issue.id)
    throw new JiraError(404, [`Can not find a comment for the id: ${id}.`]);
  return comment;
}

function mayTouch(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  comment: CommentRecord,
  verb: 'EDIT' | 'DELETE',
): boolean {
  const project = ctx.state.projectOf(issue);
  return (
    ctx.state.can(actorId, project, `${verb}_ALL_COMMENTS`) ||
    (comment.authorId === actorId && ctx.state.can(actorId, project, `${verb}_OWN_COMMENTS`))
  );
}

export interface CommentEdit {
  body: unknown;
  visibility?: CommentRecord['visibility'];
  properties?: readonly PropertyInput[];
}

/** updateComment: Edit All Comments, or Edit Own Comments on one's own; refusals are 400s [spec]. */
export function editComment(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  commentId: string,
  edit: CommentEdit,
): CommentRecord {
  const comment = commentOf(ctx, issue, commentId);
  if (!mayTouch(ctx, actorId, issue, comment, 'EDIT'))
    throw JiraError.badRequest('You do not have the permission to edit this comment.'); // [unverified wording]
  const body = checkCommentBody(edit.body);
  const properties = checkProperties(edit.properties);
  storeProperties(comment.properties, properties);
  comment.body = body;
  if (edit.visibility !== undefined) comment.visibility = edit.visibility;
  comment.updateAuthorId = actorId;
  comment.updated = ctx.now();
  ctx.events.emit({
    eventType: 'avi:jira:commented:issue',
    atlassianId: actorId,
    issue: eventIssue(ctx.state, issue),
    comment: eventComment(ctx.state, comment),
  });
  return comment;
}

/** deleteComment: Delete All Comments, or Delete Own Comments on one's own; refusal 400 [spec]. */
export function deleteComment(ctx: SimContext, actorId: string, issue: IssueRecord, commentId: string): void {
  const comment = commentOf(ctx, issue, commentId);
  if (!mayTouch(ctx, actorId, issue, comment, 'DELETE'))
    throw JiraError.badRequest('You do not have the permission to delete this comment.'); // [unverified wording]
  ctx.state.comments.delete(comment.id);
  issue.commentIds = issue.commentIds.filter((id) => id !== comment.id);
  ctx.events.emit({
    eventType: 'avi:jira:deleted:comment',
    atlassianId: actorId,
    issue: eventIssue(ctx.state, issue),
    comment: { id: comment.id },
  });
}

/** deleteIssueProperty: needs Edit issues; a missing property or right is a 404 [spec]. */
export function deleteIssueProperty(ctx: SimContext, actorId: string, issue: IssueRecord, key: string): void {
  const canEdit = ctx.state.can(actorId, ctx.state.projectOf(issue), 'EDIT_ISSUES');
  if (!canEdit || !issue.properties.has(key))
    throw new JiraError(404, [`The property with key '${key}' does not exist.`]);
  issue.properties.delete(key);
  ctx.events.emit({
    eventType: 'avi:jira:deleted:issue-property',
    atlassianId: actorId,
    issue: { id: issue.id, key: issue.key },
    property: { key },
  });
}
