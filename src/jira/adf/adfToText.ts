/**
 * ADF → plain text, for Jira comments and fields copied to Zendesk. The input comes from
 * Jira, so its shape is untrusted: anything unexpected reads as no text, never as an error.
 *
 * Structure (lists, quotes, tables) is rendered to MAX_STRUCTURE_DEPTH levels; below that a
 * subtree is read with an explicit stack as plain lines, so a document nested 100 000 deep
 * converts without exhausting the call stack and without quadratic indentation.
 */
type Json = Record<string, unknown>;

const MAX_STRUCTURE_DEPTH = 24;

function isObj(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function childrenOf(node: Json): Json[] {
  return Array.isArray(node.content) ? node.content.filter(isObj) : [];
}

function attr(node: Json, key: string): unknown {
  return isObj(node.attrs) ? node.attrs[key] : undefined;
}

function stringAttr(node: Json, key: string): string | null {
  const value = attr(node, key);
  return typeof value === 'string' ? value : null;
}

function linkHref(node: Json): string | null {
  if (!Array.isArray(node.marks)) return null;
  for (const mark of node.marks) {
    if (isObj(mark) && mark.type === 'link' && isObj(mark.attrs) && typeof mark.attrs.href === 'string')
      return mark.attrs.href;
  }
  return null;
}

function mentionText(node: Json): string {
  const label = stringAttr(node, 'text');
  if (label) return label.startsWith('@') ? label : `@${label}`;
  const id = stringAttr(node, 'id');
  return id === null ? '' : `@${id}`;
}

/** Text of an inline leaf; null when the node is not one (it has content to descend into). */
function leafText(node: Json): string | null {
  switch (node.type) {
    case 'text':
      return typeof node.text === 'string' ? node.text : '';
    case 'hardBreak':
      return '\n';
    case 'mention':
      return mentionText(node);
    case 'emoji':
      return stringAttr(node, 'text') ?? stringAttr(node, 'shortName') ?? '';
    case 'inlineCard':
      return stringAttr(node, 'url') ?? '';
    case 'status':
      return stringAttr(node, 'text') ?? '';
    case 'date': {
      const ts = Number(attr(node, 'timestamp'));
      return Number.isFinite(ts) && Math.abs(ts) <= 8.64e15 ? new Date(ts).toISOString().slice(0, 10) : '';
    }
    case 'mediaSingle':
    case 'mediaGroup':
    case 'media':
      return '';
    default:
      return null;
  }
}

/** A subtree as plain lines, without recursion: the fallback below the depth limit. */
function flatText(root: Json): string {
  const parts: string[] = [];
  const stack: (Json | '\n')[] = [root];
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (node === '\n') {
      parts.push('\n');
      continue;
    }
    const leaf = leafText(node);
    if (leaf !== null) {
      parts.push(leaf);
      continue;
    }
    stack.push('\n');
    const children = childrenOf(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as Json);
  }
  return parts
    .join('')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

function inlineText(node: Json, depth: number): string {
  const leaf = leafText(node);
  if (leaf !== null) return leaf;
  if (depth >= MAX_STRUCTURE_DEPTH) return flatText(node);
  return childrenOf(node)
    .map((c) => inlineText(c, depth + 1))
    .join('');
}

/** Inline content with links written as "text (url)"; a run of nodes sharing one link is one link. */
function inlineRun(nodes: readonly Json[], depth: number): string {
  let out = '';
  let i = 0;
  while (i < nodes.length) {
    const node = nodes[i] as Json;
    const href = node.type === 'text' ? linkHref(node) : null;
    if (href === null) {
      out += inlineText(node, depth);
      i++;
      continue;
    }
    let label = '';
    for (let n = nodes[i]; n?.type === 'text' && linkHref(n) === href; n = nodes[++i])
      label += leafText(n) ?? '';
    const bare = href.replace(/^mailto:/, '');
    out += label === '' ? href : label === href || label === bare ? label : `${label} (${href})`;
  }
  return out;
}

function indentLines(value: string, first: string, rest: string): string {
  return value
    .split('\n')
    .map((line, idx) => (idx === 0 ? first : rest) + line)
    .join('\n');
}

function isList(node: Json): boolean {
  return node.type === 'bulletList' || node.type === 'orderedList';
}

function listText(node: Json, depth: number): string {
  const ordered = node.type === 'orderedList';
  const startRaw = Number(attr(node, 'order'));
  let n = Number.isFinite(startRaw) && startRaw > 0 ? Math.floor(startRaw) : 1;
  return childrenOf(node)
    .map((item) => {
      const prefix = ordered ? `${n++}. ` : '- ';
      const parts = childrenOf(item).map((c) => {
        const value = blockText(c, depth + 1);
        return isList(c) ? indentLines(value, '  ', '  ') : value;
      });
      const [head = '', ...tail] = parts;
      return [indentLines(head, prefix, ' '.repeat(prefix.length)), ...tail.filter((t) => t !== '')].join(
        '\n',
      );
    })
    .join('\n');
}

function tableText(node: Json, depth: number): string {
  return childrenOf(node)
    .map((row) =>
      childrenOf(row)
        .map((cell) => blocksText(childrenOf(cell), depth + 2).replace(/\n+/g, ' '))
        .join(' | '),
    )
    .join('\n');
}

function blockText(node: Json, depth: number): string {
  if (depth >= MAX_STRUCTURE_DEPTH) return flatText(node);
  switch (node.type) {
    case 'paragraph':
    case 'heading':
      return inlineRun(childrenOf(node), depth + 1);
    case 'bulletList':
    case 'orderedList':
      return listText(node, depth);
    case 'blockquote':
      return indentLines(blocksText(childrenOf(node), depth + 1), '> ', '> ');
    case 'codeBlock':
      return childrenOf(node)
        .map((c) => inlineText(c, depth + 1))
        .join('');
    case 'rule':
      return '---';
    case 'table':
      return tableText(node, depth);
    default:
      // Inline leaves, and panel, expand, layoutSection, taskList, …: their content.
      return leafText(node) ?? blocksText(childrenOf(node), depth + 1);
  }
}

function blocksText(nodes: readonly Json[], depth: number): string {
  return nodes
    .map((n) => blockText(n, depth))
    .filter((t) => t.trim() !== '')
    .join('\n\n');
}

/** ADF (from Jira, so untrusted shape) → plain text for a Zendesk comment. */
export function adfToText(doc: unknown): string {
  if (!isObj(doc)) return typeof doc === 'string' ? doc : '';
  return blocksText(doc.type === 'doc' ? childrenOf(doc) : [doc], 0).trim();
}
