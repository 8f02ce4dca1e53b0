/**
 * Pacing of background Zendesk work from Zendesk's own rate-limit headers, so the app leaves
 * at least half of the account's budget to the agents (docs/sync-model.md § Pacing).
 *
 * Every Zendesk answer reports the account budget of the current window: `ratelimit-limit`,
 * `ratelimit-remaining`, `ratelimit-reset` (seconds) on the ticketing APIs, and `X-Rate-Limit`
 * / `X-Rate-Limit-Remaining` everywhere
 * (https://developer.zendesk.com/api-reference/introduction/rate-limits/, "Monitoring your
 * request activity"). Update Ticket has a budget of its own, reported as
 * `Zendesk-RateLimit-tickets-update: total=…; remaining=…; resets=…`
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket, "Limits").
 *
 * A background request (scheduled run, queue batch, drain, Jira event) is not sent while the
 * last answer showed less than half of a budget left in its window: the client throws
 * ZendeskPacedError instead, a ZendeskRateLimitedError whose wait is the rest of the window, so
 * every caller's existing rate-limit path applies (the run queues the rest with that delay, an
 * event handler keeps its work mark and asks Forge to deliver it again) — nobody sleeps past
 * its budget. Panel requests are never held back.
 *
 * What was seen is kept per Zendesk account in the module, so warm invocations of the same
 * function container share it; a cold one starts unknowing and learns from its first answer.
 *
 * An answer only counts the requests Zendesk had received when it answered, so the gauge also
 * counts the requests it let go that have no answer yet (per bucket, for the whole container):
 * each answer's `remaining` is lowered by those still in flight. Without that, overlapping
 * invocations (a queue batch and Jira events) would each pass on an answer that predates the
 * others' requests.
 */
import { ZendeskRateLimitedError } from './errors';

export type Bucket = 'account' | 'ticketUpdates';

/**
 * The part of each budget background work may use: half of the account's plan, which agents
 * and other integrations share; nine tenths of Update Ticket's own budget, which only API
 * ticket updates spend (a tenth stays for other integrations).
 */
export const BACKGROUND_SHARE: Record<Bucket, number> = { account: 0.5, ticketUpdates: 0.9 };

/**
 * Requests of each share kept back for the one request an unknowing gauge sends blind: a
 * scheduled run forgets what was seen before the previous run began (minutes old; on Forge it may
 * also run in another container than the queue worker), so its first request may go before it
 * knows the window.
 */
const BLIND_RESERVE = 1;

/** Without a reset time in the answer, a window is assumed to last this long. */
const DEFAULT_WINDOW_MS = 60_000;

interface Window {
  limit: number;
  remaining: number;
  resetAtMs: number;
  observedAtMs: number;
}

/** Thrown instead of sending a background request over its share: wait `retryAfterSeconds`. */
export class ZendeskPacedError extends ZendeskRateLimitedError {
  constructor(retryAfterSeconds: number, bucket: Bucket) {
    super(
      retryAfterSeconds,
      `Zendesk work paused for ${retryAfterSeconds} s: the app keeps to half of the ${bucket === 'account' ? "account's API" : 'ticket update'} budget`,
      429,
      'PACED',
    );
    this.name = 'ZendeskPacedError';
  }
}

function int(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value.trim());
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : null;
}

/** `total=100; remaining=99; resets=41` → its numbers. */
function parseBudgetHeader(
  value: string | null,
): { total: number; remaining: number; resets: number } | null {
  if (value === null) return null;
  const parts = new Map(
    value.split(';').map((p) => {
      const [k, v] = p.split('=');
      return [(k ?? '').trim().toLowerCase(), int(v ?? null)] as const;
    }),
  );
  const total = parts.get('total');
  const remaining = parts.get('remaining');
  const resets = parts.get('resets');
  if (total == null || remaining == null) return null;
  return { total, remaining, resets: resets ?? DEFAULT_WINDOW_MS / 1000 };
}

/** What the answers of one Zendesk account said about its budgets. */
export class RateGauge {
  private readonly windows = new Map<Bucket, Window>();
  /** Requests let go (holdSeconds with spend) whose answer has not been read yet, per bucket. */
  private readonly inFlight = new Map<Bucket, number>();
  /** When the last scheduled run of this container began (app time); null before the first. */
  private lastScheduledRunMs: number | null = null;

