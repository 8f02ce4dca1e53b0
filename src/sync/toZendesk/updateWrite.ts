/**
 * The write of one issue-updated delivery and what the link remembers of it (docs/sync-model.md
 * § Jira → Zendesk, Fields): one safe update for every part, each part alone when Zendesk
 * refuses the whole, and afterwards the per-field memory the scheduler reads.
 */
import type { ZendeskTicketUpdate } from '../../zendesk/client';
import { isClosedTicketError } from '../../zendesk/errors';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { desiredFields } from '../core/desiredFields';
import type { KnownTicket } from '../core/ownWrite';
import { errorText } from '../core/problems';
import { fieldMemoryKey, fingerprint } from '../core/state';
import { isRefusal } from './failures';
import { closedTicketProblem, fieldProblem, toZendeskProblem } from './problems';
import { isUpdateConflict, updateAgainst } from './ticketWrite';
import { subjectOf, type Mapping, type Part, type UpdatePass } from './updatePlan';
import { addWrite } from './zendeskValue';

function idOf(value: unknown): string | undefined {
  if (value && typeof value === 'object' && 'id' in value) {
    const id = (value as { id: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  }
  return undefined;
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
export async function writeParts(
  pass: UpdatePass,
  write: { parts: readonly Part[]; base: KnownTicket | null; applied: Part[] },
): Promise<ZendeskTicket | null> {
  const { parts, base, applied } = write;
  const { env, state } = pass;
  const { link, problems } = pass.target;
  try {
    const updated = await updateAgainst(env, state, { ticketId: link.recordId, update: bodyOf(parts), base });
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
      await reportRefusal(pass, parts[0] as Part, error);
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
      last = await updateAgainst(env, state, {
        ticketId: link.recordId,
        update: bodyOf([part]),
        base: against,
      });
      applied.push(part);
    } catch (error) {
      if (isUpdateConflict(error)) throw error;
      if (isClosedTicketError(error)) {
        problems.add(closedTicketProblem(link.recordId));
        break;
      }
      if (!isRefusal(error)) throw error;
      await reportRefusal(pass, part, error);
    }
  }
  return last;
}

async function reportRefusal(pass: UpdatePass, part: Part, error: unknown): Promise<void> {
  const { target, env } = pass;
  if (part.kind === 'field') {
    // Zendesk refused a custom field alone: its type or options may have changed since the
    // catalog kept between invocations was read, so the next delivery reads it again.
    if ('customFieldId' in part.write) await env.ctx.caches.invalidate('ticketFields');
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
export async function remember(
  pass: UpdatePass,
  outcome: {
    ticket: ZendeskTicket | null;
    applied: readonly Part[];
    settled: readonly { mapping: Mapping; jiraPrint: string }[];
  },
): Promise<void> {
  const { state, issue, env } = pass;
  const { item } = pass.target;
  const { ticket, applied, settled } = outcome;
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
