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
import type { FieldMapping, SmartItem } from '../../domain/types';
import { adfToText } from '../../jira/adf';
import { statusSchema, type JiraField, type JiraIssue } from '../../jira/schemas';
import type { ZendeskTicketUpdate } from '../../zendesk/client';
import { isClosedTicketError, ZendeskApiError } from '../../zendesk/errors';
import type { ZendeskTicket, ZendeskTicketField } from '../../zendesk/schemas';
import { desiredFields, mappedToJira } from '../core/desiredFields';
import { comparableFromJira } from '../core/fields';
import { errorText } from '../core/problems';
import { fieldMemoryKey, fingerprint, type LinkState } from '../core/state';
import { isRefusal } from './failures';
import { changedFieldIds, type IssueUpdatedEvent } from './payloads';
import { toZendeskPriority } from './priority';
import { closedTicketProblem, fieldProblemPrefix, toZendeskProblem } from './problems';
import type { EventEnv, LinkTarget } from './run';
import { decideZendeskStatus } from './statusDecision';
import {
  addWrite,
  fieldOwnedTags,
  readJiraValue,
  resolveZendeskTarget,
  ticketHas,
  toZendeskWrite,
  type ZendeskWrite,
} from './zendeskValue';

type Mapping = FieldMapping & { jiraFieldId: string };

/** One piece of the ticket update, applied (and reported) on its own if Zendesk refuses the whole. */
type Part =
  | { kind: 'field'; mapping: Mapping; field: JiraField; jiraPrint: string; write: ZendeskWrite }
  | { kind: 'status'; status: string; jiraCategory: string };

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

function label(part: Extract<Part, { kind: 'field' }>): string {
  return fieldProblemPrefix(part.mapping.zendeskFieldLabel, part.field.name);
}

function statusCategory(issue: JiraIssue): string | null {
  const parsed = statusSchema.safeParse(issue.fields.status);
  return parsed.success ? parsed.data.statusCategory.key : null;
}

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  return undefined;
}

const NEW_STATUS_TEXT =
  'Zendesk tickets cannot return to New once they left it, so the Jira status was not carried over';

