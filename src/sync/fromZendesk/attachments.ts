/**
 * Zendesk attachments → Jira attachments (docs/sync-model.md § Attachments): which files
 * qualify, the 10 MB rule, the note comment that records what was added or skipped, and how
 * an earlier upload is recognised after a crash.
 */
import { adfToText, type AdfDoc } from '../../jira/adf';
import type { JiraComment } from '../../jira/schemas';
import type { ZendeskAttachment, ZendeskComment } from '../../zendesk/schemas';
import { formatSize, MAX_ATTACHMENT_BYTES } from '../core/fileSize';
import { formatConnectorBlock, listField, parseConnectorBlock } from '../core/markers';

export type SkipReason = 'too-large' | 'malware' | 'host-not-allowed';

export interface AttachmentCandidate {
  attachment: ZendeskAttachment;
  commentId: number;
  skip: SkipReason | null;
}

/**
 * Attachments of the ticket's comments that may go to Jira, oldest first. Inline images are
 * part of a comment's HTML, not files of the ticket (`inline`, docs/contracts/zendesk-api.md § Attachments),
 * and are left out; so are deleted files and files of comments that came from Jira (their files came from
 * Jira too).
 */
export function attachmentCandidates(
  comments: readonly ZendeskComment[],
  fromJira: (c: ZendeskComment) => boolean,
  /** Whether the file's content_url may be fetched (the egress attachment hosts). */
  downloadable: (contentUrl: string) => boolean = () => true,
): AttachmentCandidate[] {
  const out: AttachmentCandidate[] = [];
  for (const comment of comments) {
    if (fromJira(comment)) continue;
    for (const attachment of comment.attachments) {
      if (attachment.inline === true || attachment.deleted === true) continue;
      const skip: SkipReason | null =
        attachment.size > MAX_ATTACHMENT_BYTES
          ? 'too-large'
          : attachment.malware_scan_result === 'malware_found'
            ? 'malware'
            : !downloadable(attachment.content_url)
              ? 'host-not-allowed'
              : null;
      out.push({ attachment, commentId: comment.id, skip });
    }
  }
  return out;
}

const REASON_TEXT: Record<SkipReason, string> = {
  'too-large': 'above the 10 MB limit',
  malware: 'Zendesk flagged it as malware',
  'host-not-allowed': 'its download address is not an allowed Zendesk attachment host',
};

export interface NoteEntry {
  id: string;
  filename: string;
  size: number;
  skip: SkipReason | null;
}

/** The Jira note listing what this pass added and skipped, ending in the metadata block. */
export function attachmentNote(ticketId: string, entries: readonly NoteEntry[]): AdfDoc {
  const added = entries.filter((e) => e.skip === null);
  const skipped = entries.filter((e) => e.skip !== null);
  const content: AdfDoc['content'] = [];
  if (added.length > 0) {
    content.push({
      type: 'paragraph',
      content: [{ type: 'text', text: `Attachments added from Zendesk ticket #${ticketId}:` }],
    });
    content.push({
      type: 'bulletList',
      content: added.map((e) => ({
        type: 'listItem',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: `${e.filename} (${formatSize(e.size)})` }] },
        ],
      })),
    });
  }
  if (skipped.length > 0) {
    content.push({
      type: 'paragraph',
      content: [{ type: 'text', text: `Attachments of Zendesk ticket #${ticketId} not added:` }],
    });
    content.push({
      type: 'bulletList',
      content: skipped.map((e) => ({
        type: 'listItem',
        content: [
          {
            type: 'paragraph',
            content: [
              {
                type: 'text',
                text: `${e.filename} (${formatSize(e.size)}): ${REASON_TEXT[e.skip as SkipReason]}`,
              },
            ],
          },
        ],
      })),
    });
  }
  content.push({
    type: 'paragraph',
    content: [
      {
        type: 'text',
        text: formatConnectorBlock('zendesk-attachment-sync', {
          ticket: ticketId,
          added: added.map((e) => e.id),
          skipped: skipped.map((e) => e.id),
        }),
      },
    ],
  });
  return { version: 1, type: 'doc', content };
}

/** Zendesk attachment ids that earlier notes on the issue already list (added or skipped). */
export function notedAttachmentIds(jiraComments: readonly JiraComment[], ticketId: string): Set<string> {
  const out = new Set<string>();
  for (const c of jiraComments) {
    const block = parseConnectorBlock(adfToText(c.body));
    if (block?.type !== 'zendesk-attachment-sync' || block.fields.ticket !== ticketId) continue;
    for (const id of [...listField(block, 'added'), ...listField(block, 'skipped')]) out.add(id);
  }
  return out;
}
