/**
 * The three comment bodies Zendesk keeps (spec TicketCommentObject: body, html_body, plain_body).
 * A plain `body` is escaped and wrapped in Zendesk's `zd-comment` div; an `html_body` is sanitized
 * (Zendesk strips active content from HTML comments) and flattened to text for `body`/`plain_body`.
 * The exact markup Zendesk emits is not documented; the wrapper below follows the form seen in
 * API responses ("<div class=\"zd-comment\" dir=\"auto\">…</div>") and is good enough for clients
 * that must treat html_body as untrusted anyway.
 */

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  apos: "'",
  nbsp: ' ',
};

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+|#39);/gi, (whole, name: string) => {
    const lower = name.toLowerCase();
    if (lower.startsWith('#x')) return String.fromCodePoint(parseInt(lower.slice(2), 16));
    if (lower.startsWith('#') && lower !== '#39') return String.fromCodePoint(parseInt(lower.slice(1), 10));
    return ENTITIES[lower] ?? whole;
  });
}

export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return `<div class="zd-comment" dir="auto">${paragraphs}</div>`;
}

/** Removes elements and attributes that can run code; keeps ordinary formatting. */
export function sanitizeHtml(html: string): string {
  return html
    .replace(/<(script|style|iframe|object|embed)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<(script|style|iframe|object|embed)\b[^>]*\/?>/gi, '')
    .replace(/\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/(href|src)\s*=\s*(["']?)\s*javascript:[^"'\s>]*\2/gi, '$1="#"');
}

export function htmlToText(html: string): string {
  const withBreaks = html
    .replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|tr|blockquote|pre)>/gi, '\n')
    .replace(/<[^>]+>/g, '');
  return decodeEntities(withBreaks)
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export interface CommentBodies {
  body: string;
  htmlBody: string;
  plainBody: string;
}

export function bodiesFromText(text: string): CommentBodies {
  return { body: text, htmlBody: textToHtml(text), plainBody: text.trim() };
}

export function bodiesFromHtml(html: string): CommentBodies {
  const clean = sanitizeHtml(html);
  const text = htmlToText(clean);
  return { body: text, htmlBody: `<div class="zd-comment" dir="auto">${clean}</div>`, plainBody: text };
}
