import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { adfToText, decodeEntities, htmlToAdf, safeHref, textToAdf, type AdfDoc } from '../../src/jira/adf';

const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) =>
  marks ? { type: 'text', text, marks } : { type: 'text', text };
const link = (href: string) => ({ type: 'link', attrs: { href } });
const br = { type: 'hardBreak' };
const li = (...content: unknown[]) => ({ type: 'listItem', content });

/** Every text node non-empty, structure valid for the subset we emit. */
function assertValidAdf(doc: AdfDoc): void {
  expect(doc.version).toBe(1);
  expect(doc.type).toBe('doc');
  expect(Object.keys(doc).sort()).toEqual(['content', 'type', 'version']);
  const walk = (node: Record<string, unknown>, parent: string): void => {
    if (node.type === 'text') {
      expect(typeof node.text).toBe('string');
      expect((node.text as string).length).toBeGreaterThan(0);
      const marks = (node.marks as { type: string }[] | undefined) ?? [];
      if (marks.some((m) => m.type === 'code'))
        expect(marks.every((m) => m.type === 'code' || m.type === 'link')).toBe(true);
      expect(new Set(marks.map((m) => m.type)).size).toBe(marks.length);
      for (const m of marks as { type: string; attrs?: { href: string } }[]) {
        if (m.type === 'link') expect(m.attrs!.href).toMatch(/^(https?:|mailto:)/);
      }
    }
    if (node.type === 'listItem') {
      const first = (node.content as { type: string }[])[0];
      expect(['paragraph', 'codeBlock']).toContain(first?.type);
    }
    if (parent === 'listItem' || parent === 'blockquote') {
      expect(['paragraph', 'bulletList', 'orderedList', 'codeBlock']).toContain(node.type);
    }
    if (node.type === 'bulletList' || node.type === 'orderedList') {
      expect((node.content as unknown[]).length).toBeGreaterThan(0);
      for (const c of node.content as { type: string }[]) expect(c.type).toBe('listItem');
    }
    for (const child of (node.content as Record<string, unknown>[] | undefined) ?? [])
      walk(child, node.type as string);
  };
  for (const block of doc.content) walk(block as unknown as Record<string, unknown>, 'doc');
}

