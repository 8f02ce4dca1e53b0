/**
 * Records shared by the backend, the admin page and the issue panel.
 * Storage layout and invariants: docs/architecture.md § Records.
 */
import type { AutoCreateConditions } from './autoCreateRules';
import type { CommentVisibility } from './commentVisibility';

export const SYNC_MODES = ['none', 'oneWay', 'twoWay'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const ZENDESK_OBJECTS = ['ticket', 'user', 'organization'] as const;
export type ZendeskObject = (typeof ZENDESK_OBJECTS)[number];

/** Labels the UIs show for each Zendesk object ("user" is a customer in the product's words). */
export const ZENDESK_OBJECT_LABELS: Record<ZendeskObject, string> = {
  ticket: 'Ticket',
  user: 'Customer',
  organization: 'Organization',
};

export interface SyncFeatures {
  autoCreate: boolean;
  statusSync: boolean;
  commentSync: boolean;
  attachmentSync: boolean;
}

export const NO_FEATURES: SyncFeatures = {
  autoCreate: false,
  statusSync: false,
  commentSync: false,
  attachmentSync: false,
};

/**
 * One Zendesk field chosen by the admin. Identity is the Zendesk field id
 * (standard fields: the attribute name such as "subject" or "priority"; custom
 * fields: the numeric id as a string). The label is display data only, so two
 * custom fields with the same title never hide each other.
 */
export interface FieldMapping {
  zendeskFieldId: string;
  zendeskFieldLabel: string;
  /** For custom user/organization fields: the key under user_fields / organization_fields. */
  zendeskFieldKey?: string;
  /** Jira field the value is synced to (sync modes only), e.g. "summary", "priority", "customfield_10050". */
  jiraFieldId?: string;
  jiraFieldName?: string;
  /** Shown in the issue panel's preview table. */
  preview: boolean;
  /**
   * Zendesk value → Jira value for priority and select targets (src/domain/valueMaps.ts).
   * Absent on mappings saved before value tables existed: priority then follows the site's
   * catalog by default (defaultPriorityMap), options match by name.
   */
  valueMap?: Record<string, string>;
}

export interface SmartItem {
  id: string;
  name: string;
  syncMode: SyncMode;
  projectId: string;
  projectKey: string;
  projectName: string;
  issueTypeId?: string;
  issueTypeName?: string;
  zendeskObject: ZendeskObject;
  fields: FieldMapping[];
  features: SyncFeatures;
  /**
   * When auto-create was last turned on: only tickets created from then on are "new" for this
   * item (never tickets that existed before, whatever happens to the connection since).
   */
  autoCreateSince?: string;
  /** Which new tickets auto-create (src/domain/autoCreateRules.ts); absent = every new ticket. */
  autoCreateConditions?: AutoCreateConditions;
  /** Two-way comment visibility (src/domain/commentVisibility.ts); absent = the product defaults. */
  commentVisibility?: CommentVisibility;
  /**
   * Set while an admin has paused synchronization of this item: no sync path writes to Jira
   * or Zendesk for it; what changes meanwhile is kept as pending work until it is resumed.
   */
  paused?: { at: string; by: string };
  createdAt: string;
  updatedAt: string;
}

export type LinkOrigin = 'manual' | 'auto';

/**
 * Outcome of registering the link with Zendesk's Jira links API (docs/contracts/zendesk-api.md § Jira links).
 */
export type ZendeskLinkRegistration =
  | { state: 'registered'; linkId: number }
  | { state: 'forbidden'; message: string }
  | { state: 'failed'; message: string }
  | { state: 'not-applicable' };

export interface PreviewValue {
  fieldId: string;
  label: string;
  value: string;
}

export interface SyncProblem {
  kind: 'error' | 'limitation';
  code: string;
  message: string;
  /** Upstream HTTP status and message when the problem came from Zendesk or Jira. */
  upstream?: { service: 'zendesk' | 'jira'; status: number; message: string };
  at: string;
  /**
   * What the problem is about (e.g. the pending work's source, `comment-10001`), so it is
   * cleared when exactly that change is delivered, never by an unrelated success.
   */
  subject?: string;
}

/**
 * A Jira issue ↔ Zendesk record link for one Smart Connected Item, modelled on
 * Zendesk's Jira link (docs/contracts/zendesk-api.md § Jira links): the Jira issue id is the identity; the
 * key is display data corrected when the issue moves.
 */
export interface LinkRecord {
  itemId: string;
  issueId: string;
  issueKey: string;
  zendeskObject: ZendeskObject;
  recordId: string;
  origin: LinkOrigin;
  createdAt: string;
  updatedAt: string;
  zendeskLink: ZendeskLinkRegistration;
  preview: PreviewValue[];
  previewAt?: string;
  problems: SyncProblem[];
}

/** The stored connection; the API token lives only in secret storage. */
/**
 * How the connector authenticates to Zendesk (no secret here: tokens and the client secret live
 * only in Forge secret storage). Absent on records written before OAuth existed: API token.
 */
export type ConnectionAuth =
  | { kind: 'apiToken' }
  | {
      kind: 'oauth';
      grant: 'authorization_code' | 'client_credentials';
      clientId: string;
      scope: string;
      /** Atlassian account id of the Jira admin who connected. */
      connectedBy: string;
    };

export interface ConnectionRecord {
  subdomain: string;
  email: string;
  agent: { id: number; name: string; email: string; role: string };
  connectedAt: string;
  auth?: ConnectionAuth;
  /**
   * Set when this connection points at a different Zendesk account than the one the links
   * were made in (that account's subdomain): every link is suspended — no sync reads or
   * writes — until the admin keeps the links (same account, renamed) or clears them.
   */
  suspendedFrom?: string;
}

/** Zendesk's published end of API tokens (developer.zendesk.com, "Migrating from API tokens to OAuth access tokens"). */
export const API_TOKEN_END_DATE = '2027-04-30';
