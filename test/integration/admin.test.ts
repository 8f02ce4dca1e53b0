/**
 * The admin page's resolver end to end: the real handler (src/index.ts → adminResolver) in
 * the Forge emulator, against the Zendesk and Jira simulators (sandbox/stack.ts).
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type {
  ActivityView,
  AdminState,
  ConnectionSummary,
  ItemWarning,
  ItemEditorMetadata,
  Result,
} from '../../src/domain/rpc';
import type { SmartItem, ZendeskObject } from '../../src/domain/types';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import { callResolver, dataOf as data, errorOf, storageSnapshot } from '../support/resolvers';
import { ticketFieldId as fieldIdIn } from '../support/world';
import { itemInput } from '../support/items';
import { CONNECTION_KEY, itemKey, TOKEN_SECRET_KEY } from '../../src/storage/keys';

const SUP = '10000';
/** A display-only item of `zendeskObject` previewing one field, as the item editor sends it. */
const displayItem = (name: string, zendeskObject: ZendeskObject, fieldId: string) =>
  itemInput(name, 'none', { zendeskObject, fields: [{ zendeskFieldId: fieldId, preview: true }] });
const TASK = '10001';
const BUG = '10002';
/** Support bugs require this field in the Jira simulator's seed. */
const CUSTOMER_IMPACT = 'customfield_10041';

const stack = useStack();
/** Every answer any test received, scanned for tokens at the end. */
const answers: unknown[] = [];

const admin = () => stack.user('admin').accountId;
const nonAdmin = () => stack.user('agent').accountId;

/** A resolver never throws: the invocation itself must succeed even when the answer is an error. */
async function call<T>(
  functionKey: string,
  payload: unknown,
  options: ResolverInvokeOptions = { accountId: admin() },
): Promise<Result<T>> {
  const result = await callResolver<T>(stack, { module: 'admin', functionKey, payload, options });
  answers.push(result);
  return result;
}

/** Everything the app stored (values and secrets), to prove a refusal changed nothing. */
const snapshot = () => storageSnapshot(stack);

const creds = (kind: 'admin' | 'agent') => stack.zendesk.credentials[kind];
const connectPayload = (kind: 'admin' | 'agent' = 'admin') => ({
  subdomain: stack.zendesk.subdomain,
  email: creds(kind).email,
  apiToken: creds(kind).token,
});

async function connect(kind: 'admin' | 'agent' = 'admin'): Promise<ConnectionSummary> {
  return data(await call<ConnectionSummary>('saveConnection', connectPayload(kind)));
}

const ticketFieldId = (title: string, nth = 0) => fieldIdIn(stack, title, nth);

const noFeatures = { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false };

beforeEach(() => {
  stack.zendesk.faults.clear();
});

