/**
 * Comment visibility of a two-way item. Defaults (no setting stored) are the product's rules:
 * unrestricted Jira comments become public Zendesk replies, and Jira copies of Zendesk internal
 * notes are unrestricted (marked only by the internal-note prefix).
 *
 * A Jira comment's `visibility` restricts it to a project role or a group
 * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-comments/#api-rest-api-3-issue-issueidorkey-comment-post:
 * `{type: "role" | "group", value, identifier}`).
 */

import { z } from 'zod';

export const commentVisibilitySchema = z.object({
  /** What an unrestricted Jira comment becomes in Zendesk. */
  jiraToZendesk: z.enum(['public', 'internal']),
  /** Restriction of the Jira copies of Zendesk internal notes; absent = visible to everyone on the issue. */
  internalNotes: z
    .strictObject({ type: z.enum(['role', 'group']), value: z.string().trim().min(1).max(255) })
    .optional(),
});
export type CommentVisibility = z.infer<typeof commentVisibilitySchema>;

export const DEFAULT_COMMENT_VISIBILITY: CommentVisibility = { jiraToZendesk: 'public' };

export function commentVisibilityOf(item: {
  commentVisibility?: CommentVisibility | undefined;
}): CommentVisibility {
  return item.commentVisibility ?? DEFAULT_COMMENT_VISIBILITY;
}
