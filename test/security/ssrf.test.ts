/**
 * SSRF (docs/contracts/connector-rules.md § Security): requests go only to `https://{subdomain}.zendesk.com`
 * with a validated subdomain, and URLs taken from Zendesk data are fetched only when their host is an allowed
 * attachment host. Proof is by absence: the Forge emulator logs every egress attempt (allowed,
 * routed or refused), the Zendesk simulator logs every request, and a loopback canary logs any
 * hit; a hostile URL must appear in none of them, because the app's own check refused it
 * before `fetch` was called.
 */
import { callsOf, connectDirect, invoke, panelLink, refusal, saveItems, useStack } from './support';
import { SUP, TASK } from '../support/items';
import { type IssueCtx, newIssue, newTicket, ticketItem } from '../support/issuePanel';
import { dataOf, issueOptions, storageSnapshot } from '../support/resolvers';
import { adfToText } from '../../src/jira/adf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenConnection } from '../support/connection';
import type { PanelCard } from '../../src/domain/rpc';
import type { LinkRecord } from '../../src/domain/types';
import { startCanary, startHostileZendesk, type Canary, type HostileZendesk } from './hostileZendesk';
import { CONNECTION_KEY, linkKey } from '../../src/storage/keys';

const stack = useStack();
let proxy: HostileZendesk;
let canary: Canary;
let allowedHosts: Set<string>;

beforeAll(async () => {
  [proxy, canary] = await Promise.all([startHostileZendesk(stack.zendesk.url), startCanary()]);
  // Same wiring as sandbox/stack.ts, with the man-in-the-middle in front of the simulator.
  stack.emulator.configure({
    egressRoutes: [
      { host: '*.zendesk.com', target: proxy.url },
      { host: stack.zendesk.attachmentHost, target: proxy.url },
    ],
  });
  allowedHosts = new Set([`${stack.zendesk.subdomain}.zendesk.com`, stack.zendesk.attachmentHost]);
});

afterAll(async () => {
  await Promise.all([proxy?.close(), canary?.close()]);
});

/** Every egress attempt so far went to an expected host and none was refused by the platform. */
function expectOnlyZendeskEgress(): void {
  const egress = stack.emulator.calls.filter((c) => c.kind === 'egress');
  for (const call of egress) {
    expect(allowedHosts, `egress to ${call.target}`).toContain(new URL(call.target).host);
    expect(call.refused, `egress refused by the platform: ${call.target}`).toBeUndefined();
  }
  for (const entry of stack.zendesk.log.entries()) expect(allowedHosts).toContain(entry.host);
  expect(canary.hits).toEqual([]);
}

