/**
 * Zendesk `html_body` → ADF.
 *
 * htmlparser2 tokenizes and decodes entities (with the `entities` package; see
 * htmlStream.ts); we never build a DOM. Each open element pushes a frame on an explicit
 * stack and its close tag pops it, so nesting depth costs heap, not call stack.
 * Markup never passes through: tags become ADF nodes or are dropped, and script/style-like
 * elements are dropped with their contents. Lists nest at most MAX_LIST_DEPTH deep; deeper
 * items stay in the deepest list.
 */
import { BLOCK, DROPPED, HEADING, MARK_TAGS } from './htmlTags';
import { BlockSink, InlineSink, NULL_SINK, type Sink } from './htmlSinks';
import { streamHtml } from './htmlStream';
import { MAX_LIST_DEPTH, codeBlock, doc, list, listItem, paragraph, safeHref, trimInline } from './nodes';
import type { AdfDoc, AdfInline, AdfList, AdfListItem, AdfMark, HeadingLevel } from './types';

/** A list being read: its items so far and the stray content since the last `<li>`. */
class ListState {
  readonly items: AdfListItem[] = [];
  readonly loose = new BlockSink('nested');

  constructor(
    readonly ordered: boolean,
    readonly order: number,
  ) {}

  /** Content between items (text or elements outside any `<li>`) becomes an item of its own. */
  finishLoose(): void {
    const blocks = this.loose.result();
    if (blocks.length > 0) this.items.push(listItem(blocks));
  }

  /** A list written directly inside this one belongs to the item before it. */
  attach(nested: AdfList): void {
    const prev = this.items[this.items.length - 1];
    if (prev) prev.content.push(nested);
    else this.items.push(listItem([nested]));
  }
}

interface Frame {
  readonly sink: Sink;
  readonly marks: readonly AdfMark[];
  readonly listDepth: number;
  /** Set inside `<pre>`: text is kept verbatim here. */
  readonly pre: { text: string } | null;
  readonly dropping: boolean;
  /** Set on the frame of a list element itself (not inherited). */
  readonly list?: ListState;
  /** Set on the frame of a table row itself: its cells' inline content. */
  readonly cells?: AdfInline[][];
  readonly onClose?: () => void;
}

/** A frame inside `parent`: inherits its sink, marks and modes, never its list/row/close. */
function child(parent: Frame, extra: Partial<Frame> = {}): Frame {
  const { sink, marks, listDepth, pre, dropping } = parent;
  return { sink, marks, listDepth, pre, dropping, ...extra };
}

function withMark(marks: readonly AdfMark[], mark: AdfMark): readonly AdfMark[] {
  if (mark.type === 'link') return [...marks.filter((m) => m.type !== 'link'), mark];
  return marks.some((m) => m.type === mark.type) ? marks : [...marks, mark];
}

function parseOrder(start: string | undefined): number {
  const n = Number.parseInt(start ?? '1', 10);
  return Number.isFinite(n) && n > 0 ? n : 1;
}

/** A block element we give no structure of its own: it only separates paragraphs. */
function plainBlock(parent: Frame): Frame {
  parent.sink.flush();
  return child(parent, { onClose: () => parent.sink.flush() });
}

function listFrame(parent: Frame, name: string, attrs: Record<string, string>): Frame {
  parent.list?.finishLoose();
  parent.sink.flush();
  const state = new ListState(name === 'ol', parseOrder(attrs.start));
  const onClose = (): void => {
    state.finishLoose();
    if (state.items.length === 0) return;
    const node = list(state.ordered, state.items, state.order);
    if (parent.list) parent.list.attach(node);
    else parent.sink.block(node);
  };
  return child(parent, { sink: state.loose, list: state, listDepth: parent.listDepth + 1, onClose });
}

function itemFrame(parent: Frame, state: ListState): Frame {
  state.finishLoose();
  const sink = new BlockSink('nested');
  return child(parent, {
    sink,
    onClose: () => {
      const blocks = sink.result();
      if (blocks.length > 0) state.items.push(listItem(blocks));
    },
  });
}

function headingFrame(parent: Frame, level: HeadingLevel): Frame {
  parent.sink.flush();
  const sink = new InlineSink();
  return child(parent, {
    sink,
    onClose: () => {
      const content = sink.result();
      if (content.length > 0) parent.sink.block({ type: 'heading', attrs: { level }, content });
    },
  });
}

