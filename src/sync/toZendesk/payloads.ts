/**
 * The Jira product events the Jira → Zendesk direction reads
 * (docs/contracts/forge-platform.md § Jira events), parsed with zod before anything else runs. Only the parts
 * the handlers use are required; unknown keys are dropped. Ids may arrive as strings or numbers and are
 * normalized to strings.
 *
 * Retries: when a handler returns an InvocationError, Forge delivers the event again with a
 * `retryContext` ({retryCount, retryReason, retryData}), as it does for async events
 * (https://developer.atlassian.com/platform/forge/events-reference/product_events/ § Retry
 * product events; @forge/events out/types.d.ts RetryContext).
 */
import { z } from 'zod';
import { jiraEventIdSchema } from '../../domain/ids';
import { adfToText } from '../../jira/adf';

const id = jiraEventIdSchema;
const userRef = z.object({ accountId: z.string() }).partial();

export const retryContextSchema = z.object({
  retryCount: z.number().int().nonnegative(),
  retryReason: z.string().optional(),
  retryData: z.unknown().optional(),
});

const base = {
  atlassianId: z.string().optional(),
  retryContext: retryContextSchema.optional(),
  /** The EAP announcement of product event retries names `retryCount` in the payload itself; accepted too. */
  retryCount: z.number().int().nonnegative().optional(),
};

const issueRef = z.object({ id, key: z.string().optional() });

export const changeItemSchema = z.object({
  field: z.string().optional(),
  fieldId: z.string().optional(),
  fieldtype: z.string().optional(),
});

export const issueUpdatedEventSchema = z.object({
  ...base,
  eventType: z.literal('avi:jira:updated:issue'),
  /**
   * The issue after the change. Its `fields` carry summary, issuetype, project, status,
   * priority, labels, assignee, reporter, created and `updated` (docs/contracts/forge-platform.md
   * § Jira events); other fields come
   * only through a read.
   */
  issue: issueRef.extend({ fields: z.record(z.string(), z.unknown()).optional() }),
  changelog: z.object({ items: z.array(changeItemSchema).default([]) }).optional(),
});
export type IssueUpdatedEvent = z.infer<typeof issueUpdatedEventSchema>;

/** A restricted comment's audience (docs/contracts/jira-api.md § Comments). */
export const commentVisibilitySchema = z
  .object({ type: z.string(), value: z.string().optional(), identifier: z.string().nullable().optional() })
  .nullable()
  .optional();

export const commentedEventSchema = z.object({
  ...base,
  eventType: z.literal('avi:jira:commented:issue'),
  issue: issueRef,
  comment: z
    .object({
      id,
      author: userRef.optional(),
      created: z.string().optional(),
      updated: z.string().optional(),
      /**
       * The comment as Forge sends it: its ADF body, visibility and JSM flag
       * (docs/contracts/forge-platform.md § Jira events). The body is kept as its plain text
       * (`text`), which is all the handler uses: small in a work mark, and without the ADF's
       * nesting, which storage limits (object depth 31).
       */
      body: z.unknown().optional(),
      text: z.string().optional(),
      visibility: commentVisibilitySchema,
      jsdPublic: z.boolean().optional(),
      properties: z.array(z.object({ key: z.string() })).optional(),
    })
    .transform(({ body, ...comment }) =>
      body === undefined || body === null ? comment : { ...comment, text: adfToText(body) },
    ),
});
export type CommentedEvent = z.infer<typeof commentedEventSchema>;

export const attachmentCreatedEventSchema = z.object({
  ...base,
  eventType: z.literal('avi:jira:created:attachment'),
  attachment: z.object({
    id,
    issueId: id,
    fileName: z.string().optional(),
    mimeType: z.string().optional(),
    size: z.number().int().nonnegative().optional(),
    author: userRef.optional(),
  }),
});
export type AttachmentCreatedEvent = z.infer<typeof attachmentCreatedEventSchema>;

export type JiraEvent = IssueUpdatedEvent | CommentedEvent | AttachmentCreatedEvent;

/** The issue a parsed event is about (attachment events carry `attachment.issueId` and no issue). */
export function issueIdOf(event: JiraEvent): string {
  return event.eventType === 'avi:jira:created:attachment' ? event.attachment.issueId : event.issue.id;
}

/** How often Forge already delivered this event (0 on the first delivery). */
export function retryCountOf(event: JiraEvent): number {
  return event.retryContext?.retryCount ?? event.retryCount ?? 0;
}

/** Mapped fields whose Jira id appears in the changelog; `field` (the name) when `fieldId` is missing. */
export function changedFieldIds(event: IssueUpdatedEvent): { ids: Set<string>; names: Set<string> } {
  const ids = new Set<string>();
  const names = new Set<string>();
  for (const item of event.changelog?.items ?? []) {
    if (item.fieldId) ids.add(item.fieldId);
    else if (item.field) names.add(item.field);
  }
  return { ids, names };
}

/**
 * True when a `commented:issue` event reports an edit: the event fires for creates and edits
 * alike (docs/contracts/forge-platform.md § Jira events), an edit leaves `updated` later than `created`. One
 * second of slack covers timestamps written separately at creation.
 */
export function isCommentEdit(comment: {
  created?: string | undefined;
  updated?: string | undefined;
}): boolean {
  const created = parseJiraTime(comment.created);
  const updated = parseJiraTime(comment.updated);
  if (created === null || updated === null) return false;
  return updated - created > 1000;
}

/**
 * Epoch ms of a Jira timestamp (`2021-01-20T15:58:12.797+1100`, docs/contracts/jira-api.md § Comments); null
 * when absent or unreadable.
 */
export function parseJiraTime(value: string | undefined): number | null {
  if (!value) return null;
  const ms = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(ms) ? null : ms;
}
