/**
 * OAuth token rotation under failure, end to end (real handlers in the Forge emulator, the
 * Zendesk simulator's token endpoint): access tokens expiring mid-run, a refresh answer lost
 * after Zendesk rotated, two invocations refreshing at once, expired and revoked refresh tokens.
 * Each ends working or in the recorded "reconnect Zendesk" state, and never loses or duplicates
 * a ticket's issue.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ActivityView, AdminState } from '../../src/domain/rpc';
import type { SmartItem } from '../../src/domain/types';
import type { ScheduledOutcome } from '../../src/sync/run/scheduler';
import { NO_FEATURES, supportTicketItem, zendeskHoursAgo } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { adminCall, connectOAuth, registerClient } from '../support/oauth';
import { itemKey, OAUTH_TOKENS_SECRET_KEY, ticketIndexKey } from '../../src/storage/keys';

const stack = useStack({ zendesk: { seed: false }, jira: { seed: false } });
let secret: string;

function autoItem(): SmartItem {
  return supportTicketItem('auto', zendeskHoursAgo(stack), {
    syncMode: 'oneWay',
    fields: [
      { zendeskFieldId: 'subject', zendeskFieldLabel: 'Subject', jiraFieldId: 'summary', preview: false },
    ],
    features: { ...NO_FEATURES, autoCreate: true },
  });
}

function tickets(n: number, label: string): number[] {
  return Array.from(
    { length: n },
    (_, i) =>
      (stack.zendesk.control.createTicket({ subject: `${label} ${i}`, body: 'b' }) as { id: number }).id,
  );
}

async function run(): Promise<ScheduledOutcome> {
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok') throw new Error(`scheduled-sync: ${result.status} ${String(result.error)}`);
  return result.value as ScheduledOutcome;
}

/** Each ticket has exactly one linked issue, and Jira holds no other issue. */
function expectExactlyOnce(ids: number[]): void {
  for (const id of ids)
    expect((stack.emulator.storage.get(ticketIndexKey(String(id))) ?? []) as unknown[]).toHaveLength(1);
  expect(stack.jira.state.issues.size).toBe(ids.length);
}