describe('connection', () => {
  it('connects with agent credentials checked against users/me and stores the token as a secret', async () => {
    const summary = await connect('admin');
    const { email, token } = creds('admin');
    expect(summary.tokenStored).toBe(true);
    expect(summary.connection).toMatchObject({ subdomain: 'acme', email, agent: { email, role: 'admin' } });
    expect(summary.connection?.agent.id).toEqual(expect.any(Number));
    expect(stack.emulator.storage.get(CONNECTION_KEY)).toEqual(summary.connection);
    expect(stack.emulator.storage.getSecret(TOKEN_SECRET_KEY)).toBe(token);
    expect(JSON.stringify(stack.emulator.storage.dump())).not.toContain(token);

    const meCalls = stack.zendesk.log.entries({ pathPrefix: '/api/v2/users/me' });
    expect(meCalls.at(-1)).toMatchObject({ host: 'acme.zendesk.com', status: 200, identity: email });

    const state = data(await call<AdminState>('getAdminState', {}));
    expect(state).toMatchObject({
      license: 'development',
      connection: { tokenStored: true, connection: summary.connection },
    });
  });

  it('refuses an agent account with a clear reason (the export and Jira links are admin-only), changing nothing', async () => {
    const before = snapshot();
    const error = errorOf(await call('saveConnection', connectPayload('agent')));
    expect(error.code).toBe('NOT_AN_ADMIN');
    expect(error.message).toMatch(/admins only: connect with a Zendesk admin account/);
    expect(snapshot()).toBe(before);
  });

  it('refuses a bad subdomain before any request, changing nothing', async () => {
    const before = snapshot();
    const zendeskRequests = stack.zendesk.log.count();
    stack.emulator.clearCalls();
    for (const subdomain of [
      'Acme',
      'acme.evil.com',
      'evil.com/x',
      'acme:8443',
      'https://acme',
      '%61cme',
      '-acme',
      '',
      'acme ',
      'a'.repeat(64),
    ]) {
      const error = errorOf(await call('saveConnection', { ...connectPayload(), subdomain }));
      expect(error.code).toBe('INVALID_SUBDOMAIN');
    }
    expect(stack.emulator.calls.filter((c) => c.kind === 'egress')).toEqual([]);
    expect(stack.zendesk.log.count()).toBe(zendeskRequests);
    expect(snapshot()).toBe(before);
  });

  it('returns Zendesk’s 401 for a wrong token, changing nothing', async () => {
    const before = snapshot();
    const error = errorOf(
      await call('saveConnection', { ...connectPayload(), apiToken: 'not-the-right-token-0000' }),
    );
    expect(error).toMatchObject({
      code: 'UPSTREAM',
      upstream: { service: 'zendesk', status: 401, message: "Couldn't authenticate you" },
    });
    expect(error.message).toContain("Couldn't authenticate you");
    expect(snapshot()).toBe(before);
  });

  it('returns Zendesk’s 403 for an agent without rights, changing nothing', async () => {
    const before = snapshot();
    stack.zendesk.faults.fail('/api/v2/users/me', {
      status: 403,
      body: { error: { title: 'Forbidden', message: 'You do not have access to this page.' } },
    });
    const error = errorOf(await call('saveConnection', connectPayload('agent')));
    expect(error).toMatchObject({
      code: 'UPSTREAM',
      upstream: {
        service: 'zendesk',
        status: 403,
        message: 'Forbidden: You do not have access to this page.',
      },
    });
    expect(snapshot()).toBe(before);
  });

  it('refuses an end-user account, changing nothing', async () => {
    const endUser = stack.zendesk.credentials.endUser;
    if (!endUser) throw new Error('the simulator seed has no end-user credentials');
    const before = snapshot();
    const error = errorOf(
      await call('saveConnection', { subdomain: 'acme', email: endUser.email, apiToken: endUser.token }),
    );
    expect(error.code).toBe('NOT_AN_AGENT');
    expect(error.message).toContain('agent or admin');
    expect(snapshot()).toBe(before);
  });

  it('reports a network failure as upstream status 0, changing nothing', async () => {
    const before = snapshot();
    stack.zendesk.faults.drop('/api/v2/users/me', 'before');
    const error = errorOf(await call('saveConnection', connectPayload()));
    expect(error).toMatchObject({ code: 'UPSTREAM', upstream: { service: 'zendesk', status: 0 } });
    expect(error.message).toMatch(/could not be reached/);
    expect(snapshot()).toBe(before);
  });

  it('reports an unknown Zendesk account, changing nothing', async () => {
    const before = snapshot();
    const error = errorOf(
      await call('saveConnection', { ...connectPayload(), subdomain: 'no-such-account' }),
    );
    expect(error.code).toBe('UPSTREAM');
    expect(error.upstream?.service).toBe('zendesk');
    expect(error.upstream?.status).toBeGreaterThanOrEqual(400);
    expect(snapshot()).toBe(before);
  });

  it('refuses malformed payloads with BAD_PAYLOAD, changing nothing', async () => {
    const before = snapshot();
    for (const payload of [
      { ...connectPayload(), extra: 1 },
      { subdomain: 'acme', email: 'agent@acme.test' },
      { ...connectPayload(), apiToken: 'has space' },
      { ...connectPayload(), email: 'not-an-email' },
      JSON.parse(`{"subdomain":"acme","email":"a@b.c","apiToken":"t","__proto__":{"admin":true}}`),
      'a string',
      [1, 2],
    ]) {
      expect(errorOf(await call('saveConnection', payload)).code).toBe('BAD_PAYLOAD');
    }
    expect(snapshot()).toBe(before);
  });

  it('revokes: connection and secret go, items stay', async () => {
    const saved = data(await call<SmartItem>('saveItem', displayItem('Kept', 'ticket', 'subject')));
    const summary = data(await call<ConnectionSummary>('revokeConnection', {}));
    expect(summary).toEqual({ connection: null, tokenStored: false });
    expect(stack.emulator.storage.get(CONNECTION_KEY)).toBeUndefined();
    expect(stack.emulator.storage.getSecret(TOKEN_SECRET_KEY)).toBeUndefined();
    const state = data(await call<AdminState>('getAdminState', {}));
    expect(state.connection).toEqual({ connection: null, tokenStored: false });
    expect(state.items.map((i) => i.id)).toContain(saved.id);

    // Without a connection, metadata is an error, never an empty list.
    expect(errorOf(await call('getItemEditorMetadata', { zendeskObject: 'ticket' })).code).toBe(
      'NOT_CONNECTED',
    );
    await connect('admin');
    data(await call('deleteItem', { id: saved.id }));
  });
});

