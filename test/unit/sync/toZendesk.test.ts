/**
 * The event handlers' mechanics that need no platform: payload parsing, edit detection,
 * connector markers on the comments this direction writes, write-ahead intent, failure
 * classification and problem bookkeeping on a link.
 */
import { describe, expect, it } from 'vitest';
import type { SyncProblem } from '../../../src/domain/types';
import { JiraApiError, JiraRateLimitedError } from '../../../src/jira/errors';
import { adfToText, textToAdf } from '../../../src/jira/adf';
import { attachmentFromPayload } from '../../../src/sync/toZendesk/attachmentCreated';
import {
  commentFromPayload,
  isConnectorComment,
  isRestricted,
  PAYLOAD_FRESH_MS,
} from '../../../src/sync/toZendesk/commentCreated';
import { backoffSeconds, isRefusal, retryAdvice, retryLater } from '../../../src/sync/toZendesk/failures';
import { intentOf } from '../../../src/sync/toZendesk/intent';
import {
  attachmentCreatedEventSchema,
  changedFieldIds,
  commentedEventSchema,
  isCommentEdit,
  issueIdOf,
  issueUpdatedEventSchema,
  retryCountOf,
} from '../../../src/sync/toZendesk/payloads';
import {
  closedTicketProblem,
  fieldProblem,
  fieldSubject,
  mergeToZendeskProblems,
  toZendeskProblem,
} from '../../../src/sync/toZendesk/problems';
import {
  jiraAttachmentBody,
  jiraCommentBody,
  pushedFromJira,
} from '../../../src/sync/toZendesk/zendeskComments';
import { MAX_USER_NAMES, withUserName } from '../../../src/sync/core/catalogCache';
import {
  formatConnectorBlock,
  INTERNAL_NOTE_PREFIX,
  parseConnectorBlock,
} from '../../../src/sync/core/markers';
import { ZendeskApiError, ZendeskRateLimitedError } from '../../../src/zendesk/errors';
import { commentSchema } from '../../../src/zendesk/schemas';

describe('event payloads', () => {
  it('reads the documented shapes and normalizes ids', () => {
    const updated = issueUpdatedEventSchema.parse({
      eventType: 'avi:jira:updated:issue',
      atlassianId: 'u1',
      issue: { id: 10001, key: 'SUP-1', fields: { summary: 'x' } },
      changelog: {
        id: '5',
        items: [
          { field: 'summary', fieldId: 'summary', from: null, to: null },
          { field: 'Customer impact', fieldtype: 'custom' },
        ],
      },
    });
    expect(issueIdOf(updated)).toBe('10001');
    expect(changedFieldIds(updated)).toEqual({
      ids: new Set(['summary']),
      names: new Set(['Customer impact']),
    });

    const attachment = attachmentCreatedEventSchema.parse({
      eventType: 'avi:jira:created:attachment',
      attachment: { id: '10200', issueId: '10001', fileName: 'a.txt', size: 3 },
      retryContext: { retryCount: 2, retryReason: 'FUNCTION_RETRY_REQUEST' },
    });
    expect(issueIdOf(attachment)).toBe('10001');
    expect(retryCountOf(attachment)).toBe(2);
    expect(retryCountOf(updated)).toBe(0);
    expect(retryCountOf({ ...updated, retryCount: 3 })).toBe(3);
  });

  it('refuses payloads whose ids could reshape a storage key or a path', () => {
    expect(
      commentedEventSchema.safeParse({
        eventType: 'avi:jira:commented:issue',
        issue: { id: '1:2' },
        comment: { id: '3' },
      }).success,
    ).toBe(false);
    expect(
      attachmentCreatedEventSchema.safeParse({
        eventType: 'avi:jira:created:attachment',
        attachment: { id: '../1', issueId: '1' },
      }).success,
    ).toBe(false);
    expect(
      issueUpdatedEventSchema.safeParse({ eventType: 'avi:jira:commented:issue', issue: { id: '1' } })
        .success,
    ).toBe(false);
  });

  it('tells an edit from a new comment by created and updated', () => {
    const created = '2026-11-25T12:00:00.000+0000';
    const editedAt = (updated: string) => isCommentEdit({ created, updated });
    // The same instant, a sub-second save and the same instant in another offset are not edits.
    expect([created, '2026-11-25T12:00:00.900+0000', '2026-11-25T13:00:00.000+0100'].map(editedAt)).toEqual([
      false,
      false,
      false,
    ]);
    expect(editedAt('2026-11-25T12:05:00.000+0000')).toBe(true);
    expect(isCommentEdit({ created })).toBe(false);
  });
});

