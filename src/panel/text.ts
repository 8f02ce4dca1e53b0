/**
 * Zendesk content becomes plain text before it is stored or shown (DESIGN §5: the panel
 * renders text, never markup). Values that carry no tags are left exactly as Zendesk sent
 * them, so a literal "&amp;" typed into a text field is not silently decoded.
 */

/** Longest value kept per preview field: previews live inside the link record (KVS 240 KiB). */
export const MAX_PREVIEW_VALUE = 1_000;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  euro: '€',
};

function codePoint(n: number): string {
  // Out-of-range and surrogate code points would throw or produce broken text.
  if (!Number.isFinite(n) || n <= 0 || n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return '\uFFFD';
  return String.fromCodePoint(n);
}

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const hex = body[1] === 'x' || body[1] === 'X';
      return codePoint(Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10));
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const TAG = /<\/?[a-z][^>]*>|<!--/i;

export function looksLikeHtml(text: string): boolean {
  return TAG.test(text);
}

/** HTML → readable plain text: block ends become line breaks, list items get a dash. */
export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  s = s.replace(/<(script|style|head|template)\b[^>]*>[\s\S]*?(?:<\/\1\s*>|$)/gi, '');
  s = s.replace(/<br\s*\/?>/gi, '\n');
  s = s.replace(/<li\b[^>]*>/gi, '\n- ');
  s = s.replace(/<\/(p|div|ul|ol|h[1-6]|tr|table|blockquote|pre|section|article|header|footer)\s*>/gi, '\n');
  s = s.replace(/<(p|div|h[1-6]|tr|table|blockquote|pre|ul|ol)\b[^>]*>/gi, '\n');
  s = s.replace(/<\/?(td|th)\b[^>]*>/gi, ' ');
  s = s.replace(/<[^>]*>/g, '');
  // A "<" that never closed is the start of a broken tag, not text the author wrote.
  s = s.replace(/<[a-z/!][^>]*$/i, '');
  s = decodeEntities(s);
  return s
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Plain text for display: HTML stripped when present, control characters dropped, capped. */
export function displayText(value: string, max: number = MAX_PREVIEW_VALUE): string {
  const text = looksLikeHtml(value) ? htmlToText(value) : value;
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
