/**
 * A sync run's summary as the run log stores it, with nothing done yet: the start of every
 * run record the tests build (the admin page's fake backend, the sync log's storage tests).
 */
import type { SyncRunSummary } from '../../src/domain/rpc';

export function emptyRun(
  runId: string,
  trigger: SyncRunSummary['trigger'],
  startedAt: string,
): SyncRunSummary {
  return {
    runId,
    trigger,
    startedAt,
    ticketsSeen: 0,
    issuesCreated: 0,
    fieldsApplied: 0,
    statusesApplied: 0,
    commentsCopied: 0,
    attachmentsCopied: 0,
    skipped: 0,
    limitations: 0,
    errors: [],
  };
}
