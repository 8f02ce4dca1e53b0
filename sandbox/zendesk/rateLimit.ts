/**
 * Per-minute request budgets (docs/contracts/zendesk-api.md § Rate limits):
 * the account limit (700/min on Enterprise) reported on every response as X-Rate-Limit and
 * X-Rate-Limit-Remaining, and the incremental-export limit (10/min) reported in
 * `zendesk-ratelimit-incremental-exports: total=10; remaining=9; resets=2` [3p probe notes].
 * Windows are fixed minutes of simulated time, so clock.advance() refills them.
 */
import type { SimClock } from './clock';

export interface LimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the current window ends (at least 1). */
  resetSeconds: number;
}

export class MinuteLimiter {
  private windowStart = -1;
  private used = 0;

  constructor(
    private readonly clock: SimClock,
    public limit: number,
  ) {}

  private roll(): void {
    const start = Math.floor(this.clock.now() / 60_000) * 60_000;
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.used = 0;
    }
  }

  private resetSeconds(): number {
    return Math.max(1, Math.ceil((this.windowStart + 60_000 - this.clock.now()) / 1000));
  }

  /** Spends one request if the budget allows. */
  take(): LimitDecision {
    this.roll();
    if (this.used >= this.limit) {
      return { allowed: false, limit: this.limit, remaining: 0, resetSeconds: this.resetSeconds() };
    }
    this.used++;
    return {
      allowed: true,
      limit: this.limit,
      remaining: this.limit - this.used,
      resetSeconds: this.resetSeconds(),
    };
  }

  peek(): LimitDecision {
    this.roll();
    return {
      allowed: this.used < this.limit,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.used),
      resetSeconds: this.resetSeconds(),
    };
  }

  reset(): void {
    this.windowStart = -1;
    this.used = 0;
  }
}

/**
 * The account budget on every API response: X-Rate-Limit / X-Rate-Limit-Remaining [doc rate-limits
 * "Monitoring your request activity"] and the newer ratelimit-limit / ratelimit-remaining /
 * ratelimit-reset (seconds) trio that the doc's "Monitoring the request activity of Ticketing APIs"
 * section adds for the ticketing APIs [doc https://developer.zendesk.com/api-reference/introduction/rate-limits].
 */
export function accountHeaders(d: LimitDecision): Record<string, string> {
  return {
    'x-rate-limit': String(d.limit),
    'x-rate-limit-remaining': String(d.remaining),
    'ratelimit-limit': String(d.limit),
    'ratelimit-remaining': String(d.remaining),
    'ratelimit-reset': String(d.resetSeconds),
  };
}

/**
 * Update Ticket's own limits, on top of the account budget:
 * - 100 requests per minute per account [doc https://support.zendesk.com/hc/en-us/articles/8638126078234
 *   "the rate limit of the Update Ticket endpoint, which is 100 requests per minute per account"];
 * - 30 updates per 10 minutes per user per ticket [3p https://rate-limits.apis.io/rate-limits/zendesk/zendesk-rate-limits/,
 *   listed under "Endpoint rate limits" of the rate-limits doc; sliding window [unverified]]; off unless
 *   the simulator is started with `ticketUpdatesPerUserPerTicket`.
 */
export class TicketUpdateLimiter {
  readonly perMinute: MinuteLimiter;
  private readonly recent = new Map<string, number[]>();

  constructor(
    private readonly clock: SimClock,
    perMinute = 100,
    public perUserPerTicket = 30,
    public windowMs = 10 * 60_000,
  ) {
    this.perMinute = new MinuteLimiter(clock, perMinute);
  }

  /** Counts one update; the seconds to wait when it is over a limit, else null. */
  take(userId: number, ticketId: number): number | null {
    const now = this.clock.now();
    const key = `${userId}:${ticketId}`;
    const stamps = (this.recent.get(key) ?? []).filter((t) => t > now - this.windowMs);
    this.recent.set(key, stamps);
    const oldest = stamps[0];
    if (stamps.length >= this.perUserPerTicket && oldest !== undefined) {
      return Math.max(1, Math.ceil((oldest + this.windowMs - now) / 1000));
    }
    const minute = this.perMinute.take();
    if (!minute.allowed) return minute.resetSeconds;
    stamps.push(now);
    return null;
  }

  reset(): void {
    this.perMinute.reset();
    this.recent.clear();
  }
}

export function exportHeaders(d: LimitDecision): Record<string, string> {
  return {
    'zendesk-ratelimit-incremental-exports': `total=${d.limit}; remaining=${d.remaining}; resets=${d.resetSeconds}`,
  };
}

/**
 * Update Ticket's own budget, reported on its answers as
 * `Zendesk-RateLimit-tickets-update: total={number}; remaining={number}; resets={number}`
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#update-ticket, "Limits").
 * The per-user-per-ticket window is not reported here [unverified whether Zendesk reports it].
 */
export function ticketUpdateHeaders(d: LimitDecision): Record<string, string> {
  return {
    'zendesk-ratelimit-tickets-update': `total=${d.limit}; remaining=${d.remaining}; resets=${d.resetSeconds}`,
  };
}
