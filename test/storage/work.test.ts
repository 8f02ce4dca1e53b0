// src/storage/work.ts (durable per-link work marks, the write-ahead record of both directions)
// through the real @forge/kvs against the Forge emulator loaded with the app's manifest.
import { describe, expect, it, vi } from 'vitest';
import { useStorageEmulator } from './emulator';
import { KVS_BATCH_MAX } from '../../src/storage/batch';
import { PENDING_FLAG_KEY, WORK_PREFIX, workKey } from '../../src/storage/keys';
import {
  clearPendingFlag,
  completeWork,
  deferWork,
  getWork,
  isDue,
  listAllWork,
  listLinkWork,
  makeWorkDue,
  newWorkMark,
  nextAttemptAt,
  recordWork,
  setPendingFlag,
  WORK_BACKOFF_MAX_MS,
  type WorkEntry,
  type WorkMark,
  type WorkToRecord,
} from '../../src/storage/work';

const emu = useStorageEmulator();

const T0 = Date.parse('2026-12-06T12:00:00Z');
const MIN = 60_000;

const mark = (extra: Partial<WorkMark> = {}): WorkMark => ({
  v: 1,
  at: '2026-12-06T12:00:00.000Z',
  attempts: 0,
  ...extra,
});

const toZendesk = (source: string, issueId = '10001', extra: Partial<WorkMark> = {}): WorkToRecord => ({
  itemId: 'item-1',
  issueId,
  direction: 'toZendesk',
  source,
  mark: mark(extra),
});

/** The KVS calls of one operation kind since the last clearCalls(). */
const callsOf = (method: string) => emu.calls.filter((c) => c.kind === 'kvs' && c.method === method);

describe('newWorkMark', () => {
  it('starts a fresh need: version 1, recorded now, no attempts, carrying what to replay', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    expect(newWorkMark()).toEqual({ v: 1, at: '2026-12-06T12:00:00.000Z', attempts: 0 });
    expect(newWorkMark({ ticketId: '42' })).toEqual({
      v: 1,
      at: '2026-12-06T12:00:00.000Z',
      attempts: 0,
      ticketId: '42',
    });
  });
});

describe('recordWork', () => {
  it('stores each mark under its work key and sets the pending flag in the same batch call', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    const keys = await recordWork([
      toZendesk('comment-7', '10001', { event: { kind: 'comment', id: '7' } }),
      {
        itemId: 'item-1',
        issueId: '10002',
        direction: 'toJira',
        source: 'ticket-42',
        mark: mark({ ticketId: '42' }),
      },
    ]);
    expect(keys).toEqual([
      workKey('item-1', '10001', 'toZendesk', 'comment-7'),
      workKey('item-1', '10002', 'toJira', 'ticket-42'),
    ]);
    expect(emu.storage.get(keys[0]!)).toEqual(mark({ event: { kind: 'comment', id: '7' } }));
    expect(emu.storage.get(keys[1]!)).toEqual(mark({ ticketId: '42' }));
    expect(emu.storage.get(PENDING_FLAG_KEY)).toEqual({ at: '2026-12-06T12:00:00.000Z' });
    const sets = callsOf('batchSet');
    expect(sets).toHaveLength(1);
    expect(sets[0]!.target).toContain(PENDING_FLAG_KEY);
    expect(emu.calls.filter((c) => c.kind === 'kvs' && c.write)).toHaveLength(1);
  });

  it('records the same need again over the old mark (one key per link, direction and source)', async () => {
    await recordWork([toZendesk('comment-7', '10001', { attempts: 3, lastError: 'Zendesk 503' })]);
    await recordWork([toZendesk('comment-7')]);
    expect(emu.storage.keys(WORK_PREFIX)).toHaveLength(1);
    expect(emu.storage.get(workKey('item-1', '10001', 'toZendesk', 'comment-7'))).toEqual(mark());
  });

  it('splits many marks into batch calls within the platform limit, the flag in every one', async () => {
    // KVS_BATCH_MAX - 1 marks + the flag per call: three calls.
    const count = 2 * (KVS_BATCH_MAX - 1) + 1;
    const work = Array.from({ length: count }, (_, i) => toZendesk(`c${i}`));
    const keys = await recordWork(work);
    expect(keys).toHaveLength(count);
    expect(emu.storage.keys(WORK_PREFIX)).toHaveLength(count);
    const sets = callsOf('batchSet');
    expect(sets).toHaveLength(3);
    for (const call of sets) expect(call.target).toContain(PENDING_FLAG_KEY);
  });

  it('refuses a mark that does not match the schema before writing anything', async () => {
    await expect(recordWork([toZendesk('c1', '10001', { attempts: -1 })])).rejects.toThrow();
    expect(emu.storage.keys()).toEqual([]);
    expect(emu.calls.filter((c) => c.kind === 'kvs')).toHaveLength(0);
  });

  it('fails loudly when the platform refuses a mark, so the source does not acknowledge', async () => {
    // A value above the 240 KiB limit is refused per key (failedKeys), not by the whole call.
    const huge = toZendesk('c1', '10001', { ticketId: 'x'.repeat(250 * 1024) });
    await expect(recordWork([toZendesk('c0'), huge])).rejects.toThrow(
      `Could not record pending work ${workKey('item-1', '10001', 'toZendesk', 'c1')}`,
    );
  });
});

