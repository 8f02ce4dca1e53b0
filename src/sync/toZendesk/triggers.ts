/**
 * Jira → Zendesk, event-driven (docs/sync-model.md § Jira → Zendesk). The three trigger
 * functions manifest.yml names through src/index.ts; Forge calls each as `(event, context)`.
 *
 * Each returns undefined when the event is handled (including every refusal, which is recorded
 * on the link and in the sync log), or an InvocationError asking Forge to deliver the event
 * again after a transient failure (rate limit, 5xx, no answer; see toZendesk/failures.ts).
 * A payload that is not the documented event shape is logged and dropped: delivering it again
 * could not make it readable.
 */
import type { InvocationError } from '@forge/events';
import type { z } from 'zod';
import { EVENT_SPECS } from './specs';
import { runEvent } from './run';
import { followIssueMove } from '../lifecycle/issueMovedEvent';
import { summarizeIssues } from '../../util/zodIssues';

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
  const parsed = parse(EVENT_SPECS.issueUpdated.schema, event, 'issue updated');
  if (!parsed) return undefined;
  // A moved issue: every link follows the new key (Zendesk's link record included) at once.
  const moved = await followIssueMove(parsed, context);
  const pushed = await runEvent({ event: parsed, context, spec: EVENT_SPECS.issueUpdated });
  return pushed ?? moved;
}

/** `avi:jira:commented:issue`: a new Jira comment → a Zendesk comment (items with comment sync). */
export async function onCommentCreated(event: unknown, context: unknown): Promise<TriggerResult> {
  const parsed = parse(EVENT_SPECS.commented.schema, event, 'comment');
  return parsed ? runEvent({ event: parsed, context, spec: EVENT_SPECS.commented }) : undefined;
}

/** `avi:jira:created:attachment`: a new Jira file → the Zendesk ticket (items with attachment sync). */
export async function onAttachmentCreated(event: unknown, context: unknown): Promise<TriggerResult> {
  const parsed = parse(EVENT_SPECS.attachmentCreated.schema, event, 'attachment');
  return parsed ? runEvent({ event: parsed, context, spec: EVENT_SPECS.attachmentCreated }) : undefined;
}
