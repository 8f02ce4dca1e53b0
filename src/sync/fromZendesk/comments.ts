/**
 * Zendesk comment → Jira comment (docs/sync-model.md § Comments): which comments to copy,
 * what the Jira copy looks like, and how an earlier copy is recognised on Jira after a crash.
 */
import { adfToText, htmlToAdf, textToAdf, type AdfBlock, type AdfDoc } from '../../jira/adf';
import type { SmartItem } from '../../domain/types';
import type { CommentVisibilityWrite } from '../../jira/client';
import type { JiraComment } from '../../jira/schemas';
import type { ZendeskComment } from '../../zendesk/schemas';
import {
  commentHeaderLine,
  CONNECTOR_PROPERTY_KEY,
  formatConnectorBlock,
  parseConnectorBlock,
} from '../core/markers';

/** Jira rejects comment bodies above 32 767 characters; keep well inside it. */
export const MAX_COPIED_TEXT = 30_000;

/** Zendesk comment types the connector writes itself (from Jira); never copied back. */
const FROM_JIRA_TYPES = new Set(['jira-comment-sync', 'jira-attachment-sync']);

function commentText(comment: ZendeskComment): string {
  return comment.plain_body ?? comment.body ?? '';
}

/**
 * A comment the connector wrote into Zendesk from Jira: it carries the metadata block of a
 * Jira-originated type and was written by an agent (end users cannot make their comment
 * disappear from Jira by typing a block). `agentIds` are the authors known to be agents.
 */
export function isFromJira(comment: ZendeskComment, connectedAgentId: number): boolean {
  const block = parseConnectorBlock(commentText(comment)) ?? parseConnectorBlock(comment.body);
  if (!block || !FROM_JIRA_TYPES.has(block.type)) return false;
  return comment.author_id === connectedAgentId;
}

/** Body of a comment, preferring its HTML so links and lists survive (src/jira/adf/ never passes markup through). */
function bodyBlocks(comment: ZendeskComment, baseUrl: string): AdfBlock[] {
  const html = comment.html_body;
  const doc = html && html.trim() !== '' ? htmlToAdf(html, { baseUrl }) : textToAdf(commentText(comment));
  const text = adfToText(doc);
  if (text.length <= MAX_COPIED_TEXT) return doc.content;
  const cut = `${commentText(comment).slice(0, MAX_COPIED_TEXT)}\n\n… (shortened; the full comment is in Zendesk)`;
  return textToAdf(cut).content;
}

function paragraph(text: string): AdfBlock {
  return { type: 'paragraph', content: text === '' ? [] : [{ type: 'text', text }] };
}

/** The Jira copy: header line (author · time, internal-note prefix), the body, the metadata block. */
export function jiraCopyOfComment(
  comment: ZendeskComment,
  authorName: string,
  ticketId: string,
  zendeskBaseUrl: string,
): AdfDoc {
  const header: AdfBlock = {
    type: 'paragraph',
    content: [
      {
        type: 'text',
        text: commentHeaderLine(authorName, comment.created_at, { internal: !comment.public }),
        marks: [{ type: 'strong' }],
      },
    ],
  };
  return {
    version: 1,
    type: 'doc',
    content: [
      header,
      ...bodyBlocks(comment, zendeskBaseUrl),
      paragraph(formatConnectorBlock('zendesk-comment-sync', { ticket: ticketId, comment: comment.id })),
    ],
  };
}

/**
 * The restriction of a Jira copy: internal notes get the item's chosen role or group, so only
 * that audience sees them; public comments and items without a choice stay unrestricted.
 */
export function copyVisibility(
  comment: Pick<ZendeskComment, 'public'>,
  item: Pick<SmartItem, 'commentVisibility'>,
): CommentVisibilityWrite | undefined {
  const restriction = item.commentVisibility?.internalNotes;
  return comment.public || !restriction ? undefined : { type: restriction.type, value: restriction.value };
}

/** The comment property Jira Service Management reads to keep a comment internal to its agents. */
export const SERVICE_DESK_COMMENT_PROPERTY = 'sd.public.comment';

/**
 * Properties of a Jira copy: the connector's own (crash recovery), and for a Zendesk internal
 * note `sd.public.comment` `{"internal": true}`, so on a service project the copy stays off the
 * customer portal (docs/contracts/jira-api.md § Comments). The flag goes on every internal note:
 * outside a service project it is inert, and a copy stays internal if its issue later moves into
 * one; deciding per project type would cost a read of the issue in passes that decide from memory.
 */
export function copyProperties(
  ticketId: string,
  comment: Pick<ZendeskComment, 'id' | 'public'>,
): { key: string; value: unknown }[] {
  const own = { key: CONNECTOR_PROPERTY_KEY, value: { ticketId, zendeskCommentId: String(comment.id) } };
  return comment.public ? [own] : [own, { key: SERVICE_DESK_COMMENT_PROPERTY, value: { internal: true } }];
}

/**
 * Zendesk comment ids already copied to this Jira issue, read from the copies' blocks and
 * properties (crash recovery). Only the app's own comments count: a Jira user who pastes a
 * connector block must never make a real Zendesk comment look copied.
 */
export function copiedZendeskCommentIds(
  jiraComments: readonly JiraComment[],
  ticketId: string,
  appAccountId: string,
): Set<string> {
  const out = new Set<string>();
  for (const c of jiraComments) {
    if (c.author?.accountId !== appAccountId) continue;
    const block = parseConnectorBlock(adfToText(c.body));
    if (block?.type === 'zendesk-comment-sync' && block.fields.ticket === ticketId && block.fields.comment)
      out.add(block.fields.comment);
    for (const p of c.properties ?? []) {
      if (p.key !== CONNECTOR_PROPERTY_KEY || typeof p.value !== 'object' || p.value === null) continue;
      const v = p.value as Record<string, unknown>;
      if (v.ticketId === ticketId && typeof v.zendeskCommentId === 'string') out.add(v.zendeskCommentId);
    }
  }
  return out;
}

/**
 * The ticket's first comment is its description (docs/contracts/zendesk-api.md § Tickets). It is not copied
 * when the description already reached the issue another way: at auto-create, or through a
 * mapping of the description field.
 */
export function isDescriptionComment(comment: ZendeskComment, ordered: readonly ZendeskComment[]): boolean {
  return ordered[0]?.id === comment.id;
}
