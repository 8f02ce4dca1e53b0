/**
 * The three Jira events the Jira → Zendesk direction handles, each as one spec: its payload
 * schema, which items it concerns, the per-link work, and the source id its durable work mark
 * carries. The trigger handlers (triggers.ts) and the drain of pending work (src/sync/run/drain.ts) both
 * use these, so a change delivered late goes through exactly the code a first delivery runs.
 */
import type { z } from 'zod';
import type { SmartItem } from '../../domain/types';
import { newId } from '../../util/ids';
import { finishAbandoned } from './abandoned';
import { attachmentFromPayload, pushAttachment } from './attachmentCreated';
import { commentFromPayload, pushComment } from './commentCreated';
import { concernsItem, pushIssueUpdate } from './issueUpdated';
import {
  attachmentCreatedEventSchema,
  commentedEventSchema,
  isCommentEdit,
  issueUpdatedEventSchema,
  type AttachmentCreatedEvent,
  type CommentedEvent,
  type IssueUpdatedEvent,
  type JiraEvent,
} from './payloads';
import type { EventEnv, LinkTarget } from './env';

export interface EventSpec<E extends JiraEvent> {
  schema: z.ZodType<E>;
  wants(item: SmartItem, event: E): boolean;
  work(target: LinkTarget, event: E, env: EventEnv): Promise<void>;
  /**
   * The work mark's source: one id per version of the need. A comment or file is one need
   * whatever the delivery; an issue update is a new need each time (its values are read when
   * delivered), so a redelivery reuses the id it was given (`retryData`) and a new event gets
   * a new one — a need recorded while a writer works is never deleted by that writer.
   */
  source(event: E, retryData: unknown): string;
}

function carriedSource(retryData: unknown): string | null {
  if (retryData && typeof retryData === 'object' && 'workSource' in retryData) {
    const s = (retryData as { workSource: unknown }).workSource;
    if (typeof s === 'string' && /^u-[A-Za-z0-9_-]{1,80}$/.test(s)) return s;
  }
  return null;
}

const issueUpdated: EventSpec<IssueUpdatedEvent> = {
  schema: issueUpdatedEventSchema,
  wants: (item, event) => concernsItem(item, event),
  work: (target, event, env) => pushIssueUpdate(target, event, env),
  source: (_event, retryData) => carriedSource(retryData) ?? `u-${newId()}`,
};

const commented: EventSpec<CommentedEvent> = {
  schema: commentedEventSchema,
  wants: (item) => item.features.commentSync,
  async work(target, event, env) {
    const issue = { id: event.issue.id, key: event.issue.key ?? target.link.issueKey };
    // First, before this event's own intent refreshes the pending record's time.
    await finishAbandoned(target, issue, env);
    const edit = isCommentEdit(event.comment);
    const carried = commentFromPayload(event.comment);
    const outcome = await pushComment(target, env, { issue, commentId: event.comment.id, edit, carried });
    if (outcome === 'closed' || outcome === 'refused') env.ctx.summary.add('skipped');
  },
  source: (event) => `comment-${event.comment.id}`,
};

const attachmentCreated: EventSpec<AttachmentCreatedEvent> = {
  schema: attachmentCreatedEventSchema,
  wants: (item) => item.features.attachmentSync,
  async work(target, event, env) {
    // Attachment events carry no issue; the link knows the key.
    const issue = { id: event.attachment.issueId, key: target.link.issueKey };
    await finishAbandoned(target, issue, env);
    const carried = attachmentFromPayload(event.attachment);
    const outcome = await pushAttachment(target, env, { issue, attachmentId: event.attachment.id, carried });
    if (outcome === 'closed' || outcome === 'refused') env.ctx.summary.add('skipped');
  },
  source: (event) => `attachment-${event.attachment.id}`,
};

/** The spec of a parsed event. */
export function specOf(event: JiraEvent): EventSpec<JiraEvent> {
  switch (event.eventType) {
    case 'avi:jira:updated:issue':
      return issueUpdated as EventSpec<JiraEvent>;
    case 'avi:jira:commented:issue':
      return commented as EventSpec<JiraEvent>;
    case 'avi:jira:created:attachment':
      return attachmentCreated as EventSpec<JiraEvent>;
  }
}

export const EVENT_SPECS = { issueUpdated, commented, attachmentCreated } as const;

/** An event stored in a work mark, parsed again with its own schema; null when unreadable. */
export function parseStoredEvent(raw: unknown): JiraEvent | null {
  const type = (raw as { eventType?: unknown } | null)?.eventType;
  const schema =
    type === 'avi:jira:updated:issue'
      ? issueUpdatedEventSchema
      : type === 'avi:jira:commented:issue'
        ? commentedEventSchema
        : type === 'avi:jira:created:attachment'
          ? attachmentCreatedEventSchema
          : null;
  if (!schema) return null;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** What a work mark keeps of an event: the payload without Forge's delivery bookkeeping. */
export function storableEvent(event: JiraEvent): JiraEvent {
  const { retryContext: _retry, retryCount: _count, ...rest } = event;
  return rest as JiraEvent;
}
