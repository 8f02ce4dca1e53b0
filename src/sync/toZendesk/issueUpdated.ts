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
import type { FieldMapping, SmartItem, SyncProblem } from '../../domain/types';
import { adfToText } from '../../jira/adf';
import { statusSchema, type JiraField, type JiraIssue } from '../../jira/schemas';
import type { ZendeskTicketUpdate } from '../../zendesk/client';
import { isClosedTicketError, ZendeskApiError } from '../../zendesk/errors';
import type { ZendeskTicket, ZendeskTicketField } from '../../zendesk/schemas';
import { desiredFields, mappedToJira } from '../core/desiredFields';
import { comparableFromJira } from '../core/fields';
import { errorText } from '../core/problems';
import type { KnownTicket } from '../core/ownWrite';
import { fieldMemoryKey, fingerprint, type LinkState } from '../core/state';
import { isRefusal } from './failures';
import { changedFieldIds, parseJiraTime, type IssueUpdatedEvent } from './payloads';
import { toZendeskPriority } from './priority';
import { closedTicketProblem, fieldProblem, fieldSubject, toZendeskProblem } from './problems';
import type { EventEnv, LinkTarget } from './run';
import { decideZendeskStatus } from './statusDecision';
import { isUpdateConflict, updateAgainst, writeBase } from './ticketWrite';
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