export async function pushIssueUpdate(
  target: LinkTarget,
  event: IssueUpdatedEvent,
  env: EventEnv,
): Promise<void> {
  const { item, link, problems } = target;
  const { ctx } = env;
  const mappings = changedMappings(item, event);
  const withStatus = statusChanged(item, event);
  if (mappings.length === 0 && !withStatus) return;

  const issue = await env.issue(link.issueId, [
    ...mappedToJira(item).map((m) => m.jiraFieldId),
    'status',
    'project',
    'issuetype',
  ]);
  let ticket: ZendeskTicket;
  try {
    ticket = await ctx.zendesk.getTicket(link.recordId);
  } catch (error) {
    if (error instanceof ZendeskApiError && (error.status === 404 || error.status === 403)) {
      problems.add(
        toZendeskProblem(
          'error',
          'TO_ZENDESK_TICKET_MISSING',
          `Zendesk ticket ${link.recordId} cannot be read any more; Jira changes are not synchronized`,
          error,
        ),
      );
      return;
    }
    throw error;
  }
  problems.clearCodes('TO_ZENDESK_TICKET_MISSING');
  const state = await target.state();
  const catalog = mappings.length > 0 ? await ctx.caches.jiraFieldMap() : new Map<string, JiraField>();
  let ticketFields: Map<string, ZendeskTicketField> | null = null;
  const needsTicketFields = mappings.some(
    (m) => /^\d+$/.test(m.zendeskFieldId) || m.zendeskFieldId === 'tags',
  );
  if (needsTicketFields) ticketFields = await ctx.caches.zendeskTicketFields();

  const parts: Part[] = [];
  /** Fields whose Jira value the ticket already holds: only the memory is brought up to date. */
  const settled: { mapping: Mapping; jiraPrint: string }[] = [];
  for (const mapping of mappings) {
    const field = catalog.get(mapping.jiraFieldId);
    if (!field) {
      problems.add(
        toZendeskProblem(
          'limitation',
          'TO_ZENDESK_FIELD_UNSUPPORTED',
          `${fieldProblemPrefix(mapping.zendeskFieldLabel, mapping.jiraFieldName ?? mapping.jiraFieldId)}the Jira field no longer exists`,
        ),
      );
      continue;
    }
    const raw = issue.fields[field.id];
    const jiraPrint = fingerprint(comparableFromJira(raw, field, adfToText));
    const memory = state.record.fields[fieldMemoryKey(mapping.zendeskFieldId, field.id)];
    // The value last synchronized either way: not a change made in Jira.
    if (memory?.j === jiraPrint) continue;
    const value = readJiraValue(raw, field, adfToText);
    const priorities =
      value.kind === 'priority' && value.priority !== null ? await env.reads.priorities() : [];
    const converted = toZendeskWrite(value, resolveZendeskTarget(mapping.zendeskFieldId, ticketFields), {
      priority: (p) => toZendeskPriority(p, priorities, mapping.valueMap),
      ownedTags: fieldOwnedTags(ticket, ticketFields),
    });
    const prefix = fieldProblemPrefix(mapping.zendeskFieldLabel, field.name);
    if (!converted.ok) {
      problems.clear((p) => p.message.startsWith(prefix));
      problems.add(
        toZendeskProblem('limitation', 'TO_ZENDESK_FIELD_UNSUPPORTED', `${prefix}${converted.reason}`),
      );
      continue;
    }
    if (ticketHas(ticket, converted.write)) {
      settled.push({ mapping, jiraPrint });
      problems.clear((p) => p.message.startsWith(prefix));
      continue;
    }
    parts.push({ kind: 'field', mapping, field, jiraPrint, write: converted.write });
  }

  if (withStatus) {
    const jiraCategory = statusCategory(issue);
    // A user moved the issue: the auto-create initial-status safeguard ends
    // (docs/contracts/connector-rules.md § Initial status safeguard).
    if (state.record.hold) delete state.record.hold;
    const decision = decideZendeskStatus({
      jiraCategory,
      zendeskStatus: ticket.status,
      last: state.record.status,
    });
    const now = new Date().toISOString();
    if (decision.action === 'set' && jiraCategory !== null) {
      parts.push({ kind: 'status', status: decision.status, jiraCategory });
    } else if (decision.action === 'limitation' && jiraCategory !== null) {
      if (decision.reason === 'closed') {
        problems.add(closedTicketProblem(link.recordId));
      } else {
        problems.add(
          toZendeskProblem(
            'limitation',
            'TO_ZENDESK_STATUS_LIMIT',
            `${NEW_STATUS_TEXT} (ticket ${link.recordId} stays "${ticket.status}")`,
          ),
        );
      }
      // Remember the pair so the scheduler does not move Jira back to match Zendesk: the
      // difference is a known limitation, not a Zendesk change.
      state.record.status = { zendesk: ticket.status, jiraCategory, by: 'toZendesk', at: now };
    } else if (decision.action === 'none' && decision.remember && jiraCategory !== null) {
      problems.clearCodes('TO_ZENDESK_STATUS_LIMIT', 'TO_ZENDESK_STATUS_REFUSED');
      const last = state.record.status;
      if (last?.zendesk !== ticket.status || last.jiraCategory !== jiraCategory) {
        state.record.status = { zendesk: ticket.status, jiraCategory, by: last?.by ?? 'toZendesk', at: now };
      }
    }
  }

  let final = ticket;
  const applied: Part[] = [];
  if (parts.length > 0) {
    if (ticket.status === 'closed') {
      problems.add(closedTicketProblem(link.recordId));
    } else {
      final = await writeParts(target, env, parts, applied);
    }
  }
  await remember(state, item, issue, final, applied, settled, env);
  for (const part of applied) {
    if (part.kind === 'field') {
      const prefix = label(part);
      problems.clear((p) => p.message.startsWith(prefix));
      ctx.summary.add('fieldsApplied');
    } else {
      problems.clearCodes('TO_ZENDESK_STATUS_LIMIT', 'TO_ZENDESK_STATUS_REFUSED');
      ctx.summary.add('statusesApplied');
    }
  }
  if (applied.length > 0) problems.clearCodes('TO_ZENDESK_TICKET_CLOSED');
}

