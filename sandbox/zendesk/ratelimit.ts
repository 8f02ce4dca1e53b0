/**
 * Per-minute request budgets (api-contracts A14, https://developer.zendesk.com/api-reference/introduction/rate-limits):
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

export function accountHeaders(d: LimitDecision): Record<string, string> {
  return { 'x-rate-limit': String(d.limit), 'x-rate-limit-remaining': String(d.remaining) };
}

export function exportHeaders(d: LimitDecision): Record<string, string> {
  return {
    'zendesk-ratelimit-incremental-exports': `total=${d.limit}; remaining=${d.remaining}; resets=${d.resetSeconds}`,
  };
}