function quoteFrame(parent: Frame): Frame {
  // Quotes inside quotes or list items are flattened (ADF has no nested blockquote).
  if (parent.sink.mode === 'nested') return plainBlock(parent);
  parent.sink.flush();
  const sink = new BlockSink('nested');
  return child(parent, {
    sink,
    onClose: () => {
      const content = sink.result();
      if (content.length > 0) parent.sink.block({ type: 'blockquote', content });
    },
  });
}

function preFrame(parent: Frame): Frame {
  parent.sink.flush();
  const pre = { text: '' };
  const onClose = (): void => {
    const value = pre.text.replace(/\r\n?/g, '\n').replace(/^\n/, '').replace(/\n+$/, '');
    if (value !== '') parent.sink.block(codeBlock(value));
  };
  return child(parent, { pre, onClose });
}

/** Tables become one paragraph per row, cells joined by " | ": readable, and never an invalid ADF table. */
function rowFrame(parent: Frame): Frame {
  parent.sink.flush();
  const cells: AdfInline[][] = [];
  const onClose = (): void => {
    const row: AdfInline[] = [];
    for (const [index, cell] of cells.entries()) {
      if (index > 0) row.push({ type: 'text', text: ' | ' });
      for (const node of cell) row.push(node);
    }
    const content = trimInline(row);
    if (content.length > 0) parent.sink.block(paragraph(content));
  };
  return child(parent, { sink: NULL_SINK, cells, onClose });
}

function cellFrame(parent: Frame, cells: AdfInline[][]): Frame {
  const sink = new InlineSink();
  return child(parent, { sink, onClose: () => cells.push(sink.result()) });
}

function linkFrame(parent: Frame, href: string | undefined, baseUrl: string | undefined): Frame {
  const safe = href === undefined ? null : safeHref(href, baseUrl);
  return safe === null
    ? child(parent)
    : child(parent, { marks: withMark(parent.marks, { type: 'link', attrs: { href: safe } }) });
}

/** The frame an opening tag starts, given the frame it opens in. */
function open(
  parent: Frame,
  name: string,
  attrs: Record<string, string>,
  baseUrl: string | undefined,
): Frame {
  if (parent.dropping || DROPPED.has(name)) return child(parent, { dropping: true });
  if (parent.pre) {
    if (name === 'br') parent.pre.text += '\n';
    return child(parent);
  }
  const structured = parent.sink.mode !== 'inline';
  if (name === 'br') parent.sink.addBreak();
  else if (name === 'hr') parent.sink.block({ type: 'rule' });
  else if (name === 'a') return linkFrame(parent, attrs.href, baseUrl);
  else if (MARK_TAGS[name]) return child(parent, { marks: withMark(parent.marks, MARK_TAGS[name]) });
  else if (structured && (name === 'ul' || name === 'ol') && parent.listDepth < MAX_LIST_DEPTH)
    return listFrame(parent, name, attrs);
  else if (name === 'li' && parent.list) return itemFrame(parent, parent.list);
  else if (structured && HEADING.test(name)) return headingFrame(parent, Number(name[1]) as HeadingLevel);
  else if (structured && name === 'blockquote') return quoteFrame(parent);
  else if (structured && name === 'pre') return preFrame(parent);
  else if (structured && name === 'tr') return rowFrame(parent);
  else if ((name === 'td' || name === 'th') && parent.cells) return cellFrame(parent, parent.cells);
  else if (BLOCK.has(name)) return plainBlock(parent);
  // img, span, font, unknown elements: only their text (if any) is kept.
  return child(parent);
}

/** Zendesk `html_body` → ADF. Relative links resolve against `baseUrl` when given. */
export function htmlToAdf(html: string, options: { baseUrl?: string } = {}): AdfDoc {
  const sink = new BlockSink('root');
  const root: Frame = { sink, marks: [], listDepth: 0, pre: null, dropping: false };
  const stack: Frame[] = [root];
  const top = (): Frame => stack[stack.length - 1] ?? root;
  streamHtml(html, {
    onopentag: (name, attrs) => stack.push(open(top(), name, attrs, options.baseUrl)),
    // htmlparser2 reports a close for every open (implied ones included), so the stack stays in step.
    onclosetag: () => {
      if (stack.length > 1) stack.pop()?.onClose?.();
    },
    ontext: (data) => {
      const frame = top();
      if (frame.dropping) return;
      if (frame.pre) frame.pre.text += data;
      else frame.sink.addText(data, frame.marks);
    },
  });
  return doc(sink.result());
}
