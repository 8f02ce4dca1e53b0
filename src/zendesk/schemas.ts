/**
 * zod schemas for every Zendesk Support response the app reads.
 * Shapes: docs/contracts/zendesk-api.md and the Support OpenAPI
 * (zendesk-support-openapi.yaml, TicketObject, TicketCommentObject, UserObject,
 * OrganizationObject, CustomFieldObject, …). Zendesk returns null for most unset
 * attributes, so optional attributes accept null as well; unknown keys are dropped.
 */
import { z } from 'zod';

const nullableString = z.string().nullable().optional();
const nullableId = z.number().int().nullable().optional();

/**
 * Ids Zendesk documents as strings in one place and integers in another
 * (docs/contracts/zendesk-api.md § Jira links).
 */
const stringOrNumberId = z.union([z.string(), z.number().int()]).transform((v) => String(v));

/** A list Zendesk may send as null or leave out; read as empty so callers need no check. */
const listOrEmpty = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullable()
    .optional()
    .transform((v) => v ?? []);

/** Custom field values of a user or organization; null or absent reads as none. */
const recordOrEmpty = z
  .record(z.string(), z.unknown())
  .nullable()
  .optional()
  .transform((v) => v ?? {});

// ---------- attachments, comments ----------

export const attachmentSchema = z.object({
  id: z.number().int(),
  file_name: z.string(),
  content_url: z.string(),
  mapped_content_url: nullableString,
  content_type: z.string().nullable().optional(),
  size: z.number().int().nonnegative(),
  inline: z.boolean().optional(),
  deleted: z.boolean().optional(),
  malware_scan_result: nullableString,
  url: nullableString,
});
export type ZendeskAttachment = z.infer<typeof attachmentSchema>;

export const commentSchema = z.object({
  id: z.number().int(),
  type: z.string().optional(),
  author_id: z.number().int().nullable().optional(),
  body: z.string().nullable().optional(),
  html_body: nullableString,
  plain_body: nullableString,
  public: z.boolean(),
  attachments: listOrEmpty(attachmentSchema),
  audit_id: nullableId,
  created_at: z.string(),
  metadata: z.unknown().optional(),
});
export type ZendeskComment = z.infer<typeof commentSchema>;

// ---------- tickets ----------

export const TICKET_STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'] as const;
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;

export const customFieldValueSchema = z.object({
  id: z.number().int(),
  value: z.unknown().optional(),
});

export const ticketSchema = z.object({
  id: z.number().int(),
  url: nullableString,
  external_id: nullableString,
  type: nullableString,
  subject: nullableString,
  raw_subject: nullableString,
  description: nullableString,
  priority: nullableString,
  // A string rather than an enum: the incremental export also reports "deleted"
  // (docs/contracts/zendesk-api.md § Incremental export).
  status: z.string(),
  requester_id: nullableId,
  submitter_id: nullableId,
  assignee_id: nullableId,
  organization_id: nullableId,
  group_id: nullableId,
  brand_id: nullableId,
  ticket_form_id: nullableId,
  due_at: nullableString,
  tags: listOrEmpty(z.string()),
  custom_fields: listOrEmpty(customFieldValueSchema),
  is_public: z.boolean().optional(),
  /** How the ticket was created; `channel` is web, email, api, … (Zendesk's via object reference). */
  via: z.object({ channel: z.union([z.string(), z.number()]).nullish() }).nullish(),
  created_at: z.string(),
  updated_at: z.string(),
  /**
   * Present when the read asked for the `comment_count` sideload, which Zendesk puts on the
   * ticket object (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format).
   */
  comment_count: z.number().int().nonnegative().optional(),
});
export type ZendeskTicket = z.infer<typeof ticketSchema>;

export const ticketResponseSchema = z.object({ ticket: ticketSchema });
export const ticketsResponseSchema = z.object({ tickets: z.array(ticketSchema) });
export const updateTicketResponseSchema = z.object({ ticket: ticketSchema, audit: z.unknown().optional() });

// ---------- users, organizations ----------

export const USER_ROLES = ['end-user', 'agent', 'admin'] as const;

