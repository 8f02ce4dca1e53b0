/**
 * Plain text (a Zendesk comment's `body`/`plain_body`, a field value) → ADF: blank lines
 * separate paragraphs, single newlines become hard breaks, "- " / "1. " lines become lists
 * nested by indentation, and http(s) URLs become links. Text is never read as markup.
 */
import {
  MAX_LIST_DEPTH,
  append,
  compactInline,
  doc,
  hardBreak,
  list,
  paragraph,
  safeHref,
  text,
  trimInline,
} from './nodes';
import type { AdfBlock, AdfDoc, AdfInline, AdfList, AdfMark, AdfText } from './types';

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/g;
const SENTENCE_END = /[.,;:!?]$/;

function count(haystack: string, char: string): number {
  let n = 0;
  for (const c of haystack) if (c === char) n++;
  return n;
}

/** Trailing punctuation belongs to the sentence, and an unbalanced ")" to the prose. */
function trimUrl(candidate: string): string {
  let url = candidate;
  const opens = count(url, '(');
  let closes = count(url, ')');
  for (;;) {
    if (SENTENCE_END.test(url)) url = url.slice(0, -1);
    else if (url.endsWith(')') && opens < closes) {
      url = url.slice(0, -1);
      closes--;
    } else return url;
  }
}

/** Splits text into text nodes, marking http(s) URLs as links. */
export function linkify(value: string, marks: readonly AdfMark[] = []): AdfText[] {
  const out: AdfText[] = [];
  let last = 0;
  for (const match of value.matchAll(URL_IN_TEXT)) {
    const url = trimUrl(match[0]);
    const start = match.index;
    const href = safeHref(url);
    if (href === null) continue;
    if (start > last) out.push(text(value.slice(last, start), marks));
    out.push(text(url, [...marks, { type: 'link', attrs: { href } }]));
    last = start + url.length;
  }
  if (last < value.length) out.push(text(value.slice(last), marks));
  return out;
}

const LIST_LINE = /^([ \t]*)([-*•]|\d{1,9}[.)])[ \t]+(.*)$/;

interface ListFrame {
  indent: number;
  list: AdfList;
}

function linesToInline(lines: readonly string[]): AdfInline[] {
  const out: AdfInline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push(hardBreak);
    append(out, linkify(line));
  });
  return compactInline(out);
}

/** The paragraph a continuation line extends: the first one of the innermost open item. */
function openItemParagraph(stack: readonly ListFrame[]): AdfInline[] | null {
  const items = stack[stack.length - 1]?.list.content;
  const first = items?.[items.length - 1]?.content[0];
  return first?.type === 'paragraph' ? first.content : null;
}

/** One blank-line separated block of plain text: paragraphs and (nested) lists. */
function textBlockToAdf(block: string): AdfBlock[] {
  const out: AdfBlock[] = [];
  let prose: string[] = [];
  const stack: ListFrame[] = [];

  const flushProse = (): void => {
    const content = trimInline(linesToInline(prose));
    if (content.length > 0) out.push(paragraph(content));
    prose = [];
  };

  for (const line of block.split('\n')) {
    const m = LIST_LINE.exec(line);
    if (!m) {
      const continued = line.trim() !== '' ? openItemParagraph(stack) : null;
      if (continued) {
        continued.push(hardBreak);
        append(continued, linkify(line.trim()));
      } else {
        stack.length = 0;
        prose.push(line);
      }
      continue;
    }
    flushProse();
    let indent = (m[1] ?? '').replace(/\t/g, '    ').length;
    const marker = m[2] ?? '-';
    const ordered = /\d/.test(marker);
    const item = { type: 'listItem' as const, content: [paragraph(trimInline(linkify(m[3] ?? '')))] };
    while ((stack[stack.length - 1]?.indent ?? -1) > indent) stack.pop();
    let top = stack[stack.length - 1];
    // Past the depth cap, deeper lines stay items of the deepest list.
    if (top && top.indent < indent && stack.length >= MAX_LIST_DEPTH) indent = top.indent;
    if (top && top.indent === indent) {
      if ((top.list.type === 'orderedList') === ordered) {
        top.list.content.push(item);
        continue;
      }
      stack.pop();
      top = stack[stack.length - 1];
    }
    const created = list(ordered, [item], Math.max(1, Number.parseInt(marker, 10) || 1));
    const parentItem = top?.list.content[top.list.content.length - 1];
    if (parentItem) parentItem.content.push(created);
    else out.push(created);
    stack.push({ indent, list: created });
  }
  flushProse();
  return out;
}

/** Plain text (e.g. a Zendesk comment `body`) → ADF: paragraphs, line breaks, lists, links. */
export function textToAdf(value: string): AdfDoc {
  const blocks = value.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n+/);
  const content: AdfBlock[] = [];
  for (const block of blocks) if (block.trim() !== '') append(content, textBlockToAdf(block));
  return doc(content);
}
