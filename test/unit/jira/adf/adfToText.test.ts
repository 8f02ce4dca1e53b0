import { describe, expect, it } from 'vitest';
import { adfToText, textToAdf } from '../../../../src/jira/adf';
import { br, li, link, p, t, ul } from '../../../support/adfNodes';

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
        ul(li(p(t('a'))), li(p(t('b')), ul(li(p(t('c')))))),
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
    expect(adfToText({ type: 'doc', content: [p({ type: 'date', attrs: { timestamp: '9e99' } })] })).toBe('');
  });

  it('round-trips plain text with paragraphs, lists and links', () => {
    const text = 'Intro line\nsecond line\n\n- a\n- b\n  - c\n\nSee https://example.com/x';
    expect(adfToText(textToAdf(text))).toBe(text);
  });

  it('reads the connector block of a copied comment back as its own line', () => {
    const block = '[Zendesk Connector] type=zendesk-comment-sync ticket=7 comment=42';
    const doc = {
      type: 'doc',
      version: 1,
      content: [p(t('header', [{ type: 'strong' }])), p(t('body')), p(t(block))],
    };
    expect(adfToText(doc).split('\n\n').at(-1)).toBe(block);
  });
});
