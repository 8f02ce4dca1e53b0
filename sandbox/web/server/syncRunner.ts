/**
 * Runs what Forge runs on its own: the scheduled trigger (every five minutes, plus "Run sync
 * now") and the delivery of pending work — Jira product events to the trigger handlers and
 * queue events to the consumer — in a loop. One thing runs at a time, so a manual run never
 * overlaps a delivery batch and every run's log entry is complete.
 */
import type { ForgeEmulator, InvocationResult } from '../../forge';
import type { HostRun, SyncRunResponse } from '../protocol';

export interface SyncRunnerOptions {
  emulator: ForgeEmulator;
  /** The manifest's scheduledTrigger key (default: the first one). */
  triggerKey?: string;
  /** Run the scheduled trigger this often (default: never, only on demand). */
  scheduleEveryMs?: number | false;
  /** Look for due deliveries this often (default 400 ms; false: only after runs). */
  deliverEveryMs?: number | false;
  /** How many host runs to remember for the Activity view (default 50). */
  historySize?: number;
}

export interface SyncRunner {
  readonly intervalSeconds: number;
  runNow(kind?: 'manual' | 'scheduled'): Promise<SyncRunResponse>;
  /** Delivers everything due now; resolves when done. */
  deliverDue(): Promise<number>;
  history(): HostRun[];
  lastRun(): HostRun | null;
  running(): boolean;
  /** Stops the timers and waits for the run in progress. */
  stop(): Promise<void>;
}

function describeFailure(result: InvocationResult): string {
  if (result.status === 'ok') return '';
  const error = result.error;
  return `${result.status}: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * A readable line from whatever the scheduled handler returned (the app reports its outcome,
 * e.g. `{status, processed, queued, pages, caughtUp}`): its plain fields, in order.
 */
export function describeValue(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const parts = Object.entries(value)
    .filter(([, field]) => ['string', 'number', 'boolean'].includes(typeof field))
    .slice(0, 8)
    .map(([name, field]) => `${name} ${String(field)}`);
  return parts.length > 0 ? parts.join(', ') : undefined;
}

export function createSyncRunner(options: SyncRunnerOptions): SyncRunner {
  const { emulator } = options;
  const trigger = options.triggerKey ?? emulator.manifest.scheduledTriggers[0]?.key;
  if (!trigger) throw new Error('manifest.yml declares no scheduledTrigger to run');
  const historySize = options.historySize ?? 50;
  const runs: HostRun[] = [];
  let busy = false;
  let stopped = false;
  let chain: Promise<unknown> = Promise.resolve();

  const record = (run: HostRun) => {
    runs.unshift(run);
    runs.length = Math.min(runs.length, historySize);
  };

  /** Serialises all emulator work the host starts. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(async () => {
      busy = true;
      try {
        return await work();
      } finally {
        busy = false;
      }
    });
    chain = next.catch(() => undefined);
    return next;
  };

  const drainDue = async (): Promise<{ delivered: number; failures: string[] }> => {
    // Delayed retries wait for their time on the (real-time) emulator clock rather than jumping it.
    const report = await emulator.drain({ advanceClock: false });
    const failures = report.deliveries
      .filter((d) => d.disposition !== 'success')
      .map(
        (d) =>
          `${d.result.functionKey} ${d.disposition}${d.result.status === 'ok' ? '' : ` (${describeFailure(d.result)})`}`,
      );
    return { delivered: report.deliveries.length, failures };
  };

  const deliverDue = () =>
    exclusive(async () => {
      const startedAt = new Date().toISOString();
      try {
        const { delivered, failures } = await drainDue();
        if (delivered > 0) {
          record({
            kind: 'events',
            startedAt,
            finishedAt: new Date().toISOString(),
            ok: failures.length === 0,
            message: `${delivered} deliveries${failures.length > 0 ? `; ${failures.join('; ')}` : ''}`,
          });
        }
        return delivered;
      } catch (error) {
        record({
          kind: 'events',
          startedAt,
          finishedAt: new Date().toISOString(),
          ok: false,
          message: String(error),
        });
        return 0;
      }
    });

  const runNow = (kind: 'manual' | 'scheduled' = 'manual') =>
    exclusive(async (): Promise<SyncRunResponse> => {
      const startedAt = new Date().toISOString();
      let ok = false;
      let message: string;
      let delivered = 0;
      try {
        const result = await emulator.runScheduledTrigger(trigger);
        ok = result.status === 'ok';
        message =
          result.status === 'ok'
            ? (describeValue(result.value) ?? `done in ${result.durationMs} ms`)
            : describeFailure(result);
        // Work the run handed to the queue is part of the run as far as the person watching is concerned.
        const drained = await drainDue();
        delivered = drained.delivered;
        if (drained.failures.length > 0) {
          ok = false;
          message = `${message}; ${drained.failures.join('; ')}`;
        }
      } catch (error) {
        message = error instanceof Error ? error.message : String(error);
      }
      const finishedAt = new Date().toISOString();
      record({ kind, startedAt, finishedAt, ok, message });
      return { ok, startedAt, finishedAt, message, delivered };
    });

  const timers: NodeJS.Timeout[] = [];
  if (options.scheduleEveryMs) {
    timers.push(
      setInterval(() => {
        if (!stopped) void runNow('scheduled');
      }, options.scheduleEveryMs),
    );
  }
  const deliverEvery = options.deliverEveryMs ?? 400;
  if (deliverEvery) {
    timers.push(
      setInterval(() => {
        if (stopped || busy) return;
        const now = emulator.clock.now();
        if (emulator.pendingDeliveries().some((d) => d.dueAt <= now)) void deliverDue();
      }, deliverEvery),
    );
  }
  timers.forEach((timer) => timer.unref());

  return {
    intervalSeconds: options.scheduleEveryMs ? Math.round(options.scheduleEveryMs / 1000) : 0,
    runNow,
    deliverDue,
    history: () => [...runs],
    lastRun: () => runs.find((run) => run.kind !== 'events') ?? null,
    running: () => busy,
    async stop() {
      stopped = true;
      timers.forEach((timer) => clearInterval(timer));
      await chain;
    },
  };
}
