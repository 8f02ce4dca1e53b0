/**
 * Time passing for the app's own timestamps. The app measures back-off with the platform's
 * clock (Date.now()), which tests cannot move; a test that stands for "five minutes later"
 * (the next scheduled run) moves the stored times back instead: work marks' `nextAt`
 * (docs/sync-model.md § Durable work) and the retry list's `lastAt`.
 */
import type { Stack } from '../../sandbox/stack';
import { CURSOR_KEY, WORK_PREFIX } from '../../src/storage/keys';

export function elapse(stack: Stack, ms: number): void {
  const storage = stack.emulator.storage;
  for (const key of storage.keys(WORK_PREFIX)) {
    const mark = storage.get(key) as { nextAt?: number } | undefined;
    if (mark?.nextAt !== undefined) storage.set(key, { ...mark, nextAt: mark.nextAt - ms });
  }
  const cursor = storage.get(CURSOR_KEY) as
    { retry?: Record<string, { lastAt: string } & Record<string, unknown>> } | undefined;
  if (cursor?.retry && Object.keys(cursor.retry).length > 0) {
    const retry = Object.fromEntries(
      Object.entries(cursor.retry).map(([id, e]) => [
        id,
        { ...e, lastAt: new Date(Date.parse(e.lastAt) - ms).toISOString() },
      ]),
    );
    storage.set(CURSOR_KEY, { ...cursor, retry });
  }
}

/** The gap between two scheduled runs. */
export const FIVE_MINUTES_MS = 5 * 60_000;
