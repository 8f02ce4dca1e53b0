/**
 * Conversions between Zendesk comment text (plain `body` or `html_body`) and Atlassian
 * Document Format (api-contracts B5; ADF structure:
 * https://developer.atlassian.com/cloud/jira/platform/apis/document/structure).
 *
 * HTML never passes through as markup: tags are parsed into ADF nodes or dropped, and the
 * contents of script/style-like elements are dropped entirely. Pure functions only.
 */

// ---------- ADF types (the subset we produce) ----------

export type AdfMark =
  | { type: 'strong' }
  | { type: 'em' }
  | { type: 'code' }
  | { type: 'strike' }
  | { type: 'underline' }
  | { type: 'link'; attrs: { href: string } };

export interface AdfText {
  type: 'text';
  text: string;
  marks?: AdfMark[];
}
export interface AdfHardBreak {
  type: 'hardBreak';
}
export type AdfInline = AdfText | AdfHardBreak;

export interface AdfParagraph {
  type: 'paragraph';
  content: AdfInline[];
}
export interface AdfHeading {
  type: 'heading';
  attrs: { level: 1 | 2 | 3 | 4 | 5 | 6 };
  content: AdfInline[];
}
export interface AdfListItem {
  type: 'listItem';
  content: AdfBlock[];
}
export interface AdfBulletList {
  type: 'bulletList';
  content: AdfListItem[];
}
export interface AdfOrderedList {
  type: 'orderedList';
  attrs?: { order: number };
  content: AdfListItem[];
}
export interface AdfBlockquote {
  type: 'blockquote';
  content: AdfBlock[];
}
export interface AdfCodeBlock {
  type: 'codeBlock';
  content: AdfText[];
}
export interface AdfRule {
  type: 'rule';
}
export type AdfBlock =
  AdfParagraph | AdfHeading | AdfBulletList | AdfOrderedList | AdfBlockquote | AdfCodeBlock | AdfRule;

export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfBlock[];
}

export function emptyDoc(): AdfDoc {
  return { version: 1, type: 'doc', content: [] };
}

// ---------- shared helpers ----------

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

function sameMarks(a: AdfMark[] | undefined, b: AdfMark[] | undefined): boolean {
  return JSON.stringify(a ?? []) === JSON.stringify(b ?? []);
}

/** Merges neighbouring text nodes with equal marks and drops empty ones. */
function compactInline(nodes: AdfInline[]): AdfInline[] {
  const out: AdfInline[] = [];
  for (const node of nodes) {
    if (node.type === 'text' && node.text === '') continue;
    const prev = out[out.length - 1];
    if (node.type === 'text' && prev?.type === 'text' && sameMarks(prev.marks, node.marks)) {
      prev.text += node.text;
    } else {
      out.push(node.type === 'text' ? { ...node } : node);
    }
  }
  return out;
}

/** Trims whitespace at the paragraph's edges and around hard breaks (HTML rendering rules). */
function trimInline(nodes: AdfInline[]): AdfInline[] {
  const out = compactInline(nodes);
  for (let i = 0; i < out.length; i++) {
    const node = out[i];
    if (node?.type !== 'text') continue;
    const before = out[i - 1];
    const after = out[i + 1];
    if (i === 0 || before?.type === 'hardBreak') node.text = node.text.replace(/^[ \t\n\r\f]+/, '');
    if (i === out.length - 1 || after?.type === 'hardBreak')
      node.text = node.text.replace(/[ \t\n\r\f]+$/, '');
  }
  const kept = out.filter((n) => n.type !== 'text' || n.text !== '');
  // Trailing breaks render as nothing in HTML.
  while (kept[kept.length - 1]?.type === 'hardBreak') kept.pop();
  return kept;
}

function paragraph(content: AdfInline[]): AdfParagraph {
  return { type: 'paragraph', content };
}

// ---------- plain text → ADF ----------

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+/g;

/** Splits text into text nodes, marking http(s) URLs as links. */
function linkify(text: string, marks: AdfMark[] = []): AdfText[] {
  const out: AdfText[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_IN_TEXT)) {
    let url = match[0];
    // Trailing punctuation belongs to the sentence, and an unbalanced ")" to the prose.
    while (
      /[.,;:!?]$/.test(url) ||
      (url.endsWith(')') && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0))
    ) {
      url = url.slice(0, -1);
    }
    const start = match.index;
    const href = safeHref(url);
    if (href === null) continue;
    if (start > last) out.push(withMarks(text.slice(last, start), marks));
    out.push(withMarks(url, [...marks, { type: 'link', attrs: { href } }]));
    last = start + url.length;
  }
  if (last < text.length) out.push(withMarks(text.slice(last), marks));
  return out;
}

