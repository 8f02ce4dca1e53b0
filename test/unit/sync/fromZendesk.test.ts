import { describe, expect, it } from 'vitest';
import { adfToText } from '../../../src/jira/adf';
import type { JiraComment } from '../../../src/jira/schemas';
import {
  attachmentCandidates,
  attachmentNote,
  notedAttachmentIds,
} from '../../../src/sync/fromZendesk/attachments';
import { MAX_ATTACHMENT_BYTES } from '../../../src/sync/core/fileSize';
import {
  copiedZendeskCommentIds,
  copyProperties,
  isFromJira,
  jiraCopyOfComment,
  MAX_COPIED_TEXT,
} from '../../../src/sync/fromZendesk/comments';
import { formatConnectorBlock, INTERNAL_NOTE_PREFIX } from '../../../src/sync/core/markers';
import type { ZendeskAttachment, ZendeskComment } from '../../../src/zendesk/schemas';
import { zendeskComment as zendeskCommentOf } from '../../support/zendeskRecords';

const AGENT = 1;
const CUSTOMER = 2;

const comment = (id: number, body: string, extra: Partial<ZendeskComment> = {}) =>
  zendeskCommentOf(id, body, AGENT, extra);

function file(id: number, name: string, size: number, extra?: Partial<ZendeskAttachment>): ZendeskAttachment {
  return {
    id,
    file_name: name,
    size,
    content_url: `https://acme.zendesk.com/attachments/token/t${id}/?name=${name}`,
    ...extra,
  };
}

const APP = 'app-account';

function asJira(id: string, body: unknown, author = APP): JiraComment {
  return { id, body, created: '2026-11-25T12:00:00.000+0000', author: { accountId: author } };
}

describe('comments the connector wrote from Jira', () => {
  const fromJira = formatConnectorBlock('jira-comment-sync', { issue: '10001', comment: '5' });

  it('are recognised by their block when the connected agent wrote them', () => {
    expect(isFromJira(comment(1, `Hello\n\n${fromJira}`), AGENT)).toBe(true);
    expect(
      isFromJira(
        comment(
          1,
          `Files\n${formatConnectorBlock('jira-attachment-sync', { issue: '1', attachments: ['9'] })}`,
        ),
        AGENT,
      ),
    ).toBe(true);
  });

  it('are not: blocks of other types, plain comments, and blocks typed by customers', () => {
    expect(
      isFromJira(
        comment(1, formatConnectorBlock('zendesk-comment-sync', { ticket: '1', comment: '2' })),
        AGENT,
      ),
    ).toBe(false);
    expect(isFromJira(comment(1, 'plain'), AGENT)).toBe(false);
    expect(isFromJira(comment(1, fromJira, { author_id: CUSTOMER }), AGENT)).toBe(false);
    // Another agent typing the block does not make a real comment disappear either.
    expect(isFromJira(comment(1, fromJira, { author_id: AGENT + 1000 }), AGENT)).toBe(false);
  });
});

describe('the Jira copy of a comment', () => {
  it('has the header, the body with links and lists, and the block naming the Zendesk comment', () => {
    const c = comment(77, 'ignored', {
      html_body: '<p>See <a href="/hc/x">this</a></p><ol><li>a</li><li>b</li></ol>',
      public: false,
    });
    const doc = jiraCopyOfComment(c, 'Jane Doe', '12', 'https://acme.zendesk.com');
    const text = adfToText(doc);
    expect(text.startsWith(`${INTERNAL_NOTE_PREFIX} Jane Doe · 2026-11-25 12:00 UTC`)).toBe(true);
    expect(text).toContain('this (https://acme.zendesk.com/hc/x)');
    expect(text).toContain('1. a\n2. b');
    expect(copiedZendeskCommentIds([asJira('1', doc)], '12', APP)).toEqual(new Set(['77']));
    expect(copiedZendeskCommentIds([asJira('1', doc)], '13', APP)).toEqual(new Set());
    // The same block pasted by a Jira user proves nothing.
    expect(copiedZendeskCommentIds([asJira('1', doc, 'someone')], '12', APP)).toEqual(new Set());
  });

  it('finds earlier copies by their comment property too', () => {
    const bare: JiraComment = {
      ...asJira('2', { version: 1, type: 'doc', content: [] }),
      properties: copyProperties('12', { id: 88, public: false }),
    };
    expect(copiedZendeskCommentIds([bare], '12', APP)).toEqual(new Set(['88']));
  });

  it('marks only the copy of an internal note internal for Service Management (sd.public.comment)', () => {
    const flag = { key: 'sd.public.comment', value: { internal: true } };
    expect(copyProperties('12', { id: 88, public: false })).toContainEqual(flag);
    expect(copyProperties('12', { id: 89, public: true }).map((p) => p.key)).not.toContain(
      'sd.public.comment',
    );
  });

  it('shortens very long bodies', () => {
    const doc = jiraCopyOfComment(
      comment(1, 'x'.repeat(MAX_COPIED_TEXT + 5000)),
      'A',
      '1',
      'https://acme.zendesk.com',
    );
    const text = adfToText(doc);
    expect(text.length).toBeLessThan(MAX_COPIED_TEXT + 500);
    expect(text).toContain('shortened');
  });
});

describe('attachments', () => {
  it('takes files of ordinary comments, leaves out inline, deleted and Jira-originated files, and flags skips', () => {
    const comments = [
      comment(1, 'a', {
        attachments: [
          file(10, 'ok.txt', 5),
          file(11, 'big.bin', MAX_ATTACHMENT_BYTES + 1),
          file(12, 'edge.bin', MAX_ATTACHMENT_BYTES),
          file(13, 'img.png', 5, { inline: true }),
          file(14, 'gone.txt', 5, { deleted: true }),
          file(15, 'bad.exe', 5, { malware_scan_result: 'malware_found' }),
        ],
      }),
      comment(2, formatConnectorBlock('jira-attachment-sync', { issue: '1', attachments: ['3'] }), {
        attachments: [file(20, 'from-jira.txt', 5)],
      }),
    ];
    const picked = attachmentCandidates(comments, (c) => c.id === 2).map((c) => [
      c.attachment.file_name,
      c.skip,
    ]);
    expect(picked).toEqual([
      ['ok.txt', null],
      ['big.bin', 'too-large'],
      ['edge.bin', null],
      ['bad.exe', 'malware'],
    ]);
  });

  it('notes what was added and skipped, and reads the note back', () => {
    const note = attachmentNote('12', [
      { id: '10', filename: 'ok.txt', size: 5, skip: null },
      { id: '11', filename: 'big.bin', size: MAX_ATTACHMENT_BYTES + 1, skip: 'too-large' },
    ]);
    const text = adfToText(note);
    expect(text).toContain('ok.txt (5 B)');
    expect(text).toContain('big.bin (10.0 MB): above the 10 MB limit');
    expect(notedAttachmentIds([asJira('1', note)], '12')).toEqual(new Set(['10', '11']));
    expect(notedAttachmentIds([asJira('1', note)], '99')).toEqual(new Set());
  });
});
