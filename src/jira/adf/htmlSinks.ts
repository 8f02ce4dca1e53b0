/**
 * Where HTML → ADF puts what it reads. A sink gathers text into the paragraph being built
 * and receives finished blocks, reshaping them to what its place in ADF allows:
 * - `BlockSink('root')`: the document; any block we produce.
 * - `BlockSink('nested')`: a list item or quote, where ADF allows paragraphs, lists and code
 *   blocks only — headings become paragraphs, quotes are flattened, rules dropped.
 * - `InlineSink`: a heading or table cell, which keeps inline content only; paragraphs run
 *   on with a space between them.
 * Reshaping on arrival (instead of after the fact) keeps each block touched once, so deep
 * or long input costs linear time.
 */
import { append, paragraph, text, trimInline } from './nodes';
import type { AdfBlock, AdfInline, AdfMark } from './types';

const HTML_SPACE = /[ \t\n\r\f]+/g;

export interface Sink {
  readonly mode: 'root' | 'nested' | 'inline';
  /** HTML text: whitespace collapses as a browser renders it, also across elements. */
  addText(raw: string, marks: readonly AdfMark[]): void;
  addBreak(): void;
  /** Ends the paragraph being built (a block element starts or ends). */
  flush(): void;
  /** A finished block, after the paragraph being built. */
  block(block: AdfBlock): void;
}

abstract class InlineCollector {
  protected inline: AdfInline[] = [];

  addText(raw: string, marks: readonly AdfMark[]): void {
    let value = raw.replace(HTML_SPACE, ' ');
    const prev = this.inline[this.inline.length - 1];
    if (value.startsWith(' ') && prev?.type === 'text' && prev.text.endsWith(' ')) value = value.slice(1);
    if (value !== '') this.inline.push(text(value, marks));
  }

  addBreak(): void {
    this.inline.push({ type: 'hardBreak' });
  }

  /** The paragraph being built, trimmed, and a fresh one started. */
  protected take(): AdfInline[] {
    const content = trimInline(this.inline);
    this.inline = [];
    return content;
  }
}

export class BlockSink extends InlineCollector implements Sink {
  private blocks: AdfBlock[] = [];

  constructor(readonly mode: 'root' | 'nested') {
    super();
  }

  flush(): void {
    const content = this.take();
    if (content.length > 0) this.blocks.push(paragraph(content));
  }

  block(block: AdfBlock): void {
    this.flush();
    if ((block.type === 'bulletList' || block.type === 'orderedList') && block.content.length === 0) return;
    if (this.mode === 'root') this.blocks.push(block);
    else if (block.type === 'heading') this.blocks.push(paragraph(block.content));
    else if (block.type === 'blockquote') append(this.blocks, block.content);
    else if (block.type !== 'rule') this.blocks.push(block);
  }

  /** Everything gathered so far; the sink starts over empty (a list's stray content reuses it). */
  result(): AdfBlock[] {
    this.flush();
    const out = this.blocks;
    this.blocks = [];
    return out;
  }
}

export class InlineSink extends InlineCollector implements Sink {
  readonly mode = 'inline';
  private readonly collected: AdfInline[] = [];

  flush(): void {
    const content = this.take();
    if (content.length === 0) return;
    if (this.collected.length > 0) this.collected.push(text(' '));
    append(this.collected, content);
  }

  block(block: AdfBlock): void {
    this.flush();
    if (block.type === 'paragraph' || block.type === 'heading') {
      this.inline = block.content.slice();
      this.flush();
    }
  }

  result(): AdfInline[] {
    this.flush();
    return trimInline(this.collected);
  }
}

/** Swallows everything: text directly inside a table row, outside any cell. */
export const NULL_SINK: Sink = {
  mode: 'nested',
  addText: () => undefined,
  addBreak: () => undefined,
  flush: () => undefined,
  block: () => undefined,
};
