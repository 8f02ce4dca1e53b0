/**
 * Simulated time: real time plus an offset that only moves forward, so tests can jump past
 * rate-limit windows, the export's one-minute holdback or idempotency-key expiry without sleeping.
 */
export interface SimClock {
  /** Milliseconds since the epoch, as the simulated Zendesk sees it. */
  now(): number;
  /** Moves simulated time forward; negative values are refused because Zendesk time never runs backwards. */
  advance(ms: number): void;
}

export function createClock(initialOffsetMs = 0): SimClock {
  let offset = initialOffsetMs;
  return {
    now: () => Date.now() + offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`clock.advance needs a non-negative number of ms, got ${ms}`);
      offset += ms;
    },
  };
}

/** Zendesk writes timestamps as ISO-8601 UTC without fractions: "2026-11-25T12:00:00Z" (spec examples). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function unixSeconds(ms: number): number {
  return Math.floor(ms / 1000);
}
