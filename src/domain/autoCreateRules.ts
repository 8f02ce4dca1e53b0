/**
 * Auto-create conditions of an item: which new Zendesk tickets open a Jira issue. Every
 * condition the admin sets must hold (AND); a condition with several values holds when the
 * ticket has any of them (OR). No condition means every new ticket.
 *
 * Ticket attributes used (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/):
 * group_id, brand_id, ticket_form_id, tags, priority, via.channel (channel names:
 * https://developer.zendesk.com/documentation/ticketing/reference-guides/via-object-reference/).
 */

import { z } from 'zod';

/** Values of one condition: a few short strings (ids, tags, priorities, channels). */
const conditionValues = z.array(z.string().trim().min(1).max(200)).max(100).optional();

export const autoCreateConditionsSchema = z.object({
  /** Zendesk group ids (as strings). */
  groupIds: conditionValues,
  brandIds: conditionValues,
  formIds: conditionValues,
  /** The ticket has at least one of these tags. */
  tags: conditionValues,
  /** Zendesk priorities (low, normal, high, urgent). */
  priorities: conditionValues,
  /** via.channel values (web, email, api, …). */
  channels: conditionValues,
});
export type AutoCreateConditions = z.infer<typeof autoCreateConditionsSchema>;

export const CONDITION_KEYS = ['groupIds', 'brandIds', 'formIds', 'tags', 'priorities', 'channels'] as const;
export type ConditionKey = (typeof CONDITION_KEYS)[number];

export const CONDITION_LABELS: Record<ConditionKey, string> = {
  groupIds: 'Group',
  brandIds: 'Brand',
  formIds: 'Ticket form',
  tags: 'Tags',
  priorities: 'Priority',
  channels: 'Channel',
};

/** Common via.channel values (Zendesk's via object reference); the editor offers these. */
export const ZENDESK_CHANNELS = [
  'web',
  'email',
  'api',
  'mobile',
  'chat',
  'voice',
  'sms',
  'native_messaging',
  'any_channel',
] as const;

export interface TicketFacts {
  group_id?: number | null | undefined;
  brand_id?: number | null | undefined;
  ticket_form_id?: number | null | undefined;
  tags?: readonly string[] | undefined;
  priority?: string | null | undefined;
  via?: { channel?: string | number | null | undefined } | null | undefined;
}

function set(values: readonly string[] | undefined): string[] | null {
  return values && values.length > 0 ? [...values] : null;
}

function idMatches(wanted: readonly string[] | undefined, actual: number | null | undefined): boolean {
  const w = set(wanted);
  return w === null || (actual !== null && actual !== undefined && w.includes(String(actual)));
}

/** The conditions that are set, without empty lists. */
export function activeConditions(c: AutoCreateConditions | undefined): ConditionKey[] {
  return CONDITION_KEYS.filter((k) => set(c?.[k]) !== null);
}

export function ticketMatches(c: AutoCreateConditions | undefined, t: TicketFacts): boolean {
  if (!c) return true;
  if (!idMatches(c.groupIds, t.group_id)) return false;
  if (!idMatches(c.brandIds, t.brand_id)) return false;
  if (!idMatches(c.formIds, t.ticket_form_id)) return false;
  const tags = set(c.tags);
  if (tags !== null && !tags.some((tag) => (t.tags ?? []).includes(tag.toLowerCase()))) return false;
  const priorities = set(c.priorities);
  if (priorities !== null && !priorities.includes(t.priority ?? '')) return false;
  const channels = set(c.channels);
  const channel = t.via?.channel;
  if (
    channels !== null &&
    !channels.includes(channel === null || channel === undefined ? '' : String(channel))
  )
    return false;
  return true;
}

/** Single-valued attributes: two items whose values for one of these share nothing never meet. */
const EXCLUSIVE: readonly ConditionKey[] = ['groupIds', 'brandIds', 'formIds', 'priorities', 'channels'];

/**
 * Whether one ticket could match both condition sets. Tags never separate two items: a ticket can
 * carry the tags of both.
 */
export function conditionsOverlap(
  a: AutoCreateConditions | undefined,
  b: AutoCreateConditions | undefined,
): boolean {
  for (const key of EXCLUSIVE) {
    const x = set(a?.[key]);
    const y = set(b?.[key]);
    if (x !== null && y !== null && !x.some((v) => y.includes(v))) return false;
  }
  return true;
}

/** Conditions as a sentence for warnings: `group 12, priority urgent or high` / `every new ticket`. */
export function describeConditions(c: AutoCreateConditions | undefined): string {
  const parts = activeConditions(c).map(
    (k) => `${CONDITION_LABELS[k].toLowerCase()} ${(c?.[k] ?? []).join(' or ')}`,
  );
  return parts.length === 0 ? 'every new ticket' : parts.join(', ');
}

/** Trims values, drops empty ones and empty conditions, lower-cases tags (Zendesk tags are lower case). */
export function normalizeConditions(c: AutoCreateConditions | undefined): AutoCreateConditions | undefined {
  if (!c) return undefined;
  const out: AutoCreateConditions = {};
  for (const key of CONDITION_KEYS) {
    const values = [
      ...new Set(
        (c[key] ?? [])
          .map((v) => (key === 'tags' ? v.trim().toLowerCase() : v.trim()))
          .filter((v) => v !== ''),
      ),
    ];
    if (values.length > 0) out[key] = values;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
