/**
 * Jira status category → Zendesk ticket status (docs/contracts/connector-rules.md § Status categories,
 * the reverse of src/sync/core/statusCategory.ts):
 *
 *   new → new; indeterminate → open; done → solved
 *
 * A ticket already in a status of the right category keeps it (pending and hold stay for
 * indeterminate, closed stays for done). Zendesk's own rules limit the rest
 * (docs/contracts/zendesk-api.md § Ticket status rules): a ticket never returns to `new` once it left it, and
 * a closed ticket cannot be changed at all. Both are reported as limitations, never faked.
 */
import { categoryForZendeskStatus, isJiraStatusCategory } from '../core/statusCategory';

export type ZendeskStatusDecision =
  /** Nothing to write. `remember`: the pair is in sync and may be stored as the last synced one. */
  | { action: 'none'; remember: boolean }
  | { action: 'set'; status: 'open' | 'solved' }
  | { action: 'limitation'; reason: 'closed' | 'no-return-to-new' };

export interface LastStatus {
  zendesk: string;
  jiraCategory: string;
}

export function decideZendeskStatus(input: {
  jiraCategory: string | null;
  zendeskStatus: string;
  last: LastStatus | undefined;
}): ZendeskStatusDecision {
  const { jiraCategory, zendeskStatus, last } = input;
  if (!isJiraStatusCategory(jiraCategory)) return { action: 'none', remember: false };
  if (categoryForZendeskStatus(zendeskStatus) === jiraCategory) return { action: 'none', remember: true };
  // Jira's category is the one last synchronized: Jira did not move categories, Zendesk did,
  // and the scheduler carries that change to Jira. Pushing here would undo it. Unless neither
  // side moved since the pair was stored: then it is a limitation recorded earlier, reported
  // again below (a redelivery after a crash may be the first report that reaches the link).
  const recordedLimitation =
    last?.zendesk === zendeskStatus && (zendeskStatus === 'closed' || jiraCategory === 'new');
  if (last !== undefined && last.jiraCategory === jiraCategory && !recordedLimitation)
    return { action: 'none', remember: false };
  if (zendeskStatus === 'closed') return { action: 'limitation', reason: 'closed' };
  switch (jiraCategory) {
    case 'new':
      return { action: 'limitation', reason: 'no-return-to-new' };
    case 'indeterminate':
      return { action: 'set', status: 'open' };
    case 'done':
      return { action: 'set', status: 'solved' };
  }
}