describe('textToAdf', () => {
  it('makes paragraphs from blank lines and hard breaks from single newlines', () => {
    const doc = textToAdf('Hello\nworld\r\n\r\nSecond paragraph\n\n\n');
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

  it('never links javascript: text', () => {
    const doc = textToAdf('javascript:alert(1)');
    expect(doc.content[0]).toEqual(p(t('javascript:alert(1)')));
  });

  it('turns "- " and "1. " lines into lists, nested by indentation', () => {
    const doc = textToAdf('Steps:\n1. first\n2. second\n   - sub a\n   - sub b\n3. third\n\n- x\n* y');
    assertValidAdf(doc);
    expect(doc.content).toEqual([
      p(t('Steps:')),
      {
        type: 'orderedList',
        attrs: { order: 1 },
        content: [
          li(p(t('first'))),
          li(p(t('second')), { type: 'bulletList', content: [li(p(t('sub a'))), li(p(t('sub b')))] }),
          li(p(t('third'))),
        ],
      },
      { type: 'bulletList', content: [li(p(t('x'))), li(p(t('y')))] },
    ]);
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
});

describe('htmlToAdf', () => {
  it('keeps paragraphs and line breaks', () => {
    const doc = htmlToAdf('<p>Hello<br>world</p>\n<p>Second   \n paragraph</p>');
    expect(doc.content).toEqual([p(t('Hello'), br, t('world')), p(t('Second paragraph'))]);
  });

  it('drops script and style elements with their contents', () => {
    const doc = htmlToAdf(
      '<p>Safe<script>alert("x")</script> text</p><style>p{color:red}</style><SCRIPT type="x">evil()</SCRIPT>',
    );
    assertValidAdf(doc);
    expect(doc.content).toEqual([p(t('Safe text'))]);
    expect(JSON.stringify(doc)).not.toMatch(/alert|evil|color/);
  });

  it('drops a script that contains markup-looking text and a never-closed script', () => {
    expect(htmlToAdf('<p>a</p><script>document.write("<p>injected</p>")</script><p>b</p>').content).toEqual([
      p(t('a')),
      p(t('b')),
    ]);
    expect(htmlToAdf('<p>a</p><script>never closed <p>x</p>').content).toEqual([p(t('a'))]);
  });

  it('keeps links with safe schemes only', () => {
    const doc = htmlToAdf(
      '<p><a href="https://example.com/x?a=1&amp;b=2">site</a> <a href="javascript:alert(1)">bad</a> <a href="mailto:a@b.test">mail</a> <a>none</a></p>',
    );
    assertValidAdf(doc);
    expect(doc.content).toEqual([
      p(
        t('site', [link('https://example.com/x?a=1&b=2')]),
        t(' bad '),
        t('mail', [link('mailto:a@b.test')]),
        t(' none'),
      ),
    ]);
  });

  it('resolves relative links against the base URL', () => {
    const doc = htmlToAdf('<a href="/hc/articles/1">kb</a>', { baseUrl: 'https://acme.zendesk.com' });
    expect(doc.content).toEqual([p(t('kb', [link('https://acme.zendesk.com/hc/articles/1')]))]);
    expect(htmlToAdf('<a href="/hc/articles/1">kb</a>').content).toEqual([p(t('kb'))]);
  });

  it('keeps bullet and ordered lists, nested', () => {
    const doc = htmlToAdf('<ul><li>one</li><li>two<ol start="3"><li>a</li><li><b>b</b></li></ol></li></ul>');
    assertValidAdf(doc);
    expect(doc.content).toEqual([
      {
        type: 'bulletList',
        content: [
          li(p(t('one'))),
          li(p(t('two')), {
            type: 'orderedList',
            attrs: { order: 3 },
            content: [li(p(t('a'))), li(p(t('b', [{ type: 'strong' }])))],
          }),
        ],
      },
    ]);
  });

  it('handles unclosed <li> and <p> tags and lists nested directly in lists', () => {
    const doc = htmlToAdf('<p>intro<ul><li>a<li>b<ul><li>c</ul></ul><p>end');
    assertValidAdf(doc);
    expect(doc.content).toEqual([
      p(t('intro')),
      {
        type: 'bulletList',
        content: [li(p(t('a'))), li(p(t('b')), { type: 'bulletList', content: [li(p(t('c')))] })],
      },
      p(t('end')),
    ]);
  });

  it('gives list items that start with a nested list an empty first paragraph', () => {
    const doc = htmlToAdf('<ul><li><ul><li>deep</li></ul></li></ul>');
    assertValidAdf(doc);
  });

  it('maps inline formatting to marks and keeps code marks valid', () => {
    const doc = htmlToAdf(
      '<p><strong>b</strong> <em>i</em> <b><code>c</code></b> <s>s</s> <u>u</u> <span style="x">plain</span></p>',
    );
    assertValidAdf(doc);
    expect(doc.content).toEqual([
      p(
        t('b', [{ type: 'strong' }]),
        t(' '),
        t('i', [{ type: 'em' }]),
        t(' '),
        t('c', [{ type: 'code' }]),
        t(' '),
        t('s', [{ type: 'strike' }]),
        t(' '),
        t('u', [{ type: 'underline' }]),
        t(' plain'),
      ),
    ]);
  });

  it('turns headings, quotes, pre, rules and tables into valid ADF', () => {
    const doc = htmlToAdf(
      '<h2>Title</h2><blockquote><h3>q</h3><p>quoted</p><hr></blockquote><pre>line 1\n  line 2</pre><hr><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>',
    );
    assertValidAdf(doc);
    expect(doc.content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [t('Title')] },
      { type: 'blockquote', content: [p(t('q')), p(t('quoted'))] },
      { type: 'codeBlock', content: [t('line 1\n  line 2')] },
      { type: 'rule' },
      p(t('A | B')),
      p(t('1 | 2')),
    ]);
  });

  it('decodes entities and keeps unicode', () => {
    const doc = htmlToAdf(
      '<p>&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &#x1F600; &eacute;? caf\u00e9 日本</p>',
    );
    expect(doc.content).toEqual([p(t('<tag> & "q" \'s\' 😀 &eacute;? café 日本'))]);
  });

  it('never lets tags through as markup text', () => {
    const doc = htmlToAdf(
      '<div onclick="x()"><img src=x onerror=alert(1)><iframe src="https://evil"></iframe>Hi<svg><script>1</script><text>svgtext</text></svg></div>',
    );
    expect(doc.content).toEqual([p(t('Hi'))]);
  });

  it('treats a stray < as text and ignores comments and doctypes', () => {
    const doc = htmlToAdf('<!DOCTYPE html><!-- secret --><p>1 < 2 and 3 > 2</p>');
    expect(doc.content).toEqual([p(t('1 < 2 and 3 > 2'))]);
  });

  it('handles attributes containing ">"', () => {
    const doc = htmlToAdf('<a href="https://x.test/?a=>b" title="a>b">x</a>');
    expect(doc.content).toEqual([p(t('x', [link('https://x.test/?a=%3Eb')]))]);
  });

  it('returns an empty document for empty markup', () => {
    expect(htmlToAdf('').content).toEqual([]);
    expect(htmlToAdf('<p> </p><br><div></div>').content).toEqual([]);
  });

  it('always produces valid ADF for arbitrary input (property)', () => {
    const tag = fc.constantFrom(
      'p',
      'ul',
      'ol',
      'li',
      'b',
      'a href="https://x.test"',
      'script',
      'br',
      'h1',
      'blockquote',
      'pre',
      'hr',
      'table',
      'tr',
      'td',
      'code',
      'em',
    );
    const piece = fc.oneof(
      fc.string({ maxLength: 8 }),
      tag.map((x) => `<${x}>`),
      tag.map((x) => `</${x.split(' ')[0]}>`),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
        const doc = htmlToAdf(pieces.join(''));
        assertValidAdf(doc);
        expect(typeof adfToText(doc)).toBe('string');
      }),
      { numRuns: 300 },
    );
  });
});

