/**
 * In-memory records of the simulated Zendesk account. These are storage shapes, not API shapes:
 * serialize.ts turns them into the JSON Zendesk returns. Times are epoch milliseconds of the sim clock.
 */

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** Where a status stands in the ticket lifecycle; search's `status<solved` and the solve rules compare by it. */
export const TICKET_STATUS_RANK: Record<TicketStatus, number> = {
  new: 0,
  open: 1,
  pending: 2,
  hold: 3,
  solved: 4,
  closed: 5,
};
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_TYPES = ['problem', 'incident', 'question', 'task'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const USER_ROLES = ['end-user', 'agent', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface UserRecord {
  id: number;
  name: string;
  email: string;
  role: UserRole;
  organizationId: number | null;
  active: boolean;
  suspended: boolean;
  verified: boolean;
  timeZone: string;
  ianaTimeZone: string;
  locale: string;
  localeId: number;
  phone: string | null;
  externalId: string | null;
  tags: string[];
  notes: string;
  details: string;
  userFields: Record<string, string | number | boolean | null>;
  createdAt: number;
  updatedAt: number;
}

export interface OrganizationRecord {
  id: number;
  name: string;
  domainNames: string[];
  externalId: string | null;
  groupId: number | null;
  details: string;
  notes: string;
  sharedTickets: boolean;
  sharedComments: boolean;
  tags: string[];
  organizationFields: Record<string, string | number | boolean | null>;
  createdAt: number;
  updatedAt: number;
}

export interface GroupRecord {
  id: number;
  name: string;
  description: string;
  createdAt: number;
  updatedAt: number;
}

/** Value of a custom ticket field as Zendesk returns it (multiselect: array of option tags). */
export type CustomFieldValue = string | boolean | string[] | null;

export interface ViaRecord {
  channel: string;
  source: { from: Record<string, unknown>; to: Record<string, unknown>; rel: string | null };
}

export interface TicketRecord {
  id: number;
  subject: string;
  description: string;
  status: TicketStatus;
  priority: TicketPriority | null;
  type: TicketType | null;
  requesterId: number;
  submitterId: number;
  assigneeId: number | null;
  organizationId: number | null;
  groupId: number | null;
  tags: string[];
  customFields: Map<number, CustomFieldValue>;
  externalId: string | null;
  dueAt: number | null;
  via: ViaRecord;
  createdAt: number;
  /** Changes only when an update generates a ticket event (spec TicketObject.updated_at). */
  updatedAt: number;
  /** Moves on every change the incremental export must report; drives export order. */
  generatedAt: number;
  deleted: boolean;
  commentIds: number[];
  followupIds: number[];
  /** Whether a new comment defaults to public: the value set at creation carries over (spec TicketCommentObject.public). */
  defaultPublic: boolean;
  /** Bumped on every change so cached search tokens can be invalidated. */
  version: number;
}

export interface CommentRecord {
  id: number;
  ticketId: number;
  auditId: number;
  authorId: number;
  body: string;
  htmlBody: string;
  plainBody: string;
  public: boolean;
  attachmentIds: number[];
  via: ViaRecord;
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown>; flags?: number[] };
  createdAt: number;
}

/** Attachment bytes: small ones are held; seeded ones are regenerated on demand so a 10 MB file costs no memory. */
export type AttachmentContent =
  { kind: 'bytes'; bytes: Buffer } | { kind: 'generated'; seed: number; size: number; text: boolean };

export interface AttachmentRecord {
  id: number;
  /** Token in the download URL (distinct from the upload token). */
  token: string;
  fileName: string;
  contentType: string;
  size: number;
  inline: boolean;
  content: AttachmentContent;
  commentId: number | null;
  uploadToken: string | null;
  width: number | null;
  height: number | null;
  malwareScanResult: 'malware_found' | 'malware_not_found' | 'failed_to_scan' | 'not_scanned';
  createdAt: number;
}

export interface UploadRecord {
  token: string;
  attachmentIds: number[];
  uploaderId: number;
  createdAt: number;
  expiresAt: number;
  consumed: boolean;
}

export interface AuditEvent {
  id: number;
  type: string;
  [key: string]: unknown;
}

export interface AuditRecord {
  id: number;
  ticketId: number;
  authorId: number;
  createdAt: number;
  events: AuditEvent[];
  metadata: { system: Record<string, unknown>; custom: Record<string, unknown> };
  via: ViaRecord;
}

export interface JiraLinkRecord {
  id: number;
  ticketId: string;
  issueId: string;
  issueKey: string;
  createdAt: number;
  updatedAt: number;
}

export const CUSTOM_FIELD_TYPES = [
  'text',
  'textarea',
  'checkbox',
  'date',
  'integer',
  'decimal',
  'regexp',
  'tagger',
  'multiselect',
] as const;
export type CustomFieldType = (typeof CUSTOM_FIELD_TYPES)[number];

export interface FieldOption {
  id: number;
  name: string;
  value: string;
  position: number;
  default?: boolean;
}

export interface TicketFieldRecord {
  id: number;
  /** System types (subject, description, status, tickettype, priority, group, assignee) or a custom type. */
  type: string;
  title: string;
  description: string;
  position: number;
  active: boolean;
  required: boolean;
  /** false for system fields. */
  removable: boolean;
  /** For checkboxes: the tag added when checked. */
  tag: string | null;
  regexp: string | null;
  options: FieldOption[] | null;
  systemOptions: { name: string; value: string }[] | null;
  createdAt: number;
  updatedAt: number;
}

export interface UserFieldRecord {
  id: number;
  key: string;
  type: CustomFieldType;
  title: string;
  description: string;
  position: number;
  active: boolean;
  tag: string | null;
  options: FieldOption[] | null;
  createdAt: number;
  updatedAt: number;
}