  /**
   * Reads an answer's headers (any status, 429 included). `spent`: the buckets this request was
   * counted in when it was let go (holdSeconds), now answered.
   */
  observe(headers: { get(name: string): string | null }, nowMs: number, spent: readonly Bucket[] = []): void {
    this.settle(spent);
    const limit = int(headers.get('ratelimit-limit')) ?? int(headers.get('x-rate-limit'));
    const remaining = int(headers.get('ratelimit-remaining')) ?? int(headers.get('x-rate-limit-remaining'));
    if (limit !== null && remaining !== null && limit > 0) {
      const reset = int(headers.get('ratelimit-reset'));
      this.windows.set('account', {
        limit,
        remaining: remaining - this.pending('account'),
        resetAtMs: nowMs + (reset !== null ? reset * 1000 : DEFAULT_WINDOW_MS),
        observedAtMs: nowMs,
      });
    }
    const updates = parseBudgetHeader(headers.get('zendesk-ratelimit-tickets-update'));
    if (updates && updates.total > 0) {
      this.windows.set('ticketUpdates', {
        limit: updates.total,
        remaining: updates.remaining - this.pending('ticketUpdates'),
        resetAtMs: nowMs + updates.resets * 1000,
        observedAtMs: nowMs,
      });
    }
  }

  /** A request let go ended without an answer to read (no connection): no longer in flight. */
  settle(spent: readonly Bucket[]): void {
    for (const bucket of spent) this.inFlight.set(bucket, Math.max(0, this.pending(bucket) - 1));
  }

  private pending(bucket: Bucket): number {
    return this.inFlight.get(bucket) ?? 0;
  }

  /**
   * Forgets the windows seen up to `observedUntilMs` (all when omitted): the platform itself
   * waited them out (see createSyncContext). What other invocations saw since stays.
   */
  forget(observedUntilMs?: number): void {
    for (const [bucket, w] of this.windows)
      if (observedUntilMs === undefined || w.observedAtMs <= observedUntilMs) this.windows.delete(bucket);
  }

  /**
   * A scheduled run begins. What was seen before the previous scheduled run began is over: the
   * trigger comes five minutes apart on the platform's clock, which the app's own may not follow
   * in the sandbox. What was seen since is kept: it may be the window still running when two
   * runs begin in one window (a run delivered twice, or one started late right before the next),
   * and forgetting it let each run spend one request blind, one more than BLIND_RESERVE keeps
   * (the 100k backlog peaked at 351 of the 700 plan). The first run of a container forgets all.
   */
  scheduledRunBegins(nowMs: number): void {
    this.forget(this.lastScheduledRunMs ?? undefined);
    this.lastScheduledRunMs = nowMs;
  }

  /**
   * Null when a background request may go now; else the seconds until the bucket's window
   * ends. One request is counted as spent when allowed, so back-to-back requests of one
   * invocation do not all pass on the same stale answer, and as in flight until `observe` or
   * `settle` hears that it ended (the caller tells one of them).
   */
  holdSeconds(buckets: readonly Bucket[], nowMs: number, spend = true): number | null {
    let hold: number | null = null;
    for (const bucket of buckets) {
      const w = this.windows.get(bucket);
      if (!w || w.resetAtMs <= nowMs) continue;
      if (w.remaining - 1 < w.limit * (1 - BACKGROUND_SHARE[bucket]) + BLIND_RESERVE) {
        const seconds = Math.max(1, Math.ceil((w.resetAtMs - nowMs) / 1000));
        hold = Math.max(hold ?? 0, seconds);
      }
    }
    if (hold !== null || !spend) return hold;
    for (const bucket of buckets) {
      const w = this.windows.get(bucket);
      if (w && w.resetAtMs > nowMs) w.remaining -= 1;
      this.inFlight.set(bucket, this.pending(bucket) + 1);
    }
    return null;
  }
}

const gauges = new Map<string, RateGauge>();

/** The gauge of one Zendesk account (by subdomain), shared by the clients of this container. */
export function gaugeFor(subdomain: string): RateGauge {
  let gauge = gauges.get(subdomain);
  if (!gauge) {
    gauge = new RateGauge();
    gauges.set(subdomain, gauge);
  }
  return gauge;
}

/** Tests start from a container that has seen nothing. */
export function forgetGauges(): void {
  gauges.clear();
}
