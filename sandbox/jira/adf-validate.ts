/**
 * Atlassian Document Format checks for v3 rich-text values (description,
 * environment, textarea custom fields, comment bodies).
 * Root rules [doc https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/,
 * ADF JSON schema `doc_node`]: exactly `version: 1`, `type: "doc"`, `content: []`.
 * Node rules are a practical subset of the ADF schema: known node and mark types,
 * `content` arrays of nodes, text nodes with non-empty `text`.
 */
import type { AdfDoc, AdfNode } from './types.js';

const BLOCK_NODES = new Set([
  'paragraph',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'codeBlock',
  'blockquote',
  'rule',
  'panel',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
  'mediaSingle',
  'mediaGroup',
  'media',
  'expand',
  'nestedExpand',
  'taskList',
  'taskItem',
  'decisionList',
  'decisionItem',
  'blockCard',
  'embedCard',
]);
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
const MARKS = new Set([
  'strong',
  'em',
  'code',
  'link',
  'strike',
  'underline',
  'subsup',
  'textColor',
  'backgroundColor',
  'alignment',
  'indentation',
  'border',
  'annotation',
]);
const MAX_DEPTH = 64;

export type AdfCheck =
  | { ok: true; doc: AdfDoc }
  /** The value is not an ADF document at all (a string, a number, a non-doc object). */
  | { ok: false; reason: 'not-doc' }
  /** A `doc` whose root or nodes break the schema. */
  | { ok: false; reason: 'invalid'; detail: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkNode(node: unknown, path: string, depth: number): string | null {
  if (depth > MAX_DEPTH) return `${path}: nesting deeper than ${MAX_DEPTH}`;
  if (!isRecord(node)) return `${path}: a node must be an object`;
  const type = node.type;
  if (typeof type !== 'string') return `${path}: node without a type`;
  if (!BLOCK_NODES.has(type) && !INLINE_NODES.has(type)) return `${path}: unknown node type '${type}'`;
  if (type === 'text') {
    if (typeof node.text !== 'string' || node.text.length === 0)
      return `${path}: text node needs non-empty text`;
    if (node.content !== undefined) return `${path}: text node cannot have content`;
  }
  if (node.attrs !== undefined && !isRecord(node.attrs)) return `${path}: attrs must be an object`;
  if (type === 'mention' && (!isRecord(node.attrs) || typeof node.attrs.id !== 'string')) {
    return `${path}: mention needs attrs.id`;
  }
  if (node.marks !== undefined) {
    if (!Array.isArray(node.marks)) return `${path}: marks must be an array`;
    for (const [i, mark] of node.marks.entries()) {
      if (!isRecord(mark) || typeof mark.type !== 'string' || !MARKS.has(mark.type)) {
        return `${path}.marks[${i}]: unknown mark`;
      }
      if (mark.type === 'link' && (!isRecord(mark.attrs) || typeof mark.attrs.href !== 'string')) {
        return `${path}.marks[${i}]: link needs attrs.href`;
      }
    }
  }
  if (node.content !== undefined) {
    if (!Array.isArray(node.content)) return `${path}: content must be an array`;
    for (const [i, child] of node.content.entries()) {
      const problem = checkNode(child, `${path}.content[${i}]`, depth + 1);
      if (problem !== null) return problem;
    }
  }
  return null;
}

export function checkAdf(value: unknown): AdfCheck {
  if (!isRecord(value) || value.type !== 'doc') return { ok: false, reason: 'not-doc' };
  const extra = Object.keys(value).filter((key) => key !== 'version' && key !== 'type' && key !== 'content');
  if (extra.length > 0)
    return { ok: false, reason: 'invalid', detail: `unexpected root properties ${extra.join(', ')}` };
  if (value.version !== 1) return { ok: false, reason: 'invalid', detail: 'version must be 1' };
  if (!Array.isArray(value.content))
    return { ok: false, reason: 'invalid', detail: 'content must be an array' };
  for (const [i, child] of value.content.entries()) {
    const problem = checkNode(child, `content[${i}]`, 1);
    if (problem !== null) return { ok: false, reason: 'invalid', detail: problem };
  }
  // Every node was checked above, so the value has the AdfDoc shape.
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
