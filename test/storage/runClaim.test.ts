// The run's claim on links (src/sync/core/runClaim.ts) against the per-link writer lease
// (src/sync/core/linkLease.ts), through the real @forge/kvs and the Forge emulator loaded with
// the app's manifest: whichever side writes its mark first, the other one sees it.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createForgeEmulator } from '../../sandbox/forge';
import { acquireLease, LEASE_ENTITY, type Lease } from '../../src/storage/lease';
import { createBudget } from '../../src/sync/core/budget';
import { withLinkLease } from '../../src/sync/core/linkLease';
import { linkLeaseKey, linkStateKey, RUN_LEASE_KEY } from '../../src/storage/keys';
import { claimLinks } from '../../src/sync/core/runClaim';

const emu = createForgeEmulator({ appDir: fileURLToPath(new URL('../..', import.meta.url)) });
afterAll(() => emu.close());
beforeEach(() => {
  emu.storage.clear();
  emu.faults.clear();
});

const LINK = { itemId: 'item-1', issueId: '10001' };
const OTHER = { itemId: 'item-1', issueId: '10002' };
const writer = (runId: string) => ({
  runId,
  trigger: 'event' as const,
  budget: createBudget(() => 30_000),
});

async function runLease(owner = 'run-1'): Promise<Lease> {
  const taken = await acquireLease({ key: RUN_LEASE_KEY, owner, kind: 'scheduled', holdMs: 60_000 });
  if (!taken.ok) throw new Error('run lease not taken');
  return taken.lease;
}

describe('a run claiming links against writers holding link leases', () => {
  it('a writer that comes after the claim steps back without running its work', async () => {
    const lease = await runLease();
    const claim = await claimLinks(lease, [LINK]);
    expect([...claim.free]).toEqual([linkLeaseKey('item-1', '10001')]);
    expect(emu.storage.getEntity(LEASE_ENTITY, RUN_LEASE_KEY)).toMatchObject({
      owner: 'run-1',
      claimed: [linkLeaseKey('item-1', '10001')],
    });

    let ran = false;
    const result = await withLinkLease(LINK, writer('event-1'), () => {
      ran = true;
      return Promise.resolve('written');
    });
    expect(ran).toBe(false);
    expect(result).toEqual({ ok: false, holder: expect.objectContaining({ owner: 'run-1' }) });
    // It gave its own lease back, so the next writer after the run is not blocked.
    expect(emu.storage.getEntity(LEASE_ENTITY, linkLeaseKey('item-1', '10001'))).toBeUndefined();
    // A link the run did not claim is not held up.
    const other = await withLinkLease(OTHER, writer('event-2'), () => Promise.resolve('written'));
    expect(other).toEqual({ ok: true, value: 'written' });
  });

  it('a run that claims while a writer holds the link finds it busy and leaves it alone', async () => {
    const lease = await runLease();
    const result = await withLinkLease(LINK, writer('event-1'), async () => {
      const claim = await claimLinks(lease, [LINK, OTHER]);
      expect([...claim.busy]).toEqual([linkLeaseKey('item-1', '10001')]);
      expect([...claim.free]).toEqual([linkLeaseKey('item-1', '10002')]);
      return 'written';
    });
    expect(result).toEqual({ ok: true, value: 'written' });
  });

  it('the run’s own per-link passes (the drain) are not held up by its claim', async () => {
    const lease = await runLease();
    await claimLinks(lease, [LINK]);
    const own = await withLinkLease(LINK, writer('run-1'), () => Promise.resolve('written'));
    expect(own).toEqual({ ok: true, value: 'written' });
  });

  it('the claim of a run that can no longer be running holds nobody up', async () => {
    emu.storage.setEntity(LEASE_ENTITY, RUN_LEASE_KEY, {
      owner: 'crashed',
      kind: 'scheduled',
      acquiredAt: '2026-12-06T11:00:00.000Z',
      expiresAt: Date.now() - 1,
      claimed: [linkLeaseKey('item-1', '10001')],
    });
    const result = await withLinkLease(LINK, writer('event-1'), () => Promise.resolve('written'));
    expect(result).toEqual({ ok: true, value: 'written' });
  });

  it('a run whose lease was taken over claims nothing and writes nothing into the new holder’s lease', async () => {
    const stale = await runLease('run-1');
    emu.storage.setEntity(LEASE_ENTITY, RUN_LEASE_KEY, { ...stale, owner: 'run-2' });
    const claim = await claimLinks(stale, [LINK]);
    expect(claim.free.size).toBe(0);
    expect(emu.storage.getEntity(LEASE_ENTITY, RUN_LEASE_KEY)).not.toHaveProperty('claimed');
  });

  it('the writer starts from the link state read after it took the lease', async () => {
    emu.storage.set(linkStateKey(LINK.itemId, LINK.issueId), {
      v: 1,
      fields: {},
      fromZendesk: {
        ticketUpdatedAt: '2026-12-06T10:00:00Z',
        comments: { recent: [], chunks: 0 },
        attachments: { recent: [], chunks: 0 },
      },
      fromJira: { comments: { recent: [], chunks: 0 }, attachments: { recent: [], chunks: 0 } },
      failures: { toJira: 0, toZendesk: 0 },
    });
    const result = await withLinkLease(LINK, writer('event-1'), (read) =>
      Promise.resolve(read.state?.record.fromZendesk.ticketUpdatedAt),
    );
    expect(result).toEqual({ ok: true, value: '2026-12-06T10:00:00Z' });
  });
});
