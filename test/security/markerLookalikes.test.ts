/**
 * The connector's markers as a defence (docs/sync-model.md § Markers): a block or property
 * counts only when the app wrote it, only for its own ticket or issue and its own kind, and a
 * block the parser cannot be sure of counts for nothing. Each case here is one way a
 * look-alike or a half-read marker could make the sync skip a real comment or file.
 */
import { describe, expect, it } from 'vitest';
import { adfToText, textToAdf } from '../../src/jira/adf';
import type { JiraComment } from '../../src/jira/schemas';
import {
  CONNECTOR_PROPERTY_KEY,
  formatConnectorBlock,
  formatUtcMinute,
  INTERNAL_NOTE_PREFIX,
  listField,
  parseConnectorBlock,
} from '../../src/sync/core/markers';
import { copiedZendeskCommentIds, isFromJira } from '../../src/sync/fromZendesk/comments';
import { isConnectorComment } from '../../src/sync/toZendesk/commentCreated';
import { pushedFromJira } from '../../src/sync/toZendesk/zendeskComments';
import type { ZendeskComment } from '../../src/zendesk/schemas';
import { zendeskComment as zendeskCommentOf } from '../support/zendeskRecords';

const APP = 'app-account';
const AGENT = 7;

function jiraComment(id: string, text: string, extra: Partial<JiraComment> = {}): JiraComment {
  return {
    id,
    body: textToAdf(text),
    created: '2026-11-25T12:00:00.000+0000',
    author: { accountId: APP },
    ...extra,
  };
}

const zendeskComment = (id: number, body: string, extra: Partial<ZendeskComment> = {}) =>
  zendeskCommentOf(id, body, AGENT, extra);

describe('parsing a block', () => {
  it('a key must be the whole token: a token with other characters before the key ends the block', () => {
    const block = parseConnectorBlock(
      '[Zendesk Connector] type=jira-comment-sync issue=5 Xcomment=9 comment=1',
    );
    expect(block?.fields).toEqual({ issue: '5' });
  });

  it('the first value of a repeated key counts', () => {
    const block = parseConnectorBlock('[Zendesk Connector] type=jira-comment-sync comment=1 comment=2');
    expect(block?.fields).toEqual({ comment: '1' });
    expect(block?.raw).toEqual({ comment: '1' });
  });

  it('list values drop empty elements; an undecodable one makes the whole block unreadable', () => {
    expect(
      parseConnectorBlock('[Zendesk Connector] type=zendesk-attachment-sync added=1,%E0%A4,2'),
    ).toBeNull();
    const block = parseConnectorBlock(
      '[Zendesk Connector] type=zendesk-attachment-sync added=1,,2, skipped=',
    );
    expect(block).not.toBeNull();
    expect(listField(block!, 'added')).toEqual(['1', '2']);
    expect(listField(block!, 'skipped')).toEqual([]);
    expect(listField(block!, 'missing')).toEqual([]);
  });

  it('an unreadable time is kept as written', () => {
    expect(formatUtcMinute('yesterday')).toBe('yesterday');
  });
});

describe('formatting a block', () => {
  it('leaves out undefined values and refuses keys that are not whole words', () => {
    expect(formatConnectorBlock('jira-comment-sync', { issue: '5', comment: undefined })).toBe(
      '[Zendesk Connector] type=jira-comment-sync issue=5',
    );
    expect(() => formatConnectorBlock('jira-comment-sync', { 'ok!': 1 })).toThrow(
      'Invalid connector block key: ok!',
    );
    expect(() => formatConnectorBlock('jira-comment-sync', { type: 'x' })).toThrow(
      'Invalid connector block key: type',
    );
  });
});

