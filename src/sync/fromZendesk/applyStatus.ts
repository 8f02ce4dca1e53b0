/**
 * Status of one link (docs/sync-model.md § Status): Zendesk status → Jira status category
 * through a real transition, with the initial-status hold of auto-created issues.
 */
import type { LinkRecord, SmartItem, SyncProblem } from '../../domain/types';
import type { JiraIssue } from '../../jira/schemas';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { issueStatus } from './jiraIssue';
import { asStop, isRateLimit, isRefusal } from '../core/passErrors';
import { errorText, problem } from '../core/problems';
import type { LinkState } from '../core/state';
import { decideStatus, pickTransition } from '../core/statusCategory';

export async function applyStatus(
  link: LinkRecord,
  item: SmartItem,
  ticket: ZendeskTicket,
  issue: JiraIssue,
  state: LinkState,
  ctx: SyncContext,
  problems: SyncProblem[],
): Promise<void> {
  const current = issueStatus(issue);
  if (!current) return;
  const hold = state.record.hold;
  if (hold) {
    if (hold.jiraStatusId === '') {
      // First look at a freshly auto-created issue: remember the status it started in.
      state.record.hold = { ...hold, jiraStatusId: current.id };
    } else if (ticket.status !== hold.zendeskStatus || current.id !== hold.jiraStatusId) {
      // A later status change on either side ends the initial-status safeguard
      // (docs/contracts/connector-rules.md § Initial status safeguard).
      delete state.record.hold;
    }
  }
  const mode = item.syncMode === 'twoWay' ? 'twoWay' : 'oneWay';
  const decision = decideStatus({
    zendeskStatus: ticket.status,
    jiraCategory: current.category,
    mode,
    held: state.record.hold !== undefined,
    lastZendeskStatus: state.record.status?.zendesk,
  });
  const now = new Date().toISOString();
  if (decision.action === 'none') {
    if (
      decision.reason === 'same-category' &&
      (state.record.status?.zendesk !== ticket.status ||
        state.record.status.jiraCategory !== current.category)
    ) {
      state.record.status = {
        zendesk: ticket.status,
        jiraCategory: current.category,
        by: state.record.status?.by ?? 'toJira',
        at: now,
      };
    }
    return;
  }
  let transitions;
  try {
    transitions = await ctx.jira.transitions(link.issueId);
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (!isRefusal(error)) throw error;
    problems.push(
      problem('error', 'STATUS_FAILED', `Could not read the issue's transitions: ${errorText(error)}`, error),
    );
    return;
  }
  const chosen = pickTransition(transitions, decision.target, current.id);
  if (!chosen) {
    problems.push(
      problem(
        'limitation',
        'STATUS_NO_TRANSITION',
        `Zendesk status "${ticket.status}" needs a Jira status in category "${decision.target}", but no transition from "${current.name}" leads there`,
      ),
    );
    ctx.summary.add('limitations');
    return;
  }
  try {
    await ctx.jira.transition(link.issueId, chosen.id);
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    if (!isRefusal(error)) throw error;
    problems.push(
      problem(
        'error',
        'STATUS_FAILED',
        `Jira refused the transition "${chosen.name}": ${errorText(error)}`,
        error,
      ),
    );
    return;
  }
  state.record.status = { zendesk: ticket.status, jiraCategory: decision.target, by: 'toJira', at: now };
  ctx.summary.add('statusesApplied');
}
