/**
 * Jira's burst limit: per second, per tenant, per endpoint and method
 * (`jira-burst-based`). Over the limit → 429 with `Retry-After` (seconds),
 * `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (ISO-8601)
 * and `RateLimit-Reason` [doc, api-contracts.md B11].
 */
import { JiraError } from './errors.js';

export function rateLimitError(retryAfterSeconds: number, limit: number, now: Date): JiraError {
  return new JiraError(
    429,
    ['Rate limit exceeded.'],
    {},
    {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': new Date(now.getTime() + retryAfterSeconds * 1000).toISOString(),
      'ratelimit-reason': 'jira-burst-based',
    },
  );
}

export class BurstLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly perSecond: number | undefined) {}

  /** Counts the request; returns the 429 to answer when the route's window is full. */
  check(routeId: string, now: Date): JiraError | null {
    if (this.perSecond === undefined || this.perSecond <= 0) return null;
    const t = now.getTime();
    const windowStart = t - (t % 1000);
    const current = this.windows.get(routeId);
    const window =
      current !== undefined && current.start === windowStart ? current : { start: windowStart, count: 0 };
    window.count += 1;
    this.windows.set(routeId, window);
    if (window.count <= this.perSecond) return null;
    return rateLimitError(1, this.perSecond, new Date(windowStart));
  }
}