describe('the Zendesk subdomain', () => {
  const HOSTILE_SUBDOMAINS = [
    'evil.com#',
    'evil.com',
    'a.b',
    'x@y',
    'acme@evil.com',
    '127.0.0.1',
    '169.254.169.254',
    '[::1]',
    '%2e',
    '%61cme',
    'acme%00',
    '..',
    '.',
    'acme.',
    '.acme',
    'ACME',
    'Acme',
    'a'.repeat(64),
    'a'.repeat(101),
    'acme.zendesk.com',
    'https://acme',
    '//evil.com',
    'acme:443',
    'acme:8443',
    'acme/',
    'acme/../../evil',
    'evil.com/acme',
    'acme?x',
    'acme?x=.evil.com',
    'acme#x',
    'acme\\',
    ' acme',
    'acme ',
    'ac me',
    'acme\t',
    'acme\n',
    'acme\r\nHost: evil.com',
    '',
    '-acme',
    'acme\u0000',
    '\u0430cme', // Cyrillic а
    'acm\u0435', // Cyrillic е
    '\uff41\uff43\uff4d\uff45', // full-width
    'acme\u200b', // zero-width space
    'acm\u00e9',
    '\u212acme', // Kelvin sign, lower-cases to k
    'acme\u3002evil', // ideographic full stop, a dot to URL parsers
    '😀',
  ];

  it(`refuses ${HOSTILE_SUBDOMAINS.length} hostile subdomains before any request, changing nothing`, async () => {
    const admin = { accountId: stack.user('admin').accountId };
    const before = storageSnapshot(stack);
    const zendeskRequests = stack.zendesk.log.count();
    for (const subdomain of HOSTILE_SUBDOMAINS) {
      const { result, invocation } = await invoke(
        stack,
        'admin',
        'saveConnection',
        {
          subdomain,
          email: stack.zendesk.credentials.admin.email,
          apiToken: stack.zendesk.credentials.admin.token,
        },
        admin,
      );
      const error = refusal(result);
      expect(['INVALID_SUBDOMAIN', 'BAD_PAYLOAD'], `${JSON.stringify(subdomain)}: ${error.code}`).toContain(
        error.code,
      );
      expect(
        callsOf(stack, invocation).filter((c) => c.kind === 'egress'),
        JSON.stringify(subdomain),
      ).toEqual([]);
      expect(stack.zendesk.log.count(), JSON.stringify(subdomain)).toBe(zendeskRequests);
    }
    expect(storageSnapshot(stack)).toBe(before);
    expectOnlyZendeskEgress();

    // The control: the real subdomain connects, so the refusals above are about the values.
    const ok = await invoke(stack, 'admin', 'saveConnection', apiTokenConnection(stack), admin);
    expect(dataOf(ok.result)).toMatchObject({ tokenStored: true });
    expect(
      callsOf(stack, ok.invocation)
        .filter((c) => c.kind === 'egress')
        .map((c) => new URL(c.target).host),
    ).toEqual(['acme.zendesk.com']);
  });

  it('never sends a request for a hostile subdomain found in storage (panel, admin page, scheduled sync)', async () => {
    connectDirect(stack, 'admin');
    saveItems(
      stack,
      ticketItem('tickets', { syncMode: 'oneWay', features: { ...noFeatures(), statusSync: true } }),
    );
    const issue = newIssue(stack, SUP, TASK, 'Tampered connection');
    const good = stack.emulator.storage.get(CONNECTION_KEY) as Record<string, unknown>;
    try {
      for (const subdomain of [
        'evil.com#',
        '169.254.169.254',
        'acme.zendesk.com.evil.com',
        'x@evil.com',
        'ACME',
      ]) {
        stack.emulator.storage.set(CONNECTION_KEY, { ...good, subdomain });
        stack.emulator.clearCalls();
        const zendeskRequests = stack.zendesk.log.count();
        const agent = issueOptions(issue, stack.user('agent').accountId);
        for (const [key, payload] of [
          ['getPanel', {}],
          ['search', { itemId: 'tickets', query: 'x' }],
          ['link', { itemId: 'tickets', recordId: '1' }],
        ] as const) {
          refusal((await invoke(stack, 'panel', key, payload, agent)).result);
        }
        refusal(
          (
            await invoke(
              stack,
              'admin',
              'getItemEditorMetadata',
              { zendeskObject: 'ticket' },
              { accountId: stack.user('admin').accountId },
            )
          ).result,
        );
        stack.zendesk.control.advanceClock(61_000);
        await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
        expect(
          stack.emulator.calls.filter((c) => c.kind === 'egress'),
          subdomain,
        ).toEqual([]);
        expect(stack.zendesk.log.count(), subdomain).toBe(zendeskRequests);
      }
    } finally {
      stack.emulator.storage.set(CONNECTION_KEY, good);
    }
    expectOnlyZendeskEgress();
  });
});

function noFeatures() {
  return { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false };
}

