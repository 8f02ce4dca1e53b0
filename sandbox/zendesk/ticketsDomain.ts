/**
 * Ticket rules shared by the REST routes and the control API: creating tickets, applying updates,
 * adding comments and producing the audit Zendesk returns.
 *
 * Sources for the rules (docs/contracts/zendesk-api.md § Ticket status rules;
 * docs/contracts/zendesk-api.md § Closed tickets):
 * - Closed tickets cannot be updated: 422 RecordInvalid, details.status[0].description
 *   "Status: closed prevents ticket update" [3p fixtures].
 * - Status never returns to `new`; an end-user comment on pending/hold/solved reopens to `open`;
 *   assigning a `new` ticket opens it; solving needs an assignee [doc
 *   https://support.zendesk.com/hc/en-us/articles/4408894213018-About-native-system-ticket-rules].
 * - `ticket.metadata` is write-only and ends up in the audit's `metadata.custom` [spec TicketObject.metadata].
 *   The comment created by the same update carries the audit's metadata, so the client can read
 *   `comment.metadata.custom` back from the comments list [inference: comments are audit events
 *   and real comment JSON shows `metadata.custom`; unverified]. `comment.metadata` on input is
 *   read-only in the spec and is ignored.
 * Validation messages other than the closed-ticket one are not documented; they are marked
 * [unverified] where produced and keep the documented RecordInvalid envelope.
 */
import { commentEvent } from './auditEvents';
import type { SimClock } from './clock';
import { NotFoundError, RecordInvalidError, type ErrorDetails } from './errors';
import { bodiesFromHtml, bodiesFromText } from './html';
import type { ZendeskState } from './state';
import {
  TICKET_PRIORITIES,
  TICKET_STATUSES,
  TICKET_STATUS_RANK,
  TICKET_TYPES,
  type AttachmentRecord,
  type AuditEvent,
  type AuditRecord,
  type CommentRecord,
  type CustomFieldValue,
  type TicketFieldRecord,
  type TicketPriority,
  type TicketRecord,
  type TicketStatus,
  type TicketType,
  type UserRecord,
  type ViaRecord,
} from './types';
import { consumeUploads } from './uploads';

export interface DomainContext {
  state: ZendeskState;
  clock: SimClock;
}

export interface Actor {
  user: UserRecord;
  via: ViaRecord;
  /** User agent recorded in metadata.system.client. */
  client: string;
}

export interface CommentInput {
  body?: string | undefined;
  htmlBody?: string | undefined;
  public?: boolean | undefined;
  authorId?: number | undefined;
  uploads?: string[] | undefined;
  /** Already stored attachments (control API); REST clients use `uploads`. */
  attachments?: AttachmentRecord[] | undefined;
}

export interface TicketChanges {
  subject?: string | undefined;
  status?: string | undefined;
  priority?: string | null | undefined;
  type?: string | null | undefined;
  assigneeId?: number | null | undefined;
  groupId?: number | null | undefined;
  organizationId?: number | null | undefined;
  requesterId?: number | undefined;
  tags?: string[] | undefined;
  customFields?: { id: number; value: unknown }[] | undefined;
  externalId?: string | null | undefined;
  dueAt?: string | null | undefined;
  comment?: CommentInput | undefined;
  metadata?: Record<string, unknown> | undefined;
  safeUpdate?: boolean | undefined;
  updatedStamp?: string | undefined;
}

export interface TicketCreateInput extends TicketChanges {
  requester?: { name?: string | undefined; email: string } | undefined;
  viaFollowupSourceId?: number | undefined;
}

export class UpdateConflictError extends Error {
  constructor() {
    super(
      'Safe Update prevented the update due to outdated ticket data. Please fetch the latest ticket data and try again.',
    );
    this.name = 'UpdateConflictError';
  }
}

export const API_VIA: ViaRecord = { channel: 'api', source: { from: {}, to: {}, rel: null } };
export const WEB_VIA: ViaRecord = { channel: 'web', source: { from: {}, to: {}, rel: null } };

function addDetail(details: ErrorDetails, key: string, description: string, error?: string): void {
  (details[key] ??= []).push({ description, ...(error ? { error } : {}) });
}

