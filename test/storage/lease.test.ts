// src/storage/lease.ts (run lease and per-link writer leases) through the real @forge/kvs
// against the Forge emulator loaded with the app's manifest (its `lease` entity).
import { describe, expect, it, vi } from 'vitest';
import { useStorageEmulator } from './emulator';
import { readEntity } from '../../src/storage/atomic';
import { acquireLease, LEASE_ENTITY, releaseLease } from '../../src/storage/lease';
import { linkLeaseKey } from '../../src/storage/keys';

const emu = useStorageEmulator();

const KEY = linkLeaseKey('item-1', '10001');
const NOW = Date.parse('2026-12-06T12:00:00Z');

describe('acquireLease', () => {
  it('creates a lease lasting the holder’s remaining time plus slack, and refuses a second writer', async () => {
    const first = await acquireLease({ key: KEY, owner: 'a', kind: 'scheduled', holdMs: 5_000, now: NOW });
    expect(first).toEqual({
      ok: true,
      lease: {
        owner: 'a',
        kind: 'scheduled',
        acquiredAt: '2026-12-06T12:00:00.000Z',
        expiresAt: NOW + 20_000,
      },
    });
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'a', expiresAt: NOW + 20_000 });
    const second = await acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 5_000, now: NOW + 1 });
    expect(second).toEqual({ ok: false, holder: expect.objectContaining({ owner: 'a' }) });
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'a' });
  });

  it('frees itself when the holder’s time and the slack have passed (TTL)', async () => {
    await acquireLease({ key: KEY, owner: 'a', kind: 'scheduled', holdMs: 5_000 });
    emu.clock.advance(19_000);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'a' });
    emu.clock.advance(2_000);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toBeUndefined();
  });

  it('takes over a lease whose holder can no longer run but whose record is still there', async () => {
    // A store that keeps expired items visible for a while (the TTL is collected later).
    emu.storage.setEntity(LEASE_ENTITY, KEY, {
      owner: 'crashed',
      kind: 'scheduled',
      acquiredAt: '2026-12-06T11:00:00.000Z',
      expiresAt: NOW - 1,
    });
    const taken = await acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 5_000, now: NOW });
    expect(taken.ok).toBe(true);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'b', expiresAt: NOW + 20_000 });
  });

  it('does not take over a lease that expires exactly now or later', async () => {
    emu.storage.setEntity(LEASE_ENTITY, KEY, {
      owner: 'a',
      kind: 'scheduled',
      acquiredAt: '2026-12-06T11:59:00.000Z',
      expiresAt: NOW + 1,
    });
    const refused = await acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 5_000, now: NOW });
    expect(refused).toEqual({ ok: false, holder: expect.objectContaining({ owner: 'a' }) });
  });

  it('a record that is not a lease is replaced only through an atomic create', async () => {
    emu.storage.setEntity(LEASE_ENTITY, KEY, { owner: 'x', expiresAt: NOW - 5 });
    const taken = await acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 1_000, now: NOW });
    // Unreadable as a lease (no kind): treated as expired and taken over only conditionally.
    expect(taken.ok).toBe(false);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'x' });
  });
});

describe('acquireLease: requests and TTLs', () => {
  const kvsCalls = () => emu.calls.filter((c) => c.kind === 'kvs').map((c) => c.method);
  const expired = {
    owner: 'crashed',
    kind: 'scheduled',
    acquiredAt: '2026-12-06T11:00:00.000Z',
    expiresAt: NOW - 1,
  };

  it('a free lease costs one atomic create and no read', async () => {
    emu.clearCalls();
    const taken = await acquireLease({ key: KEY, owner: 'a', kind: 'scheduled', holdMs: 5_000, now: NOW });
    expect(taken.ok).toBe(true);
    expect(kvsCalls()).toEqual(['entitySet']);
  });

  it('a live lease is refused after one read, without an attempt to replace it', async () => {
    await acquireLease({ key: KEY, owner: 'a', kind: 'scheduled', holdMs: 5_000, now: NOW });
    emu.clearCalls();
    const refused = await acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 5_000, now: NOW });
    expect(refused.ok).toBe(false);
    expect(kvsCalls()).toEqual(['entitySet', 'entityGet']);
  });

  it('a lease taken over from a crashed holder still frees itself by its TTL', async () => {
    emu.storage.setEntity(LEASE_ENTITY, KEY, expired);
    const taken = await acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 5_000, now: NOW });
    expect(taken.ok).toBe(true);
    emu.clock.advance(19_000);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'b' });
    emu.clock.advance(2_000);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toBeUndefined();
  });

  it('a lease gone between the failed create and the read is created again, with its TTL', async () => {
    emu.storage.setEntity(LEASE_ENTITY, KEY, expired);
    // Hold acquireLease's read at the storage service, delete the lease meanwhile, then let it go.
    emu.faults.holdKvsUntil(2, ['entityGet']);
    const acquiring = acquireLease({ key: KEY, owner: 'b', kind: 'event', holdMs: 5_000, now: NOW });
    await vi.waitFor(() => expect(emu.calls.some((c) => c.method === 'entitySet')).toBe(true));
    emu.storage.deleteEntity(LEASE_ENTITY, KEY);
    await readEntity(LEASE_ENTITY, KEY);
    const taken = await acquiring;
    expect(taken.ok).toBe(true);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'b' });
    emu.clock.advance(21_000);
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toBeUndefined();
  });
});

describe('releaseLease', () => {
  it('deletes only the holder’s own lease', async () => {
    await acquireLease({ key: KEY, owner: 'a', kind: 'scheduled', holdMs: 5_000, now: NOW });
    await releaseLease(KEY, 'b');
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toMatchObject({ owner: 'a' });
    await releaseLease(KEY, 'a');
    expect(emu.storage.getEntity(LEASE_ENTITY, KEY)).toBeUndefined();
  });
});