function withMarks(text: string, marks: AdfMark[]): AdfText {
  return marks.length > 0 ? { type: 'text', text, marks } : { type: 'text', text };
}

const LIST_LINE = /^([ \t]*)([-*•]|\d{1,9}[.)])[ \t]+(.*)$/;

interface ListFrame {
  indent: number;
  list: AdfBulletList | AdfOrderedList;
}

function linesToInline(lines: string[]): AdfInline[] {
  const out: AdfInline[] = [];
  lines.forEach((line, i) => {
    if (i > 0) out.push({ type: 'hardBreak' });
    out.push(...linkify(line));
  });
  return compactInline(out);
}

/** One blank-line separated block of plain text: paragraphs and (nested) lists. */
function textBlockToAdf(block: string): AdfBlock[] {
  const lines = block.split('\n');
  const out: AdfBlock[] = [];
  let prose: string[] = [];
  let stack: ListFrame[] = [];

  const flushProse = () => {
    const content = trimInline(linesToInline(prose));
    if (content.length > 0) out.push(paragraph(content));
    prose = [];
  };

  for (const line of lines) {
    const m = LIST_LINE.exec(line);
    if (!m) {
      const lastFrame = stack[stack.length - 1];
      const lastItem = lastFrame?.list.content[lastFrame.list.content.length - 1];
      const first = lastItem?.content[0];
      if (lastItem && first?.type === 'paragraph' && line.trim() !== '') {
        // A continuation line of the current list item.
        first.content = compactInline([...first.content, { type: 'hardBreak' }, ...linkify(line.trim())]);
        continue;
      }
      stack = [];
      prose.push(line);
      continue;
    }
    flushProse();
    const indent = (m[1] ?? '').replace(/\t/g, '    ').length;
    const ordered = /\d/.test(m[2] ?? '');
    const item: AdfListItem = { type: 'listItem', content: [paragraph(trimInline(linkify(m[3] ?? '')))] };
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) > indent) stack.pop();
    const top = stack[stack.length - 1];
    const sameKind = top !== undefined && (top.list.type === 'orderedList') === ordered;
    if (top && top.indent === indent && sameKind) {
      top.list.content.push(item);
      continue;
    }
    const list: AdfBulletList | AdfOrderedList = ordered
      ? {
          type: 'orderedList',
          attrs: { order: Math.max(1, Number.parseInt(m[2] ?? '1', 10) || 1) },
          content: [item],
        }
      : { type: 'bulletList', content: [item] };
    if (top && top.indent < indent) {
      // Deeper indentation: nest under the previous item.
      const parentItem = top.list.content[top.list.content.length - 1];
      parentItem?.content.push(list);
    } else {
      if (top && top.indent === indent) stack.pop();
      out.push(list);
    }
    stack.push({ indent, list });
  }
  flushProse();
  return out;
}

/** Plain text (e.g. a Zendesk comment `body`) → ADF: paragraphs, line breaks, lists, links. */
export function textToAdf(text: string): AdfDoc {
  const normalized = text.replace(/\r\n?/g, '\n');
  const blocks = normalized.split(/\n[ \t]*\n+/);
  const content: AdfBlock[] = [];
  for (const block of blocks) {
    if (block.trim() === '') continue;
    content.push(...textBlockToAdf(block));
  }
  return { version: 1, type: 'doc', content };
}

// ---------- HTML → ADF ----------

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  copy: '©',
  reg: '®',
  trade: '™',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  bull: '•',
  middot: '·',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  deg: '°',
  times: '×',
  divide: '÷',
  laquo: '«',
  raquo: '»',
};

export function decodeEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,8}|#\d{1,9}|[a-zA-Z][a-zA-Z0-9]{1,31});/g,
    (whole, body: string) => {
      if (body.startsWith('#')) {
        const cp =
          body[1] === 'x' || body[1] === 'X'
            ? Number.parseInt(body.slice(2), 16)
            : Number.parseInt(body.slice(1), 10);
        if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
          return '\ufffd';
        return String.fromCodePoint(cp);
      }
      return NAMED_ENTITIES[body] ?? NAMED_ENTITIES[body.toLowerCase()] ?? whole;
    },
  );
}

