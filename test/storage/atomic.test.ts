// src/storage/atomic.ts through the real @forge/kvs against the Forge emulator loaded with the app's own
// manifest (so the `lease` entity is the one manifest.yml declares).
import { describe, expect, it } from 'vitest';
import { useStorageEmulator } from './emulator';
import { ForgeKvsAPIError, kvs } from '@forge/kvs';
import {
  createEntityIfAbsent,
  createIfAbsent,
  deleteIf,
  Is,
  readEntity,
  replaceIf,
  type Guard,
} from '../../src/storage/atomic';

const emu = useStorageEmulator();

interface Lease {
  owner: string;
  expiresAt: number;
}
const lease = (owner: string, ttlMs = 60_000): Lease => ({ owner, expiresAt: emu.clock.now() + ttlMs });
/** Take over when I already hold it or the holder's lease has run out. */
const takeover = (owner: string): Guard<Lease> => ({
  any: { owner: Is.equalTo(owner), expiresAt: Is.lessThan(emu.clock.now()) },
});
const heldBy = (owner: string): Guard<Lease> => ({ all: { owner: Is.equalTo(owner) } });
/**
 * A guard whose clauses were computed and came out undefined at run time (the types forbid
 * writing one, `exactOptionalPropertyTypes`; a caller building clauses conditionally can still
 * produce one).
 */
const untyped = (guard: { all: Record<string, unknown> }): Guard<Lease> => guard as Guard<Lease>;

describe('createIfAbsent (plain keys)', () => {
  it('creates once, keeps the first value, and frees the key when its TTL runs out', async () => {
    expect(await createIfAbsent('claim:1', { by: 'a' }, { ttlSeconds: 30 })).toBe(true);
    expect(await createIfAbsent('claim:1', { by: 'b' })).toBe(false);
    expect(emu.storage.get('claim:1')).toEqual({ by: 'a' });
    emu.clock.advance(30_001);
    expect(await createIfAbsent('claim:1', { by: 'b' })).toBe(true);
    expect(emu.storage.get('claim:1')).toEqual({ by: 'b' });
  });

  it('rethrows every failure that is not a lost race', async () => {
    await expect(createIfAbsent('bad/key', 1)).rejects.toMatchObject({ code: 'INVALID_KEY' });
    await expect(createIfAbsent('k', 1, { ttlSeconds: 0.5 })).rejects.toBeInstanceOf(RangeError);
  });

  it('takes TTLs in whole seconds from 1 up, refusing anything else before any request', async () => {
    // The platform's TTL unit is a whole number of seconds; a fraction or zero is a caller's bug.
    for (const ttlSeconds of [0, -3, 1.5, Number.NaN]) {
      await expect(createIfAbsent('k', 1, { ttlSeconds })).rejects.toThrow(
        `ttlSeconds must be a whole number >= 1, got ${ttlSeconds}`,
      );
    }
    expect(emu.storage.get('k')).toBeUndefined();
    expect(await createIfAbsent('k', 1, { ttlSeconds: 1 })).toBe(true);
    // The emulator clock runs with real time, so only the far side of the second is certain.
    emu.clock.advance(1_001);
    expect(emu.storage.get('k')).toBeUndefined();
  });
});