describe('adfToText', () => {
  it('keeps paragraphs, breaks, links as "text (url)" and lists as "- item"', () => {
    const doc = {
      version: 1,
      type: 'doc',
      content: [
        p(t('Hello '), t('there', [{ type: 'strong' }]), br, t('line two')),
        p(
          t('See '),
          t('the docs', [link('https://docs.test')]),
          t(' or '),
          t('https://x.test', [link('https://x.test')]),
        ),
        {
          type: 'bulletList',
          content: [li(p(t('a'))), li(p(t('b')), { type: 'bulletList', content: [li(p(t('c')))] })],
        },
        { type: 'orderedList', attrs: { order: 2 }, content: [li(p(t('x'))), li(p(t('y')))] },
      ],
    };
    expect(adfToText(doc)).toBe(
      'Hello there\nline two\n\nSee the docs (https://docs.test) or https://x.test\n\n- a\n- b\n  - c\n\n2. x\n3. y',
    );
  });

  it('groups a link spanning several marked text nodes', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        p(t('click ', [link('https://a.test')]), t('here', [link('https://a.test'), { type: 'strong' }])),
      ],
    };
    expect(adfToText(doc)).toBe('click here (https://a.test)');
  });

  it('renders mentions, emoji, quotes, code, rules and tables as text', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        p({ type: 'mention', attrs: { id: 'abc', text: '@Ann' } }, t(' '), {
          type: 'emoji',
          attrs: { shortName: ':smile:', text: '😄' },
        }),
        { type: 'blockquote', content: [p(t('quoted'))] },
        { type: 'codeBlock', content: [t('x = 1')] },
        { type: 'rule' },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [p(t('A'))] },
                { type: 'tableCell', content: [p(t('B'))] },
              ],
            },
          ],
        },
        { type: 'panel', content: [p(t('in panel'))] },
        { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x' } }] },
      ],
    };
    expect(adfToText(doc)).toBe('@Ann 😄\n\n> quoted\n\nx = 1\n\n---\n\nA | B\n\nin panel');
  });

  it('tolerates malformed input', () => {
    expect(adfToText(null)).toBe('');
    expect(adfToText(42)).toBe('');
    expect(adfToText('plain')).toBe('plain');
    expect(
      adfToText({
        type: 'doc',
        content: [null, 1, { type: 'paragraph', content: 'x' }, { type: 'text', text: 5 }],
      }),
    ).toBe('');
  });

  it('round-trips plain text with paragraphs, lists and links', () => {
    const text = 'Intro line\nsecond line\n\n- a\n- b\n  - c\n\nSee https://example.com/x';
    expect(adfToText(textToAdf(text))).toBe(text);
  });

  it('round-trips HTML content to readable text', () => {
    const html =
      '<p>Hi <a href="https://h.test/">team</a>,</p><ol><li>one</li><li>two</li></ol><script>bad()</script>';
    expect(adfToText(htmlToAdf(html))).toBe('Hi team (https://h.test/),\n\n1. one\n2. two');
  });
});

describe('helpers', () => {
  it('safeHref accepts http(s) and mailto only', () => {
    expect(safeHref('https://a.test/x')).toBe('https://a.test/x');
    expect(safeHref(' javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<b>')).toBeNull();
    expect(safeHref('vbscript:x')).toBeNull();
    expect(safeHref('//evil.test/x')).toBeNull();
    expect(safeHref('')).toBeNull();
  });

  it('decodeEntities rejects invalid code points', () => {
    expect(decodeEntities('&#0;&#xD800;&#x110000;&#65;')).toBe('\ufffd\ufffd\ufffdA');
    expect(decodeEntities('&unknown; &AMP;')).toBe('&unknown; &');
  });
});
