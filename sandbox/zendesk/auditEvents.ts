/**
 * Audit events shared by the ticket rules and the seed: the Comment event an update records when it
 * adds a comment (Ticket Audit events reference, "Comment event",
 * https://developer.zendesk.com/documentation/ticketing/reference-guides/ticket-audit-events-reference).
 * Attachments are kept as ids here and rendered when the audit is serialized.
 */
import type { AuditEvent, CommentRecord } from './types';

export function commentEvent(c: CommentRecord): AuditEvent {
  return {
    id: c.id,
    type: 'Comment',
    author_id: c.authorId,
    body: c.body,
    html_body: c.htmlBody,
    plain_body: c.plainBody,
    public: c.public,
    attachments: c.attachmentIds.map((id) => id),
    audit_id: c.auditId,
  };
}
