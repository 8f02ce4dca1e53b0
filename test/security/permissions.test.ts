/**
 * Permission matrix (docs/contracts/connector-rules.md § Security): admin resolvers need Jira global
 * ADMINISTER, asked of Jira as the invoking user; panel resolvers need BROWSE_PROJECTS on the context's issue
 * to read and EDIT_ISSUES to link or unlink. The issue always comes from the invocation context,
 * never the payload. Every refusal is checked to change nothing: storage (values and
 * secrets), Zendesk and Jira writes, queue pushes; refusals for callers who cannot see the
 * issue must not even read Zendesk.
 */
import { connectDirect, invoke, panelLink, refusal, saveItems, useStack, writeCounters } from './support';
import { itemInput, SUP, TASK } from '../support/items';
import {
  displayItems,
  ENG,
  type IssueCtx,
  newIssue,
  newTicket,
  previewField,
  ticketItem,
} from '../support/issuePanel';
import { dataOf, issueOptions, storageSnapshot } from '../support/resolvers';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import type { LinkRecord } from '../../src/domain/types';
import type { LinkOutcome, PanelCard, PanelState, SearchResult } from '../../src/domain/rpc';
import { linkKey } from '../../src/storage/keys';

const stack = useStack();
let issueA: IssueCtx;
let issueB: IssueCtx;
let ticketA: string;
let ticketB: string;
let freeTicket: string;
/** Every refusal checked in this file, for the figures in docs/reliability.md. */
const refusals: string[] = [];

const ADMIN_CALLS = (): [string, unknown][] => [
  ['getAdminState', {}],
  [
    'saveConnection',
    {
      subdomain: stack.zendesk.subdomain,
      email: stack.zendesk.credentials.agent.email,
      apiToken: stack.zendesk.credentials.agent.token,
    },
  ],
  ['revokeConnection', {}],
  ['getItemEditorMetadata', { zendeskObject: 'ticket', projectId: SUP.id }],
  ['checkItem', itemInput('Check', 'oneWay')],
  ['saveItem', itemInput('Sneaky item', 'none', { fields: [{ zendeskFieldId: 'subject', preview: true }] })],
  ['deleteItem', { id: 'tickets' }],
  ['getActivity', {}],
  ['getOAuthSetup', {}],
  ['beginOAuth', { subdomain: 'acme', clientId: 'jira-connector', clientSecret: 'not-a-real-secret-000' }],
  ['getOAuthAttempt', { attemptId: 'unknown-attempt' }],
  [
    'connectClientCredentials',
    { subdomain: 'acme', clientId: 'jira-connector', clientSecret: 'not-a-real-secret-000' },
  ],
];

const PANEL_CALLS = (): [string, unknown][] => [
  ['getPanel', {}],
  ['search', { itemId: 'tickets', query: 'printer' }],
  ['link', { itemId: 'customers', recordId: '1' }],
  ['unlink', { itemId: 'tickets' }],
  ['refresh', { itemId: 'tickets' }],
];

function linkOf(itemId: string, issue: IssueCtx): LinkRecord | undefined {
  return stack.emulator.storage.get(linkKey(itemId, issue.id)) as LinkRecord | undefined;
}

/** Runs `calls`, each must be refused with one of `codes`, and nothing may change anywhere. */
async function expectRefusedChangingNothing(
  module: 'admin' | 'panel',
  calls: [string, unknown][],
  options: ResolverInvokeOptions,
  codes: readonly string[],
  label: string,
  opts: { noZendeskReads?: boolean } = {},
): Promise<void> {
  const before = storageSnapshot(stack);
  const counters = writeCounters(stack);
  for (const [key, payload] of calls) {
    const { result } = await invoke(stack, module, key, payload, options);
    const error = refusal(result);
    expect(codes, `${label}: ${module}.${key} answered ${error.code}: ${error.message}`).toContain(
      error.code,
    );
    refusals.push(`${label} ${module}.${key}`);
  }
  expect(storageSnapshot(stack), label).toBe(before);
  const after = writeCounters(stack);
  expect(after.zendeskWrites, `${label}: Zendesk writes`).toBe(counters.zendeskWrites);
  expect(after.jiraWrites, `${label}: Jira writes`).toBe(counters.jiraWrites);
  expect(after.queuePushes, `${label}: queue pushes`).toBe(counters.queuePushes);
  expect(after.kvsWrites, `${label}: KVS writes`).toBe(counters.kvsWrites);
  if (opts.noZendeskReads) {
    expect(after.zendeskRequests, `${label}: Zendesk requests`).toBe(counters.zendeskRequests);
    expect(after.egress, `${label}: egress`).toBe(counters.egress);
  }
}

