import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createProbe } from './support/probe';
import { emptyRun } from '../support/runSummary';
import { manualLinkRecord } from '../support/manualLink';
import type { LinkRecord, SmartItem, SyncProblem } from '../../src/domain/types';
import { NO_FEATURES } from '../../src/domain/types';
import type { SyncRunSummary } from '../../src/domain/rpc';
import {
  CONNECTION_KEY,
  isValidKey,
  ITEM_PREFIX,
  itemKey,
  keyComponent,
  linkKey,
  parseLinkKey,
  PROBLEM_INDEX_KEY,
  SYNC_LOG_PREFIX,
  syncLogKey,
  TICKET_INDEX_PREFIX,
  ticketIndexKey,
  TOKEN_SECRET_KEY,
} from '../../src/storage/keys';
import {
  deleteConnection,
  getConnection,
  getToken,
  hasToken,
  loadCredentials,
  saveConnection,
} from '../../src/storage/connection';
import { deleteItem, getItem, listItems, saveItem } from '../../src/storage/items';
import {
  deleteLink,
  getLink,
  getLinksForIssue,
  getLinksForTicket,
  getLinksWithProblems,
  getTicketIndex,
  listLinks,
  saveLink,
  updateIssueKey,
  updateLink,
} from '../../src/storage/links';
import { appendRun, boundRun, listRuns, SYNC_LOG_SIZE, updateRun } from '../../src/storage/syncLog';

const probe = createProbe();
const { emulator } = probe;

afterAll(() => emulator.close());
beforeEach(() => {
  emulator.storage.clear();
  resetCalls();
});

function resetCalls(): void {
  emulator.clearCalls();
  emulator.counters.reset();
}

const NOW = '2024-05-01T10:00:00.000Z';

function item(id: string, extra: Partial<SmartItem> = {}): SmartItem {
  return {
    id,
    name: `Item ${id}`,
    syncMode: 'none',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Support',
    zendeskObject: 'ticket',
    fields: [{ zendeskFieldId: 'subject', zendeskFieldLabel: 'Subject', preview: true }],
    features: NO_FEATURES,
    createdAt: NOW,
    updatedAt: NOW,
    ...extra,
  };
}

/** A manual link of ticket `recordId` (any string, to test the id rules) made at NOW. */
function link(itemId: string, issueId: string, recordId: string, extra?: Partial<LinkRecord>): LinkRecord {
  return { ...manualLinkRecord(itemId, 0, { id: issueId, key: `SUP-${issueId}` }, NOW), recordId, ...extra };
}

const problem: SyncProblem = { kind: 'error', code: 'SYNC_FAILED', message: 'boom', at: NOW };

describe('keys', () => {
  it('builds keys that satisfy the KVS key rules', () => {
    for (const key of [
      itemKey('0b7e-x_1.2'),
      linkKey('i1', '10001'),
      ticketIndexKey('42'),
      syncLogKey(49),
      CONNECTION_KEY,
      TOKEN_SECRET_KEY,
    ]) {
      expect(isValidKey(key)).toBe(true);
    }
    expect(isValidKey('   ')).toBe(false);
    expect(isValidKey('a/b')).toBe(false);
    expect(isValidKey('x'.repeat(501))).toBe(false);
  });

  it('refuses id components that could break prefixes or the key pattern', () => {
    for (const bad of ['a:b', 'a/b', '', 'é', 'a b', 'x'.repeat(201), '__proto__:x']) {
      expect(() => keyComponent(bad, 'id')).toThrow(/Invalid id/);
    }
    expect(() => linkKey('item:1', '2')).toThrow();
  });

  it('parses link keys', () => {
    expect(parseLinkKey('link:i1:10001')).toEqual({ itemId: 'i1', issueId: '10001' });
    expect(parseLinkKey('link:i1')).toBeNull();
    expect(parseLinkKey('item:x')).toBeNull();
  });
});

