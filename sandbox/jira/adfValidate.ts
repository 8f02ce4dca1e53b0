/**
 * Atlassian Document Format for v3 rich-text values (description, environment,
 * textarea custom fields, comment bodies): the accept/refuse decision (the official
 * JSON schema, see adfSchema.ts) and the plain-text and HTML renderings Jira derives.
 */
import { adfSchemaProblem } from './adfSchema.js';
import type { AdfDoc, AdfNode } from './types.js';

const INLINE_NODES = new Set([
  'text',
  'hardBreak',
  'mention',
  'emoji',
  'inlineCard',
  'date',
  'status',
  'placeholder',
  'mediaInline',
]);

export type AdfCheck =
  | { ok: true; doc: AdfDoc }
  /** The value is not an ADF document at all (a string, a number, a non-doc object). */
  | { ok: false; reason: 'not-doc' }
  /** A `doc` whose root or nodes break the schema. */
  | { ok: false; reason: 'invalid'; detail: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Jira Cloud's limit for multi-line text values (comment bodies, description, textareas). */
export const TEXT_CHARACTER_LIMIT = 32_767;

/**
 * Whether a rich-text value is over the limit. Jira stores an ADF value as its JSON
 * text, so the serialized document is what is counted (UTF-16 units, as Java counts)
 * [unverified: the stricter reading; real Jira may count less of the markup].
 */
export function overTextLimit(doc: AdfDoc): boolean {
  return JSON.stringify(doc).length > TEXT_CHARACTER_LIMIT;
}

export function checkAdf(value: unknown): AdfCheck {
  if (!isRecord(value) || value.type !== 'doc') return { ok: false, reason: 'not-doc' };
  const problem = adfSchemaProblem(value);
  if (problem !== null) return { ok: false, reason: 'invalid', detail: problem };
  // The schema accepted it, so the value has the AdfDoc shape.
  return { ok: true, doc: value as unknown as AdfDoc };
}

/** Plain text of a document, one line per block; used for changelog strings and JQL `~`. */
export function adfToText(doc: AdfDoc | null | undefined): string {
  if (doc === null || doc === undefined) return '';
  const lines: string[] = [];
  const inline = (node: AdfNode): string => {
    if (node.type === 'text') return node.text ?? '';
    if (node.type === 'hardBreak') return '\n';
    if (node.type === 'mention') return String(node.attrs?.text ?? '@');
    if (node.type === 'emoji') return String(node.attrs?.text ?? node.attrs?.shortName ?? '');
    if (node.type === 'inlineCard') return String(node.attrs?.url ?? '');
    return (node.content ?? []).map(inline).join('');
  };
  const block = (node: AdfNode): void => {
    if (INLINE_NODES.has(node.type)) {
      lines.push(inline(node));
      return;
    }
    const children = node.content ?? [];
    if (children.length > 0 && children.every((child) => INLINE_NODES.has(child.type))) {
      lines.push(children.map(inline).join(''));
      return;
    }
    for (const child of children) block(child);
  };
  for (const node of doc.content) block(node);
  return lines.join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const BLOCK_TAGS: Record<string, string> = {
  paragraph: 'p',
  bulletList: 'ul',
  orderedList: 'ol',
  listItem: 'li',
  blockquote: 'blockquote',
  table: 'table',
  tableRow: 'tr',
  tableHeader: 'th',
  tableCell: 'td',
};

/** A small HTML rendering, enough for `renderedFields` and `renderedBody`. */
export function adfToHtml(doc: AdfDoc | null | undefined): string {
  if (doc === null || doc === undefined) return '';
  const render = (node: AdfNode): string => {
    if (node.type === 'text') {
      let html = escapeHtml(node.text ?? '');
      for (const mark of node.marks ?? []) {
        if (mark.type === 'strong') html = `<b>${html}</b>`;
        else if (mark.type === 'em') html = `<em>${html}</em>`;
        else if (mark.type === 'code') html = `<tt>${html}</tt>`;
        else if (mark.type === 'link')
          html = `<a href="${escapeHtml(String(mark.attrs?.href ?? ''))}">${html}</a>`;
      }
      return html;
    }
    if (node.type === 'hardBreak') return '<br/>';
    if (node.type === 'rule') return '<hr/>';
    if (node.type === 'mention')
      return `<a class="user-hover">${escapeHtml(String(node.attrs?.text ?? ''))}</a>`;
    const inner = (node.content ?? []).map(render).join('');
    if (node.type === 'heading') {
      const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1)));
      return `<h${level}>${inner}</h${level}>`;
    }
    if (node.type === 'codeBlock') return `<pre>${inner}</pre>`;
    const tag = BLOCK_TAGS[node.type];
    return tag === undefined ? inner : `<${tag}>${inner}</${tag}>`;
  };
  return doc.content.map(render).join('');
}

/** A one-paragraph document; what the control API makes of a plain string. */
export function textToAdf(text: string): AdfDoc {
  const paragraphs = text.split(/\n{2,}/);
  return {
    version: 1,
    type: 'doc',
    content: paragraphs.map((paragraph) => ({
      type: 'paragraph',
      content: paragraph.length === 0 ? [] : [{ type: 'text', text: paragraph }],
    })),
  };
}
