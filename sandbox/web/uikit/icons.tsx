/**
 * UI Kit buttons name their icons by string (`iconBefore="link"`); Atlaskit buttons want
 * an icon component. A small set (text glyphs that common fonts have, an SVG for "link")
 * covers the names apps commonly use; an unknown name shows its own name so it is never
 * silently lost.
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
  delete: '✕',
  edit: '✎',
  'editor-add': '+',
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
  more: '…',
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
    if (name === 'link') return <LinkIcon label={label ?? name} />;
    return (
      <span
        aria-label={label ?? name}
        role="img"
        data-uikit-icon={name}
        style={{ fontSize: 12, lineHeight: 1 }}
      >
        {glyph}
      </span>
    );
  }
  cache.set(name, GlyphIcon);
  return GlyphIcon;
}

function LinkIcon({ label }: { label: string }) {
  return (
    <svg role="img" aria-label={label} data-uikit-icon="link" width="14" height="14" viewBox="0 0 16 16">
      <path
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
        strokeLinecap="round"
        d="M6.5 9.5l3-3M7 4.5l1.2-1.2a2.6 2.6 0 013.7 3.7L10.7 8.2M9 11.5l-1.2 1.2a2.6 2.6 0 01-3.7-3.7L5.3 7.8"
      />
    </svg>
  );
}
