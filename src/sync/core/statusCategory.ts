/**
 * Status by category (docs/contracts/connector-rules.md § Status categories):
 *   Zendesk new → Jira `new`; open | pending | hold → `indeterminate`; solved | closed → `done`.
 * Jira statuses are compared by their category key only, so any workflow works; a change
 * is made through a real transition (docs/contracts/jira-api.md § Transitions), never by editing the status
 * field.
 */

export const JIRA_STATUS_CATEGORIES = ['new', 'indeterminate', 'done'] as const;
export type JiraStatusCategory = (typeof JIRA_STATUS_CATEGORIES)[number];

const ZENDESK_TO_CATEGORY: Record<string, JiraStatusCategory> = {
  new: 'new',
  open: 'indeterminate',
  pending: 'indeterminate',
  hold: 'indeterminate',
  solved: 'done',
  closed: 'done',
};

/** The Jira category a Zendesk status maps to; null for statuses with no counterpart ("deleted"). */
export function categoryForZendeskStatus(status: string | null | undefined): JiraStatusCategory | null {
  if (!status) return null;
  return ZENDESK_TO_CATEGORY[status.toLowerCase()] ?? null;
}

export function isJiraStatusCategory(value: unknown): value is JiraStatusCategory {
  return typeof value === 'string' && (JIRA_STATUS_CATEGORIES as readonly string[]).includes(value);
}

/** The part of an IssueTransition (docs/contracts/jira-api.md § Transitions) the choice depends on. */
export interface TransitionChoice {
  id: string;
  name?: string | undefined;
  isAvailable?: boolean | undefined;
  to: {
    id?: string | undefined;
    name?: string | undefined;
    statusCategory?: { key?: string | undefined } | undefined;
  };
}

/**
 * The transition to take to reach `target`: the first available one whose destination
 * status is in that category. Jira lists transitions in workflow order, so "first" is the
 * workflow designer's main path. Looped transitions to the current status never qualify,
 * because the caller only asks when the category differs.
 */
export function pickTransition<T extends TransitionChoice>(
  transitions: readonly T[],
  target: JiraStatusCategory,
  currentStatusId?: string,
): T | null {
  for (const t of transitions) {
    if (t.isAvailable === false) continue;
    if (t.to.statusCategory?.key !== target) continue;
    if (currentStatusId !== undefined && t.to.id === currentStatusId) continue;
    return t;
  }
  return null;
}

export type StatusDecision =
  | { action: 'none'; reason: 'no-mapping' | 'same-category' | 'held' | 'jira-changed' }
  | { action: 'transition'; target: JiraStatusCategory };

/**
 * Whether the scheduler should move the Jira issue, given the Zendesk status, the Jira
 * status category, and the per-link memory (docs/sync-model.md § Status):
 * - a hold (initial-status safeguard) blocks every move while it lasts;
 * - two-way: only a Zendesk status that changed since the last sync moves Jira, so a Jira
 *   change that the event handler pushes to Zendesk is not undone here;
 * - one-way: Zendesk is the source of truth, any difference in category is applied.
 */
export function decideStatus(input: {
  zendeskStatus: string;
  jiraCategory: string | null;
  mode: 'oneWay' | 'twoWay';
  held: boolean;
  lastZendeskStatus: string | undefined;
}): StatusDecision {
  const target = categoryForZendeskStatus(input.zendeskStatus);
  if (target === null) return { action: 'none', reason: 'no-mapping' };
  if (input.held) return { action: 'none', reason: 'held' };
  if (input.jiraCategory === target) return { action: 'none', reason: 'same-category' };
  if (
    input.mode === 'twoWay' &&
    input.lastZendeskStatus !== undefined &&
    input.lastZendeskStatus === input.zendeskStatus
  ) {
    return { action: 'none', reason: 'jira-changed' };
  }
  return { action: 'transition', target };
}