describe('Smart Connected Items', () => {
  beforeAll(async () => {
    await connect('admin');
  });

  it('reads editor metadata from Jira and Zendesk', async () => {
    const meta = data(
      await call<ItemEditorMetadata>('getItemEditorMetadata', {
        zendeskObject: 'ticket',
        projectId: SUP,
        issueTypeId: BUG,
      }),
    );
    expect(meta.projects.map((p) => p.key)).toContain('SUP');
    // Targets are the create screen's settable fields: never read-only ones such as Created.
    expect(meta.jiraFields.map((f) => f.id)).not.toContain('created');
    expect(meta.priorities[0]).toBe('Highest');
    expect(meta.roles).toContain('Administrators');
    expect(meta.issueTypes.map((t) => t.id)).toEqual(expect.arrayContaining([TASK, BUG]));
    expect(meta.jiraFields.map((f) => f.id)).toEqual(expect.arrayContaining(['summary', CUSTOMER_IMPACT]));
    const ids = meta.zendeskFields.map((f) => f.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'subject',
        'priority',
        'status',
        ticketFieldId('Region', 0),
        ticketFieldId('Region', 1),
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);

    const users = data(await call<ItemEditorMetadata>('getItemEditorMetadata', { zendeskObject: 'user' }));
    expect(users.issueTypes).toEqual([]);
    expect(users.zendeskFields.map((f) => f.id)).toEqual(expect.arrayContaining(['name', 'email']));
    const custom = users.zendeskFields.find((f) => f.custom);
    if (stack.zendesk.state.userFields.length > 0) expect(custom?.key).toEqual(expect.any(String));
  });

  it('surfaces a Zendesk failure while reading metadata instead of an empty list', async () => {
    stack.zendesk.faults.fail('/api/v2/ticket_fields', {
      status: 500,
      body: { error: 'InternalError', description: 'Database unavailable' },
    });
    const error = errorOf(await call('getItemEditorMetadata', { zendeskObject: 'ticket' }));
    expect(error).toMatchObject({
      code: 'UPSTREAM',
      upstream: { service: 'zendesk', status: 500, message: 'Database unavailable' },
    });
  });

  it('creates, updates and deletes a synchronized ticket item with labels from the catalog', async () => {
    const regionA = ticketFieldId('Region', 0);
    const regionB = ticketFieldId('Region', 1);
    const created = data(
      await call<SmartItem>('saveItem', {
        name: 'Escalations',
        syncMode: 'twoWay',
        projectId: SUP,
        issueTypeId: BUG,
        zendeskObject: 'ticket',
        fields: [
          { zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true },
          // Two fields titled "Region": identity is the id, so both are kept.
          { zendeskFieldId: regionA, preview: true },
          { zendeskFieldId: regionB, preview: false },
        ],
        features: { autoCreate: true, statusSync: true, commentSync: true, attachmentSync: false },
      }),
    );
    expect(created).toMatchObject({
      name: 'Escalations',
      projectKey: 'SUP',
      issueTypeId: BUG,
      issueTypeName: expect.any(String),
      features: { autoCreate: true, statusSync: true, commentSync: true, attachmentSync: false },
    });
    expect(created.fields.map((f) => [f.zendeskFieldId, f.zendeskFieldLabel])).toEqual([
      ['subject', expect.any(String)],
      [regionA, 'Region'],
      [regionB, 'Region'],
    ]);
    expect(created.fields[0]).toMatchObject({ jiraFieldId: 'summary', jiraFieldName: 'Summary' });
    expect(stack.emulator.storage.get(itemKey(created.id))).toEqual(created);

    const renamed = data(
      await call<SmartItem>('saveItem', { ...payloadOf(created), name: 'Escalations (EU)' }),
    );
    expect(renamed).toMatchObject({ id: created.id, name: 'Escalations (EU)', createdAt: created.createdAt });

    expect(data(await call('deleteItem', { id: created.id }))).toEqual({ id: created.id });
    expect(stack.emulator.storage.get(itemKey(created.id))).toBeUndefined();
    expect(errorOf(await call('saveItem', payloadOf(created))).code).toBe('NOT_FOUND');
  });

  it('refuses sync modes and features for customers and organizations, storing nothing', async () => {
    const before = snapshot();
    const base = {
      name: 'People',
      projectId: SUP,
      fields: [{ zendeskFieldId: 'name', preview: true }],
      features: noFeatures,
    };
    for (const zendeskObject of ['user', 'organization']) {
      for (const syncMode of ['oneWay', 'twoWay']) {
        const error = errorOf(await call('saveItem', { ...base, zendeskObject, syncMode }));
        expect(error.code).toBe('INVALID_ITEM');
        expect(error.message).toMatch(/display-only/);
      }
      const withFeature = errorOf(
        await call('saveItem', {
          ...base,
          zendeskObject,
          syncMode: 'none',
          features: { ...noFeatures, commentSync: true },
        }),
      );
      expect(withFeature.code).toBe('INVALID_ITEM');
    }
    expect(snapshot()).toBe(before);
  });

  it('refuses features and Jira mappings on display-only ticket items and unknown fields', async () => {
    const before = snapshot();
    const base = {
      name: 'T',
      syncMode: 'none',
      projectId: SUP,
      zendeskObject: 'ticket',
      features: noFeatures,
    };
    const cases = [
      { ...base, fields: [], features: { ...noFeatures, autoCreate: true } },
      { ...base, fields: [{ zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true }] },
      { ...base, fields: [{ zendeskFieldId: '999999999', preview: true }] },
      {
        ...base,
        syncMode: 'oneWay',
        fields: [{ zendeskFieldId: 'subject', jiraFieldId: 'customfield_99999', preview: true }],
      },
      { ...base, projectId: '99999', fields: [] },
      { ...base, issueTypeId: '99999', fields: [] },
      {
        ...base,
        fields: [
          { zendeskFieldId: 'subject', preview: true },
          { zendeskFieldId: 'subject', preview: false },
        ],
      },
    ];
    for (const payload of cases) expect(errorOf(await call('saveItem', payload)).code).toBe('INVALID_ITEM');
    expect(snapshot()).toBe(before);
  });

  it('saves display-only customer and organization items', async () => {
    const customer = data(await call<SmartItem>('saveItem', displayItem('Customer', 'user', 'email')));
    expect(customer).toMatchObject({ zendeskObject: 'user', syncMode: 'none', features: noFeatures });
    expect(customer.fields[0]).toMatchObject({ zendeskFieldId: 'email', zendeskFieldLabel: 'Email' });
    const org = data(await call<SmartItem>('saveItem', displayItem('Org', 'organization', 'name')));
    expect(org.zendeskObject).toBe('organization');
    const state = data(await call<AdminState>('getAdminState', {}));
    expect(state.items.map((i) => i.id)).toEqual(expect.arrayContaining([customer.id, org.id]));
  });

  it('keeps item names unique ignoring case and spacing, and lists items by name on every load', async () => {
    const payload = (name: string) => displayItem(name, 'organization', 'name');
    const first = data(await call<SmartItem>('saveItem', payload('Zeta accounts')));
    const dup = errorOf(await call('saveItem', payload('  zeta   ACCOUNTS ')));
    expect(dup).toEqual({
      code: 'DUPLICATE_NAME',
      message:
        'Another Smart Connected Item is already named "Zeta accounts". Item names must be unique (capitals and spaces do not count); choose a different name.',
    });
    // Renaming an item to its own name in other capitals is fine.
    data(await call<SmartItem>('saveItem', { ...payload('Zeta Accounts'), id: first.id }));
    data(await call<SmartItem>('saveItem', payload('alpha accounts')));

    const names = async () => data(await call<AdminState>('getAdminState', {})).items.map((i) => i.name);
    const once = await names();
    expect(once.filter((n) => /accounts$/i.test(n))).toEqual(['alpha accounts', 'Zeta Accounts']);
    expect(once).toEqual(
      [...once].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })),
    );
    expect(await names()).toEqual(once);
  });

  it('warns about required create fields without a compatible mapping', async () => {
    const draft = (
      issueTypeId: string,
      fields: { zendeskFieldId: string; jiraFieldId?: string; preview: boolean }[],
    ) => ({
      name: 'Coverage draft',
      syncMode: 'oneWay',
      projectId: SUP,
      issueTypeId,
      zendeskObject: 'ticket',
      fields,
      features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: false },
    });
    const warnings = data(await call<ItemWarning[]>('checkItem', draft(BUG, [])));
    expect(warnings.filter((w) => w.kind === 'coverage').map((w) => w.fieldId)).toEqual([CUSTOMER_IMPACT]);
    expect(warnings[0]?.message).toContain('required');
    expect(data(await call<ItemWarning[]>('checkItem', draft(TASK, [])))).toEqual([]);
    expect(errorOf(await call('checkItem', draft('99999', []))).code).toBe('INVALID_ITEM');
  });

  it('shows activity: runs, problem links and cursor lag', async () => {
    const view = data(await call<ActivityView>('getActivity', {}));
    expect(view).toEqual({
      runs: expect.any(Array),
      problems: expect.any(Array),
      cursorLagSeconds: null,
      items: expect.any(Array),
      running: null,
      nextRunAt: null,
      zendeskBaseUrl: `https://${stack.zendesk.subdomain}.zendesk.com`,
      actions: [],
    });
  });
});