export const userSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  email: nullableString,
  role: z.string(),
  phone: nullableString,
  organization_id: nullableId,
  external_id: nullableString,
  active: z.boolean().optional(),
  suspended: z.boolean().optional(),
  time_zone: nullableString,
  locale: nullableString,
  tags: listOrEmpty(z.string()),
  user_fields: recordOrEmpty,
  created_at: nullableString,
  updated_at: nullableString,
});
export type ZendeskUser = z.infer<typeof userSchema>;

/**
 * users/me answers 200 with an anonymous user (id null) when credentials are
 * missing or wrong for password auth (docs/contracts/zendesk-api.md § Current user), so id may be null here
 * only.
 */
export const meSchema = z.object({
  user: z.object({
    id: z.number().int().nullable(),
    name: z.string().nullable().optional(),
    email: nullableString,
    role: nullableString,
    active: z.boolean().optional(),
    suspended: z.boolean().optional(),
  }),
});
export type ZendeskMe = z.infer<typeof meSchema>['user'];

export const userResponseSchema = z.object({ user: userSchema });
export const usersResponseSchema = z.object({ users: z.array(userSchema) });

export const organizationSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  external_id: nullableString,
  domain_names: listOrEmpty(z.string()),
  group_id: nullableId,
  details: nullableString,
  notes: nullableString,
  shared_tickets: z.boolean().optional(),
  shared_comments: z.boolean().optional(),
  tags: listOrEmpty(z.string()),
  organization_fields: recordOrEmpty,
  created_at: nullableString,
  updated_at: nullableString,
});
export type ZendeskOrganization = z.infer<typeof organizationSchema>;

export const organizationResponseSchema = z.object({ organization: organizationSchema });
export const organizationsResponseSchema = z.object({ organizations: z.array(organizationSchema) });

// ---------- fields ----------

export const customFieldOptionSchema = z.object({
  id: z.number().int().optional(),
  name: z.string(),
  raw_name: nullableString,
  value: z.string(),
  position: z.number().int().optional(),
});
export type ZendeskFieldOption = z.infer<typeof customFieldOptionSchema>;

/**
 * Options of system ticket fields (priority, status, tickettype): `{name, value}`
 * (docs/contracts/zendesk-api.md § Ticket fields).
 */
export const systemFieldOptionSchema = z.object({ name: z.string(), value: z.string() });

export const ticketFieldSchema = z.object({
  id: z.number().int(),
  type: z.string(),
  title: z.string(),
  raw_title: nullableString,
  description: nullableString,
  active: z.boolean().optional(),
  required: z.boolean().optional(),
  /** false for system fields such as subject, status and priority. */
  removable: z.boolean().optional(),
  position: z.number().int().optional(),
  tag: nullableString,
  custom_field_options: z.array(customFieldOptionSchema).nullable().optional(),
  system_field_options: z.array(systemFieldOptionSchema).nullable().optional(),
});
export type ZendeskTicketField = z.infer<typeof ticketFieldSchema>;

/** User and organization fields share CustomFieldObject: `key` is what keys user_fields{}. */
export const objectFieldSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  type: z.string(),
  title: z.string(),
  raw_title: nullableString,
  description: nullableString,
  active: z.boolean().optional(),
  system: z.boolean().optional(),
  position: z.number().int().optional(),
  tag: nullableString,
  custom_field_options: z.array(customFieldOptionSchema).nullable().optional(),
});
export type ZendeskObjectField = z.infer<typeof objectFieldSchema>;

// ---------- pagination ----------

/**
 * Cursor pagination envelope (docs/contracts/zendesk-api.md § Pagination). Absent on endpoints or calls that
 * fell back to offset.
 */
export const cursorMetaSchema = z.object({
  meta: z
    .object({
      has_more: z.boolean(),
      after_cursor: z.string().nullable().optional(),
      before_cursor: z.string().nullable().optional(),
    })
    .optional(),
  links: z.object({ next: nullableString, prev: nullableString }).optional(),
});

export const commentsPageSchema = cursorMetaSchema.extend({ comments: z.array(commentSchema) });
/** A comment page with its authors side-loaded (`include=users`). */
export const recentCommentsPageSchema = commentsPageSchema.extend({ users: z.array(userSchema).optional() });
export const ticketFieldsPageSchema = cursorMetaSchema.extend({ ticket_fields: z.array(ticketFieldSchema) });
export const userFieldsPageSchema = cursorMetaSchema.extend({ user_fields: z.array(objectFieldSchema) });
export const organizationFieldsPageSchema = cursorMetaSchema.extend({
  organization_fields: z.array(objectFieldSchema),
});