function subjectOf(part: Extract<Part, { kind: 'field' }>): string {
  return fieldSubject(part.mapping.zendeskFieldId, part.field.id);
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

/** What the plan knows of the ticket: the ticket itself when read, else the link memory's view of it. */
interface TicketView {
  /** Null when not read: the write goes out as a safe_update against `base`. */
  ticket: ZendeskTicket | null;
  status: string | null;
}

/** The plan for one write: its parts, and the fields whose value the ticket already holds. */
interface Plan {
  parts: Part[];
  settled: { mapping: Mapping; jiraPrint: string }[];
  /** Decisions made on the memory's view that a write would not confirm: read the ticket. */
  needsTicket: boolean;
}

/** How often a 409 (the ticket changed since the stamp) makes the handler read and try again. */
const MAX_CONFLICTS = 2;

export async function pushIssueUpdate(
  target: LinkTarget,
  event: IssueUpdatedEvent,
  env: EventEnv,
): Promise<void> {
  const { item, link, problems } = target;
  const mappings = changedMappings(item, event);
  const withStatus = statusChanged(item, event);
  if (mappings.length === 0 && !withStatus) return;

  const state = await target.state();
  const issue =
    issueFromPayload(event, state, mappings, withStatus) ??
    (await env.issue(link.issueId, [
      ...mappedToJira(item).map((m) => m.jiraFieldId),
      'status',
      'project',
      'issuetype',
      'updated',
    ]));
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
    plan = base ? await planParts(target, env, issue, view, state, mappings, withStatus) : null;
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
      final = await writeParts(target, env, state, plan.parts, applied, base);
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
  await remember(state, item, issue, final ?? fresh, applied, plan?.settled ?? [], env);
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

/**
 * How long before an edit an app write to the same Jira field still makes the event's values
 * suspect: what the clocks of Jira (`fields.updated`) and of the app's function may differ by.
 * Both run on Atlassian's NTP-synchronised hosts; in the sandbox they are one clock.
 */
const CLOCK_SLACK_MS = 2_000;

/**
 * The issue as the event carries it (`issue.fields` is the issue after the change), when that
 * is provably the newest Jira value of everything this update needs: every changed field is
 * in the payload, no newer issue-updated event was applied to the link (`fields.updated`, the
 * ordering guard), and the Zendesk → Jira pass wrote none of these fields to Jira since the
 * edit (its writes, made as the app, fire no event). Otherwise null: the issue is read.
 */
export function issueFromPayload(
  event: IssueUpdatedEvent,
  state: LinkState,
  mappings: readonly Mapping[],
  withStatus: boolean,
): JiraIssue | null {
  const fields = event.issue.fields;
  const updated = parseJiraTime(typeof fields?.updated === 'string' ? fields.updated : undefined);
  if (!fields || updated === null || event.issue.key === undefined) return null;
  const applied = parseJiraTime(state.record.toZendesk?.issueUpdated);
  if (applied !== null && updated < applied) return null;
  const writtenByApp = (memory: { by: string; at: string } | undefined): boolean =>
    memory?.by === 'toJira' && Date.parse(memory.at) >= updated - CLOCK_SLACK_MS;
  for (const m of mappings) {
    if (!(m.jiraFieldId in fields)) return null;
    if (writtenByApp(state.record.fields[fieldMemoryKey(m.zendeskFieldId, m.jiraFieldId)])) return null;
  }
  if (withStatus && (!('status' in fields) || writtenByApp(state.record.status))) return null;
  return { id: event.issue.id, key: event.issue.key, fields };
}

/** The ordering guard: the newest `fields.updated` applied to the link. */
function noteIssueUpdated(state: LinkState, issue: JiraIssue): void {
  const value = issue.fields.updated;
  const updated = parseJiraTime(typeof value === 'string' ? value : undefined);
  if (typeof value !== 'string' || updated === null) return;
  const memory = (state.record.toZendesk ??= {});
  const applied = parseJiraTime(memory.issueUpdated);
  if (applied === null || updated > applied) memory.issueUpdated = value;
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

/**
 * The parts of the update for the changed fields and the status. With the ticket read, a
 * value it already holds is not written (only remembered); without it every Jira change is
 * written, and what only the ticket can tell (its tags, an unknown status) asks for a read.
 */
async function planParts(
  target: LinkTarget,
  env: EventEnv,
  issue: JiraIssue,
  view: TicketView,
  state: LinkState,
  mappings: readonly Mapping[],
  withStatus: boolean,
): Promise<Plan> {
  const { link, problems } = target;
  const { ctx } = env;
  const { ticket } = view;
  const catalog = mappings.length > 0 ? await ctx.caches.jiraFieldMap() : new Map<string, JiraField>();
  let ticketFields: Map<string, ZendeskTicketField> | null = null;
  const needsTicketFields = mappings.some(
    (m) => /^\d+$/.test(m.zendeskFieldId) || m.zendeskFieldId === 'tags',
  );
  if (needsTicketFields) ticketFields = await ctx.caches.zendeskTicketFields();

  const plan: Plan = { parts: [], settled: [], needsTicket: false };
  for (const mapping of mappings) {
    const field = catalog.get(mapping.jiraFieldId);
    if (!field) {
      const jira = { jiraId: mapping.jiraFieldId, jiraName: mapping.jiraFieldName ?? mapping.jiraFieldId };
      problems.add(
        fieldProblem(
          'limitation',
          'TO_ZENDESK_FIELD_UNSUPPORTED',
          { mapping, ...jira },
          'the Jira field no longer exists',
        ),
      );
      continue;
    }
    const raw = issue.fields[field.id];
    const jiraPrint = fingerprint(comparableFromJira(raw, field, adfToText));
    const memory = state.record.fields[fieldMemoryKey(mapping.zendeskFieldId, field.id)];
    // The value last synchronized either way: not a change made in Jira.
    if (memory?.j === jiraPrint) continue;
    const zendeskTarget = resolveZendeskTarget(mapping.zendeskFieldId, ticketFields);
    // The tag list is written whole (Update Ticket replaces tags; additional_tags and
    // remove_tags work only in bulk updates, https://developer.zendesk.com/documentation/ticketing/managing-tickets/adding-tags-to-tickets-without-overwriting-existing-tags):
    // the tags the ticket's fields own must be read first.
    if (!ticket && zendeskTarget.kind === 'attribute' && zendeskTarget.attribute === 'tags') {
      plan.needsTicket = true;
      return plan;
    }
    const value = readJiraValue(raw, field, adfToText);
    const priorities =
      value.kind === 'priority' && value.priority !== null ? await env.reads.priorities() : [];
    const converted = toZendeskWrite(value, zendeskTarget, {
      priority: (p) => toZendeskPriority(p, priorities, mapping.valueMap),
      ownedTags: ticket ? fieldOwnedTags(ticket, ticketFields) : [],
    });
    const subject = fieldSubject(mapping.zendeskFieldId, field.id);
    if (!converted.ok) {
      problems.clearSubject(subject);
      problems.add(
        fieldProblem(
          'limitation',
          'TO_ZENDESK_FIELD_UNSUPPORTED',
          { mapping, jiraId: field.id, jiraName: field.name },
          converted.reason,
        ),
      );
      continue;
    }
    if (ticket && ticketHas(ticket, converted.write)) {
      plan.settled.push({ mapping, jiraPrint });
      problems.clearSubject(subject);
      continue;
    }
    plan.parts.push({ kind: 'field', mapping, field, jiraPrint, write: converted.write });
  }

  if (withStatus) {
    if (view.status === null) {
      plan.needsTicket = true;
      return plan;
    }
    const jiraCategory = statusCategory(issue);
    // A user moved the issue: the auto-create initial-status safeguard ends
    // (docs/contracts/connector-rules.md § Initial status safeguard).
    if (state.record.hold) delete state.record.hold;
    const decision = decideZendeskStatus({
      jiraCategory,
      zendeskStatus: view.status,
      last: state.record.status,
    });
    // A decision not to write rests on the ticket's status, which only a write would confirm.
    if (!ticket && decision.action !== 'set' && jiraCategory !== null) {
      plan.needsTicket = true;
      return plan;
    }
    const now = new Date().toISOString();
    if (decision.action === 'set' && jiraCategory !== null) {
      plan.parts.push({ kind: 'status', status: decision.status, jiraCategory });
    } else if (decision.action === 'limitation' && jiraCategory !== null) {
      if (decision.reason === 'closed') {
        problems.add(closedTicketProblem(link.recordId));
      } else {
        problems.add(
          toZendeskProblem(
            'limitation',
            'TO_ZENDESK_STATUS_LIMIT',
            `${NEW_STATUS_TEXT} (ticket ${link.recordId} stays "${view.status}")`,
          ),
        );
      }
      // Remember the pair so the scheduler does not move Jira back to match Zendesk: the
      // difference is a known limitation, not a Zendesk change.
      state.record.status = { zendesk: view.status, jiraCategory, by: 'toZendesk', at: now };
    } else if (decision.action === 'none' && decision.remember && jiraCategory !== null) {
      problems.clearCodes('TO_ZENDESK_STATUS_LIMIT', 'TO_ZENDESK_STATUS_REFUSED');
      const last = state.record.status;
      if (last?.zendesk !== view.status || last.jiraCategory !== jiraCategory) {
        state.record.status = { zendesk: view.status, jiraCategory, by: last?.by ?? 'toZendesk', at: now };
      }
    }
  }
  return plan;
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
 * One PUT for everything, against `base`. If Zendesk refuses it, each part is sent alone so
 * the accepted ones still go through and each refusal is reported with Zendesk's own words.
 * A 409 is thrown as is: the caller reads the ticket and plans again. Returns the ticket after
 * the last accepted write; null when nothing was accepted (or the ticket is closed).
 */
async function writeParts(
  target: LinkTarget,
  env: EventEnv,
  state: LinkState,
  parts: readonly Part[],
  applied: Part[],
  base: KnownTicket | null,
): Promise<ZendeskTicket | null> {
  const { link, problems } = target;
  try {
    const updated = await updateAgainst(env, state, link.recordId, bodyOf(parts), base, 0);
    applied.push(...parts);
    return updated;
  } catch (error) {
    if (isUpdateConflict(error)) throw error;
    if (isClosedTicketError(error)) {
      problems.add(closedTicketProblem(link.recordId));
      return null;
    }
    if (!isRefusal(error)) throw error;
    if (parts.length === 1) {
      reportRefusal(target, parts[0] as Part, error);
      return null;
    }
  }
  // A refused update changed nothing: each part goes against the same base, then against the
  // ticket the previous part left (a state the app wrote itself, so not remembered as its echo).
  let last: ZendeskTicket | null = null;
  for (const part of parts) {
    const against: KnownTicket | null = last
      ? { updatedAt: last.updated_at, commentCount: null, status: last.status, settled: false }
      : base;
    try {
      last = await updateAgainst(env, state, link.recordId, bodyOf([part]), against, 0);
      applied.push(part);
    } catch (error) {
      if (isUpdateConflict(error)) throw error;
      if (isClosedTicketError(error)) {
        problems.add(closedTicketProblem(link.recordId));
        break;
      }
      if (!isRefusal(error)) throw error;
      reportRefusal(target, part, error);
    }
  }
  return last;
}

function reportRefusal(target: LinkTarget, part: Part, error: unknown): void {
  if (part.kind === 'field') {
    target.problems.clearSubject(subjectOf(part));
    target.problems.add(
      fieldProblem(
        'error',
        'TO_ZENDESK_FIELD_REFUSED',
        { mapping: part.mapping, jiraId: part.field.id, jiraName: part.field.name },
        errorText(error),
        error,
      ),
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
  ticket: ZendeskTicket | null,
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
  // Fields are applied or found settled only with a ticket in hand (written or read).
  if (fields.length > 0 && ticket) {
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
    if (part.kind === 'status' && ticket)
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