function normalizeTags(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    // Zendesk tags are lower case and space separated: "A b" becomes two tags.
    for (const part of tag.toLowerCase().split(/\s+/)) if (part && !out.includes(part)) out.push(part);
  }
  return out;
}

/** Validates one custom field value against its definition; returns the stored form or an error text. */
function coerceCustomValue(
  field: TicketFieldRecord,
  value: unknown,
): { ok: true; value: CustomFieldValue } | { ok: false; reason: string } {
  if (value === null || value === undefined || value === '') {
    return { ok: true, value: field.type === 'checkbox' ? false : field.type === 'multiselect' ? [] : null };
  }
  const optionValues = (field.options ?? []).map((o) => o.value);
  switch (field.type) {
    case 'checkbox':
      if (typeof value === 'boolean') return { ok: true, value };
      if (value === 'true' || value === 'false') return { ok: true, value: value === 'true' };
      return { ok: false, reason: 'is not a boolean' };
    case 'tagger':
      if (typeof value === 'string' && optionValues.includes(value)) return { ok: true, value };
      return { ok: false, reason: 'is not a valid option' };
    case 'multiselect': {
      const list = Array.isArray(value) ? value : [value];
      if (list.every((v): v is string => typeof v === 'string' && optionValues.includes(v)))
        return { ok: true, value: list };
      return { ok: false, reason: 'is not a valid option' };
    }
    case 'date':
      if (
        typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(value))
      ) {
        return { ok: true, value };
      }
      return { ok: false, reason: 'is not a valid date (YYYY-MM-DD)' };
    case 'integer':
      if (
        (typeof value === 'number' && Number.isInteger(value)) ||
        (typeof value === 'string' && /^-?\d+$/.test(value))
      ) {
        return { ok: true, value: String(value) };
      }
      return { ok: false, reason: 'is not an integer' };
    case 'decimal':
      if (
        (typeof value === 'number' && Number.isFinite(value)) ||
        (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
      ) {
        return { ok: true, value: String(value) };
      }
      return { ok: false, reason: 'is not a number' };
    case 'regexp':
      if (typeof value === 'string' && (!field.regexp || new RegExp(field.regexp).test(value)))
        return { ok: true, value };
      return { ok: false, reason: 'is invalid' };
    default:
      if (typeof value === 'string' || typeof value === 'number') return { ok: true, value: String(value) };
      return { ok: false, reason: 'is not text' };
  }
}

