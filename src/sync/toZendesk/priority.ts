/**
 * Jira priority → Zendesk ticket priority: Zendesk must only receive a valid ticket priority,
 * low | normal | high | urgent (docs/contracts/connector-rules.md § Priority).
 *
 * Jira's default names map by name (Highest → urgent, High → high, Medium → normal, Low → low,
 * Lowest → low). Any other name is placed by its position in the site's priority catalog
 * (GET /rest/api/3/priority lists it highest first): the catalog is spread evenly over the
 * four Zendesk levels. A raw Jira name is never sent.
 */
import { reverseLookup } from '../../domain/valueMaps';
import type { JiraPriority } from '../../jira/schemas';

export const ZENDESK_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type ZendeskPriority = (typeof ZENDESK_PRIORITIES)[number];

const BY_NAME: Record<string, ZendeskPriority> = {
  highest: 'urgent',
  high: 'high',
  medium: 'normal',
  low: 'low',
  lowest: 'low',
};

function key(name: string): string {
  return name.trim().toLowerCase();
}

export function isZendeskPriority(value: unknown): value is ZendeskPriority {
  return typeof value === 'string' && (ZENDESK_PRIORITIES as readonly string[]).includes(value);
}

/** The level of position `index` in a catalog of `count` priorities (0 = highest). */
export function priorityByPosition(index: number, count: number): ZendeskPriority {
  if (count <= 1) return 'normal';
  const clamped = Math.min(Math.max(index, 0), count - 1);
  const level = Math.round((clamped / (count - 1)) * (ZENDESK_PRIORITIES.length - 1));
  return ZENDESK_PRIORITIES[level] ?? 'normal';
}

/**
 * The Zendesk priority for a Jira priority value (`{id, name}` as an issue carries it), or
 * null when it is neither a default name nor in the catalog.
 */
export function toZendeskPriority(
  value: { id?: string | undefined; name?: string | undefined },
  catalog: readonly JiraPriority[],
  valueMap?: Readonly<Record<string, string>>,
): ZendeskPriority | null {
  // The item's priority table decides first, read backwards: the Zendesk priority whose row names this Jira priority.
  const fromTable = value.name !== undefined ? reverseLookup(valueMap, value.name) : undefined;
  if (isZendeskPriority(fromTable)) return fromTable;
  const byName = value.name !== undefined ? BY_NAME[key(value.name)] : undefined;
  if (byName) return byName;
  const index = catalog.findIndex(
    (p) =>
      (value.id !== undefined && p.id === value.id) ||
      (value.name !== undefined && key(p.name) === key(value.name)),
  );
  if (index < 0) return null;
  const found = catalog[index];
  const defaultName = found ? BY_NAME[key(found.name)] : undefined;
  return defaultName ?? priorityByPosition(index, catalog.length);
}

/** A Zendesk priority for free text (an option or text field mapped to priority): names only. */
export function zendeskPriorityFromText(text: string): ZendeskPriority | null {
  const k = key(text);
  if (isZendeskPriority(k)) return k;
  return BY_NAME[k] ?? null;
}
