// src/storage/accountBinding.ts and accountDecision.ts (links bound to one Zendesk account)
// through the real @forge/kvs against the Forge emulator loaded with the app's manifest.
import { describe, expect, it, vi } from 'vitest';
import { useStorageEmulator } from './emulator';
import type { ConnectionRecord } from '../../src/domain/types';
import { anyLinkExists, bindOrSuspend, readBinding, writeBinding } from '../../src/storage/accountBinding';
import { clearLinksForAccount, keepLinksForAccount } from '../../src/storage/accountDecision';
import {
  ACCOUNT_BINDING_KEY,
  carryKey,
  CONNECTION_KEY,
  CURSOR_KEY,
  handoffKey,
  itemKey,
  LINK_PREFIX,
  linkKey,
  linkStateKey,
  PROBLEM_INDEX_KEY,
  ticketIndexKey,
  waitingBatchKey,
  WORK_PREFIX,
  workKey,
} from '../../src/storage/keys';

const emu = useStorageEmulator();

const NOW = '2026-12-06T12:00:00.000Z';

const connection = (subdomain: string, suspendedFrom?: string): ConnectionRecord => ({
  subdomain,
  email: 'admin@example.com',
  agent: { id: 7, name: 'Admin', email: 'admin@example.com', role: 'admin' },
  connectedAt: NOW,
  ...(suspendedFrom === undefined ? {} : { suspendedFrom }),
});

/** Everything one linked ticket of the old account leaves in storage. */
function seedAccountData(n: number): void {
  for (let i = 0; i < n; i++) {
    emu.storage.set(linkKey('item-1', String(10_000 + i)), { ticketId: String(i) });
    emu.storage.set(linkStateKey('item-1', String(10_000 + i)), { v: 1 });
    emu.storage.set(ticketIndexKey(String(i)), { links: [] });
    emu.storage.set(workKey('item-1', String(10_000 + i), 'toJira', `t-${i}`), { v: 1 });
  }
  emu.storage.set(waitingBatchKey('b1'), { events: [] });
  emu.storage.set(handoffKey('run-h1'), { v: 1, tickets: {} });
  emu.storage.set(carryKey(0), { v: 1, tickets: {} });
  emu.storage.set(CURSOR_KEY, { startTime: 1, subdomain: 'acme' });
  emu.storage.set(PROBLEM_INDEX_KEY, { links: ['item-1:10000'] });
}

describe('binding', () => {
  it('reads what was written, and nothing (or nothing readable) as no binding', async () => {
    expect(await readBinding()).toBeNull();
    emu.storage.set(ACCOUNT_BINDING_KEY, { subdomain: '', boundAt: NOW });
    expect(await readBinding()).toBeNull();
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.parse(NOW));
    await writeBinding('acme');
    expect(await readBinding()).toEqual({ subdomain: 'acme', boundAt: NOW });
  });

  it('anyLinkExists: a link record, not another record kind', async () => {
    emu.storage.set(linkStateKey('item-1', '10001'), { v: 1 });
    emu.storage.set(itemKey('item-1'), { name: 'x' });
    expect(await anyLinkExists()).toBe(false);
    emu.storage.set(linkKey('item-1', '10001'), { ticketId: '1' });
    expect(await anyLinkExists()).toBe(true);
  });
});

