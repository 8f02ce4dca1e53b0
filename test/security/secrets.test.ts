/**
 * The Zendesk API token never leaves secret storage (docs/contracts/connector-rules.md § Security). A full
 * scenario runs through the real handlers: connect (after a wrong token), item set-up, link, Refresh, search,
 * a Jira comment synchronized to Zendesk, auto-create by the scheduled sync, Zendesk failures whose
 * bodies echo the credentials back, a dropped connection, and finally the token revoked in
 * Zendesk (401 everywhere). Everything the app produced is then scanned for the token, its
 * Basic form and the wrong token the admin typed: every resolver answer, stored non-secret
 * value (sync log included), invocation result, platform call target, console output, and
 * what the app wrote into Jira and Zendesk.
 */
import { invoke, useStack } from './support';
import { itemInput, SUP, TASK } from '../support/items';
import { type IssueCtx, newIssue } from '../support/issuePanel';
import { dataOf, issueOptions } from '../support/resolvers';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import type { LinkOutcome, PanelCard, Result } from '../../src/domain/rpc';
import { linkConfirmed } from '../support/panelLink';
import type { SmartItem } from '../../src/domain/types';
import { ticketIndexKey, TOKEN_SECRET_KEY } from '../../src/storage/keys';

const spies: MockInstance[] = [];
beforeAll(() => {
  // Console output of the app (and of the platform around it, its start included) for the whole file.
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    spies.push(vi.spyOn(console, method));
  spies.push(vi.spyOn(process.stdout, 'write'), vi.spyOn(process.stderr, 'write'));
});
afterAll(() => {
  for (const spy of spies) spy.mockRestore();
});

const stack = useStack();
let token: string;
let basic: string;
let email: string;
const WRONG_TOKEN = 'wrong-token-Zq8vR2mK7xP4nL9t';
/** Everything scanned at the end. */
const produced: string[] = [];
let item: SmartItem;
let issue: IssueCtx;
let ticketId: number;
let autoTicketId: number;

const admin = (): ResolverInvokeOptions => ({ accountId: stack.user('admin').accountId });
const agent = (): ResolverInvokeOptions => issueOptions(issue, stack.user('agent').accountId);

async function call<T>(
  module: 'admin' | 'panel',
  key: string,
  payload: unknown,
  options: ResolverInvokeOptions,
): Promise<Result<T>> {
  const { result, invocation } = await invoke<T>(stack, module, key, payload, options);
  produced.push(JSON.stringify(result), JSON.stringify({ ...invocation, value: undefined }));
  return result;
}

/** The panel's Link of the scenario's item, confirming its preview as the dialog does. */
function panelLink(recordId: string, options: ResolverInvokeOptions): Promise<Result<PanelCard>> {
  return linkConfirmed((payload) => call<LinkOutcome>('panel', 'link', payload, options), item.id, recordId);
}

async function scheduledRun(): Promise<void> {
  stack.zendesk.control.advanceClock(61_000);
  const run = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  produced.push(inspect(run, { depth: 8 }));
  expect(run.status).toBe('ok');
}

async function settle(): Promise<void> {
  for (const report of await stack.settle()) produced.push(inspect(report, { depth: 8 }));
}

/** A Zendesk error body that repeats the request's credentials, as a careless proxy might. */
function echo(status: number) {
  return {
    status,
    body: {
      error: 'RecordInvalid',
      description: `Rejected request with Authorization: Basic ${basic} (token ${token}, user ${email}/token:${token})`,
    },
  };
}

beforeAll(() => {
  ({ email, token } = stack.zendesk.credentials.admin);
  basic = Buffer.from(`${email}/token:${token}`, 'utf8').toString('base64');
});

