/**
 * Deleting a Smart Connected Item with more links than one page (docs/sync-model.md
 * § Lifecycle): the item disappears from the admin list and the panel at once, and every link,
 * state (with its chunks), `ticket:{id}` entry and Zendesk-side link goes, through the admin
 * call and, when that call ends early, the scheduled run. The real admin resolver and
 * scheduled trigger run against the simulators.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Stack } from '../../sandbox/stack';
import type { Result } from '../../src/domain/rpc';
import type { LinkRecord } from '../../src/domain/types';
import { emptyLinkStateRecord } from '../../src/sync/core/state';
import { connectDirect } from '../support/connection';
import { runScheduled, useLifecycleStack, zendeskLinksOf } from '../support/lifecycle';
import {
  CONNECTION_KEY,
  DELETING_PREFIX,
  deletingKey,
  itemLinksPrefix,
  itemLinkStatesPrefix,
  linkKey,
  linkStateKey,
  TICKET_INDEX_PREFIX,
  ticketIndexKey,
} from '../../src/storage/keys';

const getStack = useLifecycleStack();
const LINKS = 250;

/**
 * `count` links of the item to made-up issues and tickets, as the panel leaves them: the link
 * registered in Zendesk, its `ticket:{id}` entry, and a state whose comment set has two
 * sealed chunks.
 */
function storeLinks(itemId: string, count: number, firstIssue: number): void {
  const { storage } = stack.emulator;
  const at = new Date().toISOString();
  for (let i = 0; i < count; i++) {
    const issueId = String(firstIssue + i);
    const ticketId = String(firstIssue + i);
    const zendeskLinkId = stack.zendesk.state.nextId('link');
    const now = stack.zendesk.clock.now();
    stack.zendesk.state.jiraLinks.set(zendeskLinkId, {
      id: zendeskLinkId,
      ticketId,
      issueId,
      issueKey: `SUP-${issueId}`,
      createdAt: now,
      updatedAt: now,
    });
    const link: LinkRecord = {
      itemId,
      issueId,
      issueKey: `SUP-${issueId}`,
      zendeskObject: 'ticket',
      recordId: ticketId,
      origin: 'manual',
      createdAt: at,
      updatedAt: at,
      zendeskLink: { state: 'registered', linkId: zendeskLinkId },
      preview: [],
      problems: [],
    };
    storage.set(linkKey(itemId, issueId), link);
    const index = (storage.get(ticketIndexKey(ticketId)) as unknown[] | undefined) ?? [];
    storage.set(ticketIndexKey(ticketId), [...index, { itemId, issueId }]);
    const state = emptyLinkStateRecord();
    state.fromZendesk.comments = { recent: ['9'], chunks: 2 };
    const stateKey = linkStateKey(itemId, issueId);
    storage.set(stateKey, state);
    storage.set(`${stateKey}:zc:0`, { ids: ['1', '2'] });
    storage.set(`${stateKey}:zc:1`, { ids: ['3'] });
  }
}

async function deleteItemAsAdmin(itemId: string): Promise<string> {
  const result = await stack.emulator.invokeResolver(
    'admin-resolver',
    { functionKey: 'deleteItem', payload: { id: itemId } },
    { accountId: stack.user('admin').accountId },
  );
  return result.status;
}

async function adminItemIds(): Promise<string[]> {
  const result = await stack.emulator.invokeResolver(
    'admin-resolver',
    { functionKey: 'getAdminState', payload: {} },
    { accountId: stack.user('admin').accountId },
  );
  if (result.status !== 'ok') throw new Error(`getAdminState ended with ${result.status}`);
  const value = result.value as Result<{ items: { id: string }[] }>;
  if (!value.ok) throw new Error(value.error.message);
  return value.data.items.map((i) => i.id);
}

