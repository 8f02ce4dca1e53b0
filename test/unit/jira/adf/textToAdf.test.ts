import { describe, expect, it } from 'vitest';
import { adfToText, textToAdf } from '../../../../src/jira/adf';
import { MAX_LIST_DEPTH } from '../../../../src/jira/adf/nodes';
import { br, expectValidAdf, li, link, p, t, ul } from '../../../support/adfNodes';

describe('textToAdf', () => {
  it('makes paragraphs from blank lines and hard breaks from single newlines', () => {
    const doc = textToAdf('Hello\nworld\r\n\r\nSecond paragraph\n\n\n');
    expectValidAdf(doc);
    expect(doc).toEqual({
      version: 1,
      type: 'doc',
      content: [p(t('Hello'), br, t('world')), p(t('Second paragraph'))],
    });
  });

  it('returns an empty document for empty or blank input', () => {
    expect(textToAdf('')).toEqual({ version: 1, type: 'doc', content: [] });
    expect(textToAdf('  \n\n \t')).toEqual({ version: 1, type: 'doc', content: [] });
  });

  it('links URLs but leaves trailing punctuation outside', () => {
    const doc = textToAdf('See https://example.com/a?b=1. Or (https://x.test/y).');
    expect(doc.content[0]).toEqual(
      p(
        t('See '),
        t('https://example.com/a?b=1', [link('https://example.com/a?b=1')]),
        t('. Or ('),
        t('https://x.test/y', [link('https://x.test/y')]),
        t(').'),
      ),
    );
  });

  it('keeps balanced parentheses inside a URL', () => {
    const doc = textToAdf('wiki https://w.test/A_(b)');
    expect(doc.content[0]).toEqual(p(t('wiki '), t('https://w.test/A_(b)', [link('https://w.test/A_(b)')])));
  });

  it('never links javascript: text', () => {
    const doc = textToAdf('javascript:alert(1)');
    expect(doc.content[0]).toEqual(p(t('javascript:alert(1)')));
  });

  it('turns "- " and "1. " lines into lists, nested by indentation', () => {
    const doc = textToAdf('Steps:\n1. first\n2. second\n   - sub a\n   - sub b\n3. third\n\n- x\n* y');
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      p(t('Steps:')),
      {
        type: 'orderedList',
        attrs: { order: 1 },
        content: [
          li(p(t('first'))),
          li(p(t('second')), ul(li(p(t('sub a'))), li(p(t('sub b'))))),
          li(p(t('third'))),
        ],
      },
      ul(li(p(t('x'))), li(p(t('y')))),
    ]);
  });

  it('continues a list item on an unmarked line', () => {
    const doc = textToAdf('- a\n  more of a\n- b');
    expect(doc.content).toEqual([ul(li(p(t('a'), br, t('more of a'))), li(p(t('b'))))]);
  });

  it('nests a list of the other kind under the item above it, not at the top level', () => {
    const doc = textToAdf('- a\n  - b\n  1. c');
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      ul(
        li(p(t('a')), ul(li(p(t('b')))), {
          type: 'orderedList',
          attrs: { order: 1 },
          content: [li(p(t('c')))],
        }),
      ),
    ]);
  });

  it(`keeps lines indented deeper than ${MAX_LIST_DEPTH} levels as items of the deepest list`, () => {
    const lines = Array.from({ length: 20 }, (_, i) => `${' '.repeat(i * 2)}- level ${i}`);
    const doc = textToAdf(lines.join('\n'));
    expectValidAdf(doc);
    const text = adfToText(doc);
    for (let i = 0; i < 20; i++) expect(text).toContain(`- level ${i}`);
  });

  it('keeps unicode untouched', () => {
    const text = 'Größe 😀 — 日本語 العربية';
    expect(textToAdf(text).content).toEqual([p(t(text))]);
    expect(adfToText(textToAdf(text))).toBe(text);
  });

  it('does not treat HTML in plain text as markup', () => {
    const doc = textToAdf('<b>not bold</b> <script>x</script>');
    expect(doc.content).toEqual([p(t('<b>not bold</b> <script>x</script>'))]);
  });

  it('handles a URL with 100 000 closing parentheses in linear time', () => {
    const started = performance.now();
    const doc = textToAdf(`https://x.test/${')'.repeat(100_000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(doc.content[0]).toEqual(
      p(t('https://x.test/', [link('https://x.test/')]), t(')'.repeat(100_000))),
    );
  });

  it('converts 100 000 list lines that each indent deeper without deep output', () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `${' '.repeat(i % 200)}- ${i}`);
    const doc = textToAdf(lines.join('\n'));
    expectValidAdf(doc);
    expect(JSON.stringify(doc).length).toBeGreaterThan(100_000);
  });
});
