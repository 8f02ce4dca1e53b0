/**
 * The admin page's non-visual rules, run in Node: the bridge client's handling of every
 * answer shape (plain Result, {body, metadata}, malformed, thrown) and the item draft's
 * ticket-only sync rules. The bridge is the real @forge/bridge over a callBridge we own.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmartItem } from '../../src/domain/types';
import {
  addField,
  draftFromItem,
  draftProblems,
  emptyDraft,
  mappedJiraFieldIds,
  toSaveInput,
  updateField,
  withFeature,
  withProject,
  withSyncMode,
  withZendeskObject,
} from '../../static/admin/src/itemDraft';
import { subdomainProblem } from '../../static/admin/src/validation';

type CallBridge = (name: string, payload: unknown) => Promise<unknown>;
let answer: CallBridge = async () => undefined;
let createAdminClient: typeof import('../../static/admin/src/api').createAdminClient;

beforeAll(async () => {
  // @forge/bridge looks the host up when it is imported, so install it first.
  (globalThis as unknown as { __bridge: { callBridge: CallBridge } }).__bridge = {
    callBridge: (name, payload) => answer(name, payload),
  };
  ({ createAdminClient } = await import('../../static/admin/src/api'));
});

const summary = { connection: null, tokenStored: false };

describe('admin bridge client', () => {
  it('sends the call name and payload through invoke and returns the parsed Result', async () => {
    const seen: unknown[] = [];
    answer = async (name, payload) => {
      seen.push([name, payload]);
      return { ok: true, data: summary };
    };
    const result = await createAdminClient().call('revokeConnection', {});
    expect(result).toEqual({ ok: true, data: summary });
    expect(seen).toEqual([['invoke', { functionKey: 'revokeConnection', payload: {}, metadata: undefined }]]);
  });

  it('unwraps {body, metadata} answers', async () => {
    answer = async () => ({ body: { ok: true, data: { id: 'item-1' } }, metadata: {} });
    expect(await createAdminClient().call('deleteItem', { id: 'item-1' })).toEqual({
      ok: true,
      data: { id: 'item-1' },
    });
  });

  it('keeps upstream details of an error answer', async () => {
    const error = {
      code: 'UPSTREAM',
      message: 'Zendesk did not accept the credentials.',
      upstream: { service: 'zendesk', status: 401, message: "Couldn't authenticate you" },
    };
    answer = async () => ({ ok: false, error });
    expect(
      await createAdminClient().call('saveConnection', { subdomain: 'acme', email: 'a@b.co', apiToken: 't' }),
    ).toEqual({
      ok: false,
      error,
    });
  });

  it('turns answers that break the contract into BAD_RESPONSE', async () => {
    const client = createAdminClient();
    for (const bad of [
      undefined,
      'ok',
      { ok: true },
      { ok: true, data: { connection: 'acme' } },
      { ok: false, error: {} },
    ]) {
      answer = async () => bad;
      const result = await client.call('revokeConnection', {});
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('BAD_RESPONSE');
    }
  });

  it('turns a rejected invoke into BRIDGE instead of throwing', async () => {
    answer = async () => {
      throw new Error('resolver timed out');
    };
    const result = await createAdminClient().call('getActivity', {});
    expect(result).toEqual({
      ok: false,
      error: { code: 'BRIDGE', message: 'Could not reach the app backend: resolver timed out' },
    });
  });

  it('tells gate listeners about LICENSE_INACTIVE and NOT_ADMIN only', async () => {
    const client = createAdminClient();
    const gates: string[] = [];
    const stop = client.onGate((code) => gates.push(code));
    for (const code of ['LICENSE_INACTIVE', 'UPSTREAM', 'NOT_ADMIN']) {
      answer = async () => ({ ok: false, error: { code, message: code } });
      await client.call('getActivity', {});
    }
    stop();
    answer = async () => ({ ok: false, error: { code: 'NOT_ADMIN', message: 'no' } });
    await client.call('getActivity', {});
    expect(gates).toEqual(['LICENSE_INACTIVE', 'NOT_ADMIN']);
  });
});

describe('item draft rules', () => {
  const base = () => withProject({ ...emptyDraft(), name: ' Escalations ' }, '10000');

  it('refuses sync modes and features for customers and organizations', () => {
    const customer = withZendeskObject(base(), 'user');
    expect(withSyncMode(customer, 'twoWay').syncMode).toBe('none');
    expect(withFeature(customer, 'autoCreate', true).features.autoCreate).toBe(false);
  });

  it('switching a syncing ticket item to a customer drops sync, features and field choices', () => {
    let d = withSyncMode(base(), 'oneWay');
    d = withFeature(d, 'statusSync', true);
    d = updateField(addField(d, 'priority', 'Priority'), 'priority', { jiraFieldId: 'priority' });
    const customer = withZendeskObject(d, 'organization');
    expect(customer.syncMode).toBe('none');
    expect(Object.values(customer.features).some(Boolean)).toBe(false);
    expect(customer.fields).toEqual([]);
  });

  it('display-only drops Jira targets and features from the payload', () => {
    let d = withSyncMode(base(), 'twoWay');
    d = withFeature(d, 'commentSync', true);
    d = updateField(addField(d, 'priority', 'Priority'), 'priority', { jiraFieldId: 'priority' });
    expect(mappedJiraFieldIds(d)).toEqual(['priority']);
    d = withSyncMode(d, 'none');
    expect(mappedJiraFieldIds(d)).toEqual([]);
    expect(toSaveInput(d)).toEqual({
      name: 'Escalations',
      syncMode: 'none',
      projectId: '10000',
      zendeskObject: 'ticket',
      fields: [{ zendeskFieldId: 'priority', preview: true }],
      features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
    });
  });

  it('changing project clears the issue type', () => {
    const d = { ...base(), issueTypeId: '10004' };
    expect(withProject(d, '10010').issueTypeId).toBeNull();
  });

  it('reports a missing name, project and one Jira field fed by two Zendesk fields', () => {
    expect(draftProblems(emptyDraft())).toMatchObject({
      name: expect.any(String),
      project: expect.any(String),
    });
    let d = withSyncMode(base(), 'oneWay');
    d = updateField(addField(d, '360001', 'Region'), '360001', { jiraFieldId: 'customfield_10060' });
    d = updateField(addField(d, '360002', 'Region'), '360002', { jiraFieldId: 'customfield_10060' });
    expect(draftProblems(d).fields).toBeDefined();
  });

  it('round-trips a stored item into the same save payload', () => {
    const item: SmartItem = {
      id: 'item-7',
      name: 'Tickets',
      syncMode: 'oneWay',
      projectId: '10000',
      projectKey: 'SUP',
      projectName: 'Support',
      issueTypeId: '10004',
      issueTypeName: 'Bug',
      zendeskObject: 'ticket',
      fields: [
        {
          zendeskFieldId: '360001',
          zendeskFieldLabel: 'Region',
          jiraFieldId: 'customfield_10060',
          preview: false,
        },
        { zendeskFieldId: '360002', zendeskFieldLabel: 'Region', preview: true },
      ],
      features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: true },
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
    };
    expect(toSaveInput(draftFromItem(item))).toEqual({
      id: 'item-7',
      name: 'Tickets',
      syncMode: 'oneWay',
      projectId: '10000',
      issueTypeId: '10004',
      zendeskObject: 'ticket',
      fields: [
        { zendeskFieldId: '360001', jiraFieldId: 'customfield_10060', preview: false },
        { zendeskFieldId: '360002', preview: true },
      ],
      features: item.features,
    });
  });
});

describe('subdomain check', () => {
  it('accepts exactly what the backend pattern accepts', () => {
    for (const ok of ['acme', 'a', 'acme-support', '0day', 'a'.repeat(63)])
      expect(subdomainProblem(ok)).toBeUndefined();
    for (const bad of [
      '',
      'Acme',
      '-acme',
      'acme.zendesk.com',
      'https://acme.zendesk.com',
      'a'.repeat(64),
      'ac_me',
      'acme support',
    ]) {
      expect(subdomainProblem(bad)).toBeDefined();
    }
  });
});
