/**
 * A ticket's comments: all of them oldest first, or the newest pages only, with their authors
 * side-loaded, until the caller has reached what it already copied — so the cost of a pass does
 * not grow with the ticket's history.
 */
import {
  commentsPageSchema,
  recentCommentsPageSchema,
  type ZendeskComment,
  type ZendeskUser,
} from './schemas';
import { listAll, walkCursor } from './paging';
import type { ZendeskTransport } from './transport';
import { idSegment } from './urls';

export interface RecentComments {
  /** Newest first. */
  comments: ZendeskComment[];
  /** The comments' authors (side-loaded). */
  users: ZendeskUser[];
  /** True when the listing reached the ticket's first comment. */
  complete: boolean;
}

export interface ZendeskCommentCalls {
  listComments(ticketId: number | string): Promise<ZendeskComment[]>;
  /**
   * The ticket's comments newest first with their authors side-loaded (`include=users`),
   * page by page until `enough(page)` says the rest is known (or the listing ends).
   */
  listRecentComments(
    ticketId: number | string,
    enough: (page: readonly ZendeskComment[]) => boolean,
  ): Promise<RecentComments>;
}

const commentsPath = (ticketId: number | string): string =>
  `/api/v2/tickets/${idSegment(ticketId, 'ticket')}/comments.json`;

export function commentCalls(t: ZendeskTransport): ZendeskCommentCalls {
  return {
    async listComments(ticketId) {
      return listAll(t, commentsPath(ticketId), commentsPageSchema, (p) => p.comments);
    },

    async listRecentComments(ticketId, enough) {
      // Cursor pagination sorts with `sort=-created_at` (newest first) and side-loads the
      // authors with `include=users` (https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_comments/#list-comments).
      const out: RecentComments = { comments: [], users: [], complete: false };
      out.complete = await walkCursor(t, {
        path: commentsPath(ticketId),
        schema: recentCommentsPageSchema,
        query: { sort: '-created_at', include: 'users' },
        visit: (page) => {
          out.comments.push(...page.comments);
          out.users.push(...(page.users ?? []));
        },
        enough: (page) => enough(page.comments),
      });
      return out;
    },
  };
}
