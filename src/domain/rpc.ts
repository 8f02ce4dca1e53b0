/**
 * The resolver contract between the UIs and the backend. Both sides import these
 * types: the backend defines handlers with `makeResolver<…>` semantics and the UIs
 * call them through `invoke`. Every call answers with a `Result`, never a thrown error.
 */
import type { AutoCreateConditions } from './autoCreateRules';
import type { CommentVisibility } from './commentVisibility';
import type { JiraFieldKind } from './fieldCompatibility';
import type {
  ConnectionRecord,
  LinkRecord,
  PreviewValue,
  SmartItem,
  SyncFeatures,
  SyncMode,
  ZendeskObject,
} from './types';

export interface RpcError {
  /** Stable machine code, e.g. BAD_PAYLOAD, NOT_ADMIN, NO_ACCESS, LICENSE_INACTIVE, NOT_CONNECTED, UPSTREAM. */
  code: string;
  /** Readable message for the person using the UI. */
  message: string;
  /** Present when Zendesk or Jira refused: their status and message. */
  upstream?: { service: 'zendesk' | 'jira'; status: number; message: string };
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: RpcError };

export type LicenseState = 'active' | 'inactive' | 'development';

// ---------- admin page ----------

export interface ConnectionSummary {
  connection: Omit<ConnectionRecord, never> | null;
  tokenStored: boolean;
  /** Set when Zendesk stopped accepting the OAuth authorization: the admin must reconnect. */
  authProblem?: { code: string; message: string; at: string };
}

export interface AdminState {
  license: LicenseState;
  connection: ConnectionSummary;
  items: SmartItem[];
}

/** What the admin page needs to register the OAuth client in Zendesk. */
export interface OAuthSetup {
  /** The app's web trigger URL: paste it as the OAuth client's Redirect URL in Zendesk. */
  redirectUrl: string;
  scope: string;
  /** Zendesk stops accepting API tokens on this date (YYYY-MM-DD). */
  apiTokenEndsOn: string;
}

export interface OAuthClientInput {
  subdomain: string;
  clientId: string;
  clientSecret: string;
}

export interface OAuthAttemptView {
  status: 'waiting' | 'connected' | 'failed';
  message: string;
  connection: ConnectionSummary;
}

export interface SaveConnectionInput {
  subdomain: string;
  email: string;
  apiToken: string;
}

export interface ZendeskFieldOption {
  value: string;
  label: string;
}

export interface ZendeskFieldInfo {
  id: string;
  label: string;
  /** Key under user_fields / organization_fields for custom user and organization fields. */
  key?: string;
  type: string;
  custom: boolean;
  options?: ZendeskFieldOption[];
}

export interface JiraFieldInfo {
  id: string;
  name: string;
  /** Jira schema type: string, number, date, datetime, priority, option, array, user, … */
  type: string;
  custom: boolean;
  /** What the connector can write to it (src/domain/fieldCompatibility.ts). */
  kind: JiraFieldKind;
  /** Option values Jira allows for the chosen project and issue type (select fields). */
  allowedValues?: string[];
  /** Jira requires it to create issues of the type auto-create uses. */
  required?: boolean;
}

/** A problem the admin should see before saving; saving is still possible. */
export interface ItemWarning {
  kind: 'coverage' | 'values' | 'overlap';
  /** The Jira field it is about (coverage, values). */
  fieldId?: string;
  fieldName?: string;
  message: string;
}

/** @deprecated name kept for the coverage part of ItemWarning. */
export type CoverageWarning = ItemWarning;

export interface ItemEditorMetadataInput {
  zendeskObject: ZendeskObject;
  projectId?: string;
  issueTypeId?: string;
}

export interface ItemEditorMetadata {
  projects: { id: string; key: string; name: string }[];
  issueTypes: { id: string; name: string }[];
  zendeskFields: ZendeskFieldInfo[];
  /**
   * Jira fields a mapping may write: settable on the create screen of the chosen issue type, or
   * of every issue type of the project when none is chosen. Empty until a project is chosen.
   */
  jiraFields: JiraFieldInfo[];
  /** The site's priority names, highest first (GET /rest/api/3/priority). */
  priorities: string[];
  /** The project's roles, for restricting Jira copies of Zendesk internal notes. */
  roles: string[];
  /** The issue type auto-create uses: the chosen one, or the project's first standard type. */
  createIssueType?: { id: string; name: string; chosen: boolean };
}

