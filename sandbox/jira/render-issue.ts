/**
 * REST shapes for issues and what hangs off them: `IssueBean` (with the `fields`
 * selection and `expand` options), `Comment`, `Attachment`, `Changelog`,
 * `IssueTransition`, and field metadata for createmeta/editmeta.
 */
import { adfToHtml } from './adf-validate.js';
import { commentJsdPublic } from './entity-properties.js';
import { fieldOperations, renderFieldValue } from './fields.js';
import { availableTransitions } from './mutations.js';
import { renderedValue } from './rendered-fields.js';
import {
  issueTypeDetails,
  jiraDate,
  optionBean,
  priorityRef,
  projectDetails,
  statusDetails,
  userBean,
  userById,
} from './render.js';
import type { JiraState } from './state.js';
import type {
  AttachmentRecord,
  ChangeHistory,
  CommentRecord,
  FieldDef,
  IssueRecord,
  ProjectDef,
  TransitionDef,
} from './types.js';

export const ISSUE_EXPAND =
  'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations';

/** Which fields a `fields` parameter selects (`*all`, `*navigable`, ids, `-id` exclusions). */
export interface FieldSelection {
  includes(field: FieldDef): boolean;
  /** True when only the issue id was asked for (search's default). */
  idOnly: boolean;
}

export function selectFields(tokens: readonly string[], fallback: '*all' | 'id'): FieldSelection {
  const items = tokens
    .flatMap((t) => t.split(','))
    .map((t) => t.trim())
    .filter((t) => t.length > 0);
  const list = items.length === 0 ? [fallback] : items;
  const excluded = new Set(list.filter((t) => t.startsWith('-')).map((t) => t.slice(1)));
  const included = list.filter((t) => !t.startsWith('-'));
  const all = included.includes('*all');
  // Only exclusions means "navigable fields except these" [spec search/jql `fields`].
  const navigable = included.includes('*navigable') || included.length === 0;
  const named = new Set(included);
  return {
    idOnly: included.length > 0 && included.every((t) => t === 'id') && excluded.size === 0,
    includes: (field) => {
      if (excluded.has(field.id)) return false;
      return all || (navigable && field.navigable) || named.has(field.id);
    },
  };
}

export function renderComment(
  state: JiraState,
  comment: CommentRecord,
  renderedBody = false,
): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/issue/${comment.issueId}/comment/${comment.id}`,
    id: comment.id,
    author: userById(state, comment.authorId),
    body: comment.body,
    ...(renderedBody ? { renderedBody: adfToHtml(comment.body) } : {}),
    updateAuthor: userById(state, comment.updateAuthorId),
    created: jiraDate(comment.created),
    updated: jiraDate(comment.updated),
    ...(comment.visibility === null ? {} : { visibility: comment.visibility }),
    jsdPublic: commentJsdPublic(state, comment),
  };
}

export function attachmentContentUrl(state: JiraState, attachment: AttachmentRecord): string {
  return `${state.baseUrl}/rest/api/3/attachment/content/${attachment.id}`;
}

/** `Attachment` as the upload answer and issue `fields.attachment` show it (string id). */
export function renderAttachment(state: JiraState, attachment: AttachmentRecord): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/attachment/${attachment.id}`,
    id: attachment.id,
    filename: attachment.filename,
    author: userById(state, attachment.authorId),
    created: jiraDate(attachment.created),
    size: attachment.content.length,
    mimeType: attachment.mimeType,
    content: attachmentContentUrl(state, attachment),
  };
}

/** `AttachmentMetadata` (GET /attachment/{id}): the spec types its id as an integer. */
export function renderAttachmentMetadata(
  state: JiraState,
  attachment: AttachmentRecord,
): Record<string, unknown> {
  const author = state.account(attachment.authorId);
  return {
    self: `${state.baseUrl}/rest/api/3/attachment/${attachment.id}`,
    id: Number(attachment.id),
    filename: attachment.filename,
    ...(author === undefined ? {} : { author: userBean(state, author) }),
    created: jiraDate(attachment.created),
    size: attachment.content.length,
    mimeType: attachment.mimeType,
    properties: {},
    content: attachmentContentUrl(state, attachment),
  };
}

export function renderHistory(state: JiraState, history: ChangeHistory): Record<string, unknown> {
  return {
    id: history.id,
    author: userById(state, history.authorId),
    created: jiraDate(history.created),
    items: history.items,
  };
}

export function renderTransition(state: JiraState, transition: TransitionDef): Record<string, unknown> {
  return {
    id: transition.id,
    name: transition.name,
    to: statusDetails(state, state.status(transition.to)),
    hasScreen: false,
    isGlobal: transition.from.length === 0,
    isInitial: false,
    isAvailable: true,
    isConditional: false,
    looped: false,
  };
}

