/**
 * The operations console's resolvers end to end (src/admin/actions.ts, activityView.ts and
 * connection.ts behind src/resolvers/admin.ts): the real admin handler in the Forge
 * emulator, the real sync paths, the Zendesk and Jira simulators. Each action is shown to do
 * what the admin was promised on the next run, and to change nothing on bad input.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeEach, describe, expect, it } from 'vitest';
import type {
  ActivityView,
  AdminAction,
  ConnectionCheck,
  ConnectionSummary,
  SyncNowOutcome,
  SyncRunSummary,
} from '../../src/domain/rpc';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import { CONVERSATION, SUP, supportTicketItem } from '../support/items';
import { registerClient } from '../support/oauth';
import { storeManualLink } from '../support/manualLink';
import { adminResolver, dataOf as data, errorOf, storageSnapshot } from '../support/resolvers';
import {
  connectedWorld,
  jiraCommentTexts,
  newTicket as newTicketIn,
  nextScheduledRun,
  zendeskCommentTexts,
} from '../support/world';
import {
  ACCOUNT_BINDING_KEY,
  ADMIN_LOG_KEY,
  CONNECTION_KEY,
  CURSOR_KEY,
  HELD_PREFIX,
  heldItemPrefix,
  heldTicketKey,
  itemKey,
  linkKey,
  linkWorkPrefix,
  PENDING_FLAG_KEY,
  PROBLEM_INDEX_KEY,
  SYNC_LOG_HEAD_KEY,
  SYNC_LOG_PREFIX,
  TOKEN_SECRET_KEY,
  WORK_PREFIX,
  workKey,
} from '../../src/storage/keys';

/** The console's item copies comments only. */
const COMMENTS = { ...CONVERSATION, attachmentSync: false };

const stack = useStack({ zendesk: { seed: false } });

function item(id: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return supportTicketItem(id, new Date().toISOString(), { features: COMMENTS, ...overrides });
}

beforeEach(() => connectedWorld(stack, item('conv')));

const call = <T>(functionKey: string, payload: unknown, role: 'admin' | 'agent' = 'admin') =>
  adminResolver<T>(stack, functionKey, payload, role);
/** Everything the app stored, to prove a refusal changed nothing. */
const snapshot = () => storageSnapshot(stack);
const newTicket = (subject: string) => newTicketIn(stack, subject);
const zendeskTexts = (ticketId: number) => zendeskCommentTexts(stack, ticketId);
const jiraTexts = (issueId: string) => jiraCommentTexts(stack, issueId);

const workKeys = (prefix = WORK_PREFIX) => stack.emulator.storage.keys(prefix);
const upstreamWrites = () => stack.emulator.calls.filter((c) => c.write && c.kind !== 'kvs').length;
const adminLog = () =>
  (stack.emulator.storage.get(ADMIN_LOG_KEY) as { entries: AdminAction[] } | undefined)?.entries ?? [];

/** A Jira comment on a linked issue that Zendesk refuses (503), left as a backing-off work mark. */
async function stuckJiraComment(text: string) {
  const ticket = newTicket('A ticket whose Jira comment is stuck');
  const link = storeManualLink(stack, 'conv', ticket, 'A ticket whose Jira comment is stuck');
  await nextScheduledRun(stack);
  const outage = stack.zendesk.faults.fail('/api/v2/tickets/**', { method: 'PUT', times: 1_000_000 });
  stack.jira.control.addComment('agent', link.issueId, text);
  await stack.settle();
  const [key] = workKeys(`${linkWorkPrefix('conv', link.issueId)}toZendesk:`);
  if (!key) throw new Error('the refused comment left no work mark');
  const mark = stack.emulator.storage.get(key) as { attempts: number; nextAt?: number };
  expect(mark.attempts).toBeGreaterThan(0);
  // Several failures later the back-off is at its 30-minute cap: longer than a run's gap.
  stack.emulator.storage.set(key, { ...mark, nextAt: Date.now() + 30 * 60_000 });
  return { ticket, ...link, key, source: key.split(':').at(-1) ?? '', outage };
}