describe('a full scenario', () => {
  it('connects after a wrong token', async () => {
    const wrong = await call(
      'admin',
      'saveConnection',
      { subdomain: 'acme', email, apiToken: WRONG_TOKEN },
      admin(),
    );
    expect(wrong).toMatchObject({ ok: false, error: { code: 'UPSTREAM', upstream: { status: 401 } } });
    dataOf(await call('admin', 'saveConnection', { subdomain: 'acme', email, apiToken: token }, admin()));
    // The scan below looks for the right string: it is the stored secret.
    expect(stack.emulator.storage.getSecret(TOKEN_SECRET_KEY)).toBe(token);
  });

  it('sets up a two-way item with every feature', async () => {
    dataOf(await call('admin', 'getAdminState', {}, admin()));
    dataOf(
      await call('admin', 'getItemEditorMetadata', { zendeskObject: 'ticket', projectId: SUP.id }, admin()),
    );
    dataOf(await call('admin', 'checkItem', itemInput('Check', 'oneWay', { issueTypeId: TASK }), admin()));
    item = dataOf(
      await call<SmartItem>(
        'admin',
        'saveItem',
        {
          name: 'Everything',
          syncMode: 'twoWay',
          projectId: SUP.id,
          issueTypeId: TASK,
          zendeskObject: 'ticket',
          fields: [{ zendeskFieldId: 'subject', jiraFieldId: 'summary', preview: true }],
          features: { autoCreate: true, statusSync: true, commentSync: true, attachmentSync: true },
        },
        admin(),
      ),
    );
  });

  it('links, searches, refreshes, and syncs a Jira comment to Zendesk', async () => {
    stack.zendesk.control.advanceClock(2_000);
    issue = newIssue(stack, SUP, TASK, 'Secrets scenario');
    ticketId = (
      stack.zendesk.control.createTicket({
        subject: 'Token scenario ticket',
        body: 'First message',
        attachments: [{ fileName: 'log.txt', contentType: 'text/plain', data: 'log line' }],
      }) as { id: number }
    ).id;
    dataOf(await panelLink(String(ticketId), agent()));
    dataOf(await call('panel', 'getPanel', {}, agent()));
    dataOf(await call('panel', 'search', { itemId: item.id, query: 'Token scenario' }, agent()));
    dataOf(await call('panel', 'refresh', { itemId: item.id }, agent()));
    const before = stack.zendesk.control.comments(ticketId).length;
    stack.jira.control.addComment('agent', issue.id, 'A reply written in Jira');
    await settle();
    expect(stack.zendesk.control.comments(ticketId).length).toBe(before + 1);
  });

  it('auto-creates an issue in the scheduled sync', async () => {
    autoTicketId = (
      stack.zendesk.control.createTicket({ subject: 'Auto-created from Zendesk', body: 'Please help' }) as {
        id: number;
      }
    ).id;
    await scheduledRun();
    expect(stack.emulator.storage.get(ticketIndexKey(String(autoTicketId)))).toEqual([
      expect.objectContaining({ itemId: item.id }),
    ]);
  });

  it('reports Zendesk failures whose bodies echo the credentials', async () => {
    stack.zendesk.faults.fail('/api/v2/tickets/*', { ...echo(422), times: 2 });
    expect((await call('panel', 'refresh', { itemId: item.id }, agent())).ok).toBe(false);
    stack.zendesk.faults.clear();

    stack.zendesk.faults.fail('/api/v2/ticket_fields', { ...echo(400), times: 1 });
    expect((await call('admin', 'getItemEditorMetadata', { zendeskObject: 'ticket' }, admin())).ok).toBe(
      false,
    );
    stack.zendesk.faults.fail('/api/v2/search', { ...echo(400), times: 1 });
    expect((await call('panel', 'search', { itemId: item.id, query: 'anything' }, agent())).ok).toBe(false);

    // Jira → Zendesk refused with the echo: recorded on the link.
    stack.zendesk.faults.fail('/api/v2/tickets/*', { ...echo(422), method: 'PUT', times: 10 });
    stack.jira.control.addComment('agent', issue.id, 'This one is refused by Zendesk');
    await settle();
    // Zendesk → Jira refused with the echo while reading the export: recorded in the sync log.
    stack.zendesk.faults.fail('/api/v2/incremental/**', { ...echo(400), times: 1 });
    stack.zendesk.control.addComment(ticketId, { body: 'New customer reply', as: 'requester' });
    await scheduledRun();
    stack.zendesk.faults.clear();
    // A dropped connection.
    stack.zendesk.faults.drop('/api/v2/tickets/*', 'before', { times: 10 });
    expect((await call('panel', 'refresh', { itemId: item.id }, agent())).ok).toBe(false);
    stack.zendesk.faults.clear();
    expect(JSON.stringify(stack.emulator.storage.dump())).toContain('Authorization: Basic [redacted]');

    // Paths that log to the console with Zendesk's words in the line: Zendesk's Jira links API
    // refusing a registration (403) and refusing a removal on unlink.
    const second = newIssue(stack, SUP, TASK, 'Second issue, links API refused');
    const third = newIssue(stack, SUP, TASK, 'Third issue, removal refused');
    const on = (i: IssueCtx) => issueOptions(i, stack.user('agent').accountId);
    stack.zendesk.faults.fail('/api/services/jira/links', { ...echo(403), method: 'POST', times: 1 });
    const forbidden = dataOf(await panelLink(String(ticketId), on(second)));
    expect(forbidden.link?.zendeskLink.state).toBe('forbidden');
    dataOf(await panelLink(String(ticketId), on(third)));
    stack.zendesk.faults.fail('/api/services/jira/links/*', { ...echo(422), method: 'DELETE', times: 1 });
    dataOf(await call<PanelCard>('panel', 'unlink', { itemId: item.id }, on(third)));
    stack.zendesk.faults.clear();
    const warnings = spies
      .flatMap((spy) => spy.mock.calls)
      .flat()
      .join('\n');
    expect(warnings).toContain('Zendesk refused the Jira links API (403');
    expect(warnings).toContain('was not removed');
  });

  it('keeps working (and failing cleanly) after the token is revoked in Zendesk', async () => {
    expect(stack.zendesk.state.apiTokens.delete(token)).toBe(true);
    // The agent is told to have the connection fixed; the 401 itself is for Jira admins.
    const refresh = await call('panel', 'refresh', { itemId: item.id }, agent());
    expect(refresh).toMatchObject({ ok: false, error: { code: 'ZENDESK_AUTH' } });
    expect(JSON.stringify(refresh)).toContain('ask your Jira admin to reconnect Zendesk');
    const asAdmin = await call(
      'panel',
      'refresh',
      { itemId: item.id },
      {
        ...agent(),
        accountId: stack.user('admin').accountId,
      },
    );
    expect(asAdmin).toMatchObject({ ok: false, error: { upstream: { status: 401 } } });
    const meta = await call('admin', 'getItemEditorMetadata', { zendeskObject: 'ticket' }, admin());
    expect(meta).toMatchObject({ ok: false, error: { upstream: { status: 401 } } });
    expect(
      (await call('admin', 'saveConnection', { subdomain: 'acme', email, apiToken: token }, admin())).ok,
    ).toBe(false);
    stack.zendesk.control.addComment(ticketId, { body: 'Reply after revocation', as: 'requester' });
    await scheduledRun();
    stack.jira.control.addComment('agent', issue.id, 'Written after the token was revoked');
    await settle();
    dataOf(await call('admin', 'getActivity', {}, admin()));
    expect(stack.zendesk.log.count({ status: 401 })).toBeGreaterThanOrEqual(4);
  });
});