describe('what the payload stands in for', () => {
  const now = Date.parse('2026-11-25T12:10:00Z');
  const comment = (over: Record<string, unknown> = {}) =>
    commentedEventSchema.parse({
      eventType: 'avi:jira:commented:issue',
      issue: { id: '10001' },
      comment: {
        id: '10050',
        author: { accountId: 'u-1' },
        body: textToAdf('Fixed in build 12.'),
        created: '2026-11-25T12:05:00.000+0000',
        updated: '2026-11-25T12:05:00.000+0000',
        jsdPublic: true,
        ...over,
      },
    }).comment;

  it('keeps a comment body as its text, so a work mark holds no deep ADF', () => {
    const c = comment();
    expect(c.text).toBe('Fixed in build 12.');
    expect('body' in c).toBe(false);
    // A stored mark parses again to the same comment.
    expect(
      commentedEventSchema.parse({ eventType: 'avi:jira:commented:issue', issue: { id: '1' }, comment: c })
        .comment,
    ).toEqual(c);
  });

  it('takes a recent, complete comment from the payload, visibility included', () => {
    expect(commentFromPayload(comment(), now)).toMatchObject({ text: 'Fixed in build 12.', authorId: 'u-1' });
    const restricted = commentFromPayload(
      comment({ visibility: { type: 'role', value: 'Developers' } }),
      now,
    );
    expect(restricted && isRestricted(restricted)).toBe(true);
  });

  it('reads the comment when the payload is old or lacks the body, the JSM flag or the author', () => {
    expect(commentFromPayload(comment(), now + PAYLOAD_FRESH_MS)).toBeNull();
    expect(commentFromPayload(comment({ body: undefined }), now)).toBeNull();
    expect(commentFromPayload(comment({ jsdPublic: undefined }), now)).toBeNull();
    expect(commentFromPayload(comment({ author: undefined }), now)).toBeNull();
  });

  it('takes a file from the payload only with its name, size and author', () => {
    const file = {
      id: '1',
      issueId: '2',
      fileName: 'a.txt',
      size: 3,
      mimeType: 'text/plain',
      author: { accountId: 'u' },
    };
    expect(attachmentFromPayload(file)).toEqual({
      filename: 'a.txt',
      size: 3,
      mimeType: 'text/plain',
      authorId: 'u',
      authorName: undefined,
    });
    expect(attachmentFromPayload({ ...file, size: undefined })).toBeNull();
    expect(attachmentFromPayload({ ...file, author: undefined })).toBeNull();
  });

  it('keeps the newest user names, at most MAX_USER_NAMES', () => {
    let names = {};
    for (let i = 0; i <= MAX_USER_NAMES; i++) names = withUserName(names, `u-${i}`, `User ${i}`, now + i);
    expect(Object.keys(names)).toHaveLength(MAX_USER_NAMES);
    expect(names).not.toHaveProperty('u-0');
    expect(names).toHaveProperty(`u-${MAX_USER_NAMES}`, {
      at: now + MAX_USER_NAMES,
      value: `User ${MAX_USER_NAMES}`,
    });
  });
});

