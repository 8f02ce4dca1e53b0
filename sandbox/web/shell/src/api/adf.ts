/** Plain text of an ADF document, for showing Jira descriptions and comments as text (never markup). */
export function adfToText(node: unknown): string {
  if (typeof node !== 'object' || node === null) return typeof node === 'string' ? node : '';
  const record = node as { type?: unknown; text?: unknown; content?: unknown; attrs?: unknown };
  if (record.type === 'text' && typeof record.text === 'string') return record.text;
  if (record.type === 'hardBreak') return '\n';
  if (record.type === 'mention' || record.type === 'emoji') {
    const attrs = record.attrs as { text?: unknown; shortName?: unknown } | undefined;
    return typeof attrs?.text === 'string'
      ? attrs.text
      : typeof attrs?.shortName === 'string'
        ? attrs.shortName
        : '';
  }
  const children = Array.isArray(record.content) ? record.content.map(adfToText) : [];
  const blocks = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'listItem', 'rule', 'panel']);
  if (record.type === 'doc' || record.type === 'bulletList' || record.type === 'orderedList') {
    return children
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
  const joined = children.join('');
  return blocks.has(String(record.type)) ? `${record.type === 'listItem' ? '• ' : ''}${joined}` : joined;
}
