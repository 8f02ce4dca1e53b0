// Racing writers on the emulator's KVS: requests that truly overlap (held at the storage service until
// both have arrived) still get exactly one winner; crash faults count a transaction as one write;
// an injected storage failure changes nothing.
import { describe, expect, it } from 'vitest';
import { useFixtureEmulator } from './support/fixtureEmulator';
import { kvs } from '@forge/kvs';

const emu = useFixtureEmulator();

/** Lets pending I/O and promise callbacks run, so a request that could be served would be. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

const outcome = (p: Promise<unknown>): Promise<'won' | 'lost'> =>
  p.then(
    () => 'won' as const,
    () => 'lost' as const,
  );

describe('overlapping writers', () => {
  it('holds the first request at the service until the second arrives', async () => {
    emu.faults.holdKvsUntil(2, ['set']);
    const first = outcome(kvs.set('lock', 'a', { keyPolicy: 'FAIL_IF_EXISTS' }));
    await settle();
    expect(emu.calls).toEqual([]); // still held: nothing served, nothing stored
    expect(emu.storage.get('lock')).toBeUndefined();
    const second = outcome(kvs.set('lock', 'b', { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect(await Promise.all([first, second])).toEqual(['won', 'lost']);
    expect(emu.storage.get('lock')).toBe('a');
    expect(emu.calls.map((c) => c.status)).toEqual([204, 409]);
  });

  it('lets exactly one of two overlapping conditional transactions win', async () => {
    emu.faults.holdKvsUntil(2, ['transact']);
    const a = emu.invoke('take-lease', { key: 'link-9', owner: 'a' });
    const b = emu.invoke('take-lease', { key: 'link-9', owner: 'b' });
    const results = await Promise.all([a, b]);
    const values = results.map((r) => (r.status === 'ok' ? r.value : r.status));
    expect([...values].sort()).toEqual(['lost', 'won']);
    const winner = values[0] === 'won' ? 'a' : 'b';
    expect(emu.storage.dumpEntity('lease')).toEqual({ 'link-9': { owner: winner, expiresAt: 1 } });
  });

  it('lets exactly one of many overlapping FAIL_IF_EXISTS creates win', async () => {
    emu.faults.holdKvsUntil(8, ['entitySet']);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        outcome(
          kvs.entity('lease').set('hot', { owner: `o${i}`, expiresAt: i }, { keyPolicy: 'FAIL_IF_EXISTS' }),
        ),
      ),
    );
    expect(results.filter((r) => r === 'won')).toHaveLength(1);
    expect(emu.storage.dumpEntity('lease')).toEqual({ hot: { owner: 'o0', expiresAt: 0 } });
  });
});

describe('crash faults and atomic writes', () => {
  it('count a transaction as one write and entity writes as writes', async () => {
    emu.faults.crashAfterWrites(2, { functionKey: 'entity-writes' });
    const r = await emu.invoke('entity-writes', {});
    expect([r.status, r.writes]).toEqual(['crash', 2]);
    // The whole transaction landed (both of its keys), the write after it did not.
    expect(emu.storage.dumpEntity('lease')).toEqual({ w1: { owner: 'a' }, w2: { owner: 'b' } });
    expect(emu.storage.dump()).toEqual({ w3: 'plain' });

    emu.storage.clear();
    emu.faults.crashAfterWrites(1, { functionKey: 'entity-writes' });
    const early = await emu.invoke('entity-writes', {});
    expect([early.status, early.writes]).toEqual(['crash', 1]);
    expect(emu.storage.dumpEntity('lease')).toEqual({ w1: { owner: 'a' } });
    expect(emu.storage.dump()).toEqual({});
  });
});

describe('failing KVS requests', () => {
  it('fail the next matching request with a 500 that changes nothing, then serve again', async () => {
    emu.faults.failKvs(['set', 'batchSet'], 'sync:carry:', 1);
    await kvs.set('other', 1);
    await expect(kvs.set('sync:carry:0', { v: 1 })).rejects.toThrow();
    expect(emu.storage.get('sync:carry:0')).toBeUndefined();
    expect(emu.calls.at(-1)).toMatchObject({ status: 500, write: false, refused: 'failKvs' });
    await kvs.set('sync:carry:0', { v: 1 });
    expect(emu.storage.get('sync:carry:0')).toEqual({ v: 1 });
  });

  it('leave other kinds of request alone', async () => {
    emu.faults.failKvs(['batchGet'], 'sync:carry:', 1);
    await kvs.set('sync:carry:0', 2);
    expect(await kvs.get('sync:carry:0')).toBe(2);
    await expect(kvs.batchGet([{ key: 'sync:carry:0' }])).rejects.toThrow();
  });
});
