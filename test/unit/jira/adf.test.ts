/**
 * No input depth overflows the call stack, in either direction, and what comes out is
 * still ADF Jira accepts and text a person can read.
 */
import { describe, expect, it } from 'vitest';
import { adfToText, htmlToAdf } from '../../../src/jira/adf';
import { expectValidAdf } from '../../support/adfNodes';

const DEPTHS = [10_000, 100_000];

function nestedHtml(open: string, close: string, depth: number, inner: string): string {
  return open.repeat(depth) + inner + close.repeat(depth);
}

/** ADF nested `depth` levels: a node wrapping a node … built bottom-up without recursion. */
function nestedAdf(depth: number, wrap: (inner: object, level: number) => object, leaf: object): object {
  let node = leaf;
  for (let level = depth - 1; level >= 0; level--) node = wrap(node, level);
  return { type: 'doc', version: 1, content: [node] };
}

describe.each(DEPTHS)('nesting %i levels deep', (depth) => {
  it('HTML lists → ADF lists no deeper than the cap, every item kept', () => {
    const doc = htmlToAdf(nestedHtml('<ul><li>x', '</li></ul>', depth, 'bottom'));
    expectValidAdf(doc);
    const text = adfToText(doc);
    expect(text).toContain('bottom');
    expect(text.match(/x/g)?.length).toBe(depth);
  });

  it('HTML divs, spans, quotes, marks and tables → valid ADF with the text', () => {
    for (const [open, close] of [
      ['<div>', '</div>'],
      ['<span><b>', '</b></span>'],
      ['<blockquote>', '</blockquote>'],
      ['<table><tr><td>', '</td></tr></table>'],
      ['<h1><a href="https://x.test">', '</a></h1>'],
      ['<ol><li><pre>', '</pre></li></ol>'],
    ] as const) {
      const doc = htmlToAdf(nestedHtml(open, close, depth, 'bottom'));
      expectValidAdf(doc);
      expect(adfToText(doc), open).toContain('bottom');
    }
  });

  it('HTML opened and never closed → valid ADF', () => {
    const doc = htmlToAdf(`${'<ul><li><b><i>'.repeat(depth)}end`);
    expectValidAdf(doc);
    expect(adfToText(doc)).toContain('end');
  });

  it('ADF lists → text with every item, indentation bounded', () => {
    const leaf = {
      type: 'listItem',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'bottom' }] }],
    };
    const doc = nestedAdf(
      depth,
      (inner, level) => ({
        type: level % 2 === 0 ? 'bulletList' : 'listItem',
        content:
          level % 2 === 0
            ? [inner]
            : [{ type: 'paragraph', content: [{ type: 'text', text: `i${level}` }] }, inner],
      }),
      leaf,
    );
    const text = adfToText(doc);
    expect(text).toContain('bottom');
    expect(text).toContain(`i${depth - 1 - ((depth - 1) % 2 === 0 ? 1 : 0)}`);
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThan(200);
  });

  it('ADF quotes, panels, tables and unknown inline wrappers → text', () => {
    const text = (value: string) => ({ type: 'text', text: value });
    for (const type of ['blockquote', 'panel', 'tableCell', 'expand', 'unknownInline']) {
      const doc = nestedAdf(depth, (inner) => ({ type, content: [inner] }), {
        type: 'paragraph',
        content: [text('bottom')],
      });
      const out = adfToText(doc);
      expect(out.endsWith('bottom'), type).toBe(true);
      expect(out.length, type).toBeLessThan(200);
    }
    const inline = nestedAdf(depth, (inner) => ({ type: 'paragraph', content: [inner] }), text('deep'));
    expect(adfToText(inline)).toBe('deep');
  });
});
