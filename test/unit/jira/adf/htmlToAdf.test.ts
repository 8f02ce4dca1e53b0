import { describe, expect, it } from 'vitest';
import { adfToText, htmlToAdf } from '../../../../src/jira/adf';
import { br, expectValidAdf, li, link, p, t, ul } from '../../../support/adfNodes';

describe('htmlToAdf', () => {
  it('keeps paragraphs and line breaks', () => {
    const doc = htmlToAdf('<p>Hello<br>world</p>\n<p>Second   \n paragraph</p>');
    expect(doc.content).toEqual([p(t('Hello'), br, t('world')), p(t('Second paragraph'))]);
  });

  it('drops script and style elements with their contents', () => {
    const doc = htmlToAdf(
      '<p>Safe<script>alert("x")</script> text</p><style>p{color:red}</style><SCRIPT type="x">evil()</SCRIPT>',
    );
    expectValidAdf(doc);
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
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      p(
        t('site', [link('https://example.com/x?a=1&b=2')]),
        t(' bad '),
        t('mail', [link('mailto:a@b.test')]),
        t(' none'),
      ),
    ]);
  });

  it('refuses scheme tricks hidden by entities, tabs and case', () => {
    const doc = htmlToAdf(
      '<a href="java&#x09;script:alert(1)">a</a><a href="JaVaScRiPt:x">b</a><a href="&#106;avascript:x">c</a><a href=" data:text/html,x">d</a>',
    );
    expect(doc.content).toEqual([p(t('abcd'))]);
  });

  it('resolves relative links against the base URL', () => {
    const doc = htmlToAdf('<a href="/hc/articles/1">kb</a>', { baseUrl: 'https://acme.zendesk.com' });
    expect(doc.content).toEqual([p(t('kb', [link('https://acme.zendesk.com/hc/articles/1')]))]);
    expect(htmlToAdf('<a href="/hc/articles/1">kb</a>').content).toEqual([p(t('kb'))]);
  });

  it('keeps bullet and ordered lists, nested', () => {
    const doc = htmlToAdf('<ul><li>one</li><li>two<ol start="3"><li>a</li><li><b>b</b></li></ol></li></ul>');
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      ul(
        li(p(t('one'))),
        li(p(t('two')), {
          type: 'orderedList',
          attrs: { order: 3 },
          content: [li(p(t('a'))), li(p(t('b', [{ type: 'strong' }])))],
        }),
      ),
    ]);
  });

  it('handles unclosed <li> and <p> tags and lists nested directly in lists', () => {
    const doc = htmlToAdf('<p>intro<ul><li>a<li>b<ul><li>c</ul></ul><p>end');
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      p(t('intro')),
      ul(li(p(t('a'))), li(p(t('b')), ul(li(p(t('c')))))),
      p(t('end')),
    ]);
  });

  it('keeps text written between list items as an item, in order', () => {
    const doc = htmlToAdf('<ul><li>a</li>stray<ul><li>sub</li></ul>after<li>b</li></ul>');
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      ul(li(p(t('a'))), li(p(t('stray')), ul(li(p(t('sub'))))), li(p(t('after'))), li(p(t('b')))),
    ]);
  });

  it('gives list items that start with a nested list an empty first paragraph', () => {
    const doc = htmlToAdf('<ul><li><ul><li>deep</li></ul></li></ul>');
    expectValidAdf(doc);
    expect(doc.content).toEqual([ul(li(p(), ul(li(p(t('deep'))))))]);
  });

  it('maps inline formatting to marks and keeps code marks valid', () => {
    const doc = htmlToAdf(
      '<p><strong>b</strong> <em>i</em> <b><code>c</code></b> <s>s</s> <u>u</u> <span style="x">plain</span> <a href="https://l.test"><code><i>lc</i></code></a></p>',
    );
    expectValidAdf(doc);
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
        t(' plain '),
        t('lc', [link('https://l.test/'), { type: 'code' }]),
      ),
    ]);
  });

  it('turns headings, quotes, pre, rules and tables into valid ADF', () => {
    const doc = htmlToAdf(
      '<h2>Title</h2><blockquote><h3>q</h3><p>quoted</p><hr></blockquote><pre>line 1\n  line 2</pre><hr><table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2</td></tr></table>',
    );
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      { type: 'heading', attrs: { level: 2 }, content: [t('Title')] },
      { type: 'blockquote', content: [p(t('q')), p(t('quoted'))] },
      { type: 'codeBlock', content: [t('line 1\n  line 2')] },
      { type: 'rule' },
      p(t('A | B')),
      p(t('1 | 2')),
    ]);
  });

  it('keeps a code block with marked text inside as plain code text', () => {
    const doc = htmlToAdf(
      '<pre><b>bold</b> <a href="https://x.test">x</a><br>next<script>bad()</script></pre>',
    );
    expectValidAdf(doc);
    expect(doc.content).toEqual([{ type: 'codeBlock', content: [t('bold x\nnext')] }]);
  });

  it('keeps lists and quotes inside table cells and headings as text', () => {
    const doc = htmlToAdf(
      '<table><tr><td><ul><li>a</li><li>b</li></ul></td><td><blockquote>q</blockquote></td></tr></table><h1>x<ul><li>y</li></ul></h1>',
    );
    expectValidAdf(doc);
    expect(doc.content).toEqual([
      p(t('a b | q')),
      { type: 'heading', attrs: { level: 1 }, content: [t('x y')] },
    ]);
  });

  it('decodes every HTML entity, named or numeric, and keeps unicode', () => {
    const doc = htmlToAdf(
      '<p>&lt;tag&gt; &amp; &quot;q&quot; &#39;s&#39; &#x1F600; &eacute;? &hearts; &AMP; caf\u00e9 日本 &zzz; &notin; &notit; &#0;&#xD800;</p>',
    );
    // As a browser reads it: `&not` is one of HTML's legacy entities valid without ";".
    expect(doc.content).toEqual([p(t('<tag> & "q" \'s\' 😀 é? ♥ & café 日本 &zzz; ∉ ¬it; \ufffd\ufffd'))]);
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
    expect(htmlToAdf('<p> </p><br><div></div><ul></ul><table><tr><td> </td></tr></table>').content).toEqual(
      [],
    );
  });

  it('round-trips HTML content to readable text', () => {
    const html =
      '<p>Hi <a href="https://h.test/">team</a>,</p><ol><li>one</li><li>two</li></ol><script>bad()</script>';
    expect(adfToText(htmlToAdf(html))).toBe('Hi team (https://h.test/),\n\n1. one\n2. two');
  });
});
