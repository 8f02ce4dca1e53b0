/**
 * Several Jira changes waiting on one link become as few Zendesk writes as their order allows
 * (docs/sync-model.md § Durable work, Coalescing): consecutive issue-updated events are merged
 * into one — the changelog items of all of them, the issue as the newest one carries it — so
 * five field edits recorded while the link was busy cost one ticket update. Comments and files
 * stay single and keep their place, so the ticket still gets them in order.
 */
import type { WorkEntry } from '../../storage/work';
import { parseJiraTime, type IssueUpdatedEvent, type JiraEvent } from './payloads';
import { parseStoredEvent } from './specs';

/** One delivery: the marks it settles, their (merged) event, and where it starts in the order. */
export interface WorkUnit {
  entries: WorkEntry[];
  /** Null when the recorded event cannot be read back. */
  event: JiraEvent | null;
  first: number;
}

/** The issue-updated events as one: every changelog item, the newest issue payload. */
export function mergeIssueUpdates(events: readonly IssueUpdatedEvent[]): IssueUpdatedEvent {
  const time = (e: IssueUpdatedEvent): number => {
    const updated = e.issue.fields?.updated;
    return parseJiraTime(typeof updated === 'string' ? updated : undefined) ?? Number.NEGATIVE_INFINITY;
  };
  const newest = events.reduce((a, b) => (time(b) >= time(a) ? b : a));
  return {
    ...newest,
    changelog: { items: events.flatMap((e) => e.changelog?.items ?? []) },
  };
}

export function coalesce(ordered: readonly WorkEntry[]): WorkUnit[] {
  const units: WorkUnit[] = [];
  ordered.forEach((entry, i) => {
    const event = parseStoredEvent(entry.mark.event);
    const last = units[units.length - 1];
    if (
      event?.eventType === 'avi:jira:updated:issue' &&
      last?.event?.eventType === 'avi:jira:updated:issue'
    ) {
      last.entries.push(entry);
      last.event = mergeIssueUpdates([last.event, event]);
      return;
    }
    units.push({ entries: [entry], event, first: i });
  });
  return units;
}