describe('bindOrSuspend', () => {
  it('binds the first account', async () => {
    expect(await bindOrSuspend('acme')).toBeNull();
    expect(await readBinding()).toMatchObject({ subdomain: 'acme' });
  });

  it('the same account again (a token rotation) keeps the binding and the links', async () => {
    emu.storage.set(ACCOUNT_BINDING_KEY, { subdomain: 'acme', boundAt: '2026-01-01T00:00:00.000Z' });
    seedAccountData(1);
    expect(await bindOrSuspend('acme')).toBeNull();
    expect(emu.storage.get(ACCOUNT_BINDING_KEY)).toEqual({
      subdomain: 'acme',
      boundAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('another account while links exist: suspended, naming the account the links belong to', async () => {
    await writeBinding('acme');
    seedAccountData(1);
    expect(await bindOrSuspend('other')).toBe('acme');
    expect(await readBinding()).toMatchObject({ subdomain: 'acme' });
  });

  it('another account with nothing linked: the binding moves', async () => {
    await writeBinding('acme');
    expect(await bindOrSuspend('other')).toBeNull();
    expect(await readBinding()).toMatchObject({ subdomain: 'other' });
  });
});

describe('the admin’s decision', () => {
  it('keep: links, work and cursor stay, the cursor follows the new subdomain, the suspension ends', async () => {
    await writeBinding('acme');
    seedAccountData(2);
    const kept = await keepLinksForAccount(connection('acme-renamed', 'acme'));
    expect(kept).toEqual(connection('acme-renamed'));
    expect(emu.storage.get(CONNECTION_KEY)).toEqual(connection('acme-renamed'));
    expect(await readBinding()).toMatchObject({ subdomain: 'acme-renamed' });
    expect(emu.storage.get(CURSOR_KEY)).toEqual({ startTime: 1, subdomain: 'acme-renamed' });
    expect(emu.storage.keys(LINK_PREFIX)).toHaveLength(2);
    expect(emu.storage.keys(WORK_PREFIX)).toHaveLength(2);
  });

  it('keep without a cursor yet does not invent one', async () => {
    await keepLinksForAccount(connection('acme-renamed', 'acme'));
    expect(emu.storage.get(CURSOR_KEY)).toBeUndefined();
  });

  it('keep leaves a cursor that is not a record (null or a bare value) as it is', async () => {
    for (const cursor of [null, 1_765_000_000]) {
      emu.storage.set(CURSOR_KEY, cursor);
      await keepLinksForAccount(connection('acme-renamed', 'acme'));
      expect(emu.storage.get(CURSOR_KEY)).toBe(cursor);
    }
  });

  it('clear: every per-ticket record of the old account goes, everything else stays', async () => {
    await writeBinding('acme');
    seedAccountData(25);
    emu.storage.set(itemKey('item-1'), { name: 'kept' });
    emu.storage.set('connectionx', { unrelated: true });
    const result = await clearLinksForAccount(connection('other', 'acme'), () => true);
    expect(result).toEqual({ done: true, deleted: 25 * 4 + 3, connection: connection('other') });
    expect(emu.storage.keys().sort()).toEqual([
      CONNECTION_KEY,
      'connectionx',
      itemKey('item-1'),
      ACCOUNT_BINDING_KEY,
    ]);
    expect(emu.storage.get(CONNECTION_KEY)).toEqual(connection('other'));
    expect(await readBinding()).toMatchObject({ subdomain: 'other' });
  });

  it('clear resumes: out of time it stops, stays suspended, and a later call finishes', async () => {
    await writeBinding('acme');
    seedAccountData(25);
    emu.storage.set(CONNECTION_KEY, connection('other', 'acme'));
    let calls = 0;
    const first = await clearLinksForAccount(connection('other', 'acme'), () => ++calls <= 2);
    expect(first).toEqual({ done: false, deleted: 25, connection: connection('other', 'acme') });
    expect(emu.storage.get(CONNECTION_KEY)).toEqual(connection('other', 'acme'));
    expect(await readBinding()).toMatchObject({ subdomain: 'acme' });
    expect(emu.storage.get(CURSOR_KEY)).toBeDefined();
    const second = await clearLinksForAccount(connection('other', 'acme'), () => true);
    expect(second.done).toBe(true);
    expect(second.deleted).toBe(25 * 4 + 3 - 25);
    expect(emu.storage.get(CURSOR_KEY)).toBeUndefined();
    expect(emu.storage.get(PROBLEM_INDEX_KEY)).toBeUndefined();
  });

  it('clear out of time before anything deletes nothing', async () => {
    seedAccountData(1);
    const result = await clearLinksForAccount(connection('other', 'acme'), () => false);
    expect(result).toEqual({ done: false, deleted: 0, connection: connection('other', 'acme') });
    expect(emu.storage.keys(LINK_PREFIX)).toHaveLength(1);
  });
});
