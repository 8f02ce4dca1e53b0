/**
 * Durable delivery, one scenario per failure the delivery core exists for
 * (docs/sync-model.md § Durable work, § One writer per link): outages longer than any retry
 * budget, two writers on one link, batches that arrive while the app cannot run, exact crash
 * recovery of files, and authority. Each drives the real handlers against the simulators.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeEach, describe, expect, it } from 'vitest';
import type { SmartItem } from '../../src/domain/types';
import { SUP, supportTicketItem } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { callResolver, dataOf, issueOptions } from '../support/resolvers';
import { FIVE_MINUTES_MS } from '../support/time';
import {
  connectedWorld,
  jiraCommentTexts,
  newTicket as newTicketIn,
  nextScheduledRun,
} from '../support/world';
import {
  CONNECTION_KEY,
  linkKey,
  linkWorkPrefix,
  WAITING_BATCH_PREFIX,
  WORK_PREFIX,
} from '../../src/storage/keys';

const stack = useStack({ zendesk: { seed: false } });

/** The item copies comments and files both ways (supportTicketItem's default features). */
function item(id: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return supportTicketItem(id, new Date().toISOString(), overrides);
}

beforeEach(() => connectedWorld(stack, item('conv')));

/** One scheduled run, five minutes after the previous one. */
const scheduledRun = () => nextScheduledRun(stack);
const newTicket = (subject: string) => newTicketIn(stack, subject);
const jiraTexts = (issueId: string) => jiraCommentTexts(stack, issueId);

/** A panel call on the linked issue as the Jira account of `role`; its Result. */
function panelAs(
  role: 'agent' | 'browse',
  functionKey: string,
  payload: unknown,
  issue: { issueId: string; issueKey: string },
) {
  const options = issueOptions(
    { id: issue.issueId, key: issue.issueKey, project: SUP },
    stack.user(role).accountId,
  );
  return callResolver(stack, { module: 'panel', functionKey, payload, options });
}

async function refresh(issueId: string, issueKey: string, role: 'agent' | 'browse' = 'agent'): Promise<void> {
  dataOf(await panelAs(role, 'refresh', { itemId: 'conv' }, { issueId, issueKey }));
}

describe('outages longer than any retry budget', () => {
  it('Jira answering 503 for half an hour: the customer’s comment reaches Jira once it is back, without the ticket changing', async () => {
    const ticket = newTicket('Jira down');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Jira down');
    await scheduledRun();
    const before = jiraTexts(issueId).length;
    stack.zendesk.control.addComment(ticket, { body: 'Please help, it is urgent', as: 'requester' });
    const outage = stack.jira.faults.failNext('*', 503, {
      times: 1_000_000,
      accountId: stack.jira.appAccount.accountId,
    });
    // Six scheduled runs: thirty minutes of Jira refusing every call of the app.
    for (let i = 0; i < 6; i++) await scheduledRun();
    expect(jiraTexts(issueId)).toHaveLength(before);
    expect(stack.emulator.storage.keys(`${linkWorkPrefix('conv', issueId)}toJira:`)).toHaveLength(1);
    stack.jira.faults.remove(outage);
    // Back-off is capped (30 minutes): the next runs deliver it.
    for (let i = 0; i < 7; i++) await scheduledRun();
    const texts = jiraTexts(issueId);
    expect(texts.filter((t) => t.includes('Please help, it is urgent'))).toHaveLength(1);
    expect(stack.emulator.storage.keys(WORK_PREFIX)).toEqual([]);
  });
});

describe('batches that arrive while the app cannot run', () => {
  it('a queue batch handled while Zendesk is disconnected waits, and is synchronized after reconnecting', async () => {
    const ticket = newTicket('Queued while revoked');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Queued while revoked');
    stack.zendesk.control.addComment(ticket, { body: 'Arrived during the revoke', as: 'requester' });
    const connection = stack.emulator.storage.get(CONNECTION_KEY);
    stack.emulator.storage.delete(CONNECTION_KEY);
    const batch = { body: { ticketIds: [String(ticket)], runId: 'run-before-revoke' } };
    const handled = await stack.emulator.invoke('sync-batch-worker', batch);
    expect(handled).toMatchObject({ status: 'ok', value: { status: 'not-connected' } });
    expect(stack.emulator.storage.keys(WAITING_BATCH_PREFIX)).toHaveLength(1);

    stack.emulator.storage.set(CONNECTION_KEY, connection);
    await scheduledRun();
    expect(stack.emulator.storage.keys(WAITING_BATCH_PREFIX)).toEqual([]);
    expect(jiraTexts(issueId).filter((t) => t.includes('Arrived during the revoke'))).toHaveLength(1);
  });
});

