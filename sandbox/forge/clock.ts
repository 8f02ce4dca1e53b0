/**
 * Emulator time: real time plus an offset that only grows. Queue delays, retry back-offs and
 * KVS TTLs are measured on this clock, so a test can jump forward (`advance`) instead of
 * sleeping, while a long-running `npm start` session still sees time pass normally.
 */
export interface EmulatorClock {
  /** Milliseconds since the epoch, never behind real time. */
  now(): number;
  /** Jump forward; negative values are refused because scheduled work must never run twice. */
  advance(ms: number): void;
  /** Jump forward to `epochMs` if it lies in the future (no-op otherwise). */
  advanceTo(epochMs: number): void;
  /** How far ahead of real time the clock currently runs. */
  offsetMs(): number;
}

export function createClock(): EmulatorClock {
  let offset = 0;
  const now = (): number => Date.now() + offset;
  return {
    now,
    advance(ms: number): void {
      if (!Number.isFinite(ms) || ms < 0)
        throw new RangeError(`clock.advance needs a non-negative number of ms, got ${ms}`);
      offset += ms;
    },
    advanceTo(epochMs: number): void {
      const delta = epochMs - now();
      if (delta > 0) offset += delta;
    },
    offsetMs: () => offset,
  };
}
