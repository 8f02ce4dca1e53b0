/**
 * UI Kit buttons name their icons by string (`iconBefore="link"`); Atlaskit buttons want
 * an icon component. A small glyph set covers the names apps commonly use; an unknown
 * name shows its own name so it is never silently lost.
 */
import type { ReactElement } from 'react';

const GLYPHS: Record<string, string> = {
  add: '+',
  'arrow-left': '←',
  'arrow-right': '→',
  check: '✓',
  'check-circle': '✓',
  cross: '×',
  'cross-circle': '×',
  delete: '🗑',
  edit: '✎',
  'editor-add': '+',
  link: '🔗',
  'link-external': '↗',
  refresh: '↻',
  retry: '↻',
  search: '⌕',
  settings: '⚙',
  shortcut: '↗',
  info: 'ℹ',
  warning: '⚠',
  error: '⚠',
  'chevron-down': '▾',
  'chevron-right': '▸',
  'more': '…',
};

export type ButtonIcon = (props: { label?: string }) => ReactElement;

const cache = new Map<string, ButtonIcon>();

/** Cached per name: a fresh component each render would remount the icon on every commit. */
export function iconFor(name: string | undefined): ButtonIcon | undefined {
  if (name === undefined) return undefined;
  const known = cache.get(name);
  if (known) return known;
  const glyph = GLYPHS[name] ?? `[${name}]`;
  function GlyphIcon({ label }: { label?: string }) {
    return (
      <span aria-label={label ?? name} role="img" data-uikit-icon={name} style={{ fontSize: 12, lineHeight: 1 }}>
        {glyph}
      </span>
    );
  }
  cache.set(name, GlyphIcon);
  return GlyphIcon;
}
