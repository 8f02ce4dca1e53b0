/**
 * Admin resolver cases the simulators cannot produce (users/me answering an anonymous or a
 * suspended user), run inside the emulator with Zendesk and Jira transports injected.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { APIResponse } from '@forge/api';
import { createProbe } from '../support/probe';
import { adminHandlers } from '../../../src/resolvers/admin';
import { jiraClient } from '../../../src/jira/client';
import { createZendeskClient } from '../../../src/zendesk/client';
import type { ConnectionRecord } from '../../../src/domain/types';
import { CURSOR_KEY, itemKey, linkKey } from '../../../src/storage/keys';

const probe = createProbe();
afterAll(() => probe.emulator.close());
beforeEach(() => probe.emulator.storage.clear());

function handlersWithMe(user: Record<string, unknown>) {
  const jira = () =>
    jiraClient('user', {
      maxAttempts: 1,
      requester: async () =>
        new Response(JSON.stringify({ permissions: { ADMINISTER: { havePermission: true } } }), {
          status: 200,
        }) as unknown as APIResponse,
    });
  return adminHandlers({
    jira,
    zendesk: (credentials, options) =>
      createZendeskClient(credentials, {
        ...options,
        fetch: async () => new Response(JSON.stringify({ user }), { status: 200 }),
      }),
    now: () => new Date('2024-06-01T00:00:00.000Z'),
  });
}

const request = (payload: unknown) => ({ payload, context: { accountId: 'admin-1' } });
const payload = { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'tok-0123456789abcdef' };

describe('saveConnection checks the users/me identity', () => {
  it('refuses the anonymous user (id null) and stores nothing', async () => {
    const handlers = handlersWithMe({ id: null, name: 'Anonymous user', role: 'end-user' });
    const res = await probe.run(() => handlers.saveConnection(request(payload)));
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_CREDENTIALS' } });
    expect(probe.emulator.storage.dump()).toEqual({});
    expect(probe.emulator.storage.dumpSecrets()).toEqual({});
  });

  it('refuses a suspended agent', async () => {
    const handlers = handlersWithMe({
      id: 5,
      name: 'A',
      email: 'agent@acme.test',
      role: 'agent',
      suspended: true,
    });
    const res = await probe.run(() => handlers.saveConnection(request(payload)));
    expect(res).toMatchObject({ ok: false, error: { code: 'AGENT_INACTIVE' } });
    expect(probe.emulator.storage.dumpSecrets()).toEqual({});
  });

  it('refuses an agent that is not a Zendesk admin, storing nothing', async () => {
    const handlers = handlersWithMe({ id: 5, name: 'A', email: 'agent@acme.test', role: 'agent' });
    const res = await probe.run(() => handlers.saveConnection(request(payload)));
    expect(res).toMatchObject({ ok: false, error: { code: 'NOT_AN_ADMIN' } });
    expect(probe.emulator.storage.dumpSecrets()).toEqual({});
  });

  it('stores the agent identity Zendesk reported', async () => {
    const handlers = handlersWithMe({ id: 5, name: 'Agent Smith', email: 'agent@acme.test', role: 'admin' });
    const res = await probe.run(() => handlers.saveConnection(request(payload)));
    const expected: ConnectionRecord = {
      subdomain: 'acme',
      email: 'agent@acme.test',
      agent: { id: 5, name: 'Agent Smith', email: 'agent@acme.test', role: 'admin' },
      connectedAt: '2024-06-01T00:00:00.000Z',
      auth: { kind: 'apiToken' },
    };
    expect(res).toEqual({ ok: true, data: { connection: expected, tokenStored: true } });
    expect(JSON.stringify(res)).not.toContain(payload.apiToken);
  });

  it('resets the export cursor only when the Zendesk account changes', async () => {
    const handlers = handlersWithMe({ id: 5, name: 'A', email: 'agent@acme.test', role: 'admin' });
    await probe.run(() => handlers.saveConnection(request(payload)));
    probe.emulator.storage.set(CURSOR_KEY, {
      v: 1,
      cursor: 'abc',
      startTime: null,
      retry: {},
      updatedAt: 'x',
    });
    await probe.run(() => handlers.saveConnection(request(payload)));
    expect(probe.emulator.storage.get(CURSOR_KEY)).toBeDefined();
    await probe.run(() => handlers.saveConnection(request({ ...payload, subdomain: 'other' })));
    expect(probe.emulator.storage.get(CURSOR_KEY)).toBeUndefined();
  });
});

describe('saveItem', () => {
  it('refuses to change the Zendesk object of an item that has links', async () => {
    const handlers = handlersWithMe({ id: 5, name: 'A', email: 'agent@acme.test', role: 'admin' });
    const item = {
      id: 'it1',
      name: 'Tickets',
      syncMode: 'none',
      projectId: '10000',
      projectKey: 'SUP',
      projectName: 'Support',
      zendeskObject: 'ticket',
      fields: [],
      features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
      createdAt: 'x',
      updatedAt: 'x',
    };
    probe.emulator.storage.set(itemKey('it1'), item);
    probe.emulator.storage.set(linkKey('it1', '10001'), { anything: true });
    const res = await probe.run(() =>
      handlers.saveItem(
        request({
          id: 'it1',
          name: 'People',
          syncMode: 'none',
          projectId: '10000',
          zendeskObject: 'user',
          fields: [],
          features: item.features,
        }),
      ),
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'INVALID_ITEM' } });
    expect(probe.emulator.storage.get(itemKey('it1'))).toEqual(item);
  });
});