describe('comments this direction writes', () => {
  it('carries a block the scheduler recognises and this direction finds again', () => {
    const body = jiraCommentBody({
      authorName: 'Alex Agent',
      created: '2026-11-25T12:00:00.000+0000',
      issueKey: 'SUP-1',
      issueId: '10001',
      commentId: '10050',
      text: 'We found the cause.',
    });
    expect(body.split('\n')[0]).toBe('Alex Agent · 2026-11-25 12:00 UTC · Jira SUP-1');
    expect(body).toContain('We found the cause.');
    expect(parseConnectorBlock(body)).toMatchObject({
      type: 'jira-comment-sync',
      fields: { issue: '10001', comment: '10050' },
    });

    const files = jiraAttachmentBody({
      authorName: 'Alex Agent',
      issueKey: 'SUP-1',
      issueId: '10001',
      added: [{ id: '10200', filename: 'log.txt', size: 2048 }],
      skipped: [{ id: '10201', filename: 'dump.bin', size: 11 * 1024 * 1024, reason: 'too large' }],
    });
    expect(files).toContain('log.txt (2.0 KB)');
    expect(files).toContain('dump.bin (11.0 MB)');

    const comments = [
      body,
      files,
      'A customer reply',
      formatConnectorBlock('jira-comment-sync', { issue: '99999', comment: '1' }),
    ].map((b, i) =>
      commentSchema.parse({
        id: i + 1,
        body: b,
        plain_body: b,
        public: true,
        author_id: 7,
        created_at: '2026-11-25T12:00:00Z',
      }),
    );
    const found = pushedFromJira(comments, '10001', 7);
    expect([...found.comments]).toEqual(['10050']);
    expect([...found.attachments].sort()).toEqual(['10200', '10201']);
    // The same blocks typed by anyone but the connected agent count for nothing.
    const typedByCustomer = pushedFromJira(comments, '10001', 8);
    expect(typedByCustomer.comments.size + typedByCustomer.attachments.size).toBe(0);
  });

  it('recognises the connector’s own Jira comments and restricted ones', () => {
    expect(
      isConnectorComment({
        text: adfToText(
          textToAdf(
            `Hello\n\n${formatConnectorBlock('zendesk-comment-sync', { ticket: '5', comment: '9' })}`,
          ),
        ),
      }),
    ).toBe(true);
    expect(
      isConnectorComment({
        text: adfToText(textToAdf(`${INTERNAL_NOTE_PREFIX} Ann · 2026-11-25 12:00 UTC\n\nsecret`)),
      }),
    ).toBe(true);
    expect(
      isConnectorComment({ text: adfToText(textToAdf('plain')), properties: [{ key: 'zendesk-connector' }] }),
    ).toBe(true);
    expect(
      isConnectorComment({ text: adfToText(textToAdf('A normal comment mentioning [Zendesk Connector]')) }),
    ).toBe(false);
    expect(isRestricted({ visibility: { type: 'role', value: 'Developers' } })).toBe(true);
    expect(isRestricted({ jsdPublic: false })).toBe(true);
    expect(isRestricted({ visibility: null, jsdPublic: true })).toBe(false);
  });
});

describe('write-ahead intent', () => {
  const now = Date.parse('2026-11-25T12:10:00Z');
  it('is fresh while a writer may still run and stale afterwards', () => {
    const pending = { since: '2026-11-25T12:09:30Z', comments: ['1'], attachments: ['2'] };
    expect(intentOf(pending, 'comments', '1', now)).toBe('fresh');
    expect(intentOf(pending, 'attachments', '2', now)).toBe('fresh');
    expect(intentOf(pending, 'attachments', '1', now)).toBe('none');
    expect(intentOf({ ...pending, since: '2026-11-25T12:07:00Z' }, 'comments', '1', now)).toBe('stale');
    expect(intentOf(undefined, 'comments', '1', now)).toBe('none');
  });
});

