/**
 * `avi:jira:updated:issue` → the linked Zendesk ticket: mapped fields and, with status sync,
 * the status (docs/sync-model.md § Jira → Zendesk, Fields and Status).
 *
 * The changelog only says WHICH fields changed. Values are always read from Jira now, because
 * events may arrive late, twice, or out of order: an older event then pushes the current value
 * (or nothing, when it is already synchronized), never its own stale `to`.
 *
 * Loop prevention, per field, through the per-link memory shared with the scheduler
 * (state.ts `fields`): `j` is the fingerprint of the Jira value last synchronized either way.
 * A Jira value equal to it is not a Jira change (it is what the scheduler wrote, or what this
 * handler already pushed) and is not pushed. After a push, `z` is set to what the scheduler
 * will compute from the ticket's new value (desiredFields on the ticket Zendesk returned), so
 * the next scheduled pass sees "Zendesk unchanged" and does not write back a normalized form
 * (e.g. Lowest → low must not come back as Low).
 */
import type { SmartItem, SyncProblem } from '../../domain/types';
import { ZendeskApiError } from '../../zendesk/errors';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { mappedToJira } from '../core/desiredFields';
import type { EventEnv, LinkTarget } from './env';
import { issueFromPayload, noteIssueUpdated } from './payloadIssue';
import { changedFieldIds, type IssueUpdatedEvent } from './payloads';
import { closedTicketProblem, toZendeskProblem } from './problems';
import { isUpdateConflict, writeBase } from './ticketWrite';
import {
  planParts,
  subjectOf,
  type Mapping,
  type Part,
  type Plan,
  type TicketView,
  type UpdatePass,
  type UpdateScope,
} from './updatePlan';
import { remember, writeParts } from './updateWrite';

/** The mappings whose Jira field the event's changelog names (by id; by name when Jira sent no id). */
export function changedMappings(item: SmartItem, event: IssueUpdatedEvent): Mapping[] {
  const { ids, names } = changedFieldIds(event);
  return mappedToJira(item).filter(
    (m) =>
      ids.has(m.jiraFieldId) ||
      names.has(m.jiraFieldId) ||
      (m.jiraFieldName !== undefined && names.has(m.jiraFieldName)),
  );
}

export function statusChanged(item: SmartItem, event: IssueUpdatedEvent): boolean {
  if (!item.features.statusSync) return false;
  const { ids, names } = changedFieldIds(event);
  return ids.has('status') || names.has('status');
}

/** Whether an item has anything to do with this event at all (before any read). */
export function concernsItem(item: SmartItem, event: IssueUpdatedEvent): boolean {
  return changedMappings(item, event).length > 0 || statusChanged(item, event);
}

/** How often a 409 (the ticket changed since the stamp) makes the handler read and try again. */
const MAX_CONFLICTS = 2;

export async function pushIssueUpdate(
  target: LinkTarget,
  event: IssueUpdatedEvent,
  env: EventEnv,
): Promise<void> {
  const { item, link, problems } = target;
  const scope: UpdateScope = {
    mappings: changedMappings(item, event),
    withStatus: statusChanged(item, event),
  };
  if (scope.mappings.length === 0 && !scope.withStatus) return;

  const state = await target.state();
  const issue =
    issueFromPayload(event, state, scope) ??
    (await env.issue(link.issueId, [
      ...mappedToJira(item).map((m) => m.jiraFieldId),
      'status',
      'project',
      'issuetype',
      'updated',
    ]));
  const pass: UpdatePass = { ...scope, target, env, state, issue };
  // Written against the link memory's view of the ticket; read only when the plan needs the
  // ticket itself or Zendesk answers that it changed (ticketWrite.ts).
  let fresh: ZendeskTicket | null = null;
  let base = writeBase(state, null);
  let final: ZendeskTicket | null = null;
  let plan: Plan | null = null;
  const applied: Part[] = [];
  for (let conflicts = 0; ;) {
    const view: TicketView = fresh
      ? { ticket: fresh, status: fresh.status }
      : { ticket: null, status: base?.status ?? null };
    plan = base ? await planParts(pass, view) : null;
    if (!plan || (plan.needsTicket && !fresh)) {
      fresh = await readTicket(target, env);
      if (!fresh) return;
      base = writeBase(state, fresh);
      continue;
    }
    if (plan.parts.length === 0) break;
    if (view.status === 'closed') {
      problems.add(closedTicketProblem(link.recordId));
      break;
    }
    try {
      final = await writeParts(pass, { parts: plan.parts, base, applied });
      break;
    } catch (error) {
      if (!isUpdateConflict(error) || conflicts >= MAX_CONFLICTS) throw error;
      conflicts++;
      applied.length = 0;
      fresh = await readTicket(target, env);
      if (!fresh) return;
      base = writeBase(state, fresh);
    }
  }
  noteIssueUpdated(state, issue);
  await remember(pass, { ticket: final ?? fresh, applied, settled: plan?.settled ?? [] });
  for (const part of applied) {
    if (part.kind === 'field') {
      problems.clearSubject(subjectOf(part));
      env.ctx.summary.add('fieldsApplied');
    } else {
      problems.clearCodes('TO_ZENDESK_STATUS_LIMIT', 'TO_ZENDESK_STATUS_REFUSED');
      env.ctx.summary.add('statusesApplied');
    }
  }
  if (applied.length > 0) problems.clearCodes('TO_ZENDESK_TICKET_CLOSED', 'TO_ZENDESK_TICKET_MISSING');
}

/** The ticket now; null (with TO_ZENDESK_TICKET_MISSING on the link) when it cannot be read. */
async function readTicket(target: LinkTarget, env: EventEnv): Promise<ZendeskTicket | null> {
  const { link, problems } = target;
  try {
    const ticket = await env.ctx.zendesk.getTicket(link.recordId);
    problems.clearCodes('TO_ZENDESK_TICKET_MISSING');
    return ticket;
  } catch (error) {
    if (isTicketMissing(error)) {
      problems.add(missingTicketProblem(link.recordId, error));
      return null;
    }
    throw error;
  }
}

function isTicketMissing(error: unknown): error is ZendeskApiError {
  return error instanceof ZendeskApiError && (error.status === 404 || error.status === 403);
}

function missingTicketProblem(ticketId: string, error: unknown): SyncProblem {
  return toZendeskProblem(
    'error',
    'TO_ZENDESK_TICKET_MISSING',
    `Zendesk ticket ${ticketId} cannot be read any more; Jira changes are not synchronized`,
    error,
  );
}