describe('connection', () => {
  const record = {
    subdomain: 'acme',
    email: 'agent@acme.test',
    agent: { id: 7, name: 'Agent', email: 'agent@acme.test', role: 'admin' },
    connectedAt: NOW,
  };

  it('stores the record in storage and the token only as a secret', async () => {
    await probe.run(() => saveConnection(record, 'tok-123456789'));
    expect(emulator.storage.get(CONNECTION_KEY)).toEqual(record);
    expect(emulator.storage.getSecret(TOKEN_SECRET_KEY)).toBe('tok-123456789');
    expect(JSON.stringify(emulator.storage.dump())).not.toContain('tok-123456789');
    const loaded = await probe.run(async () => ({
      c: await getConnection(),
      t: await getToken(),
      h: await hasToken(),
      creds: await loadCredentials(),
    }));
    expect(loaded).toEqual({
      c: record,
      t: 'tok-123456789',
      h: true,
      creds: {
        connection: record,
        credentials: { subdomain: 'acme', email: 'agent@acme.test', token: 'tok-123456789' },
      },
    });
  });

  it('deletes both', async () => {
    await probe.run(() => saveConnection(record, 'tok-123456789'));
    await probe.run(() => deleteConnection());
    expect(emulator.storage.get(CONNECTION_KEY)).toBeUndefined();
    expect(emulator.storage.getSecret(TOKEN_SECRET_KEY)).toBeUndefined();
    expect(await probe.run(() => loadCredentials())).toBeNull();
  });

  it('reports a corrupt record instead of trusting it', async () => {
    emulator.storage.set(CONNECTION_KEY, { subdomain: 42 });
    await expect(probe.run(() => getConnection())).rejects.toMatchObject({ code: 'STATE_INVALID' });
  });

  it('is not connected without a token', async () => {
    emulator.storage.set(CONNECTION_KEY, record);
    expect(await probe.run(() => loadCredentials())).toBeNull();
  });
});

describe('items', () => {
  it('saves, reads, lists across query pages and deletes', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `item-${String(i).padStart(2, '0')}`);
    await probe.run(async () => {
      for (const id of ids) await saveItem(item(id));
    });
    const { items, corrupt } = await probe.run(() => listItems());
    expect(items.map((i) => i.id).sort()).toEqual(ids);
    expect(corrupt).toEqual([]);
    expect(emulator.counters.byKind.query).toBeGreaterThanOrEqual(3);
    expect(await probe.run(() => getItem('item-07'))).toEqual(item('item-07'));
    await probe.run(() => deleteItem('item-07'));
    expect(await probe.run(() => getItem('item-07'))).toBeNull();
  });

  it('reports corrupt items separately', async () => {
    await probe.run(() => saveItem(item('good')));
    emulator.storage.set(itemKey('bad'), { id: 'bad', name: 5 });
    const res = await probe.run(() => listItems());
    expect(res.items.map((i) => i.id)).toEqual(['good']);
    expect(res.corrupt).toEqual([{ key: itemKey('bad'), message: expect.any(String) }]);
    await expect(probe.run(() => getItem('bad'))).rejects.toMatchObject({ code: 'STATE_INVALID' });
  });

  it('refuses to store an invalid item', async () => {
    await expect(
      probe.run(() => saveItem({ ...item('x'), syncMode: 'sideways' as never })),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    expect(emulator.storage.keys(ITEM_PREFIX)).toEqual([]);
  });
});

