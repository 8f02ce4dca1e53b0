/**
 * The plan of one issue-updated delivery (docs/sync-model.md § Jira → Zendesk, Fields and
 * Status): for each changed mapping, the Jira value converted for its Zendesk field, skipped
 * when the link memory says it came from Zendesk, or only remembered when the ticket (if read)
 * already holds it; and the status decision. What only the ticket can tell (its tags, an
 * unknown status, a decision not to write) asks the caller to read it first.
 */
import type { FieldMapping } from '../../domain/types';
import { isNumericFieldId } from '../../domain/ids';
import { adfToText } from '../../jira/adf';
import { statusSchema, type JiraField, type JiraIssue } from '../../jira/schemas';
import type { ZendeskTicket, ZendeskTicketField } from '../../zendesk/schemas';
import { comparableFromJira } from '../core/fields';
import { fieldMemoryKey, fingerprint, type LinkState } from '../core/state';
import type { EventEnv, LinkTarget } from './env';
import { readJiraValue } from './jiraValue';
import { toZendeskPriority } from './priority';
import { closedTicketProblem, fieldProblem, fieldSubject, toZendeskProblem } from './problems';
import { decideZendeskStatus } from './statusDecision';
import { resolveZendeskTarget } from './zendeskTarget';
import { fieldOwnedTags, ticketHas, toZendeskWrite, type ZendeskWrite } from './zendeskValue';

export type Mapping = FieldMapping & { jiraFieldId: string };

/** One piece of the ticket update, applied (and reported) on its own if Zendesk refuses the whole. */
export type Part =
  | { kind: 'field'; mapping: Mapping; field: JiraField; jiraPrint: string; write: ZendeskWrite }
  | { kind: 'status'; status: string; jiraCategory: string };

/** What a field part's problems are about (problems.ts fieldSubject). */
export function subjectOf(part: Extract<Part, { kind: 'field' }>): string {
  return fieldSubject(part.mapping.zendeskFieldId, part.field.id);
}

function statusCategory(issue: JiraIssue): string | null {
  const parsed = statusSchema.safeParse(issue.fields.status);
  return parsed.success ? parsed.data.statusCategory.key : null;
}

const NEW_STATUS_TEXT =
  'Zendesk tickets cannot return to New once they left it, so the Jira status was not carried over';

/** What the plan knows of the ticket: the ticket itself when read, else the link memory's view of it. */
export interface TicketView {
  /** Null when not read: the write goes out as a safe_update against `base`. */
  ticket: ZendeskTicket | null;
  status: string | null;
}

/** What an issue update changes: the mapped fields the changelog names, and the status when it moved. */
export interface UpdateScope {
  mappings: readonly Mapping[];
  withStatus: boolean;
}

/** One issue-updated delivery to one link, as each phase (plan → write → remember) reads it. */
export interface UpdatePass extends UpdateScope {
  target: LinkTarget;
  env: EventEnv;
  state: LinkState;
  issue: JiraIssue;
}

/** The plan for one write: its parts, and the fields whose value the ticket already holds. */
export interface Plan {
  parts: Part[];
  settled: { mapping: Mapping; jiraPrint: string }[];
  /** Decisions made on the memory's view that a write would not confirm: read the ticket. */
  needsTicket: boolean;
}

/**
 * The parts of the update for the changed fields and the status. With the ticket read, a
 * value it already holds is not written (only remembered); without it every Jira change is
 * written, and what only the ticket can tell (its tags, an unknown status) asks for a read.
 */
export async function planParts(pass: UpdatePass, view: TicketView): Promise<Plan> {
  const { target, env, issue, state, mappings, withStatus } = pass;
  const { link, problems } = target;
  const { ctx } = env;
  const { ticket } = view;
  let catalog = mappings.length > 0 ? await ctx.caches.jiraFieldMap() : new Map<string, JiraField>();
  // A mapped field missing from a catalog kept between invocations may only be the cache's
  // staleness (a field restored from the trash): read the catalog again before concluding.
  if (mappings.some((m) => !catalog.has(m.jiraFieldId)))
    catalog = await ctx.caches.jiraFieldMap({ fresh: true });
  let ticketFields: Map<string, ZendeskTicketField> | null = null;
  const needsTicketFields = mappings.some(
    (m) => isNumericFieldId(m.zendeskFieldId) || m.zendeskFieldId === 'tags',
  );
  if (needsTicketFields) {
    ticketFields = await ctx.caches.zendeskTicketFields();
    const known = ticketFields;
    if (mappings.some((m) => isNumericFieldId(m.zendeskFieldId) && !known.has(m.zendeskFieldId)))
      ticketFields = await ctx.caches.zendeskTicketFields({ fresh: true });
  }

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
