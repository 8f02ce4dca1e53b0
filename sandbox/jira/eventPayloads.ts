/**
 * Builds Forge event payloads from state records. User objects in event payloads
 * carry `accountId` only [doc events reference].
 */
import { commentJsdPublic } from './entityProperties.js';
import type { AttachmentCreatedEvent, EventIssue, IssueCommentedEvent } from './events.js';
import { issueTypeDetails, jiraDate, priorityRef, projectDetails, statusDetails } from './render.js';
import type { JiraState } from './state.js';
import type { AttachmentRecord, CommentRecord, IssueRecord } from './types.js';

const ref = (accountId: unknown): { accountId: string } | null =>
  typeof accountId === 'string' ? { accountId } : null;

export function eventIssue(state: JiraState, issue: IssueRecord): EventIssue {
  const type = state.issueTypes.get(issue.issueTypeId);
  const priority = state.priorities.find((p) => p.id === issue.values.priority);
  return {
    id: issue.id,
    key: issue.key,
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}`,
    fields: {
      summary: String(issue.values.summary ?? ''),
      issuetype: type === undefined ? {} : issueTypeDetails(state, type),
      project: projectDetails(state, state.projectOf(issue)),
      status: statusDetails(state, state.status(issue.statusId)),
      priority: priority === undefined ? null : priorityRef(state, priority),
      labels: Array.isArray(issue.values.labels) ? (issue.values.labels as string[]) : [],
      creator: { accountId: issue.creatorId },
      reporter: ref(issue.values.reporter),
      assignee: ref(issue.values.assignee),
      created: jiraDate(issue.created),
      updated: jiraDate(issue.updated),
    },
  };
}

/**
 * Comment events carry the body and the visibility settings [doc
 * https://developer.atlassian.com/platform/forge/product-events-reference/jira/ "Comments …
 * Includes rich text content and visibility settings"]; like the REST comment, `visibility` is
 * left out of an unrestricted comment [unverified for events].
 */
export function eventComment(state: JiraState, comment: CommentRecord): IssueCommentedEvent['comment'] {
  return {
    id: comment.id,
    self: `${state.baseUrl}/rest/api/3/issue/${comment.issueId}/comment/${comment.id}`,
    author: { accountId: comment.authorId },
    updateAuthor: { accountId: comment.updateAuthorId },
    body: comment.body,
    created: jiraDate(comment.created),
    updated: jiraDate(comment.updated),
    jsdPublic: commentJsdPublic(state, comment),
    ...(comment.visibility !== null ? { visibility: { ...comment.visibility } } : {}),
  };
}

export function eventAttachment(attachment: AttachmentRecord): AttachmentCreatedEvent['attachment'] {
  return {
    id: attachment.id,
    issueId: attachment.issueId,
    fileName: attachment.filename,
    mimeType: attachment.mimeType,
    size: attachment.content.length,
    author: { accountId: attachment.authorId },
    // [3p, unverified] the attachment event carries its date without a zone (UTC).
    created: attachment.created.toISOString().replace('Z', ''),
  };
}
