/**
 * Small typed ADF builders and the inline clean-up every converter shares.
 *
 * Why not @atlaskit/adf-utils/builders: its `builders` entry is a directory with its own
 * package.json and its ESM build uses extension-less relative imports, so it cannot be
 * imported from Node ESM (ERR_UNSUPPORTED_DIR_IMPORT; only its CommonJS build loads, through
 * @babel/runtime). Its mark builders are typed `any`, mutate their argument and report a
 * duplicate mark with console.error. The few builders below are typed against our
 * types.ts, whose leaves are checked against @atlaskit/adf-schema's definitions.
 */
import type {
  AdfBlock,
  AdfCodeBlock,
  AdfCodeMark,
  AdfDoc,
  AdfFormatMark,
  AdfHardBreak,
  AdfInline,
  AdfList,
  AdfListItem,
  AdfMark,
  AdfParagraph,
  AdfText,
} from './types';

/**
 * Deepest list nesting we emit. The JSON schema sets no limit, but Atlassian's editor
 * indents lists at most 6 levels (MAX_INDENTATION_LEVEL in @atlaskit/editor-common,
 * https://app.unpkg.com/@atlaskit/editor-common@99.4.0/files/dist/esm/indentation/index.js);
 * deeper input is kept as items of the deepest list, so no text is lost.
 */
export const MAX_LIST_DEPTH = 6;

export function doc(content: AdfBlock[]): AdfDoc {
  return { version: 1, type: 'doc', content };
}

export function emptyDoc(): AdfDoc {
  return doc([]);
}

export function paragraph(content: AdfInline[]): AdfParagraph {
  return { type: 'paragraph', content };
}

export const hardBreak: Readonly<AdfHardBreak> = { type: 'hardBreak' };

export function codeBlock(code: string): AdfCodeBlock {
  return { type: 'codeBlock', content: [{ type: 'text', text: code }] };
}

export function list(ordered: boolean, items: AdfListItem[], order = 1): AdfList {
  return ordered
    ? { type: 'orderedList', attrs: { order }, content: items }
    : { type: 'bulletList', content: items };
}

/** A list item; ADF wants it to open with a paragraph or code block. */
export function listItem(content: AdfBlock[]): AdfListItem {
  const first = content[0]?.type;
  return {
    type: 'listItem',
    content: first === 'paragraph' || first === 'codeBlock' ? content : [paragraph([]), ...content],
  };
}

/**
 * A text node with the marks ADF allows together: `code` keeps only `link` beside it, and
 * each mark type appears once (the first one wins).
 */
export function text(value: string, marks: readonly AdfMark[] = []): AdfText {
  const unique: AdfMark[] = [];
  for (const mark of marks) if (!unique.some((m) => m.type === mark.type)) unique.push(mark);
  if (unique.length === 0) return { type: 'text', text: value };
  if (unique.some((m) => m.type === 'code'))
    return { type: 'text', text: value, marks: unique.filter(isCodeMark) };
  return { type: 'text', text: value, marks: unique.filter(isFormatMark) };
}

function isCodeMark(mark: AdfMark): mark is AdfCodeMark {
  return mark.type === 'code' || mark.type === 'link';
}

function isFormatMark(mark: AdfMark): mark is AdfFormatMark {
  return mark.type !== 'code';
}

/** `target.push(...items)` without the engine's argument-count limit (huge comments). */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}

const SAFE_SCHEMES = new Set(['http:', 'https:', 'mailto:']);

/** A link target we are willing to emit: absolute http(s)/mailto only (never javascript:, data:, …). */
export function safeHref(raw: string, baseUrl?: string): string | null {
  const trimmed = raw.trim();
  if (trimmed === '') return null;
  let url: URL;
  try {
    url = baseUrl ? new URL(trimmed, baseUrl) : new URL(trimmed);
  } catch {
    return null;
  }
  return SAFE_SCHEMES.has(url.protocol) ? url.toString() : null;
}

function sameMarks(a: AdfText, b: AdfText): boolean {
  return JSON.stringify(a.marks ?? []) === JSON.stringify(b.marks ?? []);
}

/** Merges neighbouring text nodes with equal marks and drops empty ones. */
export function compactInline(nodes: readonly AdfInline[]): AdfInline[] {
  const out: AdfInline[] = [];
  for (const node of nodes) {
    if (node.type === 'text' && node.text === '') continue;
    const prev = out[out.length - 1];
    if (node.type === 'text' && prev?.type === 'text' && sameMarks(prev, node)) {
      prev.text += node.text;
    } else {
      out.push(node.type === 'text' ? { ...node } : node);
    }
  }
  return out;
}

const EDGE_START = /^[ \t\n\r\f]+/;
const EDGE_END = /[ \t\n\r\f]+$/;

/** Trims whitespace at the paragraph's edges and around hard breaks (HTML rendering rules). */
export function trimInline(nodes: readonly AdfInline[]): AdfInline[] {
  const out = compactInline(nodes);
  for (let i = 0; i < out.length; i++) {
    const node = out[i];
    if (node?.type !== 'text') continue;
    if (i === 0 || out[i - 1]?.type === 'hardBreak') node.text = node.text.replace(EDGE_START, '');
    if (i === out.length - 1 || out[i + 1]?.type === 'hardBreak') node.text = node.text.replace(EDGE_END, '');
  }
  const kept = out.filter((n) => n.type !== 'text' || n.text !== '');
  // Trailing breaks render as nothing in HTML.
  while (kept[kept.length - 1]?.type === 'hardBreak') kept.pop();
  return kept;
}
