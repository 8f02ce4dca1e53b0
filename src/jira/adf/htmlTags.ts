/**
 * What HTML elements mean to the HTML → ADF conversion: which are dropped with everything
 * inside them, which end a paragraph, and which become text marks.
 */
import type { AdfMark } from './types';

/** Active or embedded content: dropped together with everything inside it. */
export const DROPPED = new Set([
  'script',
  'style',
  'head',
  'title',
  'noscript',
  'template',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'textarea',
  'select',
  'button',
  'canvas',
  'audio',
  'video',
]);

/** Elements that end the paragraph before them and start a new one after them. */
export const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'header',
  'footer',
  'main',
  'aside',
  'nav',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'pre',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'td',
  'th',
  'address',
  'figure',
  'figcaption',
  'dl',
  'dt',
  'dd',
  'form',
  'fieldset',
  'center',
  'details',
  'summary',
  'caption',
]);

export const MARK_TAGS: Readonly<Record<string, AdfMark>> = {
  strong: { type: 'strong' },
  b: { type: 'strong' },
  em: { type: 'em' },
  i: { type: 'em' },
  cite: { type: 'em' },
  code: { type: 'code' },
  kbd: { type: 'code' },
  samp: { type: 'code' },
  tt: { type: 'code' },
  s: { type: 'strike' },
  strike: { type: 'strike' },
  del: { type: 'strike' },
  u: { type: 'underline' },
  ins: { type: 'underline' },
};

export const HEADING = /^h[1-6]$/;
