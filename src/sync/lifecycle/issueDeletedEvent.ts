/**
 * The `avi:jira:deleted:issue` trigger (manifest.yml `jira-issue-deleted`, `ignoreSelf` like
 * the other triggers): forgets every link of the deleted issue (issueDeleted.ts). A transient
 * failure asks Forge to deliver the event again (up to four times, as for the other Jira
 * events, toZendesk/failures.ts); the cleanup is idempotent, so a redelivery finishes it.
 */
import { InvocationErrorCode, type InvocationError } from '@forge/events';
import { z } from 'zod';
import { appendRun } from '../../storage/syncLog';
import { describeError } from '../../util/errors';
import { newId } from '../../util/ids';
import { openSyncContext } from '../core/context';
import { backoffSeconds, MAX_EVENT_RETRIES, retryLater } from '../toZendesk/failures';
import { retryContextSchema } from '../toZendesk/payloads';
import { licenseInactive } from '../core/license';
import { RunSummary } from '../core/runSummary';
import { forgetDeletedIssue } from './issueDeleted';
import { jiraEventIdSchema } from '../../domain/ids';

/** The issue as it was; only its id is needed (and the key, for the log). */
const issueDeletedEventSchema = z.object({
  eventType: z.literal('avi:jira:deleted:issue'),
  issue: z.object({
    id: jiraEventIdSchema,
    key: z.string().optional(),
  }),
  retryContext: retryContextSchema.optional(),
  retryCount: z.number().int().nonnegative().optional(),
});

/** `avi:jira:deleted:issue`. Returns an InvocationError to be delivered again after a transient failure. */
export async function onIssueDeleted(event: unknown, context: unknown): Promise<InvocationError | undefined> {
  const parsed = issueDeletedEventSchema.safeParse(event);
  if (!parsed.success) {
    console.warn('Zendesk Connector: ignored an issue deleted event that does not have the documented shape');
    return undefined;
  }
  if (licenseInactive(context)) return undefined;
  const { issue } = parsed.data;
  const retryCount = parsed.data.retryContext?.retryCount ?? parsed.data.retryCount ?? 0;
  const retry = (): InvocationError | undefined =>
    retryCount < MAX_EVENT_RETRIES
      ? retryLater(
          {
            retryAfterSeconds: backoffSeconds(retryCount),
            reason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
          },
          { issueId: issue.id },
        )
      : undefined;
  try {
    // A handful of requests that keep the links right: not held back by pacing.
    const ctx = await openSyncContext({ trigger: 'event', paced: false });
    const summary = ctx?.summary ?? new RunSummary(newId(), 'event');
    const res = await forgetDeletedIssue(issue.id, issue.key, ctx?.zendesk ?? null, summary);
    if (res.removed > 0 || res.pending.length > 0) await appendRun(summary.finish());
    // Not connected: the links registered in Zendesk stay until a later delivery or the
    // scheduled pass (404 on the issue) can remove their Zendesk side too.
    return res.pending.length > 0 && ctx ? retry() : undefined;
  } catch (error) {
    console.warn(
      `Zendesk Connector: the deleted issue ${issue.id} could not be cleaned up (attempt ${retryCount + 1}): ${describeError(error)}`,
    );
    const again = retry();
    if (again) return again;
    throw error;
  }
}
