/**
 * Whatever HTML or text Zendesk hands us — malformed, hostile, deeply nested — conversion
 * never throws and always yields ADF that Atlassian's JSON schema accepts, with no link
 * other than http(s)/mailto.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adfToText, htmlToAdf, textToAdf } from '../../src/jira/adf';
import { jiraCopyOfComment } from '../../src/sync/fromZendesk/comments';
import { INTERNAL_NOTE_PREFIX, parseConnectorBlock } from '../../src/sync/core/markers';
import { adfProblems } from '../support/adfSchema';

const TAGS = [
  'p',
  'div',
  'span',
  'ul',
  'ol',
  'li',
  'b',
  'strong',
  'i',
  'em',
  'u',
  's',
  'code',
  'kbd',
  'pre',
  'br',
  'hr',
  'h1',
  'h3',
  'h6',
  'blockquote',
  'table',
  'thead',
  'tbody',
  'tr',
  'td',
  'th',
  'a',
  'img',
  'script',
  'style',
  'iframe',
  'svg',
  'math',
  'noscript',
  'textarea',
  'template',
  'title',
  'xmp',
  'font',
  'center',
  'dl',
  'dd',
];
const ATTRS = [
  '',
  ' href="https://ok.test/a?b=1&amp;c=2"',
  ' href="javascript:alert(1)"',
  ' href="JaVa&#x09;ScRiPt:alert(1)"',
  ' href="data:text/html,<script>alert(1)</script>"',
  ' href=/relative/path',
  ' href="mailto:a@b.test"',
  " src='https://evil.test/p.gif' onerror=alert(1)",
  ' start="7"',
  ' start="-3"',
  ' style="x:y"',
];
const ENTITIES = [
  '&amp;',
  '&lt;',
  '&gt;',
  '&nbsp;',
  '&eacute;',
  '&#x1F600;',
  '&#0;',
  '&#xD800;',
  '&#1114112;',
  '&bogus;',
  '&',
  '&#',
  '&amp',
];

const tag = fc.constantFrom(...TAGS);
const piece = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 4 }),
  fc.tuple(tag, fc.constantFrom(...ATTRS)).map(([name, attrs]) => `<${name}${attrs}>`),
  tag.map((name) => `</${name}>`),
  tag.map((name) => `<${name}/>`),
  fc.constantFrom(...ENTITIES),
  fc.constantFrom(
    '<',
    '>',
    '<!--',
    '-->',
    '<!DOCTYPE html>',
    '<![CDATA[x]]>',
    '\n',
    '\r\n',
    '\t',
    '   ',
    '<a',
    '="',
  ),
);
const html = fc.array(piece, { maxLength: 60 }).map((pieces) => pieces.join(''));

function hrefsOf(doc: unknown): string[] {
  return [...JSON.stringify(doc).matchAll(/"href":"([^"]*)"/g)].map((m) => m[1] ?? '');
}

describe('conversion of arbitrary input (property)', () => {
  it('htmlToAdf never throws and always yields schema-valid ADF with safe links only', () => {
    fc.assert(
      fc.property(html, (input) => {
        const doc = htmlToAdf(input, { baseUrl: 'https://acme.zendesk.com' });
        expect(adfProblems(doc)).toEqual([]);
        for (const href of hrefsOf(doc)) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
        // Outside text (where raw-text elements like <xmp> legitimately show markup as words).
        const structure = JSON.stringify(doc, (key, value: unknown) => (key === 'text' ? undefined : value));
        expect(structure).not.toMatch(/alert\(1\)|evil\.test|onerror|script/i);
        expect(typeof adfToText(doc)).toBe('string');
      }),
      { numRuns: 1_000 },
    );
  });

  it('textToAdf never throws and always yields schema-valid ADF', () => {
    const line = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.string({ unit: 'grapheme', maxLength: 8 }),
      fc
        .tuple(fc.nat(12), fc.constantFrom('- ', '* ', '• ', '1. ', '12) ', ''), fc.string({ maxLength: 10 }))
        .map(([indent, marker, rest]) => `${' '.repeat(indent)}${marker}${rest}`),
      fc.constantFrom('https://x.test/a).', 'javascript:alert(1)', '(https://y.test/(z))', ''),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 30 }), (lines) => {
        const doc = textToAdf(lines.join('\n'));
        expect(adfProblems(doc)).toEqual([]);
        expect(typeof adfToText(doc)).toBe('string');
      }),
      { numRuns: 1_000 },
    );
  });

  it('adfToText never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), (value) => {
        expect(typeof adfToText(value)).toBe('string');
        expect(typeof adfToText({ type: 'doc', version: 1, content: [value] })).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('the Jira copy of any Zendesk comment is schema-valid and keeps its header and connector block', () => {
    fc.assert(
      fc.property(html, fc.boolean(), fc.nat(40_000), (htmlBody, isPublic, padding) => {
        const plain = `${'x'.repeat(padding)} ${htmlBody}`;
        const comment = {
          id: 42,
          body: plain,
          plain_body: plain,
          html_body: padding % 2 === 0 ? htmlBody : null,
          public: isPublic,
          attachments: [],
          created_at: '2026-11-25T12:00:00Z',
        };
        const doc = jiraCopyOfComment(comment, 'Ann', '7', 'https://acme.zendesk.com');
        expect(adfProblems(doc)).toEqual([]);
        const text = adfToText(doc);
        expect(text.startsWith(INTERNAL_NOTE_PREFIX)).toBe(!isPublic);
        expect(parseConnectorBlock(text)?.fields).toMatchObject({ ticket: '7', comment: '42' });
      }),
      { numRuns: 200 },
    );
  });
});
