import fc from 'fast-check';
import { Parser, type Handler } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { streamHtml } from '../../../../src/jira/adf/htmlStream';

function recorder(events: string[]): Partial<Handler> {
  return {
    onopentag: (name, attrs) => events.push(`<${name} ${JSON.stringify(attrs)}>`),
    onclosetag: (name, implied) => events.push(`</${name}${implied ? '?' : ''}>`),
    ontext: (data) => events.push(data),
  };
}

function stockEvents(html: string): string[] {
  const events: string[] = [];
  const parser = new Parser(recorder(events), { decodeEntities: true });
  parser.write(html);
  parser.end();
  return events;
}

function streamedEvents(html: string): string[] {
  const events: string[] = [];
  streamHtml(html, recorder(events));
  return events;
}

const piece = fc.oneof(
  fc
    .constantFrom(
      'p',
      'li',
      'ul',
      'td',
      'tr',
      'table',
      'tbody',
      'b',
      'svg',
      'math',
      'foreignObject',
      'title',
      'br',
      'h1',
      'dd',
      'dt',
      'select',
      'option',
      'input',
    )
    .chain((name) => fc.constantFrom(`<${name}>`, `</${name}>`, `<${name}/>`)),
  fc.string({ maxLength: 5 }),
);

describe('streamHtml', () => {
  it('reports exactly what htmlparser2 reports with its own stack (property)', () => {
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const html = pieces.join('');
        expect(streamedEvents(html)).toEqual(stockEvents(html));
      }),
      { numRuns: 2_000 },
    );
  });

  it('handles 100 000 nested elements in linear time', () => {
    const depth = 100_000;
    const html = `${'<div><svg>'.repeat(depth)}x${'</b>'.repeat(depth)}`;
    let closes = 0;
    const started = performance.now();
    streamHtml(html, { onclosetag: () => closes++ });
    expect(closes).toBe(2 * depth);
    // The stock stack needs tens of seconds here (Array#unshift per open tag).
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});