describe('Zendesk → Jira: copies found on the issue', () => {
  const copyBlock = (ticket: string, comment: string) =>
    formatConnectorBlock('zendesk-comment-sync', { ticket, comment });

  it('a comment without an author counts for nothing (and does not break the scan)', () => {
    const orphan = jiraComment('1', `x ${copyBlock('12', '88')}`);
    delete orphan.author;
    expect(copiedZendeskCommentIds([orphan], '12', APP)).toEqual(new Set());
  });

  it('the app’s property counts only under its own key, for this ticket, with a string id', () => {
    const empty = 'no block here';
    const withProps = (properties: JiraComment['properties']) => jiraComment('2', empty, { properties });
    expect(
      copiedZendeskCommentIds(
        [withProps([{ key: CONNECTOR_PROPERTY_KEY, value: { ticketId: '12', zendeskCommentId: '88' } }])],
        '12',
        APP,
      ),
    ).toEqual(new Set(['88']));
    const ignored = [
      withProps([{ key: 'someone-else', value: { ticketId: '12', zendeskCommentId: '88' } }]),
      withProps([{ key: CONNECTOR_PROPERTY_KEY, value: { ticketId: '13', zendeskCommentId: '88' } }]),
      withProps([{ key: CONNECTOR_PROPERTY_KEY, value: { ticketId: '12', zendeskCommentId: 88 } }]),
      withProps([{ key: CONNECTOR_PROPERTY_KEY, value: { ticketId: '12' } }]),
      withProps([{ key: CONNECTOR_PROPERTY_KEY, value: null }]),
      withProps([{ key: CONNECTOR_PROPERTY_KEY, value: '12:88' }]),
    ];
    for (const c of ignored) expect(copiedZendeskCommentIds([c], '12', APP)).toEqual(new Set());
    // The same property on someone else's comment counts for nothing either.
    const foreign = withProps([
      { key: CONNECTOR_PROPERTY_KEY, value: { ticketId: '12', zendeskCommentId: '88' } },
    ]);
    foreign.author = { accountId: 'a-person' };
    expect(copiedZendeskCommentIds([foreign], '12', APP)).toEqual(new Set());
  });

  it('a block in the body counts when the plain text carries none', () => {
    const block = formatConnectorBlock('jira-comment-sync', { issue: '1', comment: '5' });
    expect(isFromJira(zendeskComment(1, block, { plain_body: 'folded away' }), AGENT)).toBe(true);
    expect(isFromJira(zendeskComment(1, 'nothing', { plain_body: 'nothing' }), AGENT)).toBe(false);
  });
});

describe('Jira → Zendesk: what earlier connector comments on the ticket carry', () => {
  it('reads the plain text first, then the body', () => {
    const block = formatConnectorBlock('jira-comment-sync', { issue: '10001', comment: '50' });
    const inPlain = zendeskComment(1, 'rendered without the block', { plain_body: `Hi\n${block}` });
    expect([...pushedFromJira([inPlain], '10001', AGENT).comments]).toEqual(['50']);
    const inBody = zendeskComment(2, `Hi\n${block}`, { plain_body: 'rendered without the block' });
    expect([...pushedFromJira([inBody], '10001', AGENT).comments]).toEqual(['50']);
  });

  it('each kind of block names only its own kind of id', () => {
    const files = zendeskComment(
      1,
      formatConnectorBlock('jira-attachment-sync', { issue: '10001', comment: '50', attachments: ['9'] }),
    );
    const comment = zendeskComment(
      2,
      formatConnectorBlock('jira-comment-sync', { issue: '10001', comment: '51', attachments: ['8'] }),
    );
    const found = pushedFromJira([files, comment], '10001', AGENT);
    expect([...found.comments]).toEqual(['51']);
    expect([...found.attachments]).toEqual(['9']);
    const noComment = zendeskComment(3, formatConnectorBlock('jira-comment-sync', { issue: '10001' }));
    expect(pushedFromJira([noComment], '10001', AGENT).comments.size).toBe(0);
  });

  it('a Jira comment is the connector’s by its block, its note prefix after indentation, or its property', () => {
    expect(
      isConnectorComment({
        text: adfToText(textToAdf(`   \n${INTERNAL_NOTE_PREFIX} Ann · 2026-11-25 12:00 UTC`)),
      }),
    ).toBe(true);
    const indented = {
      version: 1,
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: `  ${INTERNAL_NOTE_PREFIX} Ann` }] }],
    };
    expect(isConnectorComment({ text: adfToText(indented) })).toBe(true);
    expect(isConnectorComment({ text: adfToText(textToAdf('plain')), properties: [] })).toBe(false);
    expect(isConnectorComment({ text: adfToText(textToAdf('plain')) })).toBe(false);
    expect(
      isConnectorComment({ text: adfToText(textToAdf('plain')), properties: [{ key: 'another-app' }] }),
    ).toBe(false);
  });
});
