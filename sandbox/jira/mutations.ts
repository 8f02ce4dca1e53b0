/**
 * Every write to the site goes through here, whether it comes from the REST API
 * or from the control API: validation with Jira's error wording, the change
 * itself, the changelog entry, and the Forge product events (with the acting
 * account as `atlassianId`).
 */
import { checkAdf, overTextLimit } from './adfValidate.js';
import type { SearchIndex } from './searchIndex.js';
import { checkProperties, storeProperties, type PropertyInput } from './entityProperties.js';
import { JiraError, MESSAGES } from './errors.js';
import { eventAttachment, eventComment, eventIssue } from './eventPayloads.js';
import type { ProductEventBus } from './events.js';
import { applyUpdateOperations, changeItem, parseFieldValue } from './fields.js';
import type { PermissionKey } from './permissions.js';
import { statusDetails } from './render.js';
import { RESOLUTION_DONE } from './siteConfig.js';
import type { JiraState } from './state.js';
import type {
  AdfDoc,
  AttachmentRecord,
  ChangeItem,
  CommentRecord,
  IssueRecord,
  IssueTypeScheme,
  ProjectDef,
  TransitionDef,
} from './types.js';

export interface SimContext {
  state: JiraState;
  events: ProductEventBus;
  now: () => Date;
  /** What JQL search sees (lags writes when a lag is set). */
  searchIndex: SearchIndex;
}

export interface IssueInput {
  fields?: Record<string, unknown>;
  update?: Record<string, unknown>;
  /** IssueUpdateDetails `properties`: set on the issue together with the fields. */
  properties?: readonly PropertyInput[];
}