interface HtmlElement {
  kind: 'element';
  name: string;
  attrs: Record<string, string>;
  children: HtmlNode[];
}
interface HtmlText {
  kind: 'text';
  text: string;
}
type HtmlNode = HtmlElement | HtmlText;

/** Elements dropped together with everything inside them. */
const DROPPED = new Set([
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
/** Elements whose content is raw text: the parser must skip to their end tag. */
const RAW_TEXT = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'noscript',
  'template',
  'iframe',
  'xmp',
  'plaintext',
  'noembed',
  'noframes',
]);
const VOID = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'link',
  'wbr',
  'col',
  'area',
  'base',
  'source',
  'embed',
  'param',
  'track',
  'keygen',
]);
const BLOCK = new Set([
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
  'hr',
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

const ATTR = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

/** Index just past the `>` that ends a tag starting at `from`, honouring quoted attribute values. */
function tagEnd(html: string, from: number): number {
  let quote: string | null = null;
  for (let i = from; i < html.length; i++) {
    const c = html[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
    } else if (c === '>') {
      return i + 1;
    }
  }
  return html.length;
}

/** A forgiving HTML parser: enough structure for comment bodies, never executes anything. */
export function parseHtml(html: string): HtmlElement {
  const root: HtmlElement = { kind: 'element', name: '#root', attrs: {}, children: [] };
  const stack: HtmlElement[] = [root];
  const current = (): HtmlElement => stack[stack.length - 1] ?? root;
  const closeUpTo = (name: string, stopAt: readonly string[] = []): void => {
    for (let i = stack.length - 1; i > 0; i--) {
      const el = stack[i];
      if (!el || stopAt.includes(el.name)) return;
      if (el.name === name) {
        stack.length = i;
        return;
      }
    }
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt === -1 || lt > i) {
      const end = lt === -1 ? n : lt;
      current().children.push({ kind: 'text', text: decodeEntities(html.slice(i, end)) });
      i = end;
      continue;
    }
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4);
      i = end === -1 ? n : end + 3;
      continue;
    }
    if (html.startsWith('<!', i) || html.startsWith('<?', i)) {
      i = tagEnd(html, i);
      continue;
    }
    const m = /^<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)/.exec(html.slice(i, i + 64));
    if (!m) {
      current().children.push({ kind: 'text', text: '<' });
      i += 1;
      continue;
    }
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    const end = tagEnd(html, i + m[0].length);
    const inner = html.slice(i + m[0].length, Math.max(i + m[0].length, end - 1));
    i = end;
    if (closing) {
      if (name === 'p' || name === 'li') closeUpTo(name, ['ul', 'ol', 'table']);
      else closeUpTo(name);
      continue;
    }
    if (RAW_TEXT.has(name)) {
      // Skip to the matching end tag; the content is never parsed as markup.
      const close = html.toLowerCase().indexOf(`</${name}`, i);
      const keep = !DROPPED.has(name) ? html.slice(i, close === -1 ? n : close) : '';
      i = close === -1 ? n : tagEnd(html, close);
      if (keep) current().children.push({ kind: 'text', text: decodeEntities(keep) });
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of inner.matchAll(ATTR)) {
      const key = (a[1] ?? '').toLowerCase();
      if (key === '' || key in attrs) continue;
      attrs[key] = decodeEntities(a[2] ?? a[3] ?? a[4] ?? '');
    }
    // Implied end tags for the common cases.
    if (name === 'li') closeUpTo('li', ['ul', 'ol']);
    if (name === 'p' || (BLOCK.has(name) && name !== 'li'))
      closeUpTo('p', ['ul', 'ol', 'li', 'blockquote', 'div', 'td', 'th']);
    if (name === 'tr') closeUpTo('tr', ['table']);
    if (name === 'td' || name === 'th') {
      closeUpTo('td', ['tr', 'table']);
      closeUpTo('th', ['tr', 'table']);
    }
    const el: HtmlElement = { kind: 'element', name, attrs, children: [] };
    current().children.push(el);
    const selfClosing = inner.trimEnd().endsWith('/');
    if (!VOID.has(name) && !selfClosing) stack.push(el);
  }
  return root;
}

interface InlineContext {
  marks: AdfMark[];
  pre: boolean;
  baseUrl: string | undefined;
}

