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