/** Storage keys and `ticket:{id}` entries of the item that are still there. */
function leftovers(itemId: string): { keys: string[]; index: number } {
  const { storage } = stack.emulator;
  const keys = storage
    .keys()
    .filter((k) => k.startsWith(itemLinksPrefix(itemId)) || k.startsWith(itemLinkStatesPrefix(itemId)));
  const index = storage
    .keys(TICKET_INDEX_PREFIX)
    .filter((k) => (storage.get(k) as { itemId: string }[]).some((r) => r.itemId === itemId)).length;
  return { keys, index };
}

let stack: Stack;
beforeEach(() => {
  stack = getStack();
});

describe('Smart Connected Item deleted', () => {
  it(`removes all ${LINKS} links, their states with chunks, index entries and Zendesk links`, async () => {
    storeLinks('two', LINKS, 20_000);
    storeLinks('one', 3, 30_000);
    expect(await deleteItemAsAdmin('two')).toBe('ok');

    expect(await adminItemIds()).not.toContain('two');
    const left = leftovers('two');
    expect(left.keys).toEqual([]);
    expect(left.index).toBe(0);
    // Only the other item's three Zendesk links remain.
    expect(
      zendeskLinksOf(stack, {})
        .map((l) => l.issue_key)
        .sort(),
    ).toEqual(['SUP-30000', 'SUP-30001', 'SUP-30002']);
    expect(stack.emulator.storage.keys(DELETING_PREFIX)).toEqual([]);
    expect(stack.emulator.storage.keys(itemLinksPrefix('one'))).toHaveLength(3);
    expect(stack.emulator.storage.keys(itemLinkStatesPrefix('one'))).toHaveLength(9);
  });

  it('hides the item at once and lets the scheduled run finish when the admin call ends early', async () => {
    storeLinks('two', LINKS, 40_000);
    // The resolver dies after its first writes (as if its 25 s ran out).
    stack.emulator.faults.crashAfterWrites(12, { functionKey: 'admin-resolver' });
    expect(await deleteItemAsAdmin('two')).toBe('crash');

    expect(await adminItemIds()).not.toContain('two');
    expect(stack.emulator.storage.keys(itemLinksPrefix('two')).length).toBeGreaterThan(200);
    expect(stack.emulator.storage.keys(DELETING_PREFIX)).toEqual([deletingKey('two')]);

    await runScheduled(stack);
    const left = leftovers('two');
    expect(left.keys).toEqual([]);
    expect(left.index).toBe(0);
    expect(zendeskLinksOf(stack, {})).toEqual([]);
    expect(stack.emulator.storage.keys(DELETING_PREFIX)).toEqual([]);
  });

  it('without a Zendesk connection, links registered in Zendesk wait for one; the others go at once', async () => {
    storeLinks('two', 30, 50_000);
    // Ten of them were never registered in Zendesk (e.g. the agent was not a Zendesk admin).
    for (let i = 0; i < 10; i++) {
      const key = linkKey('two', String(50_000 + i));
      const link = stack.emulator.storage.get(key) as LinkRecord;
      stack.emulator.storage.set(key, {
        ...link,
        zendeskLink: { state: 'forbidden', message: 'not an admin' },
      });
    }
    stack.emulator.storage.delete(CONNECTION_KEY);
    expect(await deleteItemAsAdmin('two')).toBe('ok');
    expect(await adminItemIds()).not.toContain('two');
    expect(stack.emulator.storage.keys(itemLinksPrefix('two'))).toHaveLength(20);
    expect(zendeskLinksOf(stack, {})).toHaveLength(30);

    connectDirect(stack);
    await runScheduled(stack);
    expect(leftovers('two').keys).toEqual([]);
    // The ten unregistered ones had no Zendesk link of their own to remove.
    expect(
      zendeskLinksOf(stack, {})
        .map((l) => l.issue_key)
        .sort(),
    ).toEqual(Array.from({ length: 10 }, (_, i) => `SUP-${50_000 + i}`).sort());
    expect(stack.emulator.storage.keys(DELETING_PREFIX)).toEqual([]);
  });
});
