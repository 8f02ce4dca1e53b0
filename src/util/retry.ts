/**
 * Shared pieces of the HTTP clients' retry policy: Retry-After parsing, bounded
 * exponential backoff and a wait budget so a client never sleeps past what its
 * caller (a 25 s resolver, a five-minute sync run) can afford.
 */

/**
 * Seconds to wait from a Retry-After header: either delta-seconds or an HTTP-date
 * (RFC 9110 §10.2.3). Returns null when absent or unparseable.
 */
export function parseRetryAfter(header: string | null, nowMs: number = Date.now()): number | null {
  if (header === null) return null;
  const trimmed = header.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed));
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** Exponential backoff with full jitter, capped: 250 ms, 500 ms, 1 s, 2 s … ≤ capMs. */
export function backoffMs(
  attempt: number,
  baseMs = 250,
  capMs = 4_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A pool of milliseconds a client may spend sleeping between retries. */
export class WaitBudget {
  private remaining: number;

  constructor(totalMs: number) {
    this.remaining = Math.max(0, totalMs);
  }

  get remainingMs(): number {
    return this.remaining;
  }

  /** Takes `ms` from the budget if it fits; false (and nothing taken) otherwise. */
  take(ms: number): boolean {
    if (ms > this.remaining) return false;
    this.remaining -= ms;
    return true;
  }
}

/** What the retry loop reads of an answer: its status, Retry-After, and a body it can drain. */
export interface RetryableResponse {
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}

export interface RetryPolicy {
  sleep: (ms: number) => Promise<void>;
  budget: WaitBudget;
  /** Attempts per request including the first. */
  maxAttempts: number;
}

export interface RetryRequest<R extends RetryableResponse> {
  /** One attempt; a throw counts as a transport failure. */
  attempt: () => Promise<R>;
  /** Whether a transport failure or 5xx may be repeated (a 429 always may: it was not processed). */
  retryable: boolean;
  /** For a transport failure that retrying cannot help: its error, thrown at once; else null. */
  permanent?: (error: unknown) => Error | null;
  /** The error for a transport failure that is not retried. */
  unreachable: (error: unknown) => Error;
  /** The error for a 429 that is not waited out, from the seconds to wait and the answer's body. */
  rateLimited: (retryAfterSeconds: number, body: string) => Error;
}

const RETRYABLE_5XX = new Set([500, 502, 503, 504]);

/**
 * One logical request under the clients' shared policy: 429 waits Retry-After (or backoff)
 * when it fits the budget, else throws `rateLimited`; transport failures and 500/502/503/504
 * are retried with backoff only when `retryable`. Any other answer is returned as is.
 */
export async function sendWithRetry<R extends RetryableResponse>(
  policy: RetryPolicy,
  request: RetryRequest<R>,
): Promise<R> {
  const { sleep, budget, maxAttempts } = policy;
  for (let attempt = 0; ; attempt++) {
    const last = attempt + 1 >= maxAttempts;
    let res: R;
    try {
      res = await request.attempt();
    } catch (error) {
      const permanent = request.permanent?.(error) ?? null;
      if (permanent !== null) throw permanent;
      const wait = backoffMs(attempt);
      if (request.retryable && !last && budget.take(wait)) {
        await sleep(wait);
        continue;
      }
      throw request.unreachable(error);
    }
    if (res.status === 429) {
      const retryAfter =
        parseRetryAfter(res.headers.get('retry-after')) ?? Math.ceil(backoffMs(attempt) / 1000);
      if (!last && budget.take(retryAfter * 1000)) {
        await res.text().catch(() => '');
        await sleep(retryAfter * 1000);
        continue;
      }
      throw request.rateLimited(retryAfter, await res.text().catch(() => ''));
    }
    if (RETRYABLE_5XX.has(res.status) && request.retryable && !last) {
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'));
      const wait = retryAfter !== null ? retryAfter * 1000 : backoffMs(attempt);
      if (budget.take(wait)) {
        await res.text().catch(() => '');
        await sleep(wait);
        continue;
      }
    }
    return res;
  }
}