beforeAll(async () => {
  connectDirect(stack, 'admin');
  saveItems(
    stack,
    ...displayItems(),
    ticketItem('eng', {
      name: 'Engineering tickets',
      projectId: ENG.id,
      projectKey: ENG.key,
      projectName: 'Engineering',
      fields: [previewField('subject', 'Subject')],
    }),
  );
  issueA = newIssue(stack, SUP, TASK, 'Issue A');
  issueB = newIssue(stack, SUP, TASK, 'Issue B');
  ticketA = newTicket(stack, 'Printer on fire (A)');
  ticketB = newTicket(stack, 'Printer on fire (B)');
  freeTicket = newTicket(stack, 'Nobody links me');
  const agent = stack.user('agent').accountId;
  for (const [issue, ticket] of [
    [issueA, ticketA],
    [issueB, ticketB],
  ] as const) {
    dataOf(await panelLink(stack, 'tickets', ticket, issueOptions(issue, agent)));
  }
});

afterEach(() => {
  stack.jira.faults.clear();
  stack.zendesk.faults.clear();
});

afterAll(async () => {
  console.log(`[permissions] ${refusals.length} refusals checked`);
});

describe('admin resolvers', () => {
  it('answer a Jira administrator (the control for the refusals below)', async () => {
    const admin = { accountId: stack.user('admin').accountId };
    const state = dataOf((await invoke(stack, 'admin', 'getAdminState', {}, admin)).result);
    expect(state).toMatchObject({ connection: { tokenStored: true } });
    for (const [key, payload] of ADMIN_CALLS()) {
      // Only permission decides below; here no key may refuse an admin for being one.
      if (
        key === 'revokeConnection' ||
        key === 'deleteItem' ||
        key === 'saveItem' ||
        key === 'saveConnection'
      )
        continue;
      const { result } = await invoke(stack, 'admin', key, payload, admin);
      if (!result.ok) expect(result.error.code).not.toBe('NOT_ADMIN');
    }
  });

  for (const role of ['agent', 'browse', 'none'] as const) {
    it(`refuse a Jira user without ADMINISTER (${role}) on every key, changing nothing and not touching Zendesk`, async () => {
      await expectRefusedChangingNothing(
        'admin',
        ADMIN_CALLS(),
        { accountId: stack.user(role).accountId },
        ['NOT_ADMIN'],
        `admin as ${role}`,
        { noZendeskReads: true },
      );
    });
  }

  it('refuse an invocation without a user (app-only context) on every key', async () => {
    await expectRefusedChangingNothing('admin', ADMIN_CALLS(), {}, ['NOT_ADMIN'], 'admin without user', {
      noZendeskReads: true,
    });
  });

  // Retried failures take a second or two per call, so the slow shapes use the most
  // destructive keys only; the fast ones (429 beyond the wait budget) cover every key.
  const keys = (...names: string[]) => ADMIN_CALLS().filter(([key]) => names.includes(key));

  it('refuse an account Jira does not know (no access token: the SDK’s NeedsAuthenticationError)', async () => {
    await expectRefusedChangingNothing(
      'admin',
      keys('revokeConnection', 'saveConnection'),
      { accountId: '557058:00000000-dead-beef-0000-000000000000' },
      ['NOT_ADMIN', 'UPSTREAM'],
      'admin as unknown account',
      { noZendeskReads: true },
    );
  });

  it('fail closed when Jira cannot answer the admin check (429, 500, dropped connection)', async () => {
    const admin = { accountId: stack.user('admin').accountId };
    const route = 'GET /rest/api/3/mypermissions';
    const cases: [() => void, [string, unknown][]][] = [
      [() => stack.jira.faults.rateLimitBurst(route, 100, 30), ADMIN_CALLS()],
      [() => stack.jira.faults.failNext(route, 500, { times: 100 }), keys('revokeConnection')],
      [() => stack.jira.faults.drop(route, 'before', { times: 100 }), keys('saveConnection')],
    ];
    for (const [fault, calls] of cases) {
      fault();
      await expectRefusedChangingNothing(
        'admin',
        calls,
        admin,
        ['UPSTREAM', 'NOT_ADMIN'],
        'admin while Jira fails',
        {
          noZendeskReads: true,
        },
      );
      stack.jira.faults.clear();
    }
  });
});

