/**
 * Value tables of a field mapping: Zendesk value → Jira value, for priority and option fields.
 * Defaults follow the product's priority normalisation (Zendesk low, normal, high, urgent ↔
 * Jira Low, Medium, High, Highest) but only ever name priorities the Jira site actually has
 * (GET /rest/api/3/priority, highest first): a renamed or longer scheme is spread by position.
 */
import type { JiraFieldInfo, ZendeskFieldInfo } from './rpc';

export const ZENDESK_PRIORITIES = ['urgent', 'high', 'normal', 'low'] as const;
export type ZendeskPriority = (typeof ZENDESK_PRIORITIES)[number];

/** Jira's default priority names each Zendesk priority corresponds to. */
const DEFAULT_NAMES: Record<ZendeskPriority, readonly string[]> = {
  urgent: ['highest'],
  high: ['high'],
  normal: ['medium'],
  low: ['low', 'lowest'],
};

export type ValueMap = Record<string, string>;

function loose(s: string): string {
  return s
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ')
    .trim();
}

/**
 * Zendesk priority → Jira priority name, from the site's catalog (names, highest first). A
 * default name present on the site is used; otherwise the Zendesk level takes the catalog
 * entry at its relative position (urgent → first, low → last).
 */
export function defaultPriorityMap(catalog: readonly string[]): ValueMap {
  const out: ValueMap = {};
  if (catalog.length === 0) return out;
  ZENDESK_PRIORITIES.forEach((zendesk, level) => {
    const byName = catalog.find((name) => DEFAULT_NAMES[zendesk].includes(loose(name)));
    const index = Math.round((level / (ZENDESK_PRIORITIES.length - 1)) * (catalog.length - 1));
    out[zendesk] = byName ?? (catalog[index] as string);
  });
  return out;
}

/** Zendesk option (tag value and label) → the Jira option of the same name, when there is one. */
export function defaultOptionMap(
  zendeskOptions: readonly { value: string; label: string }[],
  jiraValues: readonly string[],
): ValueMap {
  const out: ValueMap = {};
  for (const o of zendeskOptions) {
    const match =
      jiraValues.find((j) => j === o.label || j === o.value) ??
      jiraValues.find((j) => loose(j) === loose(o.label) || loose(j) === loose(o.value));
    if (match !== undefined) out[o.value] = match;
  }
  return out;
}

/** Zendesk values the table leaves without a Jira value. */
export function unmappedValues(values: readonly string[], map: ValueMap | undefined): string[] {
  return values.filter((v) => map?.[v] === undefined || map[v] === '');
}

/** Table entries naming a Jira value the site does not offer (renamed or deleted since). */
export function unknownTargets(map: ValueMap | undefined, jiraValues: readonly string[]): string[] {
  if (!map) return [];
  return [...new Set(Object.values(map).filter((v) => v !== '' && !jiraValues.includes(v)))];
}

/** The Zendesk value a Jira value came from, in table order (the first Zendesk value that names it). */
export function reverseLookup(map: ValueMap | undefined, jiraValue: string): string | undefined {
  if (!map) return undefined;
  const wanted = loose(jiraValue);
  return Object.keys(map).find((z) => loose(map[z] ?? '') === wanted);
}

/** The values a Zendesk field can hold, when it has a fixed list (drop-downs, priority). */
export function zendeskValues(info: ZendeskFieldInfo): string[] | undefined {
  if (info.options && info.options.length > 0) return info.options.map((o) => o.value);
  if (info.type === 'priority') return [...ZENDESK_PRIORITIES];
  return undefined;
}

/** The table a mapping uses: the admin's, else the default (site priorities by the guide's rule, options by name). */
export function effectiveValueMap(
  zendesk: ZendeskFieldInfo,
  target: Pick<JiraFieldInfo, 'kind' | 'allowedValues'>,
  valueMap: ValueMap | undefined,
): ValueMap {
  if (valueMap && Object.keys(valueMap).length > 0) return valueMap;
  if (target.kind === 'priority' && zendesk.type === 'priority')
    return defaultPriorityMap(target.allowedValues ?? []);
  const options =
    zendesk.options ??
    (zendesk.type === 'priority' ? ZENDESK_PRIORITIES.map((p) => ({ value: p, label: p })) : []);
  return defaultOptionMap(options, target.allowedValues ?? []);
}