describe('failures', () => {
  it('asks Forge for a redelivery on transient failures only', () => {
    expect(retryAdvice(new ZendeskRateLimitedError(120, 'slow down'), 0)).toEqual({
      retryAfterSeconds: 120,
      reason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
    });
    expect(retryAdvice(new JiraRateLimitedError(5000, []), 0)?.retryAfterSeconds).toBe(900);
    expect(retryAdvice(new ZendeskApiError(503, 'HTTP_503', 'down'), 1)).toEqual({
      retryAfterSeconds: 30,
      reason: 'FUNCTION_RETRY_REQUEST',
    });
    expect(retryAdvice(new JiraApiError(0, ['no answer']), 2)?.retryAfterSeconds).toBe(60);
    expect(retryAdvice(new ZendeskApiError(422, 'RecordInvalid', 'no'), 0)).toBeNull();
    expect(retryAdvice(new JiraApiError(403, ['no']), 0)).toBeNull();
    expect(retryAdvice(new Error('bug'), 0)).toBeNull();
    expect(isRefusal(new ZendeskApiError(403, 'Forbidden', 'no'))).toBe(true);
    expect(isRefusal(new ZendeskApiError(429, 'x', 'no'))).toBe(false);
    expect(backoffSeconds(3)).toBe(120);
  });

  it('builds the InvocationError shape Forge reads', () => {
    const value = JSON.parse(
      JSON.stringify(
        retryLater({ retryAfterSeconds: 30, reason: 'FUNCTION_RETRY_REQUEST' as never }, { issueId: '1' }),
      ),
    );
    expect(value).toEqual({
      _retry: true,
      retryOptions: { retryAfter: 30, retryReason: 'FUNCTION_RETRY_REQUEST', retryData: { issueId: '1' } },
    });
  });
});

describe('problems on the link', () => {
  const other: SyncProblem = {
    kind: 'error',
    code: 'SYNC_FAILED',
    message: 'from the other direction',
    at: '2026-01-01T00:00:00Z',
  };

  it('adds once, keeps the first time, and never touches the other direction', () => {
    const closed = closedTicketProblem('7');
    const first = mergeToZendeskProblems([other], [closed], () => false);
    expect(first.added).toHaveLength(1);
    const again = mergeToZendeskProblems(
      first.problems,
      [{ ...closedTicketProblem('7'), at: '2030-01-01T00:00:00Z' }],
      () => false,
    );
    expect(again.added).toHaveLength(0);
    expect(again.problems).toEqual(first.problems);
    const cleared = mergeToZendeskProblems(again.problems, [], () => true);
    expect(cleared.problems).toEqual([other]);
  });

  it('clears one field’s problem by its subject, whatever its words', () => {
    const subject = { zendeskFieldId: 'subject', zendeskFieldLabel: 'Subject' };
    const product = { zendeskFieldId: '360001', zendeskFieldLabel: 'Product' };
    const a = fieldProblem(
      'limitation',
      'TO_ZENDESK_FIELD_UNSUPPORTED',
      { mapping: subject, jiraId: 'summary', jiraName: 'Summary' },
      'blank',
    );
    const b = fieldProblem(
      'error',
      'TO_ZENDESK_FIELD_REFUSED',
      { mapping: product, jiraId: 'customfield_10041', jiraName: 'Customer impact' },
      'no',
      new ZendeskApiError(422, 'RecordInvalid', 'bad'),
    );
    expect(a.message).toBe('Jira "Summary" → Zendesk "Subject": blank');
    expect(a.subject).toBe(fieldSubject('subject', 'summary'));
    expect(b.upstream).toEqual({ service: 'zendesk', status: 422, message: 'bad' });
    // A renamed field keeps its subject: the old problem is still the one a success clears.
    const renamed = { ...a, message: 'Jira "Title" → Zendesk "Subject": blank' };
    const res = mergeToZendeskProblems(
      [renamed, b],
      [],
      (p) => p.subject === fieldSubject('subject', 'summary'),
    );
    expect(res.problems).toEqual([b]);
  });

  it('keeps only the newest few facts per code', () => {
    const skips = Array.from({ length: 8 }, (_, i) =>
      toZendeskProblem('limitation', 'TO_ZENDESK_ATTACHMENT_SKIPPED', `file ${i}`),
    );
    const res = mergeToZendeskProblems([], skips, () => false);
    expect(res.problems.map((p) => p.message)).toEqual(['file 3', 'file 4', 'file 5', 'file 6', 'file 7']);
    expect(res.added.map((p) => p.message)).toEqual(['file 3', 'file 4', 'file 5', 'file 6', 'file 7']);
  });
});
