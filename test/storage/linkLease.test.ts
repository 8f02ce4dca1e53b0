// src/sync/core/linkLease.ts (one writer per link) through the real @forge/kvs against the Forge
// emulator loaded with the app's manifest (its `lease` entity).
import { describe, expect, it } from 'vitest';
import { useStorageEmulator } from './emulator';
import { createBudget } from '../../src/sync/core/budget';
import { withLinkLease } from '../../src/sync/core/linkLease';
import { linkLeaseKey } from '../../src/storage/keys';
import { LEASE_ENTITY, type Lease } from '../../src/storage/lease';

const emu = useStorageEmulator();

const LINK = { itemId: 'item-1', issueId: '10001' };
const KEY = linkLeaseKey(LINK.itemId, LINK.issueId);
/** Lease slack on top of the hold (src/storage/lease.ts). */
const SLACK_MS = 15_000;

const writer = (runId: string, remainingMs: number, trigger: 'scheduled' | 'event' = 'scheduled') => ({
  runId,
  trigger,
  budget: createBudget(() => remainingMs),
});

const held = (): Lease | undefined => emu.storage.getEntity(LEASE_ENTITY, KEY) as Lease | undefined;

describe('withLinkLease', () => {
  it('runs the work holding the link’s lease, owned by the run, and releases it afterwards', async () => {
    let during: Lease | undefined;
    const before = Date.now();
    const result = await withLinkLease(LINK, writer('run-a', 200_000), () => {
      during = held();
      return Promise.resolve('done');
    });
    expect(result).toEqual({ ok: true, value: 'done' });
    expect(during).toMatchObject({ owner: 'run-a', kind: 'scheduled' });
    // Held for the invocation's whole remaining time (plus slack), not a fixed guess.
    expect(during!.expiresAt).toBeGreaterThanOrEqual(before + 200_000 + SLACK_MS);
    expect(during!.expiresAt).toBeLessThanOrEqual(Date.now() + 200_000 + SLACK_MS);
    expect(held()).toBeUndefined();
  });

  it('holds at least 30 s when the remaining time is short or unknown', async () => {
    let during: Lease | undefined;
    const before = Date.now();
    await withLinkLease(LINK, writer('run-a', 1_000, 'event'), () => {
      during = held();
      return Promise.resolve();
    });
    expect(during).toMatchObject({ owner: 'run-a', kind: 'event' });
    expect(during!.expiresAt).toBeGreaterThanOrEqual(before + 30_000 + SLACK_MS);
    expect(during!.expiresAt).toBeLessThanOrEqual(Date.now() + 30_000 + SLACK_MS);
  });

  it('a second writer does not run its work while the first holds the lease, and learns who holds it', async () => {
    let inner: unknown;
    await withLinkLease(LINK, writer('run-a', 60_000), async () => {
      let ran = false;
      inner = await withLinkLease(LINK, writer('run-b', 60_000, 'event'), () => {
        ran = true;
        return Promise.resolve('written twice');
      });
      expect(ran).toBe(false);
    });
    expect(inner).toEqual({
      ok: false,
      holder: expect.objectContaining({ owner: 'run-a', kind: 'scheduled' }),
    });
  });

  it('releases the lease when the work throws, and passes the error on', async () => {
    await expect(
      withLinkLease(LINK, writer('run-a', 60_000), () => Promise.reject(new Error('Zendesk 503'))),
    ).rejects.toThrow('Zendesk 503');
    expect(held()).toBeUndefined();
    const next = await withLinkLease(LINK, writer('run-b', 60_000), () => Promise.resolve(1));
    expect(next).toEqual({ ok: true, value: 1 });
  });

  it('does not release a lease that another writer took over meanwhile', async () => {
    await withLinkLease(LINK, writer('run-a', 60_000), () => {
      // run-a outlived its lease; run-b took the link over.
      emu.storage.setEntity(LEASE_ENTITY, KEY, {
        owner: 'run-b',
        kind: 'event',
        acquiredAt: new Date().toISOString(),
        expiresAt: Date.now() + 60_000,
      });
      return Promise.resolve();
    });
    expect(held()).toMatchObject({ owner: 'run-b' });
  });
});