function bodyOf(parts: readonly Part[]): ZendeskTicketUpdate {
  const update: ZendeskTicketUpdate = {};
  for (const part of parts) {
    if (part.kind === 'field') addWrite(update, part.write);
    else update.status = part.status;
  }
  return update;
}

/**
 * One PUT for everything. If Zendesk refuses it, each part is sent alone so the accepted
 * ones still go through and each refusal is reported with Zendesk's own words.
 */
async function writeParts(
  target: LinkTarget,
  env: EventEnv,
  parts: readonly Part[],
  applied: Part[],
): Promise<ZendeskTicket> {
  const { link, problems } = target;
  const zendesk = env.ctx.zendesk;
  try {
    const updated = await zendesk.updateTicket(link.recordId, bodyOf(parts));
    applied.push(...parts);
    return updated;
  } catch (error) {
    if (isClosedTicketError(error)) {
      problems.add(closedTicketProblem(link.recordId));
      return zendesk.getTicket(link.recordId);
    }
    if (!isRefusal(error)) throw error;
    if (parts.length === 1) {
      reportRefusal(target, parts[0] as Part, error);
      return zendesk.getTicket(link.recordId);
    }
  }
  let last: ZendeskTicket | null = null;
  for (const part of parts) {
    try {
      last = await zendesk.updateTicket(link.recordId, bodyOf([part]));
      applied.push(part);
    } catch (error) {
      if (isClosedTicketError(error)) {
        problems.add(closedTicketProblem(link.recordId));
        break;
      }
      if (!isRefusal(error)) throw error;
      reportRefusal(target, part, error);
    }
  }
  return last ?? zendesk.getTicket(link.recordId);
}

function reportRefusal(target: LinkTarget, part: Part, error: unknown): void {
  if (part.kind === 'field') {
    const prefix = label(part);
    target.problems.clear((p) => p.message.startsWith(prefix));
    target.problems.add(
      toZendeskProblem('error', 'TO_ZENDESK_FIELD_REFUSED', `${prefix}${errorText(error)}`, error),
    );
  } else {
    target.problems.add(
      toZendeskProblem(
        'error',
        'TO_ZENDESK_STATUS_REFUSED',
        `Zendesk refused status "${part.status}" for ticket ${target.link.recordId}: ${errorText(error)}`,
        error,
      ),
    );
  }
}

/**
 * Per-link memory after the push: for every pushed or already-equal field, `j` = the Jira
 * value's fingerprint and `z` = what the scheduler will derive from the ticket now; the
 * status pair for a pushed status.
 */
async function remember(
  state: LinkState,
  item: SmartItem,
  issue: JiraIssue,
  ticket: ZendeskTicket,
  applied: readonly Part[],
  settled: readonly { mapping: Mapping; jiraPrint: string }[],
  env: EventEnv,
): Promise<void> {
  const now = new Date().toISOString();
  const fields = [
    ...applied
      .filter((p): p is Extract<Part, { kind: 'field' }> => p.kind === 'field')
      .map((p) => ({ mapping: p.mapping, jiraPrint: p.jiraPrint })),
    ...settled,
  ];
  if (fields.length > 0) {
    const target = {
      projectId: idOf(issue.fields.project) ?? item.projectId,
      issueTypeId: idOf(issue.fields.issuetype) ?? item.issueTypeId,
    };
    const { desired } = await desiredFields(
      ticket,
      { ...item, fields: fields.map((f) => f.mapping) },
      env.ctx,
      target,
    );
    for (const f of fields) {
      const d = desired.find(
        (x) => x.mapping.zendeskFieldId === f.mapping.zendeskFieldId && x.field.id === f.mapping.jiraFieldId,
      );
      // No desired value: the scheduler skips this field for this ticket value, so z only has to differ from anything it computes.
      const z = d ? fingerprint(d.comparable) : fingerprint(null);
      state.record.fields[fieldMemoryKey(f.mapping.zendeskFieldId, f.mapping.jiraFieldId)] = {
        z,
        j: f.jiraPrint,
        by: 'toZendesk',
        at: now,
      };
    }
  }
  for (const part of applied) {
    if (part.kind === 'status')
      state.record.status = {
        zendesk: ticket.status,
        jiraCategory: part.jiraCategory,
        by: 'toZendesk',
        at: now,
      };
  }
  if (!state.existed) state.markDirty();
  await state.save();
}