function addMark(marks: AdfMark[], mark: AdfMark): AdfMark[] {
  if (marks.some((m) => m.type === mark.type)) return marks;
  return [...marks, mark];
}

/** ADF allows `code` only together with `link`. */
function validMarks(marks: AdfMark[]): AdfMark[] {
  return marks.some((m) => m.type === 'code')
    ? marks.filter((m) => m.type === 'code' || m.type === 'link')
    : marks;
}

const MARK_TAGS: Record<string, AdfMark> = {
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

class AdfBuilder {
  private readonly blocks: AdfBlock[] = [];
  private inline: AdfInline[] = [];

  constructor(private readonly baseUrl: string | undefined) {}

  private flush(): void {
    const content = trimInline(this.inline);
    if (content.length > 0) this.blocks.push(paragraph(content));
    this.inline = [];
  }

  result(): AdfBlock[] {
    this.flush();
    return this.blocks;
  }

  private pushBlock(block: AdfBlock): void {
    this.flush();
    this.blocks.push(block);
  }

  private text(raw: string, ctx: InlineContext): void {
    const text = ctx.pre ? raw : raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (text === '') return;
    const marks = validMarks(ctx.marks);
    if (ctx.pre) {
      // Keep newlines inside <pre> as hard breaks.
      text.split('\n').forEach((line, idx) => {
        if (idx > 0) this.inline.push({ type: 'hardBreak' });
        if (line !== '') this.inline.push(withMarks(line, marks));
      });
      return;
    }
    // Whitespace collapses across element boundaries too ("a <b> b</b>" renders one space).
    const prev = this.inline[this.inline.length - 1];
    const collapsed =
      prev?.type === 'text' && prev.text.endsWith(' ') && text.startsWith(' ') ? text.slice(1) : text;
    if (collapsed !== '') this.inline.push(withMarks(collapsed, marks));
  }

  children(nodes: HtmlNode[], ctx: InlineContext): void {
    for (const node of nodes) this.node(node, ctx);
  }

  node(node: HtmlNode, ctx: InlineContext): void {
    if (node.kind === 'text') {
      this.text(node.text, ctx);
      return;
    }
    const { name } = node;
    if (DROPPED.has(name)) return;
    if (name === 'br') {
      this.inline.push({ type: 'hardBreak' });
      return;
    }
    if (name === 'hr') {
      this.pushBlock({ type: 'rule' });
      return;
    }
    if (name === 'img') return;
    if (name === 'a') {
      const href = node.attrs.href !== undefined ? safeHref(node.attrs.href, ctx.baseUrl) : null;
      const marks = href
        ? addMark(
            ctx.marks.filter((m) => m.type !== 'link'),
            { type: 'link', attrs: { href } },
          )
        : ctx.marks;
      this.children(node.children, { ...ctx, marks });
      return;
    }
    const mark = MARK_TAGS[name];
    if (mark) {
      this.children(node.children, { ...ctx, marks: addMark(ctx.marks, mark) });
      return;
    }
    if (name === 'ul' || name === 'ol') {
      this.pushBlock(this.list(node, ctx));
      return;
    }
    if (/^h[1-6]$/.test(name)) {
      this.flush();
      const sub = new AdfBuilder(this.baseUrl);
      sub.children(node.children, ctx);
      const inline = sub.result().flatMap((b) => (b.type === 'paragraph' ? b.content : []));
      const content = trimInline(inline);
      if (content.length > 0) {
        const level = Number(name[1]) as 1 | 2 | 3 | 4 | 5 | 6;
        this.blocks.push({ type: 'heading', attrs: { level }, content });
      }
      return;
    }
    if (name === 'blockquote') {
      this.flush();
      const sub = new AdfBuilder(this.baseUrl);
      sub.children(node.children, ctx);
      const content = normalizeNested(sub.result());
      if (content.length > 0) this.blocks.push({ type: 'blockquote', content });
      return;
    }
    if (name === 'pre') {
      this.flush();
      const text = textContent(node).replace(/^\n/, '').replace(/\n+$/, '');
      if (text !== '') this.blocks.push({ type: 'codeBlock', content: [{ type: 'text', text }] });
      return;
    }
    if (name === 'tr') {
      // Tables become one line per row; ADF tables are not worth the risk in comments.
      this.flush();
      const cells = node.children
        .filter((c): c is HtmlElement => c.kind === 'element' && (c.name === 'td' || c.name === 'th'))
        .map((cell) => {
          const sub = new AdfBuilder(this.baseUrl);
          sub.children(cell.children, ctx);
          return sub.result().flatMap((b) => (b.type === 'paragraph' ? b.content : []));
        });
      const row: AdfInline[] = [];
      cells.forEach((cell, idx) => {
        if (idx > 0) row.push({ type: 'text', text: ' | ' });
        row.push(...cell);
      });
      const content = trimInline(row);
      if (content.length > 0) this.blocks.push(paragraph(content));
      return;
    }
    if (BLOCK.has(name)) {
      this.flush();
      this.children(node.children, ctx);
      this.flush();
      return;
    }
    // Unknown or inline-level element (span, font, small, …): keep its text only.
    this.children(node.children, ctx);
  }

  private list(node: HtmlElement, ctx: InlineContext): AdfBulletList | AdfOrderedList {
    const items: AdfListItem[] = [];
    let loose: HtmlNode[] = [];
    const addItem = (children: HtmlNode[]) => {
      const sub = new AdfBuilder(this.baseUrl);
      sub.children(children, { ...ctx, pre: false });
      const content = normalizeNested(sub.result());
      if (content.length === 0) return;
      if (content[0]?.type !== 'paragraph' && content[0]?.type !== 'codeBlock')
        content.unshift(paragraph([]));
      items.push({ type: 'listItem', content });
    };
    for (const child of node.children) {
      if (child.kind === 'element' && child.name === 'li') {
        if (loose.length > 0) addItem(loose);
        loose = [];
        addItem(child.children);
      } else if (child.kind === 'element' && (child.name === 'ul' || child.name === 'ol')) {
        // A list directly inside a list belongs to the previous item.
        const nested = this.list(child, ctx);
        const prev = items[items.length - 1];
        if (prev && nested.content.length > 0) prev.content.push(nested);
        else if (nested.content.length > 0)
          items.push({ type: 'listItem', content: [paragraph([]), nested] });
      } else if (child.kind === 'element' || child.text.trim() !== '') {
        loose.push(child);
      }
    }
    if (loose.length > 0) addItem(loose);
    if (node.name === 'ol') {
      const start = Number.parseInt(node.attrs.start ?? '1', 10);
      return {
        type: 'orderedList',
        attrs: { order: Number.isFinite(start) && start > 0 ? start : 1 },
        content: items,
      };
    }
    return { type: 'bulletList', content: items };
  }
}

function textContent(node: HtmlNode): string {
  if (node.kind === 'text') return node.text;
  if (DROPPED.has(node.name)) return '';
  if (node.name === 'br') return '\n';
  return node.children.map(textContent).join('');
}

/**
 * Inside list items and blockquotes ADF allows only paragraphs, lists and code blocks:
 * headings become paragraphs, nested quotes are flattened, rules are dropped.
 */
function normalizeNested(blocks: AdfBlock[]): AdfBlock[] {
  const out: AdfBlock[] = [];
  for (const b of blocks) {
    if (b.type === 'heading') out.push(paragraph(b.content));
    else if (b.type === 'blockquote') out.push(...normalizeNested(b.content));
    else if (b.type === 'rule') continue;
    else if ((b.type === 'bulletList' || b.type === 'orderedList') && b.content.length === 0) continue;
    else out.push(b);
  }
  return out;
}

/** Zendesk `html_body` → ADF. Relative links resolve against `baseUrl` when given. */
export function htmlToAdf(html: string, options: { baseUrl?: string } = {}): AdfDoc {
  const root = parseHtml(html);
  const builder = new AdfBuilder(options.baseUrl);
  builder.children(root.children, { marks: [], pre: false, baseUrl: options.baseUrl });
  const content = builder
    .result()
    .filter((b) => !((b.type === 'bulletList' || b.type === 'orderedList') && b.content.length === 0));
  return { version: 1, type: 'doc', content };
}

// ---------- ADF → plain text ----------

type Json = Record<string, unknown>;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function childrenOf(node: Json): Json[] {
  return Array.isArray(node.content) ? node.content.filter(isObj) : [];
}

function attr(node: Json, key: string): unknown {
  return isObj(node.attrs) ? node.attrs[key] : undefined;
}

function linkHref(node: Json): string | null {
  if (!Array.isArray(node.marks)) return null;
  for (const mark of node.marks) {
    if (isObj(mark) && mark.type === 'link' && isObj(mark.attrs) && typeof mark.attrs.href === 'string')
      return mark.attrs.href;
  }
  return null;
}

function inlineText(node: Json): string {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'hardBreak':
      return '\n';
    case 'mention': {
      const text = attr(node, 'text');
      const id = attr(node, 'id');
      return typeof text === 'string' && text !== ''
        ? text.startsWith('@')
          ? text
          : `@${text}`
        : typeof id === 'string'
          ? `@${id}`
          : '';
    }
    case 'emoji': {
      const text = attr(node, 'text');
      const short = attr(node, 'shortName');
      return typeof text === 'string' ? text : typeof short === 'string' ? short : '';
    }
    case 'inlineCard': {
      const url = attr(node, 'url');
      return typeof url === 'string' ? url : '';
    }
    case 'status': {
      const text = attr(node, 'text');
      return typeof text === 'string' ? text : '';
    }
    case 'date': {
      const ts = Number(attr(node, 'timestamp'));
      return Number.isFinite(ts) ? new Date(ts).toISOString().slice(0, 10) : '';
    }
    default:
      return childrenOf(node).map(inlineText).join('');
  }
}

