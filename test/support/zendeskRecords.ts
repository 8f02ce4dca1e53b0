/**
 * Zendesk records as its API returns them, for unit tests of what the sync reads from a
 * ticket: a comment (public, no files, at a fixed time unless `extra` says otherwise).
 */
import type { ZendeskComment } from '../../src/zendesk/schemas';

export function zendeskComment(
  id: number,
  body: string,
  authorId: number,
  extra: Partial<ZendeskComment> = {},
): ZendeskComment {
  return {
    id,
    body,
    public: true,
    author_id: authorId,
    attachments: [],
    created_at: '2026-11-25T12:00:00Z',
    ...extra,
  };
}
