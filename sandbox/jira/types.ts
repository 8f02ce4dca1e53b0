/**
 * Records the simulated Jira site is made of. Field values are stored in the form
 * a client sends them (ADF documents, ids, account ids); routes render them into
 * Jira's REST shapes.
 */
import type { PermissionKey } from './permissions.js';

export type Role = 'admin' | 'agent' | 'browse' | 'none';

export interface SimAccount {
  accountId: string;
  accountType: 'atlassian' | 'app';
  displayName: string;
  /** App accounts have no e-mail and cannot use Basic auth. */
  email: string | null;
  apiToken: string | null;
  accessToken: string;
  timeZone: string;
  locale: string;
}

export interface SimUser {
  accountId: string;
  email: string;
  displayName: string;
  apiToken: string;
  accessToken: string;
  role: Role;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface StatusCategoryDef {
  id: number;
  key: StatusCategoryKey;
  name: string;
  colorName: string;
}

export interface StatusDef {
  id: string;
  name: string;
  description: string;
  categoryId: number;
}

export interface TransitionDef {
  id: string;
  name: string;
  /** Status ids the transition starts from; empty means global (from any status). */
  from: string[];
  to: string;
}

export interface WorkflowDef {
  name: string;
  initialStatusId: string;
  statusIds: string[];
  transitions: TransitionDef[];
}

export interface IssueTypeDef {
  id: string;
  name: string;
  description: string;
  avatarId: number;
}

export interface PriorityDef {
  id: string;
  name: string;
  description: string;
  statusColor: string;
  isDefault: boolean;
}

export type FieldKind =
  'summary' | 'adf' | 'text' | 'priority' | 'user' | 'labels' | 'date' | 'option' | 'number' | 'readonly';

export interface OptionDef {
  id: string;
  value: string;
}

export interface FieldDef {
  id: string;
  name: string;
  custom: boolean;
  kind: FieldKind;
  schema: { type: string; items?: string; system?: string; custom?: string; customId?: number };
  clauseNames: string[];
  navigable: boolean;
  orderable: boolean;
  searchable: boolean;
  options?: OptionDef[];
}

/** How one issue type is set up in one project: its screen (settable fields) and workflow. */
export interface IssueTypeScheme {
  issueTypeId: string;
  workflow: string;
  /** Fields on the create screen, in screen order (project and issuetype are implicit). */
  createFields: string[];
  required: string[];
  /** Fields on the edit screen. */
  editFields: string[];
}

export interface ProjectDef {
  id: string;
  key: string;
  name: string;
  description: string;
  projectTypeKey: 'software' | 'service_desk' | 'business';
  leadAccountId: string;
  issueTypes: IssueTypeScheme[];
  /** Project permissions granted per account (the site admin is granted everything implicitly). */
  grants: Record<string, PermissionKey[]>;
}

export interface ChangeItem {
  field: string;
  fieldtype: 'jira' | 'custom';
  fieldId: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface ChangeHistory {
  id: string;
  authorId: string;
  created: Date;
  items: ChangeItem[];
}

export interface CommentRecord {
  id: string;
  issueId: string;
  authorId: string;
  updateAuthorId: string;
  body: AdfDoc;
  visibility: { type: 'group' | 'role'; value?: string; identifier?: string | null } | null;
  created: Date;
  updated: Date;
  /** Comment entity properties: key → JSON value (set with the comment, `properties` on create). */
  properties: Map<string, unknown>;
}

export interface AttachmentRecord {
  id: string;
  issueId: string;
  filename: string;
  mimeType: string;
  authorId: string;
  created: Date;
  content: Buffer;
}

export interface IssueRecord {
  id: string;
  key: string;
  projectId: string;
  issueTypeId: string;
  statusId: string;
  /** Settable field values keyed by field id; absent or null means empty. */
  values: Record<string, unknown>;
  creatorId: string;
  created: Date;
  updated: Date;
  statusCategoryChanged: Date;
  resolution: { id: string; name: string } | null;
  resolutionDate: Date | null;
  changelog: ChangeHistory[];
  commentIds: string[];
  attachmentIds: string[];
  /** Issue entity properties: key → JSON value (createIssue/editIssue `properties`, setIssueProperty). */
  properties: Map<string, unknown>;
}

export interface AdfNode {
  type: string;
  content?: AdfNode[];
  text?: string;
  attrs?: Record<string, unknown>;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

export interface AdfDoc {
  version: 1;
  type: 'doc';
  content: AdfNode[];
}

/** A remote issue link (RemoteIssueLink without its self URL). */
export interface RemoteLinkRecord {
  id: number;
  globalId: string | null;
  application: Record<string, unknown> | null;
  relationship: string | null;
  object: Record<string, unknown>;
}