function payloadOf(item: SmartItem) {
  return {
    id: item.id,
    name: item.name,
    syncMode: item.syncMode,
    projectId: item.projectId,
    ...(item.issueTypeId ? { issueTypeId: item.issueTypeId } : {}),
    zendeskObject: item.zendeskObject,
    fields: item.fields.map((f) => ({
      zendeskFieldId: f.zendeskFieldId,
      ...(f.jiraFieldId ? { jiraFieldId: f.jiraFieldId } : {}),
      preview: f.preview,
    })),
    features: item.features,
  };
}

describe('access', () => {
  it('refuses a Jira user without ADMINISTER on every call, changing nothing', async () => {
    await connect('admin');
    const before = snapshot();
    const zendeskRequests = stack.zendesk.log.count();
    const calls: [string, unknown][] = [
      ['getAdminState', {}],
      ['saveConnection', connectPayload('agent')],
      ['revokeConnection', {}],
      ['getItemEditorMetadata', { zendeskObject: 'ticket' }],
      [
        'checkItem',
        {
          name: 'Check',
          syncMode: 'oneWay',
          projectId: SUP,
          zendeskObject: 'ticket',
          fields: [],
          features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
        },
      ],
      [
        'saveItem',
        {
          name: 'x',
          syncMode: 'none',
          projectId: SUP,
          zendeskObject: 'ticket',
          fields: [],
          features: noFeatures,
        },
      ],
      ['deleteItem', { id: 'anything' }],
      ['getActivity', {}],
    ];
    for (const [fn, payload] of calls) {
      expect(errorOf(await call(fn, payload, { accountId: nonAdmin() })).code).toBe('NOT_ADMIN');
      expect(errorOf(await call(fn, payload, {})).code).toBe('NOT_ADMIN');
    }
    expect(stack.zendesk.log.count()).toBe(zendeskRequests);
    expect(snapshot()).toBe(before);
  });

  it('refuses everything with an inactive license, before any other check', async () => {
    const before = snapshot();
    const error = errorOf(
      await call('saveConnection', connectPayload(), { accountId: admin(), license: { isActive: false } }),
    );
    expect(error.code).toBe('LICENSE_INACTIVE');
    expect(error.message).toContain('license');
    expect(
      errorOf(await call('getAdminState', {}, { accountId: nonAdmin(), license: { isActive: false } })).code,
    ).toBe('LICENSE_INACTIVE');
    expect(snapshot()).toBe(before);
    const active = data(
      await call<AdminState>('getAdminState', {}, { accountId: admin(), license: { isActive: true } }),
    );
    expect(active.license).toBe('active');
  });

  it('never returns a Zendesk token in any answer', () => {
    expect(answers.length).toBeGreaterThan(40);
    const text = JSON.stringify(answers);
    const tokens = [
      creds('admin').token,
      creds('agent').token,
      stack.zendesk.credentials.endUser?.token,
    ].filter((t): t is string => typeof t === 'string' && t.length > 0);
    for (const token of tokens) expect(text).not.toContain(token);
    expect(text).not.toMatch(/Basic [A-Za-z0-9+/=]{20,}/);
  });
});