/** Incremental cursor export page (docs/contracts/zendesk-api.md § Incremental export). */
export const exportPageSchema = z.object({
  tickets: z.array(ticketSchema),
  /** Side-loaded with `include=users`: the tickets' requesters, submitters and assignees. */
  users: z.array(userSchema).optional(),
  after_cursor: z.string().nullable().optional(),
  after_url: nullableString,
  before_cursor: nullableString,
  before_url: nullableString,
  end_of_stream: z.boolean(),
});

/**
 * One event of the Incremental Ticket Event Export: one ticket update (docs/contracts/zendesk-api.md
 * § Ticket event export). The child events stay raw records here: each type has its own keys,
 * Zendesk adds types at any time, and src/zendesk/ticketEvents.ts reads the comments out of them.
 */
export const ticketEventSchema = z.object({
  id: z.number().int(),
  ticket_id: z.number().int(),
  /** Unix seconds of the update. */
  timestamp: z.number().int().nullable().optional(),
  created_at: z.string(),
  child_events: listOrEmpty(z.record(z.string(), z.unknown())),
});
export type ZendeskTicketEvent = z.infer<typeof ticketEventSchema>;

/** A time-based export page of ticket events (`end_time` is the next page's `start_time`). */
export const ticketEventsPageSchema = z.object({
  ticket_events: z.array(ticketEventSchema),
  end_time: z.number().int().nullable().optional(),
  end_of_stream: z.boolean(),
  next_page: nullableString,
  count: z.number().int().optional(),
});

// ---------- search ----------

/** search.json (docs/contracts/zendesk-api.md § Search): mixed result types, each tagged with result_type. */
export const searchResponseSchema = z.object({
  results: z.array(z.looseObject({ result_type: z.string() })),
  count: z.number().int().optional(),
  next_page: nullableString,
  previous_page: nullableString,
});

// ---------- uploads ----------

export const uploadResponseSchema = z.object({
  upload: z.object({
    token: z.string(),
    attachment: attachmentSchema.nullable().optional(),
    attachments: z.array(attachmentSchema).nullable().optional(),
  }),
});
export type ZendeskUpload = z.infer<typeof uploadResponseSchema>['upload'];

// ---------- Jira links (docs/contracts/zendesk-api.md § Jira links) ----------

export const jiraLinkSchema = z.object({
  id: z.number().int(),
  ticket_id: stringOrNumberId,
  issue_id: stringOrNumberId,
  issue_key: z.string(),
  created_at: nullableString,
  updated_at: nullableString,
  url: nullableString,
});
export type ZendeskJiraLink = z.infer<typeof jiraLinkSchema>;

export const jiraLinkResponseSchema = z.object({ link: jiraLinkSchema });
export const jiraLinksPageSchema = z.object({
  links: z.array(jiraLinkSchema),
  meta: z
    .object({
      has_more: z.boolean().optional(),
      // The doc's example puts a whole URL here; the parameter itself is an integer id.
      after_cursor: z.union([z.string(), z.number()]).nullable().optional(),
    })
    .optional(),
});

// ---------- errors (docs/contracts/zendesk-api.md § Error bodies) ----------

const detailEntrySchema = z.looseObject({ description: z.string().optional(), error: z.string().optional() });

/** `{"error":"RecordNotFound","description":"Not found"}`, `{"error":"Couldn't authenticate you"}`, 422 RecordInvalid. */
export const stringErrorBodySchema = z.object({
  error: z.string(),
  description: z.string().optional(),
  details: z.record(z.string(), z.union([z.array(detailEntrySchema), z.unknown()])).optional(),
});

/** `{"error":{"title":"Forbidden","message":"…"}}` */
export const objectErrorBodySchema = z.object({
  error: z.object({ title: z.string().optional(), message: z.string().optional() }),
});

/** `{"errors":[{"code","title","detail?"}]}` on newer endpoints. */
export const listErrorBodySchema = z.object({
  errors: z.array(
    z.object({
      code: z.string().optional(),
      title: z.string().optional(),
      detail: z.string().optional(),
    }),
  ),
});

export const zendeskErrorBodySchema = z.union([
  stringErrorBodySchema,
  objectErrorBodySchema,
  listErrorBodySchema,
]);