describe('panel resolvers', () => {
  it('let a browse-only user read (view, search, refresh) but refuse link and unlink, changing nothing', async () => {
    const viewer = issueOptions(issueA, stack.user('browse').accountId);
    const state = dataOf((await invoke<PanelState>(stack, 'panel', 'getPanel', {}, viewer)).result);
    expect(state.canEdit).toBe(false);
    expect(state.cards.find((c) => c.item.id === 'tickets')).toMatchObject({
      canUnlink: false,
      link: { recordId: ticketA },
    });
    const hits = dataOf(
      (
        await invoke<SearchResult[]>(
          stack,
          'panel',
          'search',
          { itemId: 'tickets', query: freeTicket },
          viewer,
        )
      ).result,
    );
    expect(hits.map((h) => h.id)).toContain(freeTicket);
    // Refresh pulls Zendesk's current values into the preview: a read, allowed to viewers.
    dataOf((await invoke<PanelCard>(stack, 'panel', 'refresh', { itemId: 'tickets' }, viewer)).result);

    await expectRefusedChangingNothing(
      'panel',
      [
        ['link', { itemId: 'customers', recordId: '1' }],
        ['link', { itemId: 'tickets', recordId: freeTicket }],
        ['unlink', { itemId: 'tickets' }],
        ['unlink', { itemId: 'customers' }],
      ],
      viewer,
      ['NO_EDIT_PERMISSION'],
      'panel as browse-only',
      { noZendeskReads: true },
    );
    expect(linkOf('tickets', issueA)?.recordId).toBe(ticketA);
  });

  // Each context the panel cannot trust: every key is refused before Zendesk is read.
  const untrusted: { test: string; context: () => ResolverInvokeOptions; code: string; label: string }[] = [
    {
      test: 'refuse every call from a user who cannot see the issue, without reading Zendesk',
      context: () => issueOptions(issueA, stack.user('none').accountId),
      code: 'NO_ACCESS',
      label: 'panel as no-access user',
    },
    {
      test: 'refuse every call without an invoking user',
      context: () => issueOptions(issueA, undefined),
      code: 'NO_ACCESS',
      label: 'panel without user',
    },
    {
      test: 'refuse every call on an issue that does not exist (as invisible as a forbidden one)',
      context: () =>
        issueOptions(
          { id: '99999999', key: 'SUP-99999', project: SUP, typeId: TASK },
          stack.user('admin').accountId,
        ),
      code: 'NO_ACCESS',
      label: 'panel on a missing issue',
    },
    {
      test: 'refuse every call without an issue in the context',
      context: () => ({ accountId: stack.user('agent').accountId, extension: { type: 'jira:issuePanel' } }),
      code: 'NO_ISSUE',
      label: 'panel without issue',
    },
  ];
  for (const { test, context, code, label } of untrusted) {
    it(test, async () => {
      await expectRefusedChangingNothing('panel', PANEL_CALLS(), context(), [code], label, {
        noZendeskReads: true,
      });
    });
  }

  it('fail closed when Jira cannot answer the permission check', async () => {
    const route = 'GET /rest/api/3/mypermissions';
    const agent = issueOptions(issueA, stack.user('agent').accountId);
    stack.jira.faults.rateLimitBurst(route, 1_000, 30);
    await expectRefusedChangingNothing(
      'panel',
      PANEL_CALLS(),
      agent,
      ['UPSTREAM', 'NO_ACCESS'],
      'panel while Jira rate limits',
      {
        noZendeskReads: true,
      },
    );
    stack.jira.faults.clear();
    stack.jira.faults.failNext(route, 500, { times: 1_000 });
    await expectRefusedChangingNothing(
      'panel',
      PANEL_CALLS().filter(([key]) => key === 'unlink'),
      agent,
      ['UPSTREAM', 'NO_ACCESS'],
      'panel while Jira fails',
      { noZendeskReads: true },
    );
  });

  it('refuse an issue id (or any issue reference) in the payload, changing nothing for either issue', async () => {
    const agent = issueOptions(issueA, stack.user('agent').accountId);
    const pointers = [
      { issueId: issueB.id },
      { issueKey: issueB.key },
      { issue: { id: issueB.id, key: issueB.key } },
      { context: { extension: { issue: { id: issueB.id } } } },
      { extension: { issue: { id: issueB.id } } },
      { accountId: stack.user('admin').accountId },
    ];
    const calls: [string, unknown][] = [];
    for (const [key, payload] of PANEL_CALLS())
      for (const pointer of pointers) calls.push([key, { ...(payload as object), ...pointer }]);
    await expectRefusedChangingNothing(
      'panel',
      calls,
      agent,
      ['BAD_PAYLOAD'],
      'panel with an issue in the payload',
      {
        noZendeskReads: true,
      },
    );
    expect(linkOf('tickets', issueA)?.recordId).toBe(ticketA);
    expect(linkOf('tickets', issueB)?.recordId).toBe(ticketB);
    expect(linkOf('customers', issueB)).toBeUndefined();
  });

  it('act on the context issue id only, even when the context key names another issue', async () => {
    const mixed = issueOptions(
      { id: issueA.id, key: issueB.key, project: SUP, typeId: TASK },
      stack.user('agent').accountId,
    );
    const beforeB = JSON.stringify([linkOf('tickets', issueB), linkOf('customers', issueB)]);
    const user = [...stack.zendesk.state.users.values()].find((u) => u.role === 'end-user' && u.active);
    if (!user) throw new Error('no Zendesk end user');
    const outcome = dataOf(
      (
        await invoke<LinkOutcome>(
          stack,
          'panel',
          'link',
          { itemId: 'customers', recordId: String(user.id) },
          mixed,
        )
      ).result,
    );
    if (outcome.kind !== 'linked') throw new Error('a display-only item asked for a confirmation');
    const { card } = outcome;
    // Jira's own record of issue A decides the stored key, not the context's.
    expect(card.link).toMatchObject({ issueId: issueA.id, issueKey: issueA.key });
    expect(JSON.stringify([linkOf('tickets', issueB), linkOf('customers', issueB)])).toBe(beforeB);
    const unlinked = await invoke<PanelCard>(stack, 'panel', 'unlink', { itemId: 'customers' }, mixed);
    dataOf(unlinked.result);
    expect(linkOf('customers', issueA)).toBeUndefined();
    expect(JSON.stringify([linkOf('tickets', issueB), linkOf('customers', issueB)])).toBe(beforeB);
  });

  it('refuse an item that belongs to another project, changing nothing', async () => {
    await expectRefusedChangingNothing(
      'panel',
      [
        ['link', { itemId: 'eng', recordId: freeTicket }],
        ['search', { itemId: 'eng', query: 'printer' }],
      ],
      issueOptions(issueA, stack.user('agent').accountId),
      ['ITEM_NOT_APPLICABLE'],
      'panel with a foreign item',
    );
  });
});

describe('figures', () => {
  it('checked every key for every role', () => {
    // admin: 12 keys × (agent, browse, none, no user) + unknown account 2 + 429 on 12 + 500 and drop 2;
    // panel: browse-only 4 + 5 keys × (no access, no user, missing issue, no issue, 429) + 500 1
    // + issue in the payload 30 + foreign item 2.
    expect(refusals.length).toBe(12 * 4 + 2 + 12 + 2 + 4 + 5 * 5 + 1 + 30 + 2);
  });
});
