/**
 * A sync run's summary as the run log stores it, with nothing done yet: the start of every
 * run record the tests build (the admin page's fake backend, the sync log's storage tests).
 * It is the app's own empty summary (src/sync/core/runSummary.ts), so the fixtures follow the
 * record when it gains a counter.
 */
import type { SyncRunSummary } from '../../src/domain/rpc';
import { RunSummary } from '../../src/sync/core/runSummary';

export function emptyRun(
  runId: string,
  trigger: SyncRunSummary['trigger'],
  startedAt: string,
): SyncRunSummary {
  return new RunSummary(runId, trigger, startedAt).data;
}
