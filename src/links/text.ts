/**
 * Text the panel shows. Zendesk values are text and stay text: `qty<5 and price>10` is a
 * subject, not markup, and the UI Kit renders strings as text nodes, so nothing needs to be
 * stripped for safety. Only values Zendesk documents as HTML (a comment's `html_body`) go
 * through htmlToText, which uses a real HTML parser (htmlparser2) rather than patterns.
 */
import { Parser } from 'htmlparser2';
import { BLOCK_TAGS, DROPPED_TAGS } from '../jira/adf';

/** Longest value kept per preview field: previews live inside the link record (KVS 240 KiB). */
export const MAX_PREVIEW_VALUE = 1_000;

// The HTML → ADF conversion's element tables (src/jira/adf/htmlTags.ts): what is dropped with
// its content and what ends a block mean the same in a preview as in a copied comment.
const SKIPPED = DROPPED_TAGS;
const BLOCKS = BLOCK_TAGS;
/** Table cells sit side by side on their row's line (checked before BLOCKS, which holds them). */
const CELLS = new Set(['td', 'th']);

function tidyLines(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/[ \t\f\v\u00a0]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * HTML → readable plain text: block ends become line breaks, list items get a dash, entities
 * are decoded by the parser, script/style content is dropped. For genuine HTML only.
 */
export function htmlToText(html: string): string {
  let out = '';
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (name === 'br') out += '\n';
        else if (name === 'li') out += '\n- ';
        else if (CELLS.has(name)) out += ' ';
        else if (BLOCKS.has(name)) out += '\n';
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (CELLS.has(name)) out += ' ';
        else if (name !== 'li' && BLOCKS.has(name)) out += '\n';
      },
      ontext(text) {
        if (skipDepth === 0) out += text;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return tidyLines(out);
}

/**
 * Plain text for display: the value exactly as written (no tag stripping, no entity
 * decoding), without control characters, capped at `max` characters.
 */
export function displayText(value: string, max: number = MAX_PREVIEW_VALUE): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const clean = value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '').trim();
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`;
}
