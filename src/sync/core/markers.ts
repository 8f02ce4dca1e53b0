/**
 * Connector markers (docs/contracts/connector-rules.md § Markers; docs/sync-model.md § Markers). Both sync
 * directions use these, so the exact text lives in one place:
 *
 *   [Zendesk internal note]  prefix of Jira copies of Zendesk internal notes
 *   [Zendesk Connector] type=<type> key=value …   the metadata block on every comment the
 *                            connector writes, on either side
 *
 * The block is one line of whitespace-separated `key=value` tokens after the tag. Values are
 * percent-encoded (encodeURIComponent), lists are comma-joined encoded elements, so a value
 * never holds whitespace and the parser also accepts the block when a renderer has folded
 * it across lines.
 */

/** Entity property set on every Jira comment and issue the connector creates (Jira's `properties` on create). */
export const CONNECTOR_PROPERTY_KEY = 'zendesk-connector';

export const CONNECTOR_TAG = '[Zendesk Connector]';
export const INTERNAL_NOTE_PREFIX = '[Zendesk internal note]';

/** Every kind of connector-made comment; `type=` in the block. */
export const MARKER_TYPES = [
  /** Jira comment copied from a Zendesk comment: ticket, comment. */
  'zendesk-comment-sync',
  /** Jira comment recording Zendesk attachments added to / skipped for the issue: ticket, added, skipped. */
  'zendesk-attachment-sync',
  /** Zendesk comment copied from a Jira comment: issue, comment. */
  'jira-comment-sync',
  /** Zendesk comment carrying Jira attachments: issue, attachments, skipped. */
  'jira-attachment-sync',
] as const;
export type MarkerType = (typeof MARKER_TYPES)[number];

export interface ConnectorBlock {
  type: MarkerType;
  /** Decoded values of every key except `type`. */
  fields: Record<string, string>;
  /** The same values still percent-encoded, for list values (see listField). */
  raw: Record<string, string>;
}

const KEY = /^[a-z][a-z0-9-]*$/;
const TOKEN = /^([a-z][a-z0-9-]*)=(\S*)$/;

function encodeValue(value: string | number | readonly (string | number)[]): string {
  if (Array.isArray(value)) return value.map((v) => encodeURIComponent(String(v))).join(',');
  return encodeURIComponent(String(value));
}

/**
 * The block text for a connector-made comment. Keys are emitted in the given order after
 * `type`; undefined values are left out.
 */
export function formatConnectorBlock(
  type: MarkerType,
  fields: Record<string, string | number | readonly (string | number)[] | undefined>,
): string {
  const parts = [CONNECTOR_TAG, `type=${type}`];
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (!KEY.test(key) || key === 'type') throw new Error(`Invalid connector block key: ${key}`);
    parts.push(`${key}=${encodeValue(value)}`);
  }
  return parts.join(' ');
}

function safeDecode(value: string): string | null {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function isMarkerType(value: string): value is MarkerType {
  return (MARKER_TYPES as readonly string[]).includes(value);
}

/**
 * The last well-formed connector block in `text`, or null. Well-formed: the tag followed by
 * `key=value` tokens that include a known `type`. Parsing stops at the first token that is
 * not `key=value`, so ordinary text after the block is ignored.
 */
export function parseConnectorBlock(text: string | null | undefined): ConnectorBlock | null {
  if (!text) return null;
  let from = text.lastIndexOf(CONNECTOR_TAG);
  while (from >= 0) {
    const block = parseAt(text, from + CONNECTOR_TAG.length);
    if (block) return block;
    from = from === 0 ? -1 : text.lastIndexOf(CONNECTOR_TAG, from - 1);
  }
  return null;
}

function parseAt(text: string, start: number): ConnectorBlock | null {
  const tokens = text
    .slice(start)
    .split(/\s+/)
    .filter((t) => t !== '');
  const fields: Record<string, string> = {};
  const raw: Record<string, string> = {};
  let type: MarkerType | null = null;
  for (const token of tokens) {
    const match = TOKEN.exec(token);
    if (!match) break;
    const key = match[1] as string;
    const value = safeDecode(match[2] as string);
    if (value === null) return null;
    if (key === 'type') {
      if (!isMarkerType(value)) return null;
      type = value;
    } else if (!(key in fields)) {
      fields[key] = value;
      raw[key] = match[2] as string;
    }
  }
  return type === null ? null : { type, fields, raw };
}

/** The elements of a list value written by formatConnectorBlock (decoded one by one). */
export function listField(block: ConnectorBlock, key: string): string[] {
  const raw = block.raw[key];
  if (raw === undefined || raw === '') return [];
  return raw
    .split(',')
    .map((s) => safeDecode(s))
    .filter((s): s is string => s !== null && s !== '');
}

/** True when the text carries a connector block: the comment was written by the connector. */
export function isConnectorMade(text: string | null | undefined): boolean {
  return parseConnectorBlock(text) !== null;
}

const MONTH_PAD = (n: number): string => String(n).padStart(2, '0');

/** `2026-11-25 12:00 UTC` — the time format of comment header lines. */
export function formatUtcMinute(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${MONTH_PAD(d.getUTCMonth() + 1)}-${MONTH_PAD(d.getUTCDate())} ${MONTH_PAD(d.getUTCHours())}:${MONTH_PAD(d.getUTCMinutes())} UTC`;
}

/**
 * First line of a copied comment: `Jane Doe · 2026-11-25 12:00 UTC`, with the internal-note
 * prefix in front for internal notes.
 */
export function commentHeaderLine(
  author: string,
  createdAt: string,
  { internal = false }: { internal?: boolean } = {},
): string {
  const line = `${author} · ${formatUtcMinute(createdAt)}`;
  return internal ? `${INTERNAL_NOTE_PREFIX} ${line}` : line;
}
