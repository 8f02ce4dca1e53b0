import { describe, expect, it } from 'vitest';
import {
  CONNECTOR_TAG,
  INTERNAL_NOTE_PREFIX,
  commentHeaderLine,
  formatConnectorBlock,
  formatUtcMinute,
  isConnectorMade,
  listField,
  parseConnectorBlock,
} from '../../../../src/sync/core/markers';

describe('connector metadata block', () => {
  it('formats one line with type first and encoded values', () => {
    const line = formatConnectorBlock('jira-comment-sync', { issue: '10001', comment: 10200 });
    expect(line).toBe('[Zendesk Connector] type=jira-comment-sync issue=10001 comment=10200');
  });

  it('round-trips values with spaces, equals signs and non-ASCII', () => {
    const line = formatConnectorBlock('zendesk-attachment-sync', {
      ticket: 7,
      name: 'Q3 report=final ü.pdf',
    });
    expect(line).not.toMatch(/ü|report=final/);
    const parsed = parseConnectorBlock(`Added files\n\n${line}`);
    expect(parsed).toEqual({
      type: 'zendesk-attachment-sync',
      fields: { ticket: '7', name: 'Q3 report=final ü.pdf' },
      raw: { ticket: '7', name: encodeURIComponent('Q3 report=final ü.pdf') },
    });
  });

  it('round-trips list values element by element, commas inside elements included', () => {
    const line = formatConnectorBlock('zendesk-attachment-sync', { added: ['1', 'a,b', '3'], skipped: [] });
    const parsed = parseConnectorBlock(line);
    expect(parsed).not.toBeNull();
    expect(listField(parsed!, 'added')).toEqual(['1', 'a,b', '3']);
    expect(listField(parsed!, 'skipped')).toEqual([]);
    expect(listField(parsed!, 'missing')).toEqual([]);
  });

  it('parses a block folded across lines by a renderer, and ignores text after it', () => {
    const text = `Hello\n${CONNECTOR_TAG}\ntype=jira-comment-sync\nissue=5\ncomment=9\n\nthanks, bye`;
    expect(parseConnectorBlock(text)).toMatchObject({
      type: 'jira-comment-sync',
      fields: { issue: '5', comment: '9' },
    });
  });

  it('rejects a tag without a known type, and plain text', () => {
    expect(parseConnectorBlock('[Zendesk Connector] hello world')).toBeNull();
    expect(parseConnectorBlock('[Zendesk Connector] type=something-else a=1')).toBeNull();
    expect(parseConnectorBlock('A customer wrote [Zendesk Connector] in a mail')).toBeNull();
    expect(parseConnectorBlock('')).toBeNull();
    expect(parseConnectorBlock(null)).toBeNull();
    expect(isConnectorMade('just text')).toBe(false);
  });

  it('uses the last well-formed block when a comment quotes an earlier one', () => {
    const quoted = formatConnectorBlock('jira-comment-sync', { issue: '1', comment: '2' });
    const own = formatConnectorBlock('jira-comment-sync', { issue: '1', comment: '3' });
    expect(parseConnectorBlock(`> ${quoted}\nreply\n${own}`)?.fields.comment).toBe('3');
    expect(parseConnectorBlock(`${quoted}\n[Zendesk Connector] nonsense`)?.fields.comment).toBe('2');
  });

  it('refuses invalid keys when formatting', () => {
    expect(() => formatConnectorBlock('jira-comment-sync', { 'Bad Key': 'x' })).toThrow();
    expect(() => formatConnectorBlock('jira-comment-sync', { type: 'x' })).toThrow();
  });

  it('does not decode malformed percent escapes', () => {
    expect(parseConnectorBlock('[Zendesk Connector] type=jira-comment-sync issue=%E0%A4%A')).toBeNull();
  });
});

describe('comment header', () => {
  it('formats author and UTC minute', () => {
    expect(formatUtcMinute('2026-11-25T12:00:59Z')).toBe('2026-11-25 12:00 UTC');
    expect(formatUtcMinute('2026-11-25T23:30:00-02:00')).toBe('2026-11-26 01:30 UTC');
    expect(commentHeaderLine('Jane Doe', '2026-11-25T12:00:00Z')).toBe('Jane Doe · 2026-11-25 12:00 UTC');
  });

  it('prefixes internal notes', () => {
    expect(commentHeaderLine('Jane Doe', '2026-11-25T12:00:00Z', { internal: true })).toBe(
      `${INTERNAL_NOTE_PREFIX} Jane Doe · 2026-11-25 12:00 UTC`,
    );
  });
});