describe('the problems queue', () => {
  it('lists the stuck change with its link, cause and attempts, and the item’s failures', async () => {
    const stuck = await stuckJiraComment('Shown in the queue');
    const view = data(await call<ActivityView>('getActivity', {}));
    const row = view.problems.find((p) => p.issueId === stuck.issueId);
    expect(row).toMatchObject({ itemId: 'conv', issueKey: stuck.issueKey, recordId: String(stuck.ticket) });
    expect(row?.pending).toEqual([
      expect.objectContaining({ direction: 'toZendesk', source: stuck.source, attempts: expect.any(Number) }),
    ]);
    expect(row?.problems.some((p) => p.code === 'TO_ZENDESK_PENDING' && p.subject === stuck.source)).toBe(
      true,
    );
    expect(view.items).toEqual([
      expect.objectContaining({ itemId: 'conv', links: 1, linksCapped: false, failures: 1 }),
    ]);
    expect(view.zendeskBaseUrl).toBe(`https://${stack.zendesk.subdomain}.zendesk.com`);
    expect(view.nextRunAt).not.toBeNull();
  });
});

describe('Retry', () => {
  it('makes a change stuck behind a long back-off arrive on the next run, and logs who asked', async () => {
    const stuck = await stuckJiraComment('Arrives after Retry');
    stack.zendesk.faults.remove(stuck.outage);
    // Without Retry the back-off holds: the next run leaves the change alone.
    await nextScheduledRun(stack);
    expect(zendeskTexts(stuck.ticket).some((t) => t.includes('Arrives after Retry'))).toBe(false);

    expect(
      data(await call<{ due: number }>('retryLink', { itemId: 'conv', issueId: stuck.issueId })),
    ).toEqual({
      due: 1,
    });
    expect(stack.emulator.storage.get(PENDING_FLAG_KEY)).toBeDefined();
    await nextScheduledRun(stack);
    expect(zendeskTexts(stuck.ticket).filter((t) => t.includes('Arrives after Retry'))).toHaveLength(1);
    expect(workKeys()).toEqual([]);
    const link = stack.emulator.storage.get(linkKey('conv', stuck.issueId)) as LinkRecord;
    expect(link.problems.filter((p) => p.subject === stuck.source)).toEqual([]);
    expect(adminLog()[0]).toMatchObject({
      action: 'retry',
      issueKey: stuck.issueKey,
      accountId: stack.user('admin').accountId,
    });
  });

  it('re-runs a failed Zendesk → Jira pass that no mark carries', async () => {
    const ticket = newTicket('Failed pass');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Failed pass');
    stack.zendesk.control.addComment(ticket, { body: 'Customer reply to copy', as: 'requester' });
    const stored = stack.emulator.storage.get(linkKey('conv', issueId)) as LinkRecord;
    // A failure the pass recorded once, whose mark has since been given up elsewhere.
    stack.emulator.storage.set(linkKey('conv', issueId), {
      ...stored,
      problems: [
        {
          kind: 'error',
          code: 'SYNC_FAILED',
          message: 'Synchronizing from Zendesk failed',
          at: new Date().toISOString(),
        },
      ],
    });
    stack.emulator.storage.set(PROBLEM_INDEX_KEY, [{ itemId: 'conv', issueId }]);
    expect(data(await call<{ due: number }>('retryLink', { itemId: 'conv', issueId }))).toEqual({ due: 1 });
    expect(workKeys(workKey('conv', issueId, 'toJira', 'retry-'))).toHaveLength(1);
    await nextScheduledRun(stack);
    expect(jiraTexts(issueId).filter((t) => t.includes('Customer reply to copy'))).toHaveLength(1);
    expect(workKeys()).toEqual([]);
  });

  it('refuses a link with nothing to retry, an unknown link and a bad payload, changing nothing', async () => {
    const ticket = newTicket('Nothing stuck');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Nothing stuck');
    const before = snapshot();
    expect(errorOf(await call('retryLink', { itemId: 'conv', issueId })).code).toBe('NOTHING_TO_RETRY');
    expect(errorOf(await call('retryLink', { itemId: 'conv', issueId: '999999' })).code).toBe('NOT_FOUND');
    expect(errorOf(await call('retryLink', { itemId: 'conv', issueId: 'a:b' })).code).toBe('BAD_PAYLOAD');
    expect(errorOf(await call('retryLink', { itemId: 'conv', issueId, extra: 1 })).code).toBe('BAD_PAYLOAD');
    expect(errorOf(await call('retryLink', { itemId: 'conv', issueId }, 'agent')).code).toBe('NOT_ADMIN');
    expect(snapshot()).toBe(before);
  });
});