/** Tags contributed by a field value: the option tag for dropdowns, the checkbox tag when checked. */
function fieldTags(field: TicketFieldRecord, value: CustomFieldValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (field.type === 'checkbox') return value === true && field.tag ? [field.tag] : [];
  if (field.type === 'tagger' && typeof value === 'string') return [value];
  if (field.type === 'multiselect' && Array.isArray(value)) return [...value];
  return [];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function systemMetadata(actor: Actor): Record<string, unknown> {
  return {
    client: actor.client,
    ip_address: '127.0.0.1',
    location: 'Loopback, Simulated',
    latitude: 0,
    longitude: 0,
  };
}

interface Plan {
  subject: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  type: TicketType | null;
  assigneeId: number | null;
  groupId: number | null;
  organizationId: number | null;
  requesterId: number;
  tags: string[];
  customFields: Map<number, CustomFieldValue>;
  externalId: string | null;
  dueAt: number | null;
  comment: (CommentInput & { author: UserRecord; isPublic: boolean }) | null;
}

/** Works out the ticket's next state without touching it; throws RecordInvalidError on bad input. */
function plan(
  ctx: DomainContext,
  current: TicketRecord,
  changes: TicketChanges,
  actor: Actor,
  creating: boolean,
): Plan {
  const { state } = ctx;
  const details: ErrorDetails = {};
  if (!creating && current.status === 'closed') {
    addDetail(details, 'status', 'Status: closed prevents ticket update', 'ClosedTicket');
    throw new RecordInvalidError(details);
  }
  const next: Plan = {
    subject: changes.subject ?? current.subject,
    status: current.status,
    priority: current.priority,
    type: current.type,
    assigneeId: current.assigneeId,
    groupId: current.groupId,
    organizationId: current.organizationId,
    requesterId: current.requesterId,
    tags: [...current.tags],
    customFields: new Map(current.customFields),
    externalId: current.externalId,
    dueAt: current.dueAt,
    comment: null,
  };

  if (changes.status !== undefined) {
    if (!(TICKET_STATUSES as readonly string[]).includes(changes.status)) {
      addDetail(details, 'status', `Status: ${changes.status} is not a valid status`, 'InvalidValue'); // [unverified text]
    } else if (changes.status === 'new' && current.status !== 'new' && !creating) {
      addDetail(details, 'status', 'Status: cannot be changed back to New', 'InvalidValue'); // [unverified text]
    } else {
      next.status = changes.status as TicketStatus;
    }
  }
  if (changes.priority !== undefined) {
    if (changes.priority === null) {
      if (current.priority !== null)
        addDetail(details, 'priority', 'Priority: cannot be removed once set', 'InvalidValue'); // [unverified]
    } else if (!(TICKET_PRIORITIES as readonly string[]).includes(changes.priority)) {
      addDetail(details, 'priority', `Priority: ${changes.priority} is not a valid priority`, 'InvalidValue'); // [unverified text]
    } else {
      next.priority = changes.priority as TicketPriority;
    }
  }
  if (changes.type !== undefined) {
    if (changes.type === null) next.type = null;
    else if (!(TICKET_TYPES as readonly string[]).includes(changes.type)) {
      addDetail(details, 'type', `Type: ${changes.type} is not a valid type`, 'InvalidValue'); // [unverified text]
    } else next.type = changes.type as TicketType;
  }
  if (changes.assigneeId !== undefined) {
    if (changes.assigneeId === null) next.assigneeId = null;
    else {
      const assignee = state.users.get(changes.assigneeId);
      if (!assignee || assignee.role === 'end-user' || !assignee.active) {
        addDetail(details, 'assignee', 'Assignee: is not an agent', 'InvalidValue'); // [unverified text]
      } else next.assigneeId = assignee.id;
    }
  }
  if (changes.groupId !== undefined) {
    if (changes.groupId !== null && !state.groups.has(changes.groupId))
      addDetail(details, 'group', 'Group: is invalid', 'InvalidValue');
    else next.groupId = changes.groupId;
  }
  if (changes.requesterId !== undefined) {
    const requester = state.users.get(changes.requesterId);
    if (!requester) addDetail(details, 'requester', 'Requester: is invalid', 'InvalidValue');
    else next.requesterId = requester.id;
  }
  if (changes.organizationId !== undefined) {
    if (changes.organizationId !== null && !state.organizations.has(changes.organizationId)) {
      addDetail(details, 'organization', 'Organization: is invalid', 'InvalidValue');
    } else next.organizationId = changes.organizationId;
  }
  if (changes.externalId !== undefined) next.externalId = changes.externalId;
  if (changes.dueAt !== undefined) {
    if (changes.dueAt === null) next.dueAt = null;
    else if (Number.isNaN(Date.parse(changes.dueAt)))
      addDetail(details, 'due_at', 'Due date: is invalid', 'InvalidValue');
    else next.dueAt = Date.parse(changes.dueAt);
  }
  if (changes.tags !== undefined) next.tags = normalizeTags(changes.tags);
  if (changes.subject !== undefined && changes.subject.trim() === '' && !creating) {
    addDetail(details, 'subject', 'Subject: cannot be blank', 'BlankValue');
  }

  for (const entry of changes.customFields ?? []) {
    const field = state.ticketFields.find((f) => f.id === entry.id && f.removable);
    // Unknown ids are ignored, as Zendesk ignores custom fields that are not on the account.
    if (!field) continue;
    const coerced = coerceCustomValue(field, entry.value);
    if (!coerced.ok) {
      addDetail(
        details,
        'base',
        `${field.title}: ${String(JSON.stringify(entry.value))} ${coerced.reason}`,
        'InvalidValue',
      ); // [unverified text]
      continue;
    }
    const previous = next.customFields.get(field.id);
    const removed = fieldTags(field, previous);
    next.tags = next.tags.filter((t) => !removed.includes(t));
    for (const tag of fieldTags(field, coerced.value)) if (!next.tags.includes(tag)) next.tags.push(tag);
    next.customFields.set(field.id, coerced.value);
  }

  const comment = changes.comment;
  const uploads = comment?.uploads ?? [];
  const hasText = Boolean(comment?.body?.trim() || comment?.htmlBody?.trim());
  if (comment && (hasText || uploads.length > 0 || (comment.attachments?.length ?? 0) > 0)) {
    let author = actor.user;
    if (comment.authorId !== undefined) {
      const found = state.users.get(comment.authorId);
      if (!found) addDetail(details, 'author_id', 'Author: is invalid', 'InvalidValue');
      else author = found;
    }
    // End users cannot write internal notes.
    const isPublic = author.role === 'end-user' ? true : (comment.public ?? current.defaultPublic);
    next.comment = { ...comment, author, isPublic };
    if (
      !creating &&
      changes.status === undefined &&
      author.role === 'end-user' &&
      ['pending', 'hold', 'solved'].includes(next.status)
    ) {
      next.status = 'open';
    }
  } else if (creating) {
    addDetail(details, 'base', 'Description: cannot be blank', 'BlankValue'); // [3p fixtures]
  }

  if (
    changes.status === undefined &&
    next.status === 'new' &&
    next.assigneeId !== null &&
    next.assigneeId !== current.assigneeId
  ) {
    next.status = 'open';
  }
  if (TICKET_STATUS_RANK[next.status] >= TICKET_STATUS_RANK.solved && next.assigneeId === null) {
    // Solving needs an assignee; an agent solving an unassigned ticket becomes its assignee
    // (agent-interface behaviour, assumed for the API) [unverified].
    if (actor.user.role !== 'end-user') next.assigneeId = actor.user.id;
    else addDetail(details, 'assignee', 'Assignee: is required when solving a ticket', 'InvalidValue');
  }

  if (Object.keys(details).length > 0) throw new RecordInvalidError(details);
  return next;
}

function addComment(
  ctx: DomainContext,
  ticket: TicketRecord,
  p: NonNullable<Plan['comment']>,
  auditId: number,
  actor: Actor,
  at: number,
  custom: Record<string, unknown>,
): CommentRecord {
  const { state, clock } = ctx;
  const bodies = p.htmlBody?.trim() ? bodiesFromHtml(p.htmlBody) : bodiesFromText(p.body ?? '');
  const attachments = [...(p.attachments ?? []), ...consumeUploads(state, clock, p.uploads ?? [])];
  const comment: CommentRecord = {
    id: state.nextId('comment'),
    ticketId: ticket.id,
    auditId,
    authorId: p.author.id,
    ...bodies,
    public: p.isPublic,
    attachmentIds: attachments.map((a) => a.id),
    via: actor.via,
    metadata: { system: systemMetadata(actor), custom: { ...custom } },
    createdAt: at,
  };
  for (const a of attachments) {
    a.commentId = comment.id;
  }
  state.comments.set(comment.id, comment);
  ticket.commentIds.push(comment.id);
  return comment;
}

const TRACKED: { key: keyof Plan & keyof TicketRecord; field: string }[] = [
  { key: 'subject', field: 'subject' },
  { key: 'status', field: 'status' },
  { key: 'priority', field: 'priority' },
  { key: 'type', field: 'type' },
  { key: 'assigneeId', field: 'assignee_id' },
  { key: 'groupId', field: 'group_id' },
  { key: 'organizationId', field: 'organization_id' },
  { key: 'requesterId', field: 'requester_id' },
  { key: 'tags', field: 'tags' },
  { key: 'externalId', field: 'external_id' },
  { key: 'dueAt', field: 'due_at' },
];

/** Applies a plan, returning the audit. Nothing changes and updated_at stays put when there are no events. */
function apply(
  ctx: DomainContext,
  ticket: TicketRecord,
  next: Plan,
  changes: TicketChanges,
  actor: Actor,
  creating: boolean,
): AuditRecord {
  const { state, clock } = ctx;
  const at = clock.now();
  const audit: AuditRecord = {
    id: state.nextId('audit'),
    ticketId: ticket.id,
    authorId: actor.user.id,
    createdAt: at,
    events: [],
    metadata: { system: systemMetadata(actor), custom: { ...(changes.metadata ?? {}) } },
    via: actor.via,
  };
  const eventType = creating ? 'Create' : 'Change';
  if (next.comment) {
    const comment = addComment(ctx, ticket, next.comment, audit.id, actor, at, audit.metadata.custom);
    audit.events.push(commentEvent(comment));
    if (creating) {
      ticket.description = comment.plainBody;
      ticket.defaultPublic = comment.public;
    }
  }
  for (const { key, field } of TRACKED) {
    const before = creating ? undefined : ticket[key];
    const after = next[key];
    if (!creating && sameValue(before, after)) continue;
    if (creating && (after === null || (Array.isArray(after) && after.length === 0))) continue;
    const event: AuditEvent = { id: state.nextId('event'), type: eventType, field_name: field, value: after };
    if (!creating) event.previous_value = before;
    audit.events.push(event);
  }
  for (const [id, value] of next.customFields) {
    const before = ticket.customFields.get(id);
    if (!creating && sameValue(before, value)) continue;
    if (creating && (value === null || value === false || (Array.isArray(value) && value.length === 0)))
      continue;
    const event: AuditEvent = { id: state.nextId('event'), type: eventType, field_name: String(id), value };
    if (!creating) event.previous_value = before ?? null;
    audit.events.push(event);
  }
  ticket.subject = next.subject;
  ticket.status = next.status;
  ticket.priority = next.priority;
  ticket.type = next.type;
  ticket.assigneeId = next.assigneeId;
  ticket.groupId = next.groupId;
  ticket.organizationId = next.organizationId;
  ticket.requesterId = next.requesterId;
  ticket.tags = next.tags;
  ticket.customFields = next.customFields;
  ticket.externalId = next.externalId;
  ticket.dueAt = next.dueAt;
  if (audit.events.length > 0 || creating) {
    state.touchTicket(ticket, at, true);
    state.recordAudit(audit);
  }
  return audit;
}

export function updateTicket(
  ctx: DomainContext,
  ticketId: number,
  changes: TicketChanges,
  actor: Actor,
): { ticket: TicketRecord; audit: AuditRecord } {
  const ticket = ctx.state.liveTicket(ticketId);
  if (!ticket) throw new NotFoundError(`ticket ${ticketId}`);
  if (changes.safeUpdate && changes.updatedStamp !== undefined) {
    const stamp = Date.parse(changes.updatedStamp);
    if (Number.isNaN(stamp) || Math.floor(stamp / 1000) !== Math.floor(ticket.updatedAt / 1000))
      throw new UpdateConflictError();
  }
  const next = plan(ctx, ticket, changes, actor, false);
  const audit = apply(ctx, ticket, next, changes, actor, false);
  return { ticket, audit };
}

export function createTicket(
  ctx: DomainContext,
  input: TicketCreateInput,
  actor: Actor,
): { ticket: TicketRecord; audit: AuditRecord } {
  const { state, clock } = ctx;
  const details: ErrorDetails = {};
  let requester = actor.user;
  if (input.requesterId !== undefined) {
    const found = state.users.get(input.requesterId);
    if (!found) addDetail(details, 'requester', 'Requester: is invalid', 'InvalidValue');
    else requester = found;
  } else if (input.requester) {
    requester =
      state.userByEmail(input.requester.email) ??
      createEndUser(ctx, input.requester.name ?? input.requester.email, input.requester.email);
  }
  let followupSource: TicketRecord | undefined;
  if (input.viaFollowupSourceId !== undefined) {
    followupSource = state.liveTicket(input.viaFollowupSourceId);
    if (!followupSource || followupSource.status !== 'closed') {
      addDetail(
        details,
        'via_followup_source_id',
        'Follow-up source: must be a closed ticket',
        'InvalidValue',
      ); // [unverified text]
    }
  }
  if (Object.keys(details).length > 0) throw new RecordInvalidError(details);
  const now = clock.now();
  const draft: TicketRecord = {
    id: 0,
    subject: '',
    description: '',
    status: 'new',
    priority: null,
    type: null,
    requesterId: requester.id,
    submitterId: actor.user.id,
    assigneeId: null,
    organizationId: requester.organizationId,
    groupId: null,
    tags: [],
    customFields: new Map(),
    externalId: null,
    dueAt: null,
    via: actor.via,
    createdAt: now,
    updatedAt: now,
    generatedAt: now,
    deleted: false,
    commentIds: [],
    followupIds: [],
    defaultPublic: input.comment?.public ?? true,
    version: 0,
  };
  const next = plan(ctx, draft, { ...input, requesterId: requester.id }, actor, true);
  if (!next.subject.trim()) {
    // Zendesk fills a missing subject from the description [unverified length].
    const text = next.comment?.body ?? '';
    next.subject = text.length > 50 ? `${text.slice(0, 50)}…` : text;
  }
  draft.id = state.nextId('ticket');
  state.putTicket(draft);
  const audit = apply(ctx, draft, next, input, actor, true);
  if (followupSource) followupSource.followupIds.push(draft.id);
  return { ticket: draft, audit };
}

export function createEndUser(ctx: DomainContext, name: string, email: string): UserRecord {
  const now = ctx.clock.now();
  const user: UserRecord = {
    id: ctx.state.nextId('user'),
    name,
    email,
    role: 'end-user',
    organizationId: null,
    active: true,
    suspended: false,
    verified: false,
    timeZone: 'Eastern Time (US & Canada)',
    ianaTimeZone: 'America/New_York',
    locale: 'en-US',
    localeId: 1,
    phone: null,
    externalId: null,
    tags: [],
    notes: '',
    details: '',
    userFields: {},
    createdAt: now,
    updatedAt: now,
  };
  ctx.state.putUser(user);
  return user;
}

/**
 * Redacts a string from a comment (PUT /api/v2/tickets/{ticket_id}/comments/{id}/redact): the text
 * is replaced with "▇" characters. Zendesk comments are otherwise immutable. The change is reported
 * by the incremental export; whether Zendesk also moves updated_at is not documented, so it does not.
 */
export function redactComment(
  ctx: DomainContext,
  ticketId: number,
  commentId: number,
  text: string,
): CommentRecord {
  const ticket = ctx.state.liveTicket(ticketId);
  const comment = ctx.state.comments.get(commentId);
  if (!ticket || !comment || comment.ticketId !== ticketId) throw new NotFoundError(`comment ${commentId}`);
  if (ticket.status === 'closed') {
    throw new RecordInvalidError({
      status: [{ description: 'Status: closed prevents ticket update', error: 'ClosedTicket' }],
    });
  }
  if (!text) return comment;
  const mask = '▇'.repeat([...text].length);
  comment.body = comment.body.split(text).join(mask);
  comment.htmlBody = comment.htmlBody.split(text).join(mask);
  comment.plainBody = comment.plainBody.split(text).join(mask);
  ctx.state.touchTicket(ticket, ctx.clock.now(), false);
  return comment;
}

/** Soft delete: the ticket disappears from the API and shows as status "deleted" in the export. */
export function deleteTicket(ctx: DomainContext, ticketId: number): void {
  const ticket = ctx.state.liveTicket(ticketId);
  if (!ticket) throw new NotFoundError(`ticket ${ticketId}`);
  ticket.deleted = true;
  ctx.state.touchTicket(ticket, ctx.clock.now(), true);
}

export function auditJson(
  state: ZendeskState,
  audit: AuditRecord,
  isoOf: (ms: number) => string,
  attachmentJson: (a: AttachmentRecord) => unknown,
): Record<string, unknown> {
  return {
    id: audit.id,
    ticket_id: audit.ticketId,
    created_at: isoOf(audit.createdAt),
    author_id: audit.authorId,
    metadata: audit.metadata,
    via: audit.via,
    events: audit.events.map((e) =>
      e.type === 'Comment'
        ? {
            ...e,
            attachments: (e.attachments as number[])
              .map((id) => state.attachments.get(id))
              .filter((a): a is AttachmentRecord => a !== undefined)
              .map(attachmentJson),
          }
        : e,
    ),
  };
}