describe('entity guards', () => {
  it('createEntityIfAbsent: one lease per link; type errors and undeclared entities are thrown', async () => {
    expect(await createEntityIfAbsent('lease', 'link-1', lease('a'), { ttlSeconds: 60 })).toBe(true);
    expect(await createEntityIfAbsent('lease', 'link-1', lease('b'))).toBe(false);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'a' });
    await expect(
      createEntityIfAbsent('lease', 'link-2', { owner: 'a', expiresAt: 'soon' }),
    ).rejects.toBeInstanceOf(ForgeKvsAPIError);
    await expect(createEntityIfAbsent('claims', 'x', { owner: 'a' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
  });

  it('replaceIf: the holder renews, a stranger cannot take a live lease, anyone takes an expired one', async () => {
    await createEntityIfAbsent('lease', 'link-1', lease('a', 10_000));
    expect(await replaceIf('lease', 'link-1', takeover('b'), lease('b'))).toBe(false);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'a' });
    expect(await replaceIf('lease', 'link-1', takeover('a'), lease('a', 20_000))).toBe(true);
    emu.clock.advance(20_001);
    expect(await replaceIf('lease', 'link-1', takeover('b'), lease('b'))).toBe(true);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'b' });
  });

  it('replaceIf: a lease written with a TTL frees itself, after which only a create succeeds', async () => {
    await replaceIf('lease', 'link-1', { all: { owner: Is.notExists() } }, lease('a'), { ttlSeconds: 5 });
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'a' });
    emu.clock.advance(5_001);
    expect(await readEntity('lease', 'link-1')).toBeUndefined();
    // Gone means no attributes: a guard on the old holder no longer holds.
    expect(await replaceIf('lease', 'link-1', heldBy('a'), lease('a'))).toBe(false);
    expect(await createEntityIfAbsent('lease', 'link-1', lease('c'))).toBe(true);
  });

  it('deleteIf: only the holder releases', async () => {
    await createEntityIfAbsent('lease', 'link-1', lease('a'));
    expect(await deleteIf('lease', 'link-1', heldBy('b'))).toBe(false);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'a' });
    expect(await deleteIf('lease', 'link-1', heldBy('a'))).toBe(true);
    expect(await readEntity('lease', 'link-1')).toBeUndefined();
    expect(await deleteIf('lease', 'link-1', heldBy('a'))).toBe(false);
    // The guard is what stops a stranger: the same delete without it goes through.
    await createEntityIfAbsent('lease', 'link-1', lease('a'));
    await kvs.transact().delete('link-1', { entityName: 'lease' }).execute();
    expect(await readEntity('lease', 'link-1')).toBeUndefined();
  });

  it('refuses an empty guard before any request', async () => {
    emu.clearCalls();
    await expect(replaceIf('lease', 'link-1', { all: {} }, lease('a'))).rejects.toThrow(
      new TypeError('a guard needs at least one clause'),
    );
    await expect(deleteIf('lease', 'link-1', { any: {} })).rejects.toThrow(
      new TypeError('a guard needs at least one clause'),
    );
    // A clause left undefined is no clause at all.
    await expect(
      deleteIf<Lease>('lease', 'link-1', untyped({ all: { owner: undefined, expiresAt: undefined } })),
    ).rejects.toThrow(new TypeError('a guard needs at least one clause'));
    expect(emu.calls).toHaveLength(0);
  });

  it('an undefined clause beside real ones is ignored, not sent as a condition', async () => {
    await createEntityIfAbsent('lease', 'link-1', lease('a'));
    expect(
      await deleteIf<Lease>(
        'lease',
        'link-1',
        untyped({ all: { owner: Is.equalTo('a'), expiresAt: undefined } }),
      ),
    ).toBe(true);
    expect(await readEntity('lease', 'link-1')).toBeUndefined();
  });

  it('`all` needs every clause to hold, `any` only one', async () => {
    await createEntityIfAbsent('lease', 'link-1', lease('a', 60_000));
    const live: Guard<Lease> = { all: { owner: Is.equalTo('a'), expiresAt: Is.lessThan(emu.clock.now()) } };
    // Held by a, but not expired: `all` refuses.
    expect(await replaceIf('lease', 'link-1', live, lease('b'))).toBe(false);
    expect(await deleteIf('lease', 'link-1', live)).toBe(false);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'a' });
    const either: Guard<Lease> = { any: { owner: Is.equalTo('z'), expiresAt: Is.greaterThan(0) } };
    expect(await replaceIf('lease', 'link-1', either, lease('b'))).toBe(true);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'b' });
    const neither: Guard<Lease> = { any: { owner: Is.equalTo('z'), expiresAt: Is.lessThan(0) } };
    expect(await deleteIf('lease', 'link-1', neither)).toBe(false);
    expect(await readEntity('lease', 'link-1')).toMatchObject({ owner: 'b' });
  });
});

describe('racing writers, held at the storage service until all have arrived', () => {
  it('createIfAbsent: exactly one of two overlapping claims wins', async () => {
    emu.faults.holdKvsUntil(2, ['set']);
    const results = await Promise.all([createIfAbsent('claim:9', 'a'), createIfAbsent('claim:9', 'b')]);
    expect(results).toEqual([true, false]);
    expect(emu.storage.get('claim:9')).toBe('a');
  });

  it('replaceIf: exactly one of two overlapping takeovers of an expired lease wins', async () => {
    await createEntityIfAbsent('lease', 'link-1', lease('old', 1_000));
    emu.clock.advance(2_000);
    const guard = takeover('b');
    const guardC = takeover('c');
    // Both guards were computed against the same expired lease; the store must let only one through.
    emu.faults.holdKvsUntil(2, ['transact']);
    const results = await Promise.all([
      replaceIf('lease', 'link-1', guard, lease('b')),
      replaceIf('lease', 'link-1', guardC, lease('c')),
    ]);
    expect([...results].sort()).toEqual([false, true]);
    const holder = (await readEntity('lease', 'link-1')) as Lease;
    expect(holder.owner).toBe(results[0] ? 'b' : 'c');
  });

  it('without the guard both racers "win" and the first is silently overwritten (what the guards prevent)', async () => {
    await createEntityIfAbsent('lease', 'link-1', lease('old', 1_000));
    emu.clock.advance(2_000);
    emu.faults.holdKvsUntil(2, ['entityGet']);
    const naive = async (owner: string): Promise<boolean> => {
      const current = (await kvs.entity<Lease>('lease').get('link-1')) ?? undefined;
      if (current && current.expiresAt >= emu.clock.now()) return false;
      await kvs.entity<Lease>('lease').set('link-1', lease(owner));
      return true;
    };
    expect(await Promise.all([naive('b'), naive('c')])).toEqual([true, true]);
  });

  it('createIfAbsent: without FAIL_IF_EXISTS both overlapping claims succeed', async () => {
    emu.faults.holdKvsUntil(2, ['get']);
    const naive = async (v: string): Promise<boolean> => {
      if ((await kvs.get('claim:9')) !== undefined) return false;
      await kvs.set('claim:9', v);
      return true;
    };
    expect(await Promise.all([naive('a'), naive('b')])).toEqual([true, true]);
  });
});