async function adminState(): Promise<AdminState> {
  const r = await adminCall<AdminState>(stack, 'getAdminState', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

async function activity(): Promise<ActivityView> {
  const r = await adminCall<ActivityView>(stack, 'getActivity', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.data;
}

/** Makes the app see its stored access token as expired (its clock is the real one). */
function expireStoredAccess(): void {
  const t = stack.emulator.storage.getSecret(OAUTH_TOKENS_SECRET_KEY) as Record<string, unknown>;
  stack.emulator.storage.setSecret(OAUTH_TOKENS_SECRET_KEY, { ...t, expiresAt: 0 });
  for (const a of stack.zendesk.state.oauth.access.values()) a.expiresAt = stack.zendesk.clock.now();
}

beforeAll(() => {
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
beforeEach(async () => {
  stack.zendesk.control.reset(false);
  stack.jira.control.reset();
  stack.emulator.storage.clear();
  stack.zendesk.faults.clear();
  secret = registerClient(stack).secret;
  const { answer } = await connectOAuth(stack, secret);
  expect(answer.statusCode).toBe(200);
  stack.emulator.storage.set(itemKey('auto'), autoItem());
});

describe('OAuth rotation', () => {
  it('access tokens expiring every few requests in the middle of a run: refreshed, nothing lost or doubled', async () => {
    const ids = tickets(40, 'Mid-run');
    stack.zendesk.state.oauth.expireAccessEvery(7);
    const outcome = await run();
    await stack.emulator.drain();
    expect(outcome.processed + outcome.queued).toBe(40);
    expectExactlyOnce(ids);
    expect(stack.zendesk.state.oauth.issued.refresh_token).toBeGreaterThan(2);
    expect((await adminState()).connection.authProblem).toBeUndefined();
  });

  it('a refresh that never reached Zendesk (dropped before) is retried at once and keeps working', async () => {
    const ids = tickets(5, 'Before');
    expireStoredAccess();
    stack.zendesk.faults.drop('/oauth/tokens', 'before', { times: 1 });
    await run();
    expectExactlyOnce(ids);
    expect((await adminState()).connection.authProblem).toBeUndefined();
  });

  it('a refresh answer lost after Zendesk rotated: the reconnect state is recorded, nothing is skipped, reconnecting resumes exactly once', async () => {
    const ids = tickets(5, 'Lost');
    expireStoredAccess();
    stack.zendesk.faults.drop('/oauth/tokens', 'after', { times: 1 });
    const outcome = await run();
    expect(outcome.processed).toBe(0);
    expect(stack.jira.state.issues.size).toBe(0);
    const state = await adminState();
    expect(state.connection.authProblem?.message).toContain('Reconnect Zendesk');
    const log = await activity();
    expect(JSON.stringify(log.runs[0]?.errors)).toContain('Reconnect Zendesk');
    // Later runs do not hammer Zendesk's token endpoint while waiting for the admin.
    const before = stack.zendesk.log.entries().filter((e) => e.path === '/oauth/tokens').length;
    await run();
    expect(stack.zendesk.log.entries().filter((e) => e.path === '/oauth/tokens').length).toBe(before);
    // The admin reconnects: the tickets waiting since then are processed once.
    await connectOAuth(stack, secret);
    expect((await adminState()).connection.authProblem).toBeUndefined();
    await run();
    await stack.emulator.drain();
    expectExactlyOnce(ids);
  });

  it('two invocations refreshing at once: one refresh, both succeed', async () => {
    expireStoredAccess();
    stack.zendesk.faults.delay('/oauth/tokens', 400, { times: 1 });
    const before = stack.zendesk.state.oauth.issued.refresh_token;
    const calls = await Promise.all([
      adminCall(stack, 'getItemEditorMetadata', { zendeskObject: 'ticket' }),
      adminCall(stack, 'getItemEditorMetadata', { zendeskObject: 'user' }),
    ]);
    expect(calls.map((c) => c.ok)).toEqual([true, true]);
    expect(stack.zendesk.state.oauth.issued.refresh_token - before).toBe(1);
  });

  it('an expired refresh token ends in the reconnect state on the admin page and in the activity log', async () => {
    tickets(3, 'Expired');
    expireStoredAccess();
    stack.zendesk.state.oauth.expireRefreshTokens(stack.zendesk.clock.now());
    await run();
    const state = await adminState();
    expect(state.connection.authProblem?.message).toContain('no longer accepts');
    expect(JSON.stringify((await activity()).runs[0]?.errors)).toContain('Reconnect Zendesk');
  });

  it('revoked tokens (401 on the API, invalid_grant on refresh) end in the reconnect state', async () => {
    tickets(3, 'Revoked');
    stack.zendesk.state.oauth.revokeAll();
    await run();
    expect((await adminState()).connection.authProblem?.code).toBe('OAUTH_INVALID_GRANT');
    expect(stack.jira.state.issues.size).toBe(0);
  });

  it('client credentials: an expired token and a lost token answer both end working (nothing to rotate)', async () => {
    const cc = await adminCall(stack, 'connectClientCredentials', {
      subdomain: 'acme',
      clientId: 'jira-connector',
      clientSecret: secret,
    });
    expect(cc.ok).toBe(true);
    const ids = tickets(6, 'Client credentials');
    expireStoredAccess();
    stack.zendesk.faults.drop('/oauth/tokens', 'after', { times: 1 });
    const before = stack.zendesk.state.oauth.issued.client_credentials;
    await run();
    await stack.emulator.drain();
    expectExactlyOnce(ids);
    // The lost answer's token is simply never used; the retry's token is.
    expect(stack.zendesk.state.oauth.issued.client_credentials - before).toBe(2);
    expect((await adminState()).connection.authProblem).toBeUndefined();
  });

  it('a 10,000-ticket backlog with the access token expiring every 3 requests: every linked issue updated once, nothing else created', async () => {
    stack.emulator.storage.set(itemKey('auto'), {
      ...autoItem(),
      features: { ...autoItem().features, autoCreate: false },
    });
    const ids = tickets(10_000, 'Backlog');
    const linked = ids
      .filter((_, i) => i % 100 === 0)
      .map((id) => ({ id, issueId: storeManualLink(stack, 'auto', id, 'stale').issueId }));
    const issuesBefore = stack.jira.state.issues.size;
    stack.zendesk.state.oauth.expireAccessEvery(3);
    for (let i = 0; i < 20; i++) {
      const outcome = await run();
      await stack.emulator.drain();
      if (outcome.caughtUp) break;
    }
    for (const { id, issueId } of linked) {
      const subject = stack.zendesk.state.tickets.get(id)?.subject;
      expect(stack.jira.state.issues.get(issueId)?.values.summary).toBe(subject);
    }
    expect(stack.jira.state.issues.size).toBe(issuesBefore);
    expect(stack.zendesk.state.oauth.issued.refresh_token).toBeGreaterThan(0);
    expect((await adminState()).connection.authProblem).toBeUndefined();
    const seen = (await activity()).runs.reduce((n, r) => n + r.ticketsSeen, 0);
    expect(seen).toBeGreaterThanOrEqual(10_000);
    console.log(
      `[oauth] 10,000-ticket backlog: ${stack.zendesk.state.oauth.issued.refresh_token} refreshes, ${seen} tickets seen`,
    );
  }, 300_000);
});