/** Fields only some users may set; without the permission Jira leaves them off the screen. */
const FIELD_PERMISSIONS: Record<string, PermissionKey> = {
  assignee: 'ASSIGN_ISSUES',
  reporter: 'MODIFY_REPORTER',
  duedate: 'SCHEDULE_ISSUES',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function refOf(value: unknown): { id?: string; key?: string; name?: string } {
  if (typeof value === 'string') return /^\d+$/.test(value) ? { id: value } : { key: value, name: value };
  if (typeof value === 'number') return { id: String(value) };
  if (!isRecord(value)) return {};
  const pick = (k: string): string | undefined =>
    typeof value[k] === 'string'
      ? (value[k] as string)
      : typeof value[k] === 'number'
        ? String(value[k])
        : undefined;
  const out: { id?: string; key?: string; name?: string } = {};
  const id = pick('id');
  const key = pick('key');
  const name = pick('name');
  if (id !== undefined) out.id = id;
  if (key !== undefined) out.key = key;
  if (name !== undefined) out.name = name;
  return out;
}

export function recordHistory(
  ctx: SimContext,
  issue: IssueRecord,
  actorId: string,
  items: ChangeItem[],
  at: Date,
): string {
  const id = ctx.state.nextId('history');
  issue.changelog.push({ id, authorId: actorId, created: at, items });
  return id;
}

/**
 * Validates the `fields`/`update` pair against the screen and returns the new values
 * (only the fields that were given).
 */
function collectValues(
  ctx: SimContext,
  actorId: string,
  project: ProjectDef,
  screen: readonly string[],
  input: IssueInput,
  current: Record<string, unknown>,
  errors: Record<string, string>,
  messages: string[],
): Record<string, unknown> {
  const { state } = ctx;
  const values: Record<string, unknown> = {};
  const fields = input.fields ?? {};
  const update = input.update ?? {};
  const settable = (fieldId: string): boolean => {
    if (!screen.includes(fieldId)) return false;
    const needed = FIELD_PERMISSIONS[fieldId];
    return needed === undefined || state.can(actorId, project, needed);
  };
  const record = (fieldId: string, result: ReturnType<typeof parseFieldValue>): void => {
    if (result.ok) values[fieldId] = result.value;
    else if (result.topLevel === true) messages.push(result.message);
    else errors[fieldId] = result.message;
  };
  for (const [fieldId, raw] of Object.entries(fields)) {
    if (fieldId === 'project' || fieldId === 'issuetype') continue;
    const field = state.field(fieldId);
    if (field === undefined || !settable(fieldId)) {
      errors[fieldId] = MESSAGES.notOnScreen(fieldId);
      continue;
    }
    if (fieldId in update) {
      errors[fieldId] = `Field '${fieldId}' cannot be set in both the 'fields' and 'update' sections.`;
      continue;
    }
    record(fieldId, parseFieldValue(state, field, raw, project));
  }
  for (const [fieldId, operations] of Object.entries(update)) {
    const field = state.field(fieldId);
    if (field === undefined || !settable(fieldId)) {
      errors[fieldId] = MESSAGES.notOnScreen(fieldId);
      continue;
    }
    if (fieldId in fields) continue;
    record(fieldId, applyUpdateOperations(state, field, current[fieldId], operations, project));
  }
  return values;
}

function fail(errors: Record<string, string>, messages: string[]): void {
  if (Object.keys(errors).length > 0 || messages.length > 0) throw JiraError.fields(errors, messages);
}

export function createIssue(ctx: SimContext, actorId: string, input: IssueInput): IssueRecord {
  const { state } = ctx;
  const fields = input.fields ?? {};
  const errors: Record<string, string> = {};
  const messages: string[] = [];

  const projectRef = refOf(fields.project);
  const project = state.project(projectRef.id ?? projectRef.key ?? '');
  if (project === undefined || !state.canBrowse(actorId, project)) {
    throw JiraError.fields({ project: 'Specify a valid project ID or key' });
  }
  // [unverified] wording; the spec lists "a user who does not have the necessary permission" under 400.
  if (!state.can(actorId, project, 'CREATE_ISSUES')) {
    throw JiraError.fields({ project: 'You do not have permission to create issues in this project.' });
  }
  const typeRef = refOf(fields.issuetype);
  const scheme: IssueTypeScheme | undefined = project.issueTypes.find((s) => {
    const type = state.issueTypes.get(s.issueTypeId);
    return s.issueTypeId === typeRef.id || (typeRef.id === undefined && type?.name === typeRef.name);
  });
  if (scheme === undefined) throw JiraError.fields({ issuetype: 'Specify a valid issue type' });

  const values = collectValues(ctx, actorId, project, scheme.createFields, input, {}, errors, messages);
  if (values.priority === undefined && scheme.createFields.includes('priority')) {
    values.priority = state.defaultPriority().id;
  }
  if (values.reporter === undefined && scheme.createFields.includes('reporter')) values.reporter = actorId;
  for (const fieldId of scheme.required) {
    const value = values[fieldId];
    const missing = value === undefined || value === null || (Array.isArray(value) && value.length === 0);
    if (missing && errors[fieldId] === undefined) {
      errors[fieldId] =
        fieldId === 'summary'
          ? 'You must specify a summary of the issue.'
          : `${state.field(fieldId)?.name ?? fieldId} is required.`;
    }
  }
  fail(errors, messages);
  const properties = checkProperties(input.properties);

  const workflow = state.workflows.get(scheme.workflow);
  if (workflow === undefined) throw new JiraError(422, ['The issue type has no workflow.']);
  const at = ctx.now();
  const issue: IssueRecord = {
    id: state.nextId('issue'),
    key: state.nextIssueKey(project),
    projectId: project.id,
    issueTypeId: scheme.issueTypeId,
    statusId: workflow.initialStatusId,
    values,
    creatorId: actorId,
    created: at,
    updated: at,
    statusCategoryChanged: at,
    resolution: null,
    resolutionDate: null,
    changelog: [],
    commentIds: [],
    attachmentIds: [],
    properties,
  };
  state.issues.set(issue.id, issue);
  state.keyIndex.set(issue.key, issue.id);
  ctx.events.emit({
    eventType: 'avi:jira:created:issue',
    atlassianId: actorId,
    issue: eventIssue(state, issue),
  });
  return issue;
}

export function emitUpdate(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  historyId: string,
  items: ChangeItem[],
): void {
  const payload = eventIssue(ctx.state, issue);
  const changelog = { id: historyId, items };
  const statusItem = items.find((item) => item.fieldId === 'status');
  if (statusItem !== undefined && statusItem.from !== null && statusItem.to !== null) {
    const before = statusDetails(ctx.state, ctx.state.status(statusItem.from));
    const after = statusDetails(ctx.state, ctx.state.status(statusItem.to));
    ctx.events.emit({
      eventType: 'avi:jira:updated:issue',
      atlassianId: actorId,
      issue: payload,
      changelog,
      associatedStatuses: [before, after],
    });
  } else {
    ctx.events.emit({ eventType: 'avi:jira:updated:issue', atlassianId: actorId, issue: payload, changelog });
  }
  // An assignee change also fires assigned:issue [doc events reference].
  const assigneeItem = items.find((item) => item.fieldId === 'assignee');
  if (assigneeItem !== undefined) {
    ctx.events.emit({
      eventType: 'avi:jira:assigned:issue',
      atlassianId: actorId,
      issue: payload,
      changelog: { id: historyId, items: [assigneeItem] },
    });
  }
}

export function editIssue(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  input: IssueInput,
): ChangeItem[] {
  const { state } = ctx;
  const project = state.projectOf(issue);
  const errors: Record<string, string> = {};
  const messages: string[] = [];
  const scheme = state.scheme(project, issue.issueTypeId);
  const canEdit = state.can(actorId, project, 'EDIT_ISSUES');
  // Without Edit Issues the edit screen is empty, so every field is "not on the screen" [3p pycontribs/jira#1].
  const screen = canEdit ? (scheme?.editFields ?? []) : [];
  const values = collectValues(ctx, actorId, project, screen, input, issue.values, errors, messages);
  for (const fieldId of scheme?.required ?? []) {
    if (!(fieldId in values)) continue;
    const value = values[fieldId];
    if ((value === null || (Array.isArray(value) && value.length === 0)) && errors[fieldId] === undefined) {
      errors[fieldId] = `${state.field(fieldId)?.name ?? fieldId} is required.`;
    }
  }
  // Properties need Edit Issues like setIssueProperty does; [unverified] wording of the refusal.
  if (input.properties !== undefined && input.properties.length > 0 && !canEdit) {
    messages.push('You do not have permission to edit issues in this project.');
  }
  fail(errors, messages);
  const properties = checkProperties(input.properties);

  // Properties are no field: they leave no changelog item and fire no updated:issue by themselves.
  storeProperties(issue.properties, properties);
  const items: ChangeItem[] = [];
  for (const [fieldId, after] of Object.entries(values)) {
    const field = state.field(fieldId);
    if (field === undefined) continue;
    const item = changeItem(state, field, issue.values[fieldId], after);
    if (item !== null) items.push(item);
    issue.values[fieldId] = after;
  }
  if (items.length === 0) return items;
  const at = ctx.now();
  issue.updated = at;
  const historyId = recordHistory(ctx, issue, actorId, items, at);
  emitUpdate(ctx, actorId, issue, historyId, items);
  return items;
}

export function availableTransitions(state: JiraState, issue: IssueRecord): TransitionDef[] {
  const workflow = state.workflowOf(issue);
  return workflow.transitions.filter((t) => t.from.length === 0 || t.from.includes(issue.statusId));
}

function statusChange(ctx: SimContext, issue: IssueRecord, toStatusId: string, at: Date): ChangeItem[] {
  const { state } = ctx;
  const before = state.status(issue.statusId);
  const after = state.status(toStatusId);
  const items: ChangeItem[] = [];
  const wasDone = before.categoryId === 3;
  const isDone = after.categoryId === 3;
  // Simplified workflows set the resolution when entering Done and clear it when leaving.
  if (isDone && !wasDone) {
    issue.resolution = { ...RESOLUTION_DONE };
    issue.resolutionDate = at;
    items.push({
      field: 'resolution',
      fieldtype: 'jira',
      fieldId: 'resolution',
      from: null,
      fromString: null,
      to: RESOLUTION_DONE.id,
      toString: RESOLUTION_DONE.name,
    });
  } else if (!isDone && wasDone && issue.resolution !== null) {
    items.push({
      field: 'resolution',
      fieldtype: 'jira',
      fieldId: 'resolution',
      from: issue.resolution.id,
      fromString: issue.resolution.name,
      to: null,
      toString: null,
    });
    issue.resolution = null;
    issue.resolutionDate = null;
  }
  items.push({
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: before.id,
    fromString: before.name,
    to: after.id,
    toString: after.name,
  });
  if (before.categoryId !== after.categoryId) issue.statusCategoryChanged = at;
  issue.statusId = after.id;
  return items;
}

export function transitionIssue(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  transitionId: string,
  input: IssueInput = {},
): ChangeItem[] {
  const { state } = ctx;
  const project = state.projectOf(issue);
  // [unverified] wording; the spec answers 400 when the user may not transition the issue.
  if (!state.can(actorId, project, 'TRANSITION_ISSUES')) {
    throw JiraError.badRequest('You do not have permission to transition this issue.');
  }
  const transition = availableTransitions(state, issue).find((t) => t.id === transitionId);
  if (transition === undefined)
    throw JiraError.badRequest(`Transition id '${transitionId}' is not valid for this issue.`);
  // No transition in these workflows has a screen, so no field may ride along.
  const errors: Record<string, string> = {};
  for (const fieldId of [...Object.keys(input.fields ?? {}), ...Object.keys(input.update ?? {})]) {
    errors[fieldId] = MESSAGES.notOnScreen(fieldId);
  }
  fail(errors, []);
  const at = ctx.now();
  const items = statusChange(ctx, issue, transition.to, at);
  issue.updated = at;
  const historyId = recordHistory(ctx, issue, actorId, items, at);
  emitUpdate(ctx, actorId, issue, historyId, items);
  return items;
}

export interface CommentInput {
  body?: unknown;
  visibility?: CommentRecord['visibility'];
  /** Comment `properties` on create. */
  properties?: readonly PropertyInput[];
}

/** A comment body as Jira checks it on create and edit: a non-empty, valid document within the size limit. */
export function checkCommentBody(body: unknown): AdfDoc {
  if (body === undefined || body === null)
    throw JiraError.fields({ comment: 'Comment body can not be empty!' });
  const check = checkAdf(body);
  if (!check.ok) throw JiraError.fields({ comment: MESSAGES.commentNotValid });
  if (check.doc.content.length === 0) throw JiraError.fields({ comment: 'Comment body can not be empty!' });
  if (overTextLimit(check.doc)) throw JiraError.fields({ comment: MESSAGES.textTooLong });
  return check.doc;
}

export function addComment(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  input: CommentInput,
): CommentRecord {
  const { state } = ctx;
  // [unverified] wording; addComment declares no 403, so the refusal is a 400.
  if (!state.can(actorId, state.projectOf(issue), 'ADD_COMMENTS')) {
    throw JiraError.badRequest('You do not have the permission to comment on this issue.');
  }
  const body = checkCommentBody(input.body);
  const properties = checkProperties(input.properties);
  const at = ctx.now();
  const comment: CommentRecord = {
    id: state.nextId('comment'),
    issueId: issue.id,
    authorId: actorId,
    updateAuthorId: actorId,
    body,
    visibility: input.visibility ?? null,
    created: at,
    updated: at,
    properties,
  };
  state.comments.set(comment.id, comment);
  issue.commentIds.push(comment.id);
  issue.updated = at;
  ctx.events.emit({
    eventType: 'avi:jira:commented:issue',
    atlassianId: actorId,
    issue: eventIssue(state, issue),
    comment: eventComment(state, comment),
  });
  return comment;
}

export interface FileInput {
  filename: string;
  mimeType: string;
  content: Buffer;
}

export function addAttachments(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  files: readonly FileInput[],
): AttachmentRecord[] {
  const { state } = ctx;
  if (!state.can(actorId, state.projectOf(issue), 'CREATE_ATTACHMENTS')) {
    throw new JiraError(403, ['You do not have permission to create attachments for this issue.']);
  }
  // 413 per the spec: over the size limit or more than 60 files at once.
  if (files.length > 60) throw new JiraError(413, ['You can upload a maximum of 60 files at once.']);
  for (const file of files) {
    if (file.content.length > state.settings.attachmentMaxBytes) {
      throw new JiraError(413, [
        `The file '${file.filename}' is too large to attach. The maximum attachment size is ${state.settings.attachmentMaxBytes} bytes.`,
      ]);
    }
  }
  const at = ctx.now();
  const created: AttachmentRecord[] = [];
  for (const file of files) {
    const attachment: AttachmentRecord = {
      id: state.nextId('attachment'),
      issueId: issue.id,
      filename: file.filename,
      mimeType: file.mimeType,
      authorId: actorId,
      created: at,
      content: file.content,
    };
    state.attachments.set(attachment.id, attachment);
    issue.attachmentIds.push(attachment.id);
    created.push(attachment);
    recordHistory(
      ctx,
      issue,
      actorId,
      [
        {
          field: 'Attachment',
          fieldtype: 'jira',
          fieldId: 'attachment',
          from: null,
          fromString: null,
          to: attachment.id,
          toString: attachment.filename,
        },
      ],
      at,
    );
    // [unverified] only created:attachment is emitted for an upload, not updated:issue.
    ctx.events.emit({
      eventType: 'avi:jira:created:attachment',
      atlassianId: actorId,
      attachment: eventAttachment(attachment),
    });
  }
  issue.updated = at;
  return created;
}

/**
 * Moves the issue to another project: it gets a new key there, and the old key keeps
 * resolving to it (Jira resolves moved keys without a redirect).
 */
export function moveIssue(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  target: ProjectDef,
  issueTypeId: string = issue.issueTypeId,
): ChangeItem[] {
  const { state } = ctx;
  const source = state.projectOf(issue);
  if (source.id === target.id) throw JiraError.badRequest('The issue is already in this project.');
  const scheme = state.scheme(target, issueTypeId);
  if (scheme === undefined)
    throw JiraError.badRequest(`Issue type ${issueTypeId} is not available in ${target.key}.`);
  const workflow = state.workflows.get(scheme.workflow);
  if (workflow === undefined) throw new Error(`no workflow ${scheme.workflow}`);
  const at = ctx.now();
  const items: ChangeItem[] = [
    {
      field: 'project',
      fieldtype: 'jira',
      fieldId: 'project',
      from: source.id,
      fromString: source.name,
      to: target.id,
      toString: target.name,
    },
  ];
  const oldKey = issue.key;
  issue.key = state.nextIssueKey(target);
  issue.projectId = target.id;
  state.keyIndex.set(issue.key, issue.id);
  items.push({
    field: 'Key',
    fieldtype: 'jira',
    fieldId: 'issuekey',
    from: null,
    fromString: oldKey,
    to: null,
    toString: issue.key,
  });
  if (issueTypeId !== issue.issueTypeId) {
    const before = state.issueTypes.get(issue.issueTypeId);
    const after = state.issueTypes.get(issueTypeId);
    items.push({
      field: 'issuetype',
      fieldtype: 'jira',
      fieldId: 'issuetype',
      from: issue.issueTypeId,
      fromString: before?.name ?? null,
      to: issueTypeId,
      toString: after?.name ?? null,
    });
    issue.issueTypeId = issueTypeId;
  }
  if (!workflow.statusIds.includes(issue.statusId)) {
    // Keep the status category where the target workflow allows it, as Jira's move wizard proposes.
    const category = state.status(issue.statusId).categoryId;
    const mapped =
      workflow.statusIds.find((id) => state.status(id).categoryId === category) ?? workflow.initialStatusId;
    items.push(...statusChange(ctx, issue, mapped, at));
  }
  issue.updated = at;
  const historyId = recordHistory(ctx, issue, actorId, items, at);
  emitUpdate(ctx, actorId, issue, historyId, items);
  return items;
}

/**
 * Deletes the issue with its comments and attachments. Afterwards every read of its id or
 * any of its keys answers 404, as Jira does. Deleting does not emit comment or attachment
 * deletions, only `avi:jira:deleted:issue` (https://developer.atlassian.com/platform/forge/events-reference/jira/).
 */
export function deleteIssue(ctx: SimContext, actorId: string, issue: IssueRecord): void {
  const { state } = ctx;
  const payload = eventIssue(state, issue);
  for (const id of issue.commentIds) state.comments.delete(id);
  for (const id of issue.attachmentIds) state.attachments.delete(id);
  for (const [key, id] of [...state.keyIndex.entries()]) if (id === issue.id) state.keyIndex.delete(key);
  state.issues.delete(issue.id);
  ctx.events.emit({ eventType: 'avi:jira:deleted:issue', atlassianId: actorId, issue: payload });
}