/** `FieldMetadata` for createmeta/editmeta (createmeta adds `fieldId`). */
export function fieldMetadata(
  state: JiraState,
  project: ProjectDef,
  field: FieldDef,
  required: boolean,
  context: 'create' | 'edit',
): Record<string, unknown> {
  const meta: Record<string, unknown> = {
    required,
    schema: field.schema,
    name: field.name,
    key: field.id,
    hasDefaultValue: false,
    operations: fieldOperations(field),
  };
  if (field.id === 'project') {
    meta.operations = ['set'];
    meta.allowedValues = [projectDetails(state, project)];
  } else if (field.id === 'issuetype') {
    meta.operations = [];
    meta.allowedValues = project.issueTypes.flatMap((s) => {
      const type = state.issueTypes.get(s.issueTypeId);
      return type === undefined ? [] : [issueTypeDetails(state, type)];
    });
  } else if (field.kind === 'priority') {
    meta.allowedValues = state.priorities.map((p) => priorityRef(state, p));
    if (context === 'create') {
      meta.hasDefaultValue = true;
      meta.defaultValue = priorityRef(state, state.defaultPriority());
    }
  } else if (field.kind === 'option') {
    meta.allowedValues = (field.options ?? []).map((o) => optionBean(state, o));
  } else if (field.kind === 'user') {
    meta.autoCompleteUrl = `${state.baseUrl}/rest/api/3/user/assignable/search?project=${project.key}&query=`;
    // The reporter defaults to the creating user.
    if (field.id === 'reporter' && context === 'create') meta.hasDefaultValue = true;
  } else if (field.kind === 'labels') {
    meta.autoCompleteUrl = `${state.baseUrl}/rest/api/1.0/labels/suggest?query=`;
  }
  return meta;
}

export interface RenderOptions {
  fields: FieldSelection;
  expand: ReadonlySet<string>;
  viewerId: string;
  /** Search answers `{id}` alone when only ids were asked for; GET issue keeps the full shape. */
  compactIdOnly?: boolean;
}

function fieldValue(state: JiraState, issue: IssueRecord, field: FieldDef): unknown {
  switch (field.id) {
    case 'project':
      return projectDetails(state, state.projectOf(issue));
    case 'issuetype': {
      const type = state.issueTypes.get(issue.issueTypeId);
      return type === undefined ? null : issueTypeDetails(state, type);
    }
    case 'status':
      return statusDetails(state, state.status(issue.statusId));
    case 'creator':
      return userById(state, issue.creatorId);
    case 'created':
      return jiraDate(issue.created);
    case 'updated':
      return jiraDate(issue.updated);
    case 'statuscategorychangedate':
      return jiraDate(issue.statusCategoryChanged);
    case 'resolution':
      return issue.resolution === null
        ? null
        : {
            self: `${state.baseUrl}/rest/api/3/resolution/${issue.resolution.id}`,
            id: issue.resolution.id,
            description: 'Work has been completed on this issue.',
            name: issue.resolution.name,
          };
    case 'resolutiondate':
      return issue.resolutionDate === null ? null : jiraDate(issue.resolutionDate);
    case 'attachment':
      return issue.attachmentIds.flatMap((id) => {
        const attachment = state.attachments.get(id);
        return attachment === undefined ? [] : [renderAttachment(state, attachment)];
      });
    case 'comment': {
      const comments = issue.commentIds.flatMap((id) => {
        const comment = state.comments.get(id);
        return comment === undefined ? [] : [renderComment(state, comment)];
      });
      return {
        comments,
        self: `${state.baseUrl}/rest/api/3/issue/${issue.id}/comment`,
        maxResults: comments.length,
        total: comments.length,
        startAt: 0,
      };
    }
    default:
      return renderFieldValue(state, field, issue.values[field.id]);
  }
}

/** The edit screen as `IssueUpdateMetadata`: empty for a caller without Edit issues. */
export function editMeta(
  state: JiraState,
  issue: IssueRecord,
  viewerId: string,
): { fields: Record<string, unknown> } {
  const project = state.projectOf(issue);
  const scheme = state.scheme(project, issue.issueTypeId);
  const editable = state.can(viewerId, project, 'EDIT_ISSUES') ? (scheme?.editFields ?? []) : [];
  const fields: Record<string, unknown> = {};
  for (const fieldId of editable) {
    const field = state.field(fieldId);
    if (field !== undefined)
      fields[fieldId] = fieldMetadata(
        state,
        project,
        field,
        scheme?.required.includes(fieldId) ?? false,
        'edit',
      );
  }
  return { fields };
}

const NOT_ISSUE_FIELDS = new Set(['issuekey', 'statusCategory']);

export function renderIssue(
  state: JiraState,
  issue: IssueRecord,
  options: RenderOptions,
): Record<string, unknown> {
  if (options.compactIdOnly === true && options.fields.idOnly && options.expand.size === 0)
    return { id: issue.id };
  const selected = [...state.fields.values()].filter(
    (f) => !NOT_ISSUE_FIELDS.has(f.id) && options.fields.includes(f),
  );
  const fields: Record<string, unknown> = {};
  for (const field of selected) fields[field.id] = fieldValue(state, issue, field);
  const bean: Record<string, unknown> = {
    expand: ISSUE_EXPAND,
    id: issue.id,
    self: `${state.baseUrl}/rest/api/3/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
  const { expand } = options;
  if (expand.has('renderedFields')) {
    const rendered: Record<string, unknown> = {};
    for (const field of selected) rendered[field.id] = renderedValue(state, issue, field);
    bean.renderedFields = rendered;
  }
  if (expand.has('names')) bean.names = Object.fromEntries(selected.map((f) => [f.id, f.name]));
  if (expand.has('schema')) bean.schema = Object.fromEntries(selected.map((f) => [f.id, f.schema]));
  if (expand.has('transitions')) {
    const project = state.projectOf(issue);
    bean.transitions = state.can(options.viewerId, project, 'TRANSITION_ISSUES')
      ? availableTransitions(state, issue).map((t) => renderTransition(state, t))
      : [];
  }
  if (expand.has('editmeta')) bean.editmeta = editMeta(state, issue, options.viewerId);
  if (expand.has('changelog')) {
    // Most recent first [spec expand=changelog: "sorted by date, starting from the most recent"].
    const histories = [...issue.changelog].reverse().map((h) => renderHistory(state, h));
    bean.changelog = { startAt: 0, maxResults: histories.length, total: histories.length, histories };
  }
  return bean;
}