describe('Dismiss', () => {
  it('gives up one stuck change: its mark and problem go, the log says who, and no run delivers it later', async () => {
    const stuck = await stuckJiraComment('Given up');
    const result = data(
      await call<{ removedWork: number; removedProblems: number }>('dismissChange', {
        itemId: 'conv',
        issueId: stuck.issueId,
        target: { kind: 'pending', direction: 'toZendesk', source: stuck.source },
      }),
    );
    expect(result).toEqual({ removedWork: 1, removedProblems: 1 });
    expect(workKeys()).toEqual([]);
    const link = stack.emulator.storage.get(linkKey('conv', stuck.issueId)) as LinkRecord;
    expect(link.problems.filter((p) => p.subject === stuck.source)).toEqual([]);
    const [entry] = adminLog();
    expect(entry).toMatchObject({
      action: 'dismiss',
      itemId: 'conv',
      issueKey: stuck.issueKey,
      accountId: stack.user('admin').accountId,
    });
    expect(entry?.who).not.toBe('');
    expect(entry?.detail).toContain(stuck.source);

    stack.zendesk.faults.remove(stuck.outage);
    await nextScheduledRun(stack);
    await nextScheduledRun(stack);
    expect(zendeskTexts(stuck.ticket).some((t) => t.includes('Given up'))).toBe(false);
  });

  it('removes a problem that has no pending change', async () => {
    const ticket = newTicket('Old problem');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Old problem');
    const stored = stack.emulator.storage.get(linkKey('conv', issueId)) as LinkRecord;
    const refused = {
      kind: 'error' as const,
      code: 'TO_ZENDESK_FAILED',
      message: 'Refused',
      at: new Date().toISOString(),
      subject: 'comment-1',
    };
    const other = {
      kind: 'limitation' as const,
      code: 'TO_ZENDESK_TICKET_CLOSED',
      message: 'Closed',
      at: new Date().toISOString(),
    };
    stack.emulator.storage.set(linkKey('conv', issueId), { ...stored, problems: [refused, other] });
    const result = data(
      await call('dismissChange', {
        itemId: 'conv',
        issueId,
        target: { kind: 'problem', code: 'TO_ZENDESK_FAILED', subject: 'comment-1' },
      }),
    );
    expect(result).toEqual({ removedWork: 0, removedProblems: 1 });
    const link = stack.emulator.storage.get(linkKey('conv', issueId)) as LinkRecord;
    expect(link.problems.map((p) => p.code)).toEqual(['TO_ZENDESK_TICKET_CLOSED']);
  });

  it('refuses an unknown change, a malformed target and a non-admin, changing nothing', async () => {
    const stuck = await stuckJiraComment('Kept');
    const before = snapshot();
    const target = { kind: 'pending', direction: 'toZendesk', source: stuck.source };
    const dismissing = async (dismissed: unknown, role?: 'agent') =>
      errorOf(
        await call('dismissChange', { itemId: 'conv', issueId: stuck.issueId, target: dismissed }, role),
      ).code;
    expect(await dismissing({ ...target, source: 'comment-404' })).toBe('NOT_FOUND');
    expect(await dismissing({ kind: 'all' })).toBe('BAD_PAYLOAD');
    expect(await dismissing({ ...target, direction: 'up' })).toBe('BAD_PAYLOAD');
    expect(await dismissing(target, 'agent')).toBe('NOT_ADMIN');
    expect(snapshot()).toBe(before);
  });
});

