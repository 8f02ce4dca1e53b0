/**
 * Jira Cloud's three independent rate limits [doc https://developer.atlassian.com/cloud/jira/platform/rate-limiting/,
 * https://developer.atlassian.com/cloud/jira/platform/build-an-app-that-respects-rate-limits/]:
 * - points-based hourly quota for app traffic (Forge, Connect, OAuth; API-token traffic is exempt):
 *   "Each request starts with a base cost of 1 point, and additional points are added for each
 *   object involved. Write requests are charged only the base cost". The Tier 1 global pool is
 *   65,000 points per hour [doc, same page; the figure as quoted by Atlassian's announcement
 *   https://www.atlassian.com/blog/platform/evolving-api-rate-limits]; `RateLimit-Reason:
 *   jira-quota-global-based`, reset at the top of the hour (a real 429 showed
 *   `X-RateLimit-Reset: 2026-06-05T06:00Z` [3p https://community.atlassian.com/forums/Jira-questions/Cost-based-rate-limit-prevents-enterprise-IAM-bulk-provisioning/qaq-p/3244651]);
 * - burst: per second, per tenant, per endpoint and method (`jira-burst-based`); Atlassian
 *   publishes no figure, so it is off unless a test sets one;
 * - per-issue writes (`jira-per-issue-on-write`): 20 writes per 2 s and 100 per 30 s to one
 *   issue [unverified figures]. Off unless asked for: this simulator runs on the wall clock while
 *   the test harness compresses time, so real-time windows would punish the harness, not the app.
 * Over a limit → 429 with `Retry-After` (seconds), `X-RateLimit-Limit`, `X-RateLimit-Remaining`,
 * `X-RateLimit-Reset` (ISO-8601) and `RateLimit-Reason`.
 */
import { JiraError } from './errors.js';

export type RateLimitReason = 'jira-quota-global-based' | 'jira-burst-based' | 'jira-per-issue-on-write';

export interface JiraRateLimitOptions {
  /** App points per hour; false turns the quota off. Default 65,000. */
  pointsPerHour?: number | false;
  /** Requests per second per endpoint and method; off when absent. */
  burstPerSecond?: number;
  /** [count, windowMs] write limits per issue; off when absent or false (DEFAULT_PER_ISSUE_WRITES are Jira's). */
  perIssueWrites?: [number, number][] | false;
  /**
   * The clock the quota's hour and the windows count on; the simulator's own (wall) clock when
   * absent. A harness that compresses time passes its simulated clock, or an hour of quota would
   * last an hour of real time and its Retry-After would be real minutes.
   */
  clock?: () => Date;
}

export const DEFAULT_POINTS_PER_HOUR = 65_000;
export const DEFAULT_PER_ISSUE_WRITES: [number, number][] = [
  [20, 2_000],
  [100, 30_000],
];

export function rateLimitError(
  retryAfterSeconds: number,
  limit: number,
  now: Date,
  reason: RateLimitReason = 'jira-burst-based',
): JiraError {
  return new JiraError(
    429,
    ['Rate limit exceeded.'],
    {},
    {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-limit': String(limit),
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset': new Date(now.getTime() + retryAfterSeconds * 1000).toISOString(),
      'ratelimit-reason': reason,
    },
  );
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'DELETE']);
/** POST operations that only read (their bodies carry the query), charged as reads. */
const READ_POSTS = new Set([
  'POST /rest/api/3/search/jql',
  'POST /rest/api/3/search/approximate-count',
  'POST /rest/api/3/issue/bulkfetch',
  'POST /rest/api/3/changelog/bulkfetch',
]);

function isWrite(facts: RequestFacts): boolean {
  return WRITE_METHODS.has(facts.method) && !READ_POSTS.has(facts.routeId);
}
const HOUR = 3_600_000;

/** Objects a read returned: the longest top-level list of a page, the items of an array, else one. */
export function objectsReturned(json: unknown): number {
  if (Array.isArray(json)) return json.length;
  if (typeof json !== 'object' || json === null) return 0;
  const lists = Object.values(json).filter((v): v is unknown[] => Array.isArray(v));
  return lists.length === 0 ? 1 : Math.max(...lists.map((l) => l.length));
}

