/**
 * What the per-link work of a Jira event sees (docs/sync-model.md § Jira → Zendesk): the
 * invocation's environment (context, per-invocation Jira reads, the issue read once per field
 * set, the app's own account and users' names, both kept between invocations in the catalog
 * cache) and the link it works on (its item, record, problems, and state
 * loaded once and shared by every step).
 */
import type { LinkRecord, SmartItem } from '../../domain/types';
import type { JiraIssue } from '../../jira/schemas';
import type { SyncContext } from '../core/context';
import { loadLinkState, type LinkState } from '../core/state';
import { JiraEventReads } from './jiraReads';
import { LinkProblems } from './problems';

export interface EventEnv {
  readonly ctx: SyncContext;
  readonly reads: JiraEventReads;
  /** How often Forge already delivered this event (0 on the first delivery). */
  readonly retryCount: number;
  /** The issue with these fields, read once per invocation for each field set. */
  issue(issueId: string, fields: readonly string[]): Promise<JiraIssue>;
  /** The app's own Jira account (writes it made are the connector's, not a user's). */
  appAccountId(): Promise<string>;
  /** A Jira user's display name; null when Jira does not tell. */
  userName(accountId: string): Promise<string | null>;
}

export interface LinkTarget {
  item: SmartItem;
  link: LinkRecord;
  problems: LinkProblems;
  /** The link's sync state, loaded once per invocation and shared by every step. */
  state(): Promise<LinkState>;
}

export function linkTarget(
  item: SmartItem,
  link: LinkRecord,
  /** The state read right after taking the link's lease (withLinkLease), when readable. */
  preloaded?: LinkState,
): LinkTarget & { loaded(): LinkState | null } {
  let loading: Promise<LinkState> | null = preloaded ? Promise.resolve(preloaded) : null;
  let loaded: LinkState | null = preloaded ?? null;
  return {
    item,
    link,
    problems: new LinkProblems(),
    state() {
      loading ??= loadLinkState(item.id, link.issueId).then((s) => (loaded = s));
      return loading;
    },
    loaded: () => loaded,
  };
}

export type LinkWork = (target: LinkTarget, env: EventEnv) => Promise<void>;

/**
 * Only two-way ticket items react to Jira events (docs/contracts/connector-rules.md § Sync options matrix).
 */
export function isTwoWayTicketItem(item: SmartItem): boolean {
  return item.zendeskObject === 'ticket' && item.syncMode === 'twoWay';
}

export function createEnv(ctx: SyncContext, retryCount: number): EventEnv {
  const issues = new Map<string, Promise<JiraIssue>>();
  const reads = new JiraEventReads();
  return {
    ctx,
    reads,
    retryCount,
    issue(issueId, fields) {
      const key = `${issueId}:${[...new Set(fields)].sort().join(',')}`;
      let found = issues.get(key);
      if (!found) {
        found = ctx.jira.getIssue(issueId, [...new Set(fields)]);
        found.catch(() => issues.delete(key));
        issues.set(key, found);
      }
      return found;
    },
    appAccountId: () => ctx.caches.appAccountId(),
    userName: (accountId) => ctx.caches.jiraUserName(accountId, () => reads.userName(accountId)),
  };
}