describe('Pause and Resume', () => {
  it('a paused item gets no writes on any path; Resume catches up with nothing lost', async () => {
    stack.emulator.storage.set(
      itemKey('auto'),
      item('auto', {
        syncMode: 'oneWay',
        features: { ...COMMENTS, autoCreate: true, commentSync: false },
      }),
    );
    const ticket = newTicket('Paused link');
    const { issueId, issueKey } = storeManualLink(stack, 'conv', ticket, 'Paused link');
    await nextScheduledRun(stack);
    // Work recorded before the pause (a busy link's pass) must wait too.
    stack.zendesk.control.addComment(ticket, { body: 'Before the pause', as: 'requester' });
    stack.emulator.storage.set(workKey('conv', issueId, 'toJira', 'ticket-1'), {
      v: 1,
      at: new Date().toISOString(),
      attempts: 0,
      ticketId: String(ticket),
    });
    stack.emulator.storage.set(PENDING_FLAG_KEY, { at: new Date().toISOString() });

    for (const itemId of ['conv', 'auto'])
      expect(data(await call<SmartItem>('setItemPaused', { itemId, paused: true })).paused).toBeDefined();
    const writes = upstreamWrites();
    const jiraIssues = stack.jira.control.listIssues().length;

    // Scheduled pass and drain: a customer reply on the linked ticket, and a new ticket for auto-create.
    stack.zendesk.control.addComment(ticket, { body: 'During the pause (Zendesk)', as: 'requester' });
    const fresh = newTicket('Created while paused');
    await nextScheduledRun(stack);
    // Jira event: a comment on the linked issue.
    stack.jira.control.addComment('agent', issueId, 'During the pause (Jira)');
    await stack.settle();
    // Queue batch.
    const batch = await stack.emulator.invoke('sync-batch-worker', {
      body: { ticketIds: [String(ticket), String(fresh)], runId: 'paused-batch' },
    });
    expect(batch.status).toBe('ok');
    // Panel Refresh by an agent.
    const refresh = await stack.emulator.invokeResolver(
      'panel-resolver',
      { functionKey: 'refresh', payload: { itemId: 'conv' } },
      {
        accountId: stack.user('agent').accountId,
        extension: {
          type: 'jira:issuePanel',
          issue: { id: issueId, key: issueKey },
          project: { ...SUP, type: 'software' },
        },
      },
    );
    expect(refresh.status).toBe('ok');
    await nextScheduledRun(stack);

    expect(upstreamWrites()).toBe(writes);
    expect(stack.jira.control.listIssues()).toHaveLength(jiraIssues);
    expect(jiraTexts(issueId).some((t) => t.includes('Before the pause') || t.includes('(Zendesk)'))).toBe(
      false,
    );
    expect(zendeskTexts(ticket).some((t) => t.includes('During the pause (Jira)'))).toBe(false);
    expect(stack.emulator.storage.keys(heldItemPrefix('auto'))).toEqual([
      heldTicketKey('auto', String(fresh)),
    ]);

    for (const itemId of ['conv', 'auto'])
      expect(data(await call<SmartItem>('setItemPaused', { itemId, paused: false })).paused).toBeUndefined();
    await stack.settle();
    await nextScheduledRun(stack);

    const texts = jiraTexts(issueId);
    expect(texts.filter((t) => t.includes('Before the pause'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('During the pause (Zendesk)'))).toHaveLength(1);
    expect(zendeskTexts(ticket).filter((t) => t.includes('During the pause (Jira)'))).toHaveLength(1);
    const created = stack.jira.control.listIssues().filter((i) => i.summary === 'Created while paused');
    expect(created).toHaveLength(1);
    expect(workKeys()).toEqual([]);
    expect(stack.emulator.storage.keys(HELD_PREFIX)).toEqual([]);
    expect(adminLog().map((e) => e.action)).toEqual(['resume', 'resume', 'pause', 'pause']);
  });

  it('refuses to pause a display-only item or an unknown one, changing nothing', async () => {
    stack.emulator.storage.set(
      itemKey('show'),
      item('show', { syncMode: 'none', features: { ...COMMENTS, commentSync: false } }),
    );
    const before = snapshot();
    expect(errorOf(await call('setItemPaused', { itemId: 'show', paused: true })).code).toBe('INVALID_ITEM');
    expect(errorOf(await call('setItemPaused', { itemId: 'gone', paused: true })).code).toBe('NOT_FOUND');
    expect(errorOf(await call('setItemPaused', { itemId: 'conv', paused: 'yes' })).code).toBe('BAD_PAYLOAD');
    expect(errorOf(await call('setItemPaused', { itemId: 'conv', paused: true }, 'agent')).code).toBe(
      'NOT_ADMIN',
    );
    expect(snapshot()).toBe(before);
  });

  it('keeps the pause when the item is edited and saved', async () => {
    data(await call('setItemPaused', { itemId: 'conv', paused: true }));
    const saved = await call<SmartItem>('saveItem', {
      id: 'conv',
      name: 'Conversation',
      syncMode: 'twoWay',
      projectId: SUP.id,
      issueTypeId: '10001',
      zendeskObject: 'ticket',
      fields: [],
      features: COMMENTS,
    });
    expect(data(saved).paused).toBeDefined();
  });
});

describe('Sync now', () => {
  it('runs the scheduled work at once, and never while another run holds the lease', async () => {
    const ticket = newTicket('Sync now');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Sync now');
    await nextScheduledRun(stack);
    stack.zendesk.control.addComment(ticket, { body: 'Copied by Sync now', as: 'requester' });
    stack.zendesk.control.advanceClock(61_000);

    // A scheduled run still working (Zendesk answers slowly) when the admin clicks.
    const slow = stack.zendesk.faults.delay('/api/v2/incremental/**', 400, { times: 5 });
    const scheduled = stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const during = data(await call<SyncNowOutcome>('syncNow', {}));
    expect(during.status).toBe('busy');
    await scheduled;
    stack.zendesk.faults.remove(slow);
    expect(adminLog()).toEqual([]);
    expect(jiraTexts(issueId).filter((t) => t.includes('Copied by Sync now'))).toHaveLength(1);

    stack.zendesk.control.addComment(ticket, { body: 'Second reply', as: 'requester' });
    stack.zendesk.control.advanceClock(61_000);
    const alone = data(await call<SyncNowOutcome>('syncNow', {}));
    expect(alone.status).toBe('done');
    expect(jiraTexts(issueId).filter((t) => t.includes('Second reply'))).toHaveLength(1);
    const view = data(await call<ActivityView>('getActivity', {}));
    expect(view.runs[0]).toMatchObject({ trigger: 'manual', finishedAt: expect.any(String) });
    expect(view.items[0]?.lastSuccessAt).toBe(view.runs[0]?.finishedAt);
    expect(adminLog()[0]).toMatchObject({ action: 'syncNow' });
  });
});

describe('run history', () => {
  it('a long run shows its progress in the run log while it works; its summary then replaces that entry', async () => {
    await nextScheduledRun(stack);
    // More than one export page (1000 tickets a page) of changes.
    for (let i = 0; i < 1001; i++) stack.zendesk.control.createTicket({ subject: `Bulk ${i}`, body: 'bulk' });
    stack.zendesk.control.advanceClock(61_000);
    const slow = stack.zendesk.faults.delay('/api/v2/incremental/**', 300, { times: 10 });
    const logged = () =>
      stack.emulator.storage
        .keys(SYNC_LOG_PREFIX)
        .filter((k) => k !== SYNC_LOG_HEAD_KEY)
        .map((k) => (stack.emulator.storage.get(k) as { seq: number; run: SyncRunSummary }).run);
    const run = stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    let finished = false;
    void run.finally(() => (finished = true));
    const progress: NonNullable<SyncRunSummary['progress']>[] = [];
    while (!finished) {
      for (const r of logged()) if (r.progress && r.finishedAt === undefined) progress.push(r.progress);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await run;
    stack.zendesk.faults.remove(slow);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]).toMatchObject({ pages: 1, processed: 1000 });
    const view = data(await call<ActivityView>('getActivity', {}));
    const [latest] = view.runs;
    expect(latest?.finishedAt).toBeDefined();
    expect(latest?.ticketsSeen).toBe(1001);
    // One entry for the run: the progress entry became its summary.
    expect(view.runs.filter((r) => r.runId === latest?.runId)).toHaveLength(1);
  });
});