export interface RequestFacts {
  routeId: string;
  method: string;
  /** API-token (Basic) traffic is outside the points quota. */
  appTraffic: boolean;
  /** The issue a write targets, when the route names one. */
  issueId: string | null;
}

export class JiraRateLimits {
  readonly pointsPerHour: number | false;
  private readonly burstPerSecond: number | undefined;
  private readonly perIssueWrites: [number, number][];
  private hour = -1;
  private spent = 0;
  private readonly bursts = new Map<string, { start: number; count: number }>();
  private readonly writes = new Map<string, number[]>();
  /** The time limits count on, when a harness gave its own clock (see JiraRateLimitOptions.clock). */
  readonly clock: (() => Date) | undefined;

  constructor(options: JiraRateLimitOptions = {}) {
    this.clock = options.clock;
    this.pointsPerHour = options.pointsPerHour ?? DEFAULT_POINTS_PER_HOUR;
    this.burstPerSecond = options.burstPerSecond;
    this.perIssueWrites = options.perIssueWrites === false ? [] : (options.perIssueWrites ?? []);
  }

  private roll(t: number): void {
    const hour = t - (t % HOUR);
    if (hour !== this.hour) {
      this.hour = hour;
      this.spent = 0;
    }
  }

  /** The 429 to answer before running the request, or null. Counts the request toward burst and write limits. */
  admit(facts: RequestFacts, now: Date): JiraError | null {
    const t = now.getTime();
    if (facts.appTraffic && this.pointsPerHour !== false) {
      this.roll(t);
      if (this.spent >= this.pointsPerHour) {
        const wait = Math.max(1, Math.ceil((this.hour + HOUR - t) / 1000));
        return rateLimitError(wait, this.pointsPerHour, now, 'jira-quota-global-based');
      }
    }
    if (this.burstPerSecond !== undefined && this.burstPerSecond > 0) {
      const start = t - (t % 1000);
      const current = this.bursts.get(facts.routeId);
      const window = current !== undefined && current.start === start ? current : { start, count: 0 };
      window.count += 1;
      this.bursts.set(facts.routeId, window);
      if (window.count > this.burstPerSecond) return rateLimitError(1, this.burstPerSecond, new Date(start));
    }
    if (facts.issueId !== null && isWrite(facts) && this.perIssueWrites.length > 0) {
      const longest = Math.max(...this.perIssueWrites.map(([, ms]) => ms));
      const stamps = (this.writes.get(facts.issueId) ?? []).filter((s) => s > t - longest);
      this.writes.set(facts.issueId, stamps);
      for (const [count, ms] of this.perIssueWrites) {
        const inWindow = stamps.filter((s) => s > t - ms);
        const oldest = inWindow[0];
        if (inWindow.length >= count && oldest !== undefined) {
          const wait = Math.max(1, Math.ceil((oldest + ms - t) / 1000));
          return rateLimitError(wait, count, now, 'jira-per-issue-on-write');
        }
      }
      stamps.push(t);
    }
    return null;
  }

  /** Charges an answered request and gives the quota headers for its response. */
  charge(facts: RequestFacts, status: number, json: unknown, now: Date): Record<string, string> {
    if (!facts.appTraffic || this.pointsPerHour === false) return {};
    this.roll(now.getTime());
    if (status < 400) {
      this.spent += isWrite(facts) ? 1 : 1 + objectsReturned(json);
    }
    const remaining = Math.max(0, this.pointsPerHour - this.spent);
    const headers: Record<string, string> = {
      'x-ratelimit-limit': String(this.pointsPerHour),
      'x-ratelimit-remaining': String(remaining),
    };
    // [unverified threshold] the doc names X-RateLimit-NearLimit for "less than 20% remaining".
    if (remaining < this.pointsPerHour * 0.2) headers['x-ratelimit-nearlimit'] = 'true';
    return headers;
  }

  /** Points spent in the current hour (for tests and the bench). */
  pointsSpent(now: Date): number {
    this.roll(now.getTime());
    return this.spent;
  }
}
