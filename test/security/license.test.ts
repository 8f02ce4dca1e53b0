/**
 * Licensing (docs/contracts/connector-rules.md § License; docs/contracts/forge-platform.md § License): with
 * an inactive license in production every resolver refuses with LICENSE_INACTIVE and every trigger (scheduled
 * sync, queue consumer, Jira product events) does nothing — no KVS, Jira or Zendesk write, no egress at all —
 * even with work pending. Development installs, where Forge passes no license, stay fully usable, and so does
 * an active production license; both also prove the pending work was real.
 */
import { connectDirect, invoke, panelLink, refusal, saveItems, useStack, writeCounters } from './support';
import { ALL_FEATURES, itemInput, SUP, TASK } from '../support/items';
import { type IssueCtx, newIssue, ticketItem } from '../support/issuePanel';
import { dataOf, issueOptions, storageSnapshot } from '../support/resolvers';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvocationResult, License, ResolverInvokeOptions } from '../../sandbox/forge';
import type { AdminState, PanelState } from '../../src/domain/rpc';
import { LICENSE_REQUIRED_MESSAGE } from '../../src/resolvers/guard';
import { PENDING_FLAG_KEY, ticketIndexKey, WAITING_BATCH_PREFIX } from '../../src/storage/keys';

const stack = useStack();
let issue: IssueCtx;
let linkedTicket: number;
let newTicketId: number;

/**
 * Inactive licenses. The last one is present but says neither active nor inactive (not a shape
 * Forge documents): both gates must fail closed on it alike, resolvers and triggers.
 */
const INACTIVE: License[] = [
  { isActive: false },
  { isActive: false, active: false, type: 'commercial' },
  { type: 'commercial' },
];

function production(license: License | undefined): void {
  stack.emulator.configure({ environmentType: 'PRODUCTION', license });
}

const admin = (): ResolverInvokeOptions => ({ accountId: stack.user('admin').accountId });
const agent = (): ResolverInvokeOptions => issueOptions(issue, stack.user('agent').accountId);

const CALLS = (): ['admin' | 'panel', string, unknown][] => [
  ['admin', 'getAdminState', {}],
  [
    'admin',
    'saveConnection',
    {
      subdomain: stack.zendesk.subdomain,
      email: stack.zendesk.credentials.admin.email,
      apiToken: stack.zendesk.credentials.admin.token,
    },
  ],
  ['admin', 'revokeConnection', {}],
  ['admin', 'getItemEditorMetadata', { zendeskObject: 'ticket', projectId: SUP.id }],
  ['admin', 'checkItem', itemInput('Check', 'oneWay')],
  ['admin', 'saveItem', itemInput('While unlicensed', 'none')],
  ['admin', 'deleteItem', { id: 'sync' }],
  ['admin', 'getActivity', {}],
  ['admin', 'getOAuthSetup', {}],
  [
    'admin',
    'beginOAuth',
    { subdomain: 'acme', clientId: 'jira-connector', clientSecret: 'not-a-real-secret-000' },
  ],
  ['admin', 'getOAuthAttempt', { attemptId: 'unknown-attempt' }],
  [
    'admin',
    'connectClientCredentials',
    { subdomain: 'acme', clientId: 'jira-connector', clientSecret: 'not-a-real-secret-000' },
  ],
  ['panel', 'getPanel', {}],
  ['panel', 'search', { itemId: 'sync', query: 'printer' }],
  ['panel', 'link', { itemId: 'sync', recordId: String(newTicketId) }],
  ['panel', 'unlink', { itemId: 'sync' }],
  ['panel', 'refresh', { itemId: 'sync' }],
];