describe('connection', () => {
  it('a new API token keeps links, cursor, connection start and binding; a wrong one changes nothing', async () => {
    const ticket = newTicket('Rotate');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Rotate');
    await nextScheduledRun(stack);
    const email = stack.zendesk.credentials.admin.email;
    const before = snapshot();
    const wrong = errorOf(await call('rotateApiToken', { email, apiToken: 'not-a-token' }));
    expect(wrong.code).toBe('UPSTREAM');
    expect(wrong.upstream?.status).toBe(401);
    expect(errorOf(await call('rotateApiToken', { email, apiToken: 'has space' })).code).toBe('BAD_PAYLOAD');
    expect(errorOf(await call('rotateApiToken', { email, apiToken: 'x' }, 'agent')).code).toBe('NOT_ADMIN');
    expect(snapshot()).toBe(before);

    const storage = stack.emulator.storage;
    const kept = {
      link: storage.get(linkKey('conv', issueId)),
      cursor: storage.get(CURSOR_KEY),
      binding: storage.get(ACCOUNT_BINDING_KEY),
      connectedAt: (storage.get(CONNECTION_KEY) as { connectedAt: string }).connectedAt,
    };
    const old = stack.zendesk.credentials.admin.token;
    stack.zendesk.state.apiTokens.add('rotated-token-2');
    const summary = data(
      await call<ConnectionSummary>('rotateApiToken', { email, apiToken: 'rotated-token-2' }),
    );
    expect(summary.connection?.subdomain).toBe(stack.zendesk.subdomain);
    expect(storage.getSecret(TOKEN_SECRET_KEY)).toBe('rotated-token-2');
    expect(storage.get(linkKey('conv', issueId))).toEqual(kept.link);
    expect(storage.get(CURSOR_KEY)).toEqual(kept.cursor);
    expect(storage.get(ACCOUNT_BINDING_KEY)).toMatchObject({ subdomain: stack.zendesk.subdomain });
    if (kept.binding !== undefined) expect(storage.get(ACCOUNT_BINDING_KEY)).toEqual(kept.binding);
    expect((storage.get(CONNECTION_KEY) as { connectedAt: string }).connectedAt).toBe(kept.connectedAt);
    expect(adminLog()[0]).toMatchObject({ action: 'rotateToken' });

    // The old token is revoked in Zendesk: sync goes on with the new one.
    stack.zendesk.state.apiTokens.delete(old);
    stack.zendesk.control.addComment(ticket, { body: 'After the rotation', as: 'requester' });
    await nextScheduledRun(stack);
    expect(jiraTexts(issueId).filter((t) => t.includes('After the rotation'))).toHaveLength(1);
  });

  it('a new OAuth client for the connected account keeps links, cursor and the connection start', async () => {
    const ticket = newTicket('Move to OAuth');
    const { issueId } = storeManualLink(stack, 'conv', ticket, 'Move to OAuth');
    await nextScheduledRun(stack);
    const storage = stack.emulator.storage;
    const kept = {
      link: storage.get(linkKey('conv', issueId)),
      cursor: storage.get(CURSOR_KEY),
      connectedAt: (storage.get(CONNECTION_KEY) as { connectedAt: string }).connectedAt,
    };
    const client = registerClient(stack, 'jira-connector-new');
    const summary = data(
      await call<ConnectionSummary>('connectClientCredentials', {
        subdomain: stack.zendesk.subdomain,
        clientId: client.identifier,
        clientSecret: client.secret,
      }),
    );
    expect(summary.connection?.auth).toMatchObject({ kind: 'oauth', clientId: 'jira-connector-new' });
    expect(storage.get(linkKey('conv', issueId))).toEqual(kept.link);
    expect(storage.get(CURSOR_KEY)).toEqual(kept.cursor);
    expect(summary.connection?.connectedAt).toBe(kept.connectedAt);
    stack.zendesk.state.apiTokens.clear();
    stack.zendesk.control.addComment(ticket, { body: 'Through OAuth now', as: 'requester' });
    await nextScheduledRun(stack);
    expect(jiraTexts(issueId).filter((t) => t.includes('Through OAuth now'))).toHaveLength(1);
  });

  it('Test connection names the Zendesk identity, or shows Zendesk’s own refusal', async () => {
    const check = data(await call<ConnectionCheck>('testConnection', {}));
    expect(check.agent.email).toBe(stack.zendesk.credentials.admin.email);
    const before = snapshot();
    stack.zendesk.state.apiTokens.clear();
    const refused = errorOf(await call('testConnection', {}));
    expect(refused.code).toBe('UPSTREAM');
    expect(refused.upstream).toMatchObject({ service: 'zendesk', status: 401 });
    expect(refused.message).toContain('401');
    expect(errorOf(await call('testConnection', { x: 1 })).code).toBe('BAD_PAYLOAD');
    expect(snapshot()).toBe(before);
  });

  it('a token cannot be replaced without a connection', async () => {
    stack.emulator.storage.delete(CONNECTION_KEY);
    const before = snapshot();
    const email = stack.zendesk.credentials.admin.email;
    expect(errorOf(await call('rotateApiToken', { email, apiToken: 'abc' })).code).toBe('NOT_CONNECTED');
    expect(snapshot()).toBe(before);
  });
});