describe('getWork', () => {
  it('returns the marks still there with their key parts, leaving out delivered and unreadable ones', async () => {
    const [a, b, gone] = await recordWork([
      toZendesk('c1'),
      {
        itemId: 'item-2',
        issueId: '10009',
        direction: 'toJira',
        source: 't-5',
        mark: mark({ ticketId: '5' }),
      },
      toZendesk('c2'),
    ]);
    await completeWork([gone!]);
    const corrupt = workKey('item-1', '10001', 'toZendesk', 'c3');
    emu.storage.set(corrupt, { v: 2, at: 'x', attempts: 0 });
    // A readable mark under a key that is not a work key is not work.
    emu.storage.set('notwork:item-1:10001:toZendesk:c4', mark());
    const entries = await getWork([a!, b!, gone!, corrupt, 'notwork:item-1:10001:toZendesk:c4']);
    expect(entries).toEqual([
      { key: a, itemId: 'item-1', issueId: '10001', direction: 'toZendesk', source: 'c1', mark: mark() },
      {
        key: b,
        itemId: 'item-2',
        issueId: '10009',
        direction: 'toJira',
        source: 't-5',
        mark: mark({ ticketId: '5' }),
      },
    ]);
  });

  it('reads more keys than one batch call takes', async () => {
    const keys = await recordWork(
      Array.from({ length: 2 * KVS_BATCH_MAX + 1 }, (_, i) => toZendesk(`c${i}`)),
    );
    emu.clearCalls();
    const entries = await getWork(keys);
    expect(entries.map((e) => e.key)).toEqual(keys);
    expect(callsOf('batchGet')).toHaveLength(3);
  });

  it('makes no call for no keys', async () => {
    expect(await getWork([])).toEqual([]);
    expect(emu.calls).toHaveLength(0);
  });
});

describe('listing', () => {
  it('listLinkWork: the work of one link only', async () => {
    await recordWork([toZendesk('c1', '10001'), toZendesk('c2', '10002'), toZendesk('c3', '100011')]);
    const entries = await listLinkWork('item-1', '10001');
    expect(entries.map((e) => e.source)).toEqual(['c1']);
    expect(entries[0]).toMatchObject({ itemId: 'item-1', issueId: '10001', direction: 'toZendesk' });
  });

  it('listAllWork: every link, unreadable marks named, an incomplete listing said so', async () => {
    await recordWork(Array.from({ length: 25 }, (_, i) => toZendesk(`c${String(i).padStart(2, '0')}`)));
    const corrupt = workKey('item-1', '10001', 'toZendesk', 'zz');
    emu.storage.set(corrupt, { nonsense: true });
    const all = await listAllWork();
    expect(all.entries).toHaveLength(25);
    expect(all.complete).toBe(true);
    expect(all.unreadable).toEqual([corrupt]);
    const first = await listAllWork({ maxPages: 1 });
    expect(first.entries).toHaveLength(20);
    expect(first.complete).toBe(false);
  });
});

describe('completeWork', () => {
  it('deletes exactly the marks it was given, in batches', async () => {
    const keys = await recordWork(Array.from({ length: 30 }, (_, i) => toZendesk(`c${i}`)));
    const later = await recordWork([toZendesk('recorded-while-working')]);
    emu.clearCalls();
    await completeWork(keys);
    expect(emu.storage.keys(WORK_PREFIX)).toEqual(later);
    expect(callsOf('batchDelete')).toHaveLength(2);
  });
});