describe('the token', () => {
  it('appears nowhere but in secret storage', () => {
    const secrets = [token, basic, `Basic ${basic}`, Buffer.from(token).toString('base64'), WRONG_TOKEN];
    const sources: [string, string][] = [
      ['resolver answers and invocation results', produced.join('\n')],
      ['stored values', JSON.stringify(stack.emulator.storage.dump())],
      ['platform call log', JSON.stringify(stack.emulator.calls)],
      [
        'console output',
        spies
          .flatMap((spy) => spy.mock.calls)
          .flat()
          .map((a) =>
            typeof a === 'string' ? a : Buffer.isBuffer(a) ? a.toString('utf8') : inspect(a, { depth: 6 }),
          )
          .join('\n'),
      ],
      [
        'Jira',
        JSON.stringify([...stack.jira.state.comments.values()]) +
          JSON.stringify([...stack.jira.state.issues.values()].map((i) => stack.jira.control.getIssue(i.id))),
      ],
      ['Zendesk', JSON.stringify([ticketId, autoTicketId].map((id) => stack.zendesk.control.comments(id)))],
    ];
    for (const [where, text] of sources) {
      expect(text.length, `${where} is empty: the scan would prove nothing`).toBeGreaterThan(100);
      for (const secret of secrets)
        expect(text.includes(secret), `${where} contains ${secret.slice(0, 6)}…`).toBe(false);
    }
    // The redaction really happened: the echoed bodies reached the app and were scrubbed.
    expect(sources.map(([, text]) => text).join('\n')).toMatch(/\[redacted\]|\*\*\*/i);
    expect(Object.keys(stack.emulator.storage.dumpSecrets())).toEqual([TOKEN_SECRET_KEY]);
  });
});
