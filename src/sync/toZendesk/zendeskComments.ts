/**
 * The Zendesk comments the Jira → Zendesk direction writes, and how an earlier one is found
 * again (docs/sync-model.md § Jira → Zendesk, Markers). Every such comment ends in the
 * connector metadata block (markers.ts):
 *
 *   [Zendesk Connector] type=jira-comment-sync issue=<issue id> comment=<comment id>
 *   [Zendesk Connector] type=jira-attachment-sync issue=<issue id> attachments=<ids> skipped=<ids>
 *
 * The scheduler's Zendesk → Jira pass recognises both types (comments.ts isFromJira) and never
 * copies them back; this direction reads them to avoid writing the same comment or file twice
 * (a redelivered event, a write whose answer was lost).
 */
import type { ZendeskComment } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { formatSize } from '../core/fileSize';
import { commentHeaderLine, formatConnectorBlock, listField, parseConnectorBlock } from '../core/markers';

/** Zendesk accepts long comments, but Jira's own limit (32 767) is the real ceiling; keep room for the header. */
const MAX_BODY = 30_000;

export function jiraCommentBody(input: {
  authorName: string;
  created: string;
  issueKey: string;
  issueId: string;
  commentId: string;
  text: string;
}): string {
  const text =
    input.text.length > MAX_BODY
      ? `${input.text.slice(0, MAX_BODY)}\n\n… (shortened; the full comment is in Jira ${input.issueKey})`
      : input.text;
  return [
    `${commentHeaderLine(input.authorName, input.created)} · Jira ${input.issueKey}`,
    '',
    text,
    '',
    formatConnectorBlock('jira-comment-sync', { issue: input.issueId, comment: input.commentId }),
  ].join('\n');
}

export interface AttachmentLine {
  filename: string;
  size: number;
}

export function jiraAttachmentBody(input: {
  authorName: string;
  issueKey: string;
  issueId: string;
  added: (AttachmentLine & { id: string })[];
  skipped: (AttachmentLine & { id: string; reason: string })[];
}): string {
  const lines: string[] = [];
  for (const a of input.added)
    lines.push(
      `${input.authorName} attached ${a.filename} (${formatSize(a.size)}) to Jira ${input.issueKey}.`,
    );
  for (const s of input.skipped)
    lines.push(
      `${s.filename} (${formatSize(s.size)}), attached to Jira ${input.issueKey} by ${input.authorName}, was not copied: ${s.reason}.`,
    );
  lines.push('');
  lines.push(
    formatConnectorBlock('jira-attachment-sync', {
      issue: input.issueId,
      attachments: input.added.length > 0 ? input.added.map((a) => a.id) : undefined,
      skipped: input.skipped.length > 0 ? input.skipped.map((s) => s.id) : undefined,
    }),
  );
  return lines.join('\n');
}

export interface PushedFromJira {
  comments: Set<string>;
  attachments: Set<string>;
}

/**
 * Jira comment and attachment ids of `issueId` that earlier connector comments on the ticket
 * carry. Only comments written by the connected agent count: a customer or another agent who
 * types a connector block must never make the connector skip a real comment or file.
 */
export function pushedFromJira(
  comments: readonly ZendeskComment[],
  issueId: string,
  connectedAgentId: number,
): PushedFromJira {
  const out: PushedFromJira = { comments: new Set(), attachments: new Set() };
  for (const c of comments) {
    if (c.author_id !== connectedAgentId) continue;
    const block = parseConnectorBlock(c.plain_body ?? c.body) ?? parseConnectorBlock(c.body);
    if (!block || block.fields.issue !== issueId) continue;
    if (block.type === 'jira-comment-sync' && block.fields.comment) out.comments.add(block.fields.comment);
    if (block.type === 'jira-attachment-sync')
      for (const id of [...listField(block, 'attachments'), ...listField(block, 'skipped')])
        out.attachments.add(id);
  }
  return out;
}

/** What the connected agent's earlier connector comments on the ticket carry for `issueId`. */
export async function pushedOnTicket(
  ctx: Pick<SyncContext, 'zendesk' | 'connection'>,
  ticketId: string,
  issueId: string,
): Promise<PushedFromJira> {
  return pushedFromJira(await ctx.zendesk.listComments(ticketId), issueId, ctx.connection.agent.id);
}
