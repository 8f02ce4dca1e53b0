/**
 * Runs the app's sync the way Forge would over time: the scheduled trigger every five minutes
 * (simulated), queue events when they are due, and nothing else. Time jumps instead of waiting:
 * when nothing is due, both clocks (emulator and Zendesk) move to the next due moment, so queue
 * delays and Zendesk rate-limit windows pass without real sleeping.
 */
import type { InvocationResult } from '../../sandbox/forge';
import type { ScheduledOutcome } from '../../src/sync/run/scheduler';
import type { BenchStack } from './stack';
import { CURSOR_KEY } from '../../src/storage/keys';

export const SCHEDULED_TRIGGER = 'zendesk-scheduled-sync';
export const FIVE_MINUTES = 5 * 60_000;

export interface InvocationStat {
  functionKey: string;
  status: InvocationResult['status'];
  durationMs: number;
  budgetMs: number;
  /** durationMs / budgetMs. */
  share: number;
  disposition: 'success' | 'retry' | 'failed';
  error?: string;
}

export interface SyncReport {
  invocations: InvocationStat[];
  scheduledRuns: number;
  workerRuns: number;
  /** The last scheduled run read the export to its end, the queue is empty and no ticket waits for a retry. */
  complete: boolean;
  /** Simulated time the sync took, from the first run to the last invocation's end. */
  simulatedMs: number;
  wallMs: number;
  outcomes: ScheduledOutcome[];
}

export interface DriveOptions {
  /** Give up after this many scheduled runs (the report then says complete: false). */
  maxScheduledRuns: number;
  /** Stop after one scheduled run and the queue work it caused (steady state, idle). */
  singleRun?: boolean;
}

function stat(
  result: InvocationResult,
  budgetMs: number,
  disposition: InvocationStat['disposition'],
): InvocationStat {
  const s: InvocationStat = {
    functionKey: result.functionKey,
    status: result.status,
    durationMs: result.durationMs,
    budgetMs,
    share: budgetMs > 0 ? result.durationMs / budgetMs : 0,
    disposition,
  };
  if (result.status !== 'ok') s.error = String((result as { error?: unknown }).error);
  return s;
}

/**
 * A full garbage collection before each scheduled run when the bench runs with `--expose-gc`
 * (`npm run bench` does). The process also holds both simulators' worlds (2–3 GB of heap at the
 * 100k backlog); a major collection of that heap stopped the app for 1–3 s inside whichever
 * invocation it fell in: the 100k backlog's longest invocation measured 54–65 % of its budget
 * with those pauses, 37.5 % without.
 * On Forge those worlds are other services' memory. Collections the app's own allocations cause
 * during an invocation still count.
 */
function collectSimulatorGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function retriesWaiting(bs: BenchStack): number {
  const cursor = bs.stack.emulator.storage.get(CURSOR_KEY) as
    { retry?: Record<string, { parked?: boolean }> } | undefined;
  return Object.values(cursor?.retry ?? {}).filter((e) => !e.parked).length;
}

/** Runs the scheduled trigger now and then every five simulated minutes, with queue work in between. */
export async function driveSync(bs: BenchStack, options: DriveOptions): Promise<SyncReport> {
  const emu = bs.stack.emulator;
  const started = Date.now();
  const simStart = emu.clock.now();
  const report: SyncReport = {
    invocations: [],
    scheduledRuns: 0,
    workerRuns: 0,
    complete: false,
    simulatedMs: 0,
    wallMs: 0,
    outcomes: [],
  };
  let nextScheduled = emu.clock.now();
  let last: ScheduledOutcome | null = null;

  const runScheduled = async (): Promise<void> => {
    collectSimulatorGarbage();
    const result = await emu.runScheduledTrigger(SCHEDULED_TRIGGER);
    report.scheduledRuns += 1;
    report.invocations.push(
      stat(result, bs.budgetsMs['scheduled-sync'] ?? 0, result.status === 'ok' ? 'success' : 'failed'),
    );
    if (result.status !== 'ok')
      throw new Error(
        `scheduled-sync ended with ${result.status}: ${String((result as { error?: unknown }).error)}`,
      );
    last = result.value as ScheduledOutcome;
    report.outcomes.push(last);
  };

  for (let guard = 0; guard < 1_000_000; guard++) {
    const now = emu.clock.now();
    const pending = emu.pendingDeliveries();
    if (pending.some((p) => p.dueAt <= now)) {
      const drained = await emu.drain({ advanceClock: false, maxDeliveries: 1_000_000 });
      for (const d of drained.deliveries) {
        report.workerRuns += 1;
        report.invocations.push(stat(d.result, bs.budgetsMs[d.result.functionKey] ?? 0, d.disposition));
      }
      continue;
    }
    const lastRun = last as ScheduledOutcome | null;
    const quiet =
      pending.length === 0 &&
      lastRun !== null &&
      lastRun.status === 'done' &&
      lastRun.caughtUp &&
      retriesWaiting(bs) === 0;
    if (quiet) {
      report.complete = true;
      break;
    }
    if (options.singleRun === true && lastRun !== null && pending.length === 0) break;
    const nextDue = pending.reduce((m, p) => Math.min(m, p.dueAt), Number.POSITIVE_INFINITY);
    const mayRunScheduled = report.scheduledRuns < options.maxScheduledRuns;
    if (!mayRunScheduled && pending.length === 0) break;
    if (mayRunScheduled && nextScheduled <= nextDue) {
      bs.advanceClocks(nextScheduled - now);
      await runScheduled();
      nextScheduled = Math.max(emu.clock.now(), nextScheduled + FIVE_MINUTES);
    } else {
      bs.advanceClocks(nextDue - now);
    }
  }
  report.simulatedMs = emu.clock.now() - simStart;
  report.wallMs = Date.now() - started;
  return report;
}

/** Lets the Jira simulator's setImmediate-scheduled events reach the emulator. */
async function flushImmediates(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export interface DrainedEvents {
  invocations: InvocationStat[];
  wallMs: number;
  /** Simulated time from the first delivery to the last (429 waits included). */
  simulatedMs: number;
}

/**
 * Runs every pending product-event and queue delivery, like `stack.settle()`, but moves the
 * Zendesk clock together with the emulator's when a redelivery is due later, so a handler that
 * asked to be retried after a Zendesk 429 meets a refilled rate-limit window, as on Forge.
 */
export async function drainEvents(bs: BenchStack, maxInvocations = 100_000): Promise<DrainedEvents> {
  const emu = bs.stack.emulator;
  const started = Date.now();
  const simStart = emu.clock.now();
  const invocations: InvocationStat[] = [];
  await flushImmediates();
  while (invocations.length < maxInvocations) {
    const pending = emu.pendingDeliveries();
    if (pending.length === 0) {
      await flushImmediates();
      if (emu.pendingDeliveries().length === 0) break;
      continue;
    }
    const now = emu.clock.now();
    const nextDue = pending.reduce((m, p) => Math.min(m, p.dueAt), Number.POSITIVE_INFINITY);
    if (nextDue > now) bs.advanceClocks(nextDue - now);
    const drained = await emu.drain({ advanceClock: false, maxDeliveries: maxInvocations });
    for (const d of drained.deliveries)
      invocations.push(stat(d.result, bs.budgetsMs[d.result.functionKey] ?? 0, d.disposition));
    await flushImmediates();
  }
  return { invocations, wallMs: Date.now() - started, simulatedMs: emu.clock.now() - simStart };
}