describe('two writers on one link', () => {
  it('two Refresh clicks at the same time copy each comment once; one of them found the link busy', async () => {
    const ticket = newTicket('Double click');
    const { issueId, issueKey } = storeManualLink(stack, 'conv', ticket, 'Double click');
    stack.zendesk.control.addComment(ticket, { body: 'Only once, please', as: 'requester' });
    // Jira answers slowly, so the second click arrives while the first is still writing.
    const slow = stack.jira.faults.delay('*', 150, { times: 1_000 });
    await Promise.all([refresh(issueId, issueKey), refresh(issueId, issueKey)]);
    stack.jira.faults.remove(slow);
    // The overlap really happened: the second writer recorded its work instead of writing.
    expect(stack.emulator.storage.keys(`${linkWorkPrefix('conv', issueId)}toJira:`)).toHaveLength(1);
    await scheduledRun();
    expect(jiraTexts(issueId).filter((t) => t.includes('Only once, please'))).toHaveLength(1);
    expect(stack.emulator.storage.keys(WORK_PREFIX)).toEqual([]);
  });

  it('a Refresh during a scheduled run on the same link copies the comment once', async () => {
    const ticket = newTicket('Refresh meets run');
    const { issueId, issueKey } = storeManualLink(stack, 'conv', ticket, 'Refresh meets run');
    stack.zendesk.control.addComment(ticket, { body: 'Copied by exactly one writer', as: 'requester' });
    const slow = stack.jira.faults.delay('*', 150, { times: 1_000 });
    stack.emulator.clock.advance(FIVE_MINUTES_MS);
    stack.zendesk.control.advanceClock(61_000);
    const later = new Promise<void>((resolve, reject) => {
      setTimeout(() => refresh(issueId, issueKey).then(resolve, reject), 60);
    });
    await Promise.all([stack.emulator.runScheduledTrigger('zendesk-scheduled-sync'), later]);
    stack.jira.faults.remove(slow);
    await scheduledRun();
    expect(jiraTexts(issueId).filter((t) => t.includes('Copied by exactly one writer'))).toHaveLength(1);
  });
});

describe('authority', () => {
  it('every browse-level panel call of a browse-only user makes zero upstream writes, even on a moved issue', async () => {
    const ticket = newTicket('Viewer');
    const link = storeManualLink(stack, 'conv', ticket, 'Viewer');
    stack.zendesk.control.addComment(ticket, { body: 'Still waiting', as: 'requester' });
    // The issue moved since (its stored key is old): correcting Zendesk's side is a write.
    const stale = stack.emulator.storage.get(linkKey('conv', link.issueId)) as Record<string, unknown>;
    stack.emulator.storage.set(linkKey('conv', link.issueId), {
      ...stale,
      issueKey: 'OLD-1',
      zendeskLink: { state: 'registered', linkId: 999 },
    });
    const upstreamWrites = () => stack.emulator.calls.filter((c) => c.write && c.kind !== 'kvs').length;
    const before = upstreamWrites();
    await panelAs('browse', 'getPanel', {}, link);
    await panelAs('browse', 'search', { itemId: 'conv', query: String(ticket) }, link);
    await panelAs('browse', 'refresh', { itemId: 'conv' }, link);
    expect(upstreamWrites()).toBe(before);
  });

  it('a browse-only user’s Refresh shows the preview and makes no upstream write', async () => {
    const ticket = newTicket('Browse only');
    const { issueId, issueKey } = storeManualLink(stack, 'conv', ticket, 'Browse only');
    stack.zendesk.control.addComment(ticket, { body: 'Not copied on a viewer’s click', as: 'requester' });
    const writesBefore = stack.emulator.calls.filter((c) => c.write && c.kind !== 'kvs').length;
    await refresh(issueId, issueKey, 'browse');
    const upstreamWrites = stack.emulator.calls.filter((c) => c.write && c.kind !== 'kvs').length;
    expect(upstreamWrites).toBe(writesBefore);
    expect(jiraTexts(issueId).some((t) => t.includes('Not copied on a viewer’s click'))).toBe(false);
  });
});
