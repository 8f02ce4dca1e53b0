import { describe, expect, it } from 'vitest';
import { listItem, safeHref, text, trimInline } from '../../../../src/jira/adf/nodes';

describe('safeHref', () => {
  it('accepts absolute http(s) and mailto only', () => {
    expect(safeHref('https://a.test/x')).toBe('https://a.test/x');
    expect(safeHref('mailto:a@b.test')).toBe('mailto:a@b.test');
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('java\tscript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('//evil.test/x')).toBeNull();
    expect(safeHref('')).toBeNull();
  });

  it('resolves relative targets against a base URL', () => {
    expect(safeHref('/a?b', 'https://acme.zendesk.com')).toBe('https://acme.zendesk.com/a?b');
    expect(safeHref('javascript:x', 'https://acme.zendesk.com')).toBeNull();
  });
});

describe('text', () => {
  it('keeps only link beside code, and each mark type once', () => {
    const href = { type: 'link' as const, attrs: { href: 'https://a.test' } };
    expect(text('x', [{ type: 'strong' }, { type: 'code' }, href, { type: 'em' }])).toEqual({
      type: 'text',
      text: 'x',
      marks: [{ type: 'code' }, href],
    });
    expect(text('x', [{ type: 'strong' }, { type: 'strong' }])).toEqual({
      type: 'text',
      text: 'x',
      marks: [{ type: 'strong' }],
    });
    expect(text('x', [])).toEqual({ type: 'text', text: 'x' });
  });
});

describe('trimInline', () => {
  it('trims around edges and breaks, merges equal neighbours, drops trailing breaks', () => {
    const br = { type: 'hardBreak' as const };
    expect(trimInline([text(' a '), text('b '), br, text('  c'), br, br])).toEqual([
      text('a b'),
      br,
      text('c'),
    ]);
  });
});

describe('listItem', () => {
  it('starts an item with an empty paragraph when it would open with a list', () => {
    const nested = { type: 'bulletList' as const, content: [listItem([{ type: 'paragraph', content: [] }])] };
    expect(listItem([nested]).content).toEqual([{ type: 'paragraph', content: [] }, nested]);
  });
});
