/**
 * Writes an earlier invocation started (intent saved, state.ts `fromJira.pending`) and never
 * recorded, because its retries ran out or Forge gave up on it. Any later comment or
 * attachment event of the same issue finishes them. Each goes through the same once-only
 * steps as a first attempt, so one whose write did land is only recorded, not repeated.
 */
import { pushAttachment } from './attachmentCreated';
import { pushComment } from './commentCreated';
import { intentOf } from './intent';
import type { EventEnv, LinkTarget } from './env';

export async function finishAbandoned(
  target: LinkTarget,
  issue: { id: string; key: string },
  env: EventEnv,
): Promise<number> {
  const pending = (await target.state()).record.fromJira.pending;
  if (!pending) return 0;
  const now = Date.now();
  let finished = 0;
  if (target.item.features.commentSync) {
    for (const id of pending.comments) {
      if (intentOf(pending, 'comments', id, now) !== 'stale') continue;
      await pushComment(target, env, { issue, commentId: id, edit: false });
      finished += 1;
    }
  }
  if (target.item.features.attachmentSync) {
    for (const id of pending.attachments) {
      if (intentOf(pending, 'attachments', id, now) !== 'stale') continue;
      await pushAttachment(target, env, { issue, attachmentId: id });
      finished += 1;
    }
  }
  return finished;
}
