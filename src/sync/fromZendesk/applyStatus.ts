/**
 * Status of one link (docs/sync-model.md § Status): Zendesk status → Jira status category
 * through a real transition, with the initial-status hold of auto-created issues.
 *
 * A memory pass (issueView.ts) decides from the last synchronized status pair; only when that
 * says the issue must move does it read the issue's status together with its transitions (one
 * GET issue with `expand=transitions`), decide again from Jira's real status, and move.
 */
import type { SmartItem } from '../../domain/types';
import { transitionSchema, type JiraIssue, type JiraTransition } from '../../jira/schemas';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { issueStatus } from './jiraIssue';
import type { LinkPass } from './linkPass';
import { asStop, isRateLimit } from '../core/passErrors';
import { errorText, problem } from '../core/problems';
import type { LinkState } from '../core/state';
import { decideStatus, pickTransition, type StatusDecision } from '../core/statusCategory';
import { z } from 'zod';

const issueTransitionsSchema = z.array(transitionSchema);

/** Transitions a read carried (`expand=transitions`); null when it did not ask for them. */
export function listedTransitions(issue: JiraIssue): JiraTransition[] | null {
  if (issue.transitions === undefined) return null;
  const parsed = issueTransitionsSchema.safeParse(issue.transitions);
  return parsed.success ? parsed.data : null;
}

/**
 * What a memory pass decides from the last synchronized status pair alone: null when it cannot
 * (nothing synchronized yet, or the initial-status hold compares Jira's status).
 */
export function memoryStatusDecision(
  item: SmartItem,
  ticket: Pick<ZendeskTicket, 'status'>,
  state: LinkState,
): StatusDecision | null {
  const last = state.record.status;
  if (last === undefined || state.record.hold) return null;
  return decideStatus({
    zendeskStatus: ticket.status,
    jiraCategory: last.jiraCategory,
    mode: item.syncMode === 'twoWay' ? 'twoWay' : 'oneWay',
    held: false,
    lastZendeskStatus: last.zendesk,
  });
}

/**
 * The memory pass's status step: nothing to read while the last synchronized pair says the
 * issue stays; otherwise the issue's status and transitions in one read (or from the chunk's
 * bulk read, prefetch.ts).
 */
async function fromMemory(
  pass: LinkPass,
): Promise<{ issue: JiraIssue; transitions: JiraTransition[] | null } | null> {
  const { link, item, ticket, view, state, ctx } = pass;
  const decision = memoryStatusDecision(item, ticket, state);
  if (decision === null) return { issue: await view.issue(), transitions: null };
  const last = state.record.status;
  if (decision.action === 'none') {
    if (last && decision.reason === 'same-category' && last.zendesk !== ticket.status)
      state.record.status = { ...last, zendesk: ticket.status, at: new Date().toISOString() };
    return null;
  }
  let issue: JiraIssue;
  try {
    issue = view.saw(
      pass.prefetched.status ?? (await ctx.jira.getIssue(link.issueId, ['status'], ['transitions'])),
    );
  } catch (error) {
    if (isRateLimit(error)) throw asStop(error);
    view.rethrowIfUnreachable(error);
    throw error;
  }
  return { issue, transitions: listedTransitions(issue) };
}

export async function applyStatus(pass: LinkPass): Promise<void> {
  const { link, item, ticket, view, state, ctx, problems } = pass;
  let issue: JiraIssue;
  let listed: JiraTransition[] | null = null;
  if (view.fromMemory) {
    const read = await fromMemory(pass);
    if (read === null) return;
    issue = read.issue;
    listed = read.transitions;
  } else {
    issue = await view.issue();
    // The panel's confirmed link reads the issue with its transitions (the preview showed the move).
    listed = listedTransitions(issue);
  }
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
  const decision: StatusDecision = decideStatus({
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
  let transitions = listed;
  try {
    transitions ??= await ctx.jira.transitions(link.issueId);
  } catch (error) {
    view.throwUnlessRefusal(error);
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
    view.throwUnlessRefusal(error);
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
