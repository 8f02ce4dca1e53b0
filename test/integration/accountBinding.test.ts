/**
 * Bound to one Zendesk account (docs/sync-model.md § Bound to one Zendesk account): links
 * made in one account are never synchronized through a connection to another, and a
 * reconnect of the same account skips no ticket. Real admin resolver, real handlers.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeEach, describe, expect, it } from 'vitest';
import { apiTokenConnection } from '../support/connection';
import type { ConnectionSummary } from '../../src/domain/rpc';
import type { SmartItem, SyncFeatures } from '../../src/domain/types';
import { SUP as SUPPORT } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { adminResolver, dataOf } from '../support/resolvers';
import { nextScheduledRun, resetWorld } from '../support/world';
import {
  ACCOUNT_BINDING_KEY,
  LINK_PREFIX,
  LINK_STATE_PREFIX,
  TICKET_INDEX_PREFIX,
  ticketIndexKey,
  WORK_PREFIX,
} from '../../src/storage/keys';

const SUP = SUPPORT.id;
const TWO_WAY: SyncFeatures = {
  autoCreate: false,
  statusSync: true,
  commentSync: true,
  attachmentSync: false,
};

const stack = useStack({ zendesk: { seed: false } });

beforeEach(() => {
  resetWorld(stack);
});

const admin = async <T>(functionKey: string, payload: unknown): Promise<T> =>
  dataOf(await adminResolver<T>(stack, functionKey, payload));

const connect = () => admin<ConnectionSummary>('saveConnection', apiTokenConnection(stack));

const scheduledRun = () => nextScheduledRun(stack);

async function saveTwoWayItem(features: SyncFeatures = TWO_WAY): Promise<SmartItem> {
  return admin<SmartItem>('saveItem', {
    name: 'Two-way',
    syncMode: 'twoWay',
    projectId: SUP,
    zendeskObject: 'ticket',
    fields: [{ zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true }],
    features,
  });
}

const zendeskWrites = () =>
  stack.zendesk.log.entries().filter((e) => e.method !== 'GET' && !e.path.startsWith('/oauth')).length;

describe('connecting a different Zendesk account', () => {
  it('suspends every link: no Zendesk call for them until the admin decides, then clears them in Jira only', async () => {
    // Links made while connected to another account ("initech"), which this site used before.
    await connect();
    const item = await saveTwoWayItem();
    const ticket = (stack.zendesk.control.createTicket({ subject: 'Theirs', body: 'x' }) as { id: number })
      .id;
    const { issueId } = storeManualLink(stack, item.id, ticket, 'Linked in the old account');
    stack.emulator.storage.set(ACCOUNT_BINDING_KEY, {
      subdomain: 'initech',
      boundAt: new Date().toISOString(),
    });

    // The admin now connects "acme": ticket ids in acme are other customers' tickets.
    const summary = await connect();
    expect(summary.connection?.suspendedFrom).toBe('initech');
    stack.zendesk.log.clear();

    // A Jira comment on the linked issue must not become a public reply in acme.
    stack.jira.control.addComment('agent', issueId, 'For the initech customer only');
    await stack.settle();
    expect((await scheduledRun()).status).toBe('suspended');
    expect(zendeskWrites()).toBe(0);
    expect(stack.zendesk.log.entries().filter((e) => e.path.includes(`/tickets/${ticket}`))).toHaveLength(0);

    // Different account: clear. Removed in Jira's storage only, nothing sent to Zendesk.
    const decided = await admin<{ summary: ConnectionSummary; done: boolean }>('decideAccountChange', {
      keepLinks: false,
    });
    expect(decided.done).toBe(true);
    expect(decided.summary.connection?.suspendedFrom).toBeUndefined();
    expect(stack.emulator.storage.keys(LINK_PREFIX)).toEqual([]);
    expect(stack.emulator.storage.keys(LINK_STATE_PREFIX)).toEqual([]);
    expect(stack.emulator.storage.keys(TICKET_INDEX_PREFIX)).toEqual([]);
    expect(stack.emulator.storage.keys(WORK_PREFIX)).toEqual([]);
    expect(zendeskWrites()).toBe(0);
    expect(stack.emulator.storage.get(ACCOUNT_BINDING_KEY)).toMatchObject({
      subdomain: stack.zendesk.subdomain,
    });
    expect((await scheduledRun()).status).toBe('done');
  });

  it('keep (the same account, renamed): the links resume and the waiting Jira comment arrives once', async () => {
    await connect();
    const item = await saveTwoWayItem();
    const ticket = (stack.zendesk.control.createTicket({ subject: 'Ours', body: 'x' }) as { id: number }).id;
    const { issueId } = storeManualLink(stack, item.id, ticket, 'Renamed account');
    stack.emulator.storage.set(ACCOUNT_BINDING_KEY, {
      subdomain: 'acme-old',
      boundAt: new Date().toISOString(),
    });
    await connect();
    stack.jira.control.addComment('agent', issueId, 'Written during the rename');
    await stack.settle();
    const onTicket = () =>
      stack.zendesk.control
        .comments(ticket)
        .filter((c) => JSON.stringify(c).includes('Written during the rename'));
    expect(onTicket()).toHaveLength(0);

    await admin('decideAccountChange', { keepLinks: true });
    await scheduledRun();
    expect(onTicket()).toHaveLength(1);
    await scheduledRun();
    expect(onTicket()).toHaveLength(1);
  });
});

describe('reconnecting the same account', () => {
  it('auto-create skips no ticket created while disconnected: "new" counts from enabling auto-create', async () => {
    await connect();
    await saveTwoWayItem({ ...TWO_WAY, autoCreate: true });
    await admin('revokeConnection', {});
    stack.zendesk.control.advanceClock(120_000);
    const whileDisconnected = (
      stack.zendesk.control.createTicket({ subject: 'Created while disconnected', body: 'x' }) as {
        id: number;
      }
    ).id;
    stack.zendesk.control.advanceClock(120_000);
    await connect();
    await scheduledRun();
    const index = stack.emulator.storage.get(ticketIndexKey(String(whileDisconnected))) as
      unknown[] | undefined;
    expect(index).toHaveLength(1);
  });
});