/** Nothing written anywhere and nothing sent outside since `before`. */
function expectUntouched(
  before: { storage: string; counters: ReturnType<typeof writeCounters> },
  label: string,
) {
  expect(storageSnapshot(stack), label).toBe(before.storage);
  const now = writeCounters(stack);
  expect(now.kvsWrites, `${label}: KVS writes`).toBe(before.counters.kvsWrites);
  expect(now.egress, `${label}: egress`).toBe(before.counters.egress);
  expect(now.zendeskRequests, `${label}: Zendesk requests`).toBe(before.counters.zendeskRequests);
  expect(now.jiraWrites, `${label}: Jira writes`).toBe(before.counters.jiraWrites);
  expect(now.queuePushes, `${label}: queue pushes`).toBe(before.counters.queuePushes);
}

function mark() {
  return { storage: storageSnapshot(stack), counters: writeCounters(stack) };
}

function permissionChecks(): number {
  return stack.emulator.calls.filter((c) => c.kind === 'jira' && c.target.includes('/mypermissions')).length;
}

function jiraComments(): number {
  return stack.jira.state.issues.get(issue.id)?.commentIds.length ?? 0;
}

beforeAll(async () => {
  connectDirect(stack, 'admin');
  saveItems(
    stack,
    ticketItem('sync', {
      name: 'Two-way tickets',
      syncMode: 'twoWay',
      issueTypeId: TASK,
      issueTypeName: 'Task',
      features: ALL_FEATURES,
      createdAt: new Date(stack.zendesk.clock.now() - 3_600_000).toISOString(),
    }),
  );
  issue = newIssue(stack, SUP, TASK, 'Licensed work');
  linkedTicket = (stack.zendesk.control.createTicket({ subject: 'Linked', body: 'Hello' }) as { id: number })
    .id;
  dataOf(await panelLink(stack, 'sync', String(linkedTicket), agent()));
  // Work waiting for the sync: a customer reply on the linked ticket, a new ticket to auto-create.
  stack.zendesk.control.advanceClock(2_000);
  stack.zendesk.control.addComment(linkedTicket, {
    body: 'Customer reply while unlicensed',
    as: 'requester',
  });
  newTicketId = (
    stack.zendesk.control.createTicket({ subject: 'Would be auto-created', body: 'Hi' }) as { id: number }
  ).id;
  stack.zendesk.control.advanceClock(61_000);
});