describe('links', () => {
  it('writes the link and the ticket index in one transaction', async () => {
    await probe.run(() => saveLink(link('a', '10001', '42')));
    const writes = emulator.calls.filter((c) => c.kind === 'kvs' && c.write);
    expect(writes.map((c) => c.method)).toEqual(['transact']);
    expect(emulator.storage.get(ticketIndexKey('42'))).toEqual([{ itemId: 'a', issueId: '10001' }]);
  });

  it('finds a ticket’s links through the index without scanning', async () => {
    await probe.run(async () => {
      await saveLink(link('a', '10001', '42'));
      await saveLink(link('b', '10001', '42'));
      await saveLink(link('a', '10002', '43'));
    });
    resetCalls();
    const res = await probe.run(() => getLinksForTicket('42'));
    expect(res.links.map((l) => `${l.itemId}:${l.issueId}`).sort()).toEqual(['a:10001', 'b:10001']);
    expect(emulator.counters.byKind.query).toBe(0);
    expect(await probe.run(() => getTicketIndex('43'))).toEqual([{ itemId: 'a', issueId: '10002' }]);
  });

  it('does not duplicate index entries when a link is saved again', async () => {
    await probe.run(async () => {
      await saveLink(link('a', '10001', '42'));
      await saveLink(link('a', '10001', '42', { issueKey: 'NEW-1' }));
    });
    expect(emulator.storage.get(ticketIndexKey('42'))).toEqual([{ itemId: 'a', issueId: '10001' }]);
  });

  it('moves the index entry when a link points at another ticket', async () => {
    await probe.run(async () => {
      await saveLink(link('a', '10001', '42'));
      await saveLink(link('a', '10001', '99'));
    });
    expect(emulator.storage.get(ticketIndexKey('42'))).toBeUndefined();
    expect(emulator.storage.get(ticketIndexKey('99'))).toEqual([{ itemId: 'a', issueId: '10001' }]);
  });

  it('keeps no ticket index for customer and organization links', async () => {
    await probe.run(() => saveLink(link('u', '10001', '555', { zendeskObject: 'user' })));
    expect(emulator.storage.keys(TICKET_INDEX_PREFIX)).toEqual([]);
    expect((await probe.run(() => getLink('u', '10001')))?.recordId).toBe('555');
  });

  it('reads an issue’s links for many items with one batch get per 25 keys', async () => {
    const itemIds = Array.from({ length: 30 }, (_, i) => `it${i}`);
    await probe.run(async () => {
      await saveLink(link('it3', '10001', '1'));
      await saveLink(link('it27', '10001', '2'));
      await saveLink(link('it3', '10002', '3'));
    });
    resetCalls();
    const res = await probe.run(() => getLinksForIssue('10001', itemIds));
    expect(res.links.map((l) => l.itemId).sort()).toEqual(['it27', 'it3']);
    expect(emulator.counters.byKind.batchGet).toBe(2);
    expect(emulator.counters.byKind.get).toBe(0);
  });

  it('deletes the link and its index entry together', async () => {
    await probe.run(async () => {
      await saveLink(link('a', '10001', '42'));
      await saveLink(link('b', '10001', '42'));
    });
    resetCalls();
    const deleted = await probe.run(() => deleteLink('a', '10001'));
    expect(deleted?.recordId).toBe('42');
    expect(emulator.calls.filter((c) => c.kind === 'kvs' && c.write).map((c) => c.method)).toEqual([
      'transact',
    ]);
    expect(emulator.storage.get(linkKey('a', '10001'))).toBeUndefined();
    expect(emulator.storage.get(ticketIndexKey('42'))).toEqual([{ itemId: 'b', issueId: '10001' }]);
    await probe.run(() => deleteLink('b', '10001'));
    expect(emulator.storage.keys(TICKET_INDEX_PREFIX)).toEqual([]);
    expect(await probe.run(() => deleteLink('b', '10001'))).toBeNull();
  });

  it('updates the issue key after a move, keeping the id', async () => {
    await probe.run(() => saveLink(link('a', '10001', '42')));
    const updated = await probe.run(() => updateIssueKey('a', '10001', 'OPS-7'));
    expect(updated).toMatchObject({ issueId: '10001', issueKey: 'OPS-7' });
    expect((emulator.storage.get(linkKey('a', '10001')) as LinkRecord).issueKey).toBe('OPS-7');
    expect(await probe.run(() => updateIssueKey('zz', '1', 'X-1'))).toBeNull();
  });

  it('maintains the problem index as problems come and go', async () => {
    await probe.run(async () => {
      await saveLink(link('a', '10001', '42'));
      await updateLink('a', '10001', (l) => ({ ...l, problems: [problem] }));
      await saveLink(link('b', '10002', '43', { problems: [problem] }));
    });
    let res = await probe.run(() => getLinksWithProblems());
    expect(res.links.map((l) => l.itemId).sort()).toEqual(['a', 'b']);
    await probe.run(() => updateLink('a', '10001', (l) => ({ ...l, problems: [] })));
    await probe.run(() => deleteLink('b', '10002'));
    res = await probe.run(() => getLinksWithProblems());
    expect(res.links).toEqual([]);
    expect(emulator.storage.get(PROBLEM_INDEX_KEY)).toBeUndefined();
  });

  it('refuses an update that changes identity and invalid links', async () => {
    await probe.run(() => saveLink(link('a', '10001', '42')));
    await expect(
      probe.run(() => updateLink('a', '10001', (l) => ({ ...l, issueId: '2' }))),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(
      probe.run(() => saveLink({ ...link('a', '1', '42'), origin: 'weird' as never })),
    ).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(probe.run(() => saveLink(link('a', '1', '4/2')))).rejects.toMatchObject({ code: 'BAD_ID' });
  });

  it('lists links and reports corrupt ones', async () => {
    await probe.run(async () => {
      await saveLink(link('a', '1', '42'));
      await saveLink(link('ab', '2', '43'));
    });
    emulator.storage.set(linkKey('a', '3'), { junk: true });
    const all = await probe.run(() => listLinks());
    expect(all.links).toHaveLength(2);
    expect(all.corrupt.map((c) => c.key)).toEqual([linkKey('a', '3')]);
    // The prefix includes the separator, so item "a" does not see item "ab".
    const ofA = await probe.run(() => listLinks('a'));
    expect(ofA.links.map((l) => l.itemId)).toEqual(['a']);
  });
});

describe('sync log', () => {
  const run = (n: number, extra: Partial<SyncRunSummary> = {}): SyncRunSummary => ({
    ...emptyRun(`run-${n}`, 'scheduled', NOW),
    ticketsSeen: n,
    ...extra,
  });

  it('keeps the last 50 runs, newest first', async () => {
    await probe.run(async () => {
      for (let i = 1; i <= 57; i++) await appendRun(run(i));
    });
    const { runs, corrupt } = await probe.run(() => listRuns());
    expect(corrupt).toEqual([]);
    expect(runs).toHaveLength(SYNC_LOG_SIZE);
    expect(runs[0]?.runId).toBe('run-57');
    expect(runs[49]?.runId).toBe('run-8');
    expect(emulator.storage.keys(SYNC_LOG_PREFIX)).toHaveLength(SYNC_LOG_SIZE + 1);
    expect((await probe.run(() => listRuns(3))).runs.map((r) => r.runId)).toEqual([
      'run-57',
      'run-56',
      'run-55',
    ]);
  });

  it('updates a run in place while it is still in the ring', async () => {
    const seq = await probe.run(() => appendRun(run(1)));
    expect(await probe.run(() => updateRun(seq, run(1, { finishedAt: NOW, ticketsSeen: 9 })))).toBe(true);
    expect((await probe.run(() => listRuns())).runs[0]).toMatchObject({ finishedAt: NOW, ticketsSeen: 9 });
    await probe.run(async () => {
      for (let i = 2; i <= 51; i++) await appendRun(run(i));
    });
    expect(await probe.run(() => updateRun(seq, run(1)))).toBe(false);
  });

  it('bounds each stored value far below 240 KiB', async () => {
    const errors = Array.from({ length: 5_000 }, (_, i) => ({
      ticketId: String(i),
      message: 'x'.repeat(10_000),
    }));
    expect(boundRun(run(1, { errors })).errors).toHaveLength(51);
    await probe.run(() => appendRun(run(1, { errors })));
    const size = JSON.stringify(emulator.storage.get(syncLogKey(1))).length;
    expect(size).toBeLessThan(40 * 1024);
  });

  it('returns nothing before the first run', async () => {
    expect(await probe.run(() => listRuns())).toEqual({ runs: [], corrupt: [] });
  });
});
