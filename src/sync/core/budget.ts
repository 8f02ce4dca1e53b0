/**
 * Time budget of one sync invocation, from the Forge runtime's remaining time
 * (`getAppContext().invocationRemainingTimeInMillis()`, docs/contracts/forge-platform.md § Runtime globals).
 * Two thresholds: below `inlineFloorMs` the run stops processing tickets itself and only hands work to the
 * queue; below `stopFloorMs` it takes no new work at all and finishes its bookkeeping.
 *
 * A ticket is started only when the longest one so far (from the check that let it start to its
 * end, its share of batched reads included) would still end above the inline floor, so the ticket
 * in flight does not carry the run past it. With the defaults (inline work up to 30 % of the
 * starting time, cheap work up to 35 %) every invocation ends near a third of its limit — the
 * target is ≤ 40 % — and a slow Zendesk or Jira never pushes a run into Forge's hard timeout.
 */
import { getAppContext } from '@forge/api';

export interface Budget {
  remainingMs(): number;
  /** Still time to process another ticket inline, keeping room for the longest one so far. */
  canProcess(): boolean;
  /** The ticket the last `canProcess()` let start has ended (its time feeds the estimate). */
  ticketDone(): void;
  /** Still time for cheap work: reading an export page, pushing to the queue, saving. */
  canContinue(): boolean;
  /** Milliseconds a client may spend sleeping on Retry-After in total. */
  readonly waitBudgetMs: number;
}

export interface BudgetShape {
  /** Fraction of the starting time kept back before inline processing stops (default 0.7). */
  inlineReserve?: number;
  /** Fraction kept back before any new work stops (default 0.65). */
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
  const inlineFloorMs = start * (shape.inlineReserve ?? 0.7);
  const stopFloorMs = start * (shape.stopReserve ?? 0.65);
  /** The longest ticket so far, and the remaining time when the last one was let start. */
  let longestTicketMs = 0;
  let startedAt: number | null = null;
  return {
    remainingMs: () => Math.max(0, remaining()),
    canProcess: () => {
      const now = remaining();
      if (now - longestTicketMs <= inlineFloorMs) return false;
      startedAt = now;
      return true;
    },
    ticketDone: () => {
      if (startedAt === null) return;
      longestTicketMs = Math.max(longestTicketMs, startedAt - remaining());
      startedAt = null;
    },
    canContinue: () => remaining() > stopFloorMs,
    waitBudgetMs: Math.max(0, Math.min(60_000, Math.floor((start - inlineFloorMs) / 4))),
  };
}
