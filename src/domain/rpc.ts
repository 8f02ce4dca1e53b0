/**
 * The resolver contract between the UIs and the backend. Both sides import these
 * types: the backend defines handlers with `makeResolver<…>` semantics and the UIs
 * call them through `invoke`. Every call answers with a `Result`, never a thrown error.
 */
import type { ErrorCode, ProblemCode, Upstream } from './errors';
import type { JiraFieldKind } from './fieldCompatibility';
import type {
  AuthProblem,
  ConnectionRecord,
  LinkRecord,
  PreviewValue,
  SaveItemInput,
  SmartItem,
  ZendeskObject,
} from './types';

export interface RpcError {
  /** Stable machine code from the typed list (src/domain/errors.ts). */
  code: ErrorCode;
  /** Readable message for the person using the UI. */
  message: string;
  /** Present when Zendesk or Jira refused: their status and message. */
  upstream?: Upstream;
}

export type Result<T> = { ok: true; data: T } | { ok: false; error: RpcError };

export type LicenseState = 'active' | 'inactive' | 'development';

// ---------- admin page ----------

export interface ConnectionSummary {
  connection: Omit<ConnectionRecord, never> | null;
  tokenStored: boolean;
  /** Set when Zendesk stopped accepting the OAuth authorization: the admin must reconnect. */
  authProblem?: AuthProblem;
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

export interface SyncRunSummary {
  runId: string;
  /** `manual`: the admin's "Sync now" (the scheduled run's code, started from the admin page). */
  trigger: 'scheduled' | 'queue' | 'refresh' | 'event' | 'manual';
  startedAt: string;
  finishedAt?: string;
  /** The run ended early (budget, rate limit, failure); it resumes from the saved cursor. */
  stopped?: boolean;
  /** Smart Connected Items with a failure in this run (ids). */
  failedItems?: string[];
  /** Written while a long run is still working (one update per export page it finished). */
  progress?: { pages: number; processed: number; queued: number };
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

/** A change recorded for a link and not delivered yet (a durable work mark). */
export interface PendingChange {
  direction: 'toJira' | 'toZendesk';
  /** What the change is (`comment-10001`, `ticket-1733…`); Dismiss names it. */
  source: string;
  /** When it was first recorded. */
  at: string;
  /** Failed delivery attempts so far. */
  attempts: number;
  /** When the next attempt may happen (ISO); absent when due now. */
  nextAt?: string;
  lastError?: string;
}

/** One link in the problems queue: its recorded problems and its stuck changes. */
export interface ProblemLink {
  itemId: string;
  issueId: string;
  issueKey: string;
  recordId: string;
  problems: LinkRecord['problems'];
  pending: PendingChange[];
}

/** One Smart Connected Item's health in the operations console. */
export interface ItemHealth {
  itemId: string;
  /** Linked records (counted up to a cap; `linksCapped` says the real number is higher). */
  links: number;
  linksCapped: boolean;
  /** End of the newest scheduled or manual run that finished without a failure for this item. */
  lastSuccessAt: string | null;
  /** Links of this item with an error or a change that failed to arrive. */
  failures: number;
  /** When the next scheduled run is expected; null while the item is paused. */
  nextRunAt: string | null;
}

/** A console action an admin took, for the activity log. */
export interface AdminAction {
  at: string;
  accountId: string;
  /** The admin's Jira display name when Jira gave it, else the account id. */
  who: string;
  action: 'pause' | 'resume' | 'retry' | 'dismiss' | 'syncNow' | 'rotateToken';
  itemId?: string;
  issueKey?: string;
  detail: string;
}

export interface ActivityView {
  runs: SyncRunSummary[];
  problems: ProblemLink[];
  cursorLagSeconds: number | null;
  items: ItemHealth[];
  /** A sync run holds the run lease right now. */
  running: { since: string; kind: string } | null;
  /** When the next scheduled run is expected (five minutes after the last one started). */
  nextRunAt: string | null;
  /** `https://{subdomain}.zendesk.com` of the connection, for links to tickets. */
  zendeskBaseUrl: string | null;
  actions: AdminAction[];
}

export type DismissTarget =
  | { kind: 'pending'; direction: PendingChange['direction']; source: string }
  | { kind: 'problem'; code: ProblemCode; subject?: string };

export interface SyncNowOutcome {
  status: 'done' | 'stopped' | 'busy' | 'not-connected' | 'suspended';
  processed: number;
  queued: number;
  message: string;
}

export interface ConnectionCheck {
  agent: { name: string; email: string; role: string };
  checkedAt: string;
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
  /** Pause stops every sync write for the item; Resume catches up on what waited. */
  setItemPaused: (p: { itemId: string; paused: boolean }) => Result<SmartItem>;
  /** Every stuck change of the link becomes due now; the next run delivers it. */
  retryLink: (p: { itemId: string; issueId: string }) => Result<{ due: number }>;
  /** The admin gives up one change or problem on a link (logged). */
  dismissChange: (p: {
    itemId: string;
    issueId: string;
    target: DismissTarget;
  }) => Result<{ removedWork: number; removedProblems: number }>;
  syncNow: (p: Record<string, never>) => Result<SyncNowOutcome>;
  /** A new API token (and agent email) for the connected account: links and cursor stay. */
  rotateApiToken: (p: { email: string; apiToken: string }) => Result<ConnectionSummary>;
  /** Asks Zendesk who the stored credentials are (users/me). */
  testConnection: (p: Record<string, never>) => Result<ConnectionCheck>;
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

/** One Jira field the first synchronization will write, as it is now and as it will be. */
export interface FieldChange {
  /** Jira field id (`summary`, `priority`, `customfield_…`). */
  fieldId: string;
  /** Jira field name. */
  field: string;
  /** The Zendesk field the value comes from (its label in the item). */
  from: string;
  /** The issue's value now, as text; empty when the field is empty. */
  current: string;
  /** The value from Zendesk, as text; empty when the write clears the field. */
  next: string;
}

/** A mapped field the first synchronization leaves as it is on the issue, and why (plain words). */
export interface FieldLeft {
  field: string;
  reason: string;
}

/**
 * What linking a ticket of a synchronized item will do to the issue at once (the first
 * synchronization), computed by the sync's own code from the ticket and the issue as they are
 * now (src/panel/linkPreview.ts). Nothing is written until the user confirms it.
 */
export interface LinkPreview {
  recordId: string;
  /** The ticket's subject, to name it in the question. */
  title: string;
  issueKey: string;
  changes: FieldChange[];
  /** The status move: Jira status now → the status the transition leads to; null: no move. */
  status: { current: string; next: string; transition: string } | null;
  /** A status move is needed but no transition of the workflow leads there (a problem, no move). */
  statusBlocked: string | null;
  left: FieldLeft[];
  /** The ticket's existing comments are copied to the issue (public replies and internal notes). */
  importsComments: boolean;
  /** Internal notes are restricted to this role or group in Jira (null: unrestricted). */
  internalNotesFor: string | null;
  /** The first comment (the description) is not copied because the description is mapped. */
  skipsDescription: boolean;
  /** Files attached to the ticket's comments are added to the issue. */
  importsAttachments: boolean;
  twoWay: boolean;
  /** Identifies this preview; the confirming call sends it back and must see the same. */
  fingerprint: string;
}

/**
 * `linked`: done. `confirm`: nothing was written; the preview asks the user first (`changed`:
 * the confirmation sent did not match what the link would do now, so it is asked again).
 */
export type LinkOutcome =
  { kind: 'linked'; card: PanelCard } | { kind: 'confirm'; preview: LinkPreview; changed: boolean };

export interface PanelApi {
  getPanel: (p: Record<string, never>) => Result<PanelState>;
  search: (p: { itemId: string; query: string }) => Result<SearchResult[]>;
  /** `confirm`: the fingerprint of the preview the user accepted (synchronized ticket items). */
  link: (p: { itemId: string; recordId: string; confirm?: string }) => Result<LinkOutcome>;
  unlink: (p: { itemId: string }) => Result<PanelCard>;
  refresh: (p: { itemId: string }) => Result<PanelCard>;
}

export type { PreviewValue };