describe('URLs taken from Zendesk data', () => {
  let issue: IssueCtx;
  let ticketId: string;
  const agent = () => issueOptions(issue, stack.user('agent').accountId);

  /** file name → the URL Zendesk (the man in the middle) claims it lives at. */
  const hostileUrls = (): [string, string][] => [
    ['metadata.txt', 'https://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['metadata-http.txt', 'http://169.254.169.254/latest/meta-data/'],
    ['metadata-google.txt', 'http://metadata.google.internal/computeMetadata/v1/'],
    ['loopback-http.txt', `http://127.0.0.1:${canary.port}/steal`],
    ['loopback-https.txt', `https://127.0.0.1:${canary.port}/steal`],
    ['localhost.txt', `http://localhost:${canary.port}/`],
    ['ipv6-loopback.txt', `https://[::1]:${canary.port}/`],
    ['decimal-ip.txt', 'https://2130706433/'],
    ['hex-ip.txt', 'https://0x7f000001/'],
    ['evil.txt', 'https://evil.example.com/steal'],
    ['suffix-trick.txt', 'https://acme.zendesk.com.evil.com/x'],
    ['suffix-trick-2.txt', 'https://acme.zdusercontent.com.evil.com/x'],
    ['userinfo.txt', 'https://user@acme.zdusercontent.com@evil.com/'],
    ['userinfo-2.txt', 'https://acme.zdusercontent.com@evil.com/x'],
    ['userinfo-3.txt', 'https://user:pass@acme.zdusercontent.com/x'],
    ['fragment.txt', 'https://evil.com#.zdusercontent.com/'],
    ['backslash.txt', 'https://evil.com\\@acme.zdusercontent.com/'],
    ['ideographic-dot.txt', 'https://acme.zdusercontent.com\u3002evil.com/'],
    ['encoded-dot.txt', 'https://acme%2Ezdusercontent%2Ecom.evil.com/'],
    ['http-scheme.txt', 'http://acme.zdusercontent.com/attachments/token/x/?name=a'],
    ['port.txt', 'https://acme.zdusercontent.com:8443/x'],
    ['other-tenant.txt', 'https://other.zendesk.com/attachments/token/x'],
    ['bare-suffix.txt', 'https://zdusercontent.com/x'],
    ['hyphen-label.txt', 'https://-.zdusercontent.com/x'],
    ['rebinding.txt', 'https://127.0.0.1.nip.io/'],
    ['file.txt', 'file:///etc/passwd'],
    ['javascript.txt', 'javascript:alert(1)'],
    ['data.txt', 'data:text/plain,hello'],
    ['ftp.txt', 'ftp://acme.zdusercontent.com/x'],
    ['gopher.txt', 'gopher://127.0.0.1:6379/_INFO'],
    ['relative.txt', '/attachments/token/abc'],
    ['empty.txt', ''],
  ];
  /** file name → where its download redirects (the first hop is the real attachment host). */
  const hostileRedirects = (): [string, string][] => [
    ['redirect-metadata.txt', 'https://169.254.169.254/latest/meta-data/'],
    ['redirect-loopback.txt', `http://127.0.0.1:${canary.port}/`],
    ['redirect-userinfo.txt', 'https://acme.zdusercontent.com@evil.com/'],
    ['redirect-other-tenant.txt', 'https://other.zendesk.com/x'],
    ['redirect-scheme.txt', 'javascript:alert(1)'],
  ];

  function file(name: string) {
    return { fileName: name, contentType: 'text/plain', data: `contents of ${name}` };
  }

  function link(): LinkRecord {
    return stack.emulator.storage.get(linkKey('synced', issue.id)) as LinkRecord;
  }

  function jiraFiles(): string[] {
    const record = stack.jira.state.issues.get(issue.id);
    return (record?.attachmentIds ?? [])
      .map((id) => stack.jira.state.attachments.get(id)?.filename ?? '?')
      .sort();
  }

  /** Every line of the connector's Jira notes (they list the files not added, and why). */
  function jiraNoteLines(): string[] {
    return [...stack.jira.state.comments.values()]
      .filter((c) => String(c.issueId) === issue.id)
      .flatMap((c) => adfToText(c.body).split('\n'));
  }

  /**
   * The pass that just ran refused every hostile file and recorded why, by name: a host the
   * app's allow-list refuses up front is listed as skipped in the Jira note (a lasting trace)
   * and on the link; a redirect refused during the download is an error on the link.
   */
  function expectRefusedAndRecorded(names: string[]): void {
    const problems = link().problems.filter((p) => p.code === 'ATTACHMENT_FAILED');
    const notes = jiraNoteLines();
    for (const name of names) {
      const failed = problems.find((p) => p.message.startsWith(`${name} was not added`));
      const skipped = notes.find(
        (line) => line.includes(name) && line.includes('not an allowed Zendesk attachment host'),
      );
      expect(
        failed ?? skipped,
        `no record of ${name}: ${JSON.stringify(link().problems)} / ${JSON.stringify(notes)}`,
      ).toBeDefined();
      if (failed) expect(failed.message).toMatch(/Refusing to download an attachment|not a valid URL/);
    }
    expectOnlyZendeskEgress();
  }

  beforeAll(() => {
    connectDirect(stack, 'admin');
    saveItems(
      stack,
      ticketItem('synced', {
        name: 'Synchronized tickets',
        syncMode: 'oneWay',
        features: { ...noFeatures(), attachmentSync: true },
      }),
    );
    for (const [name, url] of hostileUrls()) proxy.contentUrls.set(name, url);
    for (const [name, url] of hostileRedirects()) proxy.redirects.set(name, url);
    issue = newIssue(stack, SUP, TASK, 'Attachments from a hostile Zendesk');
  });

  it('linking runs the first sync: the real file is copied, every hostile URL is refused before fetch', async () => {
    const first = hostileUrls().slice(0, 12);
    ticketId = newTicket(stack, 'Ticket with hostile attachments', {
      attachments: [file('good-1.txt'), ...first.map(([name]) => file(name))],
    });
    stack.emulator.clearCalls();
    const card = dataOf(await panelLink(stack, 'synced', ticketId, agent()));
    expect(card.link?.recordId).toBe(ticketId);
    expect(proxy.rewrites).toBeGreaterThanOrEqual(first.length);
    expect(jiraFiles()).toEqual(['good-1.txt']);
    expectRefusedAndRecorded(first.map(([name]) => name));
  });

  it('Refresh: the same for files added later, including redirects to hostile hosts', async () => {
    const next = hostileUrls().slice(12, 24);
    stack.zendesk.control.addComment(Number(ticketId), {
      body: 'More files',
      as: 'requester',
      attachments: [
        file('good-2.txt'),
        ...next.map(([name]) => file(name)),
        ...hostileRedirects().map(([name]) => file(name)),
      ],
    });
    stack.emulator.clearCalls();
    dataOf((await invoke<PanelCard>(stack, 'panel', 'refresh', { itemId: 'synced' }, agent())).result);
    expect(jiraFiles()).toEqual(['good-1.txt', 'good-2.txt']);
    expectRefusedAndRecorded([...next, ...hostileRedirects()].map(([name]) => name));
    // Each redirect was followed only as far as the real attachment host, which answered the 302.
    const downloads = stack.emulator.calls.filter(
      (c) => c.kind === 'egress' && new URL(c.target).host === stack.zendesk.attachmentHost,
    );
    for (const [name] of hostileRedirects())
      expect(downloads.filter((c) => new URL(c.target).searchParams.get('name') === name)).toHaveLength(1);
  });

  it('the scheduled sync: the same for files of a changed ticket', async () => {
    const rest = hostileUrls().slice(24);
    // A person's later change, a couple of seconds on (as in real use).
    stack.zendesk.control.advanceClock(2_000);
    stack.zendesk.control.addComment(Number(ticketId), {
      body: 'Even more files',
      as: 'requester',
      attachments: [file('good-3.txt'), ...rest.map(([name]) => file(name))],
    });
    stack.zendesk.control.advanceClock(61_000);
    stack.emulator.clearCalls();
    const run = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    expect(run.status).toBe('ok');
    expect(jiraFiles()).toEqual(['good-1.txt', 'good-2.txt', 'good-3.txt']);
    expectRefusedAndRecorded(rest.map(([name]) => name));
  });

  it('sent credentials only to the account’s own zendesk.com host', () => {
    for (const entry of stack.zendesk.log.entries({ host: stack.zendesk.attachmentHost })) {
      expect(entry.hadAuthorization).toBe(false);
    }
    expect(hostileUrls().length + hostileRedirects().length).toBe(37);
  });
});
