/**
 * Jira → Zendesk, event-driven (docs/sync-model.md § Jira → Zendesk). The three trigger
 * functions manifest.yml names through src/index.ts; Forge calls each as `(event, context)`.
 *
 * Each returns undefined when the event is handled (including every refusal, which is recorded
 * on the link and in the sync log), or an InvocationError asking Forge to deliver the event
 * again after a transient failure (rate limit, 5xx, no answer; see events/failures.ts).
 * A payload that is not the documented event shape is logged and dropped: delivering it again
 * could not make it readable.
 */
import type { InvocationError } from '@forge/events';
import type { z } from 'zod';
import { finishAbandoned } from './events/abandoned';
import { pushAttachment } from './events/attachmentCreated';
import { pushComment } from './events/commentCreated';
import { concernsItem, pushIssueUpdate } from './events/issueUpdated';
import {
  attachmentCreatedEventSchema,
  commentedEventSchema,
  isCommentEdit,
  issueUpdatedEventSchema,
} from './events/payloads';
import { runEvent } from './events/run';
import { followIssueMove } from './lifecycle/issueMovedEvent';
import { summarizeIssues } from '../util/zodIssues';

export type TriggerResult = InvocationError | undefined;

function parse<S extends z.ZodType>(schema: S, event: unknown, name: string): z.output<S> | null {
  const parsed = schema.safeParse(event);
  if (parsed.success) return parsed.data;
  console.warn(
    `Zendesk Connector: ignored a ${name} event that does not have the documented shape (${summarizeIssues(parsed.error)})`,
  );
  return null;
}

/** `avi:jira:updated:issue`: mapped fields and status of the issue → its linked tickets. */
export async function onIssueUpdated(event: unknown, context: unknown): Promise<TriggerResult> {
  const parsed = parse(issueUpdatedEventSchema, event, 'issue updated');
  if (!parsed) return undefined;
  const moved = await followIssueMove(parsed, context);
  const pushed = await runEvent({
    event: parsed,
    context,
    wants: (item) => concernsItem(item, parsed),
    work: (target, env) => pushIssueUpdate(target, parsed, env),
  });
  return pushed ?? moved;
}

/** `avi:jira:commented:issue`: a new Jira comment → a Zendesk comment (items with comment sync). */
export async function onCommentCreated(event: unknown, context: unknown): Promise<TriggerResult> {
  const parsed = parse(commentedEventSchema, event, 'comment');
  if (!parsed) return undefined;
  return runEvent({
    event: parsed,
    context,
    wants: (item) => item.features.commentSync,
    work: async (target, env) => {
      const issue = { id: parsed.issue.id, key: parsed.issue.key ?? target.link.issueKey };
      // First, before this event's own intent refreshes the pending record's time.
      await finishAbandoned(target, issue, env);
      const outcome = await pushComment(target, issue, parsed.comment.id, isCommentEdit(parsed.comment), env);
      if (outcome === 'closed' || outcome === 'refused') env.ctx.summary.add('skipped');
    },
  });
}

/** `avi:jira:created:attachment`: a new Jira file → the Zendesk ticket (items with attachment sync). */
export async function onAttachmentCreated(event: unknown, context: unknown): Promise<TriggerResult> {
  const parsed = parse(attachmentCreatedEventSchema, event, 'attachment');
  if (!parsed) return undefined;
  return runEvent({
    event: parsed,
    context,
    wants: (item) => item.features.attachmentSync,
    work: async (target, env) => {
      // Attachment events carry no issue (api-contracts C2); the link knows the key.
      const issue = { id: parsed.attachment.issueId, key: target.link.issueKey };
      await finishAbandoned(target, issue, env);
      const outcome = await pushAttachment(target, issue, parsed.attachment.id, env);
      if (outcome === 'closed' || outcome === 'refused') env.ctx.summary.add('skipped');
    },
  });
}