describe('inactive license in production', () => {
  for (const license of INACTIVE) {
    it(`every resolver refuses with LICENSE_INACTIVE (${JSON.stringify(license)}), changing nothing`, async () => {
      production(license);
      const before = mark();
      const checksBefore = permissionChecks();
      for (const [module, key, payload] of CALLS()) {
        const error = refusal(
          (await invoke(stack, module, key, payload, module === 'admin' ? admin() : agent())).result,
        );
        expect(error.code, `${module}.${key}`).toBe('LICENSE_INACTIVE');
        expect(error.message).toBe(LICENSE_REQUIRED_MESSAGE);
      }
      // Refused before anything else: Jira is not even asked who the caller is.
      expect(permissionChecks()).toBe(checksBefore);
      expectUntouched(before, `resolvers with ${JSON.stringify(license)}`);
    });

    it(`every trigger does nothing (${JSON.stringify(license)})`, async () => {
      production(license);
      const before = mark();
      const results: InvocationResult[] = [];
      results.push(await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync'));
      results.push(
        await stack.emulator.invoke('sync-batch-worker', {
          body: { ticketIds: [String(linkedTicket), String(newTicketId)], runId: 'license-test' },
          queueName: 'zendesk-sync-batches',
          jobId: 'job-1',
          eventId: 'event-1',
        }),
      );
      // Jira product events: a comment and an edit by a user on the linked issue.
      stack.jira.control.addComment('agent', issue.id, 'Written while unlicensed');
      stack.jira.control.editIssue('agent', issue.id, {
        summary: `Edited while unlicensed ${JSON.stringify(license)}`,
      });
      const reports = await stack.settle();
      const deliveries = reports.flatMap((r) => r.deliveries);
      expect(deliveries.map((d) => d.result.functionKey)).toEqual(
        expect.arrayContaining(['on-comment-created', 'on-issue-updated']),
      );
      results.push(...deliveries.map((d) => d.result));
      // The Jira → Zendesk follow-up (work held back by pacing) does nothing either.
      const followUp = await stack.emulator.invoke('event-follow-up', {
        body: { followUp: 'license-test', requestedAt: Date.now() },
        queueName: 'jira-event-follow-up',
        jobId: 'job-2',
        eventId: 'event-2',
      });
      results.push(followUp);
      const [scheduled, queue] = results;
      expect(scheduled).toMatchObject({ status: 'ok', value: { status: 'license-inactive' } });
      expect(queue).toMatchObject({ status: 'ok', value: { status: 'license-inactive' } });
      expect(followUp).toMatchObject({ status: 'ok', value: { status: 'license-inactive' } });
      for (const r of results) {
        expect(r.status, r.functionKey).toBe('ok');
        // The queue batch is not dropped: its tickets wait in storage for a licensed run (one
        // write, no upstream call). Everything else writes nothing.
        expect(r.writes, r.functionKey).toBe(r.functionKey === 'sync-batch-worker' ? 1 : 0);
        expect(r.platformCalls, `${r.functionKey} made platform calls`).toBe(
          r.functionKey === 'sync-batch-worker' ? 1 : 0,
        );
      }
      const waiting = stack.emulator.storage.keys(WAITING_BATCH_PREFIX);
      expect(waiting).toHaveLength(1);
      expect(stack.emulator.storage.get(waiting[0] as string)).toMatchObject({ reason: 'license-inactive' });
      // The test's own Jira writes go through the control API, outside the REST log.
      const now = writeCounters(stack);
      expect(now.jiraWrites).toBe(before.counters.jiraWrites);
      // Apart from the waiting batch (and its flag), storage is untouched.
      for (const key of [...waiting, PENDING_FLAG_KEY]) stack.emulator.storage.delete(key);
      expect(storageSnapshot(stack)).toBe(before.storage);
      expect(now.zendeskRequests).toBe(before.counters.zendeskRequests);
      expect(now.egress).toBe(before.counters.egress);
      expect(now.kvsWrites).toBe(before.counters.kvsWrites + 1);
      expect(now.queuePushes).toBe(before.counters.queuePushes);
    });
  }
});

describe('development install (no license) and active production license', () => {
  it('development: resolvers answer and the scheduled sync does the pending work', async () => {
    stack.emulator.configure({ environmentType: 'DEVELOPMENT', license: undefined });
    const state = dataOf((await invoke<AdminState>(stack, 'admin', 'getAdminState', {}, admin())).result);
    expect(state.license).toBe('development');
    const panel = dataOf((await invoke<PanelState>(stack, 'panel', 'getPanel', {}, agent())).result);
    expect(panel.license).toBe('development');
    const comments = jiraComments();
    const run = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    expect(run).toMatchObject({ status: 'ok', value: { status: 'done' } });
    // The customer reply reached Jira and the new ticket got its issue: the work was real.
    expect(jiraComments()).toBeGreaterThan(comments);
    expect(stack.emulator.storage.get(ticketIndexKey(String(newTicketId)))).toEqual([
      expect.objectContaining({ itemId: 'sync' }),
    ]);
  });

  it('active production license: resolvers answer with license "active"', async () => {
    production({ isActive: true });
    const state = dataOf((await invoke<AdminState>(stack, 'admin', 'getAdminState', {}, admin())).result);
    expect(state.license).toBe('active');
    const panel = dataOf((await invoke<PanelState>(stack, 'panel', 'getPanel', {}, agent())).result);
    expect(panel).toMatchObject({ license: 'active', connected: true });
    const run = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    expect(run).toMatchObject({ status: 'ok', value: { status: 'done' } });
  });
});