export interface SaveItemInput {
  id?: string;
  name: string;
  syncMode: SyncMode;
  projectId: string;
  issueTypeId?: string;
  zendeskObject: ZendeskObject;
  fields: {
    zendeskFieldId: string;
    jiraFieldId?: string;
    preview: boolean;
    valueMap?: Record<string, string>;
  }[];
  features: SyncFeatures;
  autoCreateConditions?: AutoCreateConditions;
  commentVisibility?: CommentVisibility;
}

export interface SyncRunSummary {
  runId: string;
  trigger: 'scheduled' | 'queue' | 'refresh' | 'event';
  startedAt: string;
  finishedAt?: string;
  ticketsSeen: number;
  issuesCreated: number;
  fieldsApplied: number;
  statusesApplied: number;
  commentsCopied: number;
  attachmentsCopied: number;
  skipped: number;
  limitations: number;
  errors: { ticketId?: string; issueKey?: string; message: string }[];
}

export interface ActivityView {
  runs: SyncRunSummary[];
  problems: {
    itemId: string;
    issueId: string;
    issueKey: string;
    recordId: string;
    problems: LinkRecord['problems'];
  }[];
  cursorLagSeconds: number | null;
}

export interface AdminApi {
  getAdminState: (p: Record<string, never>) => Result<AdminState>;
  saveConnection: (p: SaveConnectionInput) => Result<ConnectionSummary>;
  revokeConnection: (p: Record<string, never>) => Result<ConnectionSummary>;
  /** After connecting another Zendesk account while links exist: keep them (renamed account) or clear them. */
  decideAccountChange: (p: { keepLinks: boolean }) => Result<{ summary: ConnectionSummary; done: boolean }>;
  getOAuthSetup: (p: Record<string, never>) => Result<OAuthSetup>;
  beginOAuth: (p: OAuthClientInput) => Result<{ attemptId: string; authorizeUrl: string }>;
  getOAuthAttempt: (p: { attemptId: string }) => Result<OAuthAttemptView>;
  connectClientCredentials: (p: OAuthClientInput) => Result<ConnectionSummary>;
  getItemEditorMetadata: (p: ItemEditorMetadataInput) => Result<ItemEditorMetadata>;
  /** Warnings for a draft item (create-field coverage, value tables, auto-create overlap); nothing is saved. */
  checkItem: (p: SaveItemInput) => Result<ItemWarning[]>;
  saveItem: (p: SaveItemInput) => Result<SmartItem>;
  deleteItem: (p: { id: string }) => Result<{ id: string }>;
  getActivity: (p: Record<string, never>) => Result<ActivityView>;
}

// ---------- issue panel ----------

export interface PanelCard {
  item: Pick<SmartItem, 'id' | 'name' | 'syncMode' | 'zendeskObject' | 'features'>;
  link: LinkRecord | null;
  /** Agent URL of the linked record in Zendesk. */
  openUrl: string | null;
  canUnlink: boolean;
}

export interface PanelState {
  license: LicenseState;
  connected: boolean;
  canEdit: boolean;
  cards: PanelCard[];
}

/** An issue a ticket is already linked to, as the ticket index (`ticket:{id}`) records it. */
export interface ExistingLink {
  issueKey: string;
  itemName: string;
  /** The link is on the issue the dialog is open on. */
  thisIssue: boolean;
}

export interface SearchResult {
  id: string;
  title: string;
  detail: string;
  /** Tickets only: where this ticket is linked already; absent when nowhere. */
  linkedTo?: ExistingLink[];
}

export interface PanelApi {
  getPanel: (p: Record<string, never>) => Result<PanelState>;
  search: (p: { itemId: string; query: string }) => Result<SearchResult[]>;
  link: (p: { itemId: string; recordId: string }) => Result<PanelCard>;
  unlink: (p: { itemId: string }) => Result<PanelCard>;
  refresh: (p: { itemId: string }) => Result<PanelCard>;
}

export type { PreviewValue };
