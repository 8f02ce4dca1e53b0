/**
 * An issue's comments: all of them in creation order, and adding one with its marker
 * properties and, when the item asks for it, a visibility restriction.
 */
import { route } from '@forge/api';
import { commentSchema, commentsPageSchema, type JiraComment } from './schemas';
import type { AdfDoc } from './adf';
import type { EntityPropertyWrite } from './issues';
import { idParam, MAX_PAGES, type JiraTransport } from './transport';

/** A comment's `visibility`: restricted to a project role or a group (POST .../comment, Jira REST v3). */
export interface CommentVisibilityWrite {
  type: 'role' | 'group';
  value: string;
}

/** A comment to add: its body, the marker properties stored with it, who may see it. */
export interface JiraCommentWrite {
  body: AdfDoc;
  properties?: EntityPropertyWrite[] | undefined;
  visibility?: CommentVisibilityWrite | undefined;
}

export interface JiraCommentCalls {
  comments(issueIdOrKey: string): Promise<JiraComment[]>;
  addComment(issueIdOrKey: string, comment: JiraCommentWrite): Promise<JiraComment>;
}

export function commentCalls(t: JiraTransport): JiraCommentCalls {
  return {
    async comments(issueIdOrKey) {
      const issue = idParam(issueIdOrKey, 'issue');
      const all: JiraComment[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({
          startAt: String(all.length),
          maxResults: '100',
          orderBy: 'created',
        });
        const res = await t.get(route`/rest/api/3/issue/${issue}/comment?${params}`, commentsPageSchema);
        all.push(...res.comments);
        if (res.comments.length === 0 || all.length >= res.total) return all;
      }
      return all;
    },

    async addComment(issueIdOrKey, { body, properties, visibility }) {
      const payload: Record<string, unknown> = { body };
      if (properties !== undefined) payload.properties = properties;
      if (visibility !== undefined) payload.visibility = visibility;
      const path = route`/rest/api/3/issue/${idParam(issueIdOrKey, 'issue')}/comment`;
      return t.call(path, { method: 'POST', json: payload }, commentSchema);
    },
  };
}
