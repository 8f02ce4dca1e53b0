/**
 * Time budget of one sync invocation, from the Forge runtime's remaining time
 * (`getAppContext().invocationRemainingTimeInMillis()`, docs/contracts/forge-platform.md § Runtime globals).
 * Two thresholds: below `inlineFloorMs` the run stops processing tickets itself and only hands work to the
 * queue; below `stopFloorMs` it takes no new work at all and finishes its bookkeeping.
 * The defaults keep every invocation near half its limit (one ticket in flight may run
 * past it), so a slow Zendesk or Jira never pushes a run into Forge's hard timeout.
 */
import { getAppContext } from '@forge/api';

export interface Budget {
  remainingMs(): number;
  /** Still time to process another ticket inline. */
  canProcess(): boolean;
  /** Still time for cheap work: reading an export page, pushing to the queue, saving. */
  canContinue(): boolean;
  /** Milliseconds a client may spend sleeping on Retry-After in total. */
  readonly waitBudgetMs: number;
}

export interface BudgetShape {
  /** Fraction of the starting time kept back before inline processing stops (default 0.5). */
  inlineReserve?: number;
  /** Fraction kept back before any new work stops (default 0.45). */
  stopReserve?: number;
}

/** What a budget reads the clock from; the runtime in production. */
export type RemainingTime = () => number;

export function runtimeRemainingTime(): RemainingTime {
  try {
    const ctx = getAppContext();
    return () => ctx.invocationRemainingTimeInMillis();
  } catch {
    // Outside an invocation there is no limit to respect; keep runs short anyway.
    const end = Date.now() + 55_000;
    return () => Math.max(0, end - Date.now());
  }
}

export function createBudget(
  remaining: RemainingTime = runtimeRemainingTime(),
  shape: BudgetShape = {},
): Budget {
  const start = Math.max(0, remaining());
  const inlineFloorMs = start * (shape.inlineReserve ?? 0.5);
  const stopFloorMs = start * (shape.stopReserve ?? 0.45);
  return {
    remainingMs: () => Math.max(0, remaining()),
    canProcess: () => remaining() > inlineFloorMs,
    canContinue: () => remaining() > stopFloorMs,
    waitBudgetMs: Math.max(0, Math.min(60_000, Math.floor((start - inlineFloorMs) / 4))),
  };
}