/** Inline content with links written as "text (url)"; a run of nodes sharing one link is one link. */
function inlineRun(nodes: Json[]): string {
  let out = '';
  let i = 0;
  while (i < nodes.length) {
    const node = nodes[i];
    if (!node) break;
    const href = node.type === 'text' ? linkHref(node) : null;
    if (href === null) {
      out += inlineText(node);
      i++;
      continue;
    }
    let text = '';
    while (i < nodes.length) {
      const n = nodes[i];
      if (!n || n.type !== 'text' || linkHref(n) !== href) break;
      text += inlineText(n);
      i++;
    }
    const bare = href.replace(/^mailto:/, '');
    out += text === '' ? href : text === href || text === bare ? text : `${text} (${href})`;
  }
  return out;
}

function indentLines(text: string, first: string, rest: string): string {
  return text
    .split('\n')
    .map((line, idx) => (idx === 0 ? first : rest) + line)
    .join('\n');
}

function blockText(node: Json): string {
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineRun(childrenOf(node));
    case 'bulletList':
    case 'orderedList': {
      const ordered = node.type === 'orderedList';
      const startRaw = Number(attr(node, 'order'));
      let n = Number.isFinite(startRaw) && startRaw > 0 ? Math.floor(startRaw) : 1;
      return childrenOf(node)
        .map((item) => {
          const prefix = ordered ? `${n++}. ` : '- ';
          const parts = childrenOf(item).map((child) => {
            const text = blockText(child);
            return child.type === 'bulletList' || child.type === 'orderedList'
              ? indentLines(text, '  ', '  ')
              : text;
          });
          const [head = '', ...tail] = parts;
          const body = [
            indentLines(head, prefix, ' '.repeat(prefix.length)),
            ...tail.filter((t) => t !== ''),
          ];
          return body.join('\n');
        })
        .join('\n');
    }
    case 'blockquote':
      return indentLines(blocksText(childrenOf(node)), '> ', '> ');
    case 'codeBlock':
      return childrenOf(node).map(inlineText).join('');
    case 'rule':
      return '---';
    case 'table':
      return childrenOf(node)
        .map((row) =>
          childrenOf(row)
            .map((cell) => blocksText(childrenOf(cell)).replace(/\n+/g, ' '))
            .join(' | '),
        )
        .join('\n');
    case 'mediaSingle':
    case 'mediaGroup':
    case 'media':
      return '';
    case 'text':
    case 'hardBreak':
    case 'mention':
    case 'emoji':
    case 'inlineCard':
      return inlineText(node);
    default:
      // panel, expand, layoutSection, taskList, decisionList, …: their content.
      return blocksText(childrenOf(node));
  }
}

function blocksText(nodes: Json[]): string {
  return nodes
    .map(blockText)
    .filter((t) => t.trim() !== '')
    .join('\n\n');
}

/** ADF (from Jira, so untrusted shape) → plain text for a Zendesk comment. */
export function adfToText(doc: unknown): string {
  if (!isObj(doc)) return typeof doc === 'string' ? doc : '';
  return blocksText(doc.type === 'doc' ? childrenOf(doc) : [doc]).trim();
}