describe('back-off', () => {
  it('waits 1, 2, 4 … minutes after the n-th failure, capped at 30 minutes, never giving up', () => {
    expect(nextAttemptAt(0, T0)).toBe(T0 + MIN);
    expect(nextAttemptAt(1, T0)).toBe(T0 + MIN);
    expect(nextAttemptAt(2, T0)).toBe(T0 + 2 * MIN);
    expect(nextAttemptAt(3, T0)).toBe(T0 + 4 * MIN);
    expect(nextAttemptAt(5, T0)).toBe(T0 + 16 * MIN);
    expect(nextAttemptAt(6, T0)).toBe(T0 + 30 * MIN);
    expect(nextAttemptAt(1_000, T0)).toBe(T0 + WORK_BACKOFF_MAX_MS);
    expect(WORK_BACKOFF_MAX_MS).toBe(30 * MIN);
  });

  it('isDue: no back-off, or a back-off that has run out (inclusive)', () => {
    expect(isDue(mark(), T0)).toBe(true);
    expect(isDue(mark({ nextAt: T0 }), T0)).toBe(true);
    expect(isDue(mark({ nextAt: T0 - 1 }), T0)).toBe(true);
    expect(isDue(mark({ nextAt: T0 + 1 }), T0)).toBe(false);
  });

  it('isDue defaults to the current time', () => {
    expect(isDue(mark({ nextAt: Date.now() - 1_000 }))).toBe(true);
    expect(isDue(mark({ nextAt: Date.now() + 60_000 }))).toBe(false);
  });

  it('deferWork counts the attempt, keeps the error and what to replay, and backs off', async () => {
    const [key] = await recordWork([toZendesk('c1', '10001', { attempts: 2, event: { id: '7' } })]);
    const [entry] = await getWork([key!]);
    await deferWork([entry!], `Zendesk answered 503 ${'x'.repeat(2_000)}`, T0);
    const stored = emu.storage.get(key!) as WorkMark;
    expect(stored).toEqual({
      ...mark({ event: { id: '7' } }),
      attempts: 3,
      nextAt: T0 + 4 * MIN,
      lastError: `Zendesk answered 503 ${'x'.repeat(2_000)}`.slice(0, 1000),
    });
    expect(stored.lastError).toHaveLength(1000);
  });

  it('deferWork defaults to now and writes many marks in batches', async () => {
    const keys = await recordWork(Array.from({ length: KVS_BATCH_MAX + 1 }, (_, i) => toZendesk(`c${i}`)));
    const entries = await getWork(keys);
    emu.clearCalls();
    const before = Date.now();
    await deferWork(entries, 'busy');
    const after = Date.now();
    expect(callsOf('batchSet')).toHaveLength(2);
    for (const key of keys) {
      const stored = emu.storage.get(key) as WorkMark;
      expect(stored.attempts).toBe(1);
      expect(stored.nextAt).toBeGreaterThanOrEqual(before + MIN);
      expect(stored.nextAt).toBeLessThanOrEqual(after + MIN);
    }
  });

  it('deferWork fails loudly when the platform refuses a mark', async () => {
    const entry: WorkEntry = {
      key: workKey('item-1', '10001', 'toZendesk', 'c1'),
      itemId: 'item-1',
      issueId: '10001',
      direction: 'toZendesk',
      source: 'c1',
      mark: mark({ event: 'x'.repeat(250 * 1024) }),
    };
    await expect(deferWork([entry], 'boom', T0)).rejects.toThrow(
      `Could not record the failed attempt on ${entry.key}`,
    );
  });
});

describe("makeWorkDue (the admin's Retry)", () => {
  it('ends the back-off of each mark, keeping its attempts and error, and raises the flag, in batches', async () => {
    const keys = await recordWork(
      Array.from({ length: 25 }, (_, i) =>
        toZendesk(`c${i}`, '10001', { attempts: 4, nextAt: T0, lastError: 'boom' }),
      ),
    );
    emu.storage.delete(PENDING_FLAG_KEY);
    emu.clearCalls();
    await makeWorkDue(await getWork(keys));
    expect(callsOf('batchSet')).toHaveLength(2);
    for (const key of keys) expect(emu.storage.get(key)).toEqual(mark({ attempts: 4, lastError: 'boom' }));
    expect(emu.storage.get(PENDING_FLAG_KEY)).toBeDefined();
  });
});

describe('pending flag', () => {
  it('is cleared by the drain and set again when work is left behind', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    await setPendingFlag();
    expect(emu.storage.get(PENDING_FLAG_KEY)).toEqual({ at: '2026-12-06T12:00:00.000Z' });
    await clearPendingFlag();
    expect(emu.storage.get(PENDING_FLAG_KEY)).toBeUndefined();
  });
});
