/**
 * The operations console and the connection's rotate / test / revoke in headless Chromium,
 * against the fake Forge host (support/fakeAdminBackend.ts): what the admin sees and which
 * calls each click makes. The resolvers themselves are proven against the sandbox in
 * test/integration/adminConsole.test.ts. With DOCS_IMAGES=1 the admin guide's pictures are
 * written to docs/images/.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ActivityView } from '../../src/domain/rpc';
import { adminHarness } from './support/adminHarness';
import { fakeItem, VALID_CREDENTIALS } from './support/fakeAdminData';
import { emptyActivity, emptyRun, FakeAdminBackend } from './support/fakeAdminBackend';

const { open, shot, docShot } = adminHarness('console');

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const minutesAhead = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

const item = fakeItem;

const ITEMS = [
  item('esc', 'Escalations'),
  item('vip', 'VIP customers'),
  item('orgs', 'Organizations', {
    syncMode: 'none',
    zendeskObject: 'organization',
    features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
  }),
];

function consoleView(): ActivityView {
  const long = emptyRun('run-long', 'scheduled', minutesAgo(2));
  long.progress = { pages: 3, processed: 2400, queued: 600 };
  const done = {
    ...emptyRun('run-done', 'scheduled', minutesAgo(7)),
    finishedAt: minutesAgo(6),
    ticketsSeen: 12,
    commentsCopied: 4,
  };
  return {
    ...emptyActivity(),
    runs: [long, done],
    cursorLagSeconds: 180,
    nextRunAt: minutesAhead(3),
    zendeskBaseUrl: 'https://acme.zendesk.com',
    items: [
      {
        itemId: 'esc',
        links: 214,
        linksCapped: false,
        lastSuccessAt: minutesAgo(6),
        failures: 1,
        nextRunAt: minutesAhead(3),
      },
      {
        itemId: 'vip',
        links: 1000,
        linksCapped: true,
        lastSuccessAt: minutesAgo(6),
        failures: 0,
        nextRunAt: minutesAhead(3),
      },
      { itemId: 'orgs', links: 9, linksCapped: false, lastSuccessAt: null, failures: 0, nextRunAt: null },
    ],
    problems: [
      {
        itemId: 'esc',
        issueId: '10042',
        issueKey: 'SUP-42',
        recordId: '8812',
        pending: [
          {
            direction: 'toZendesk',
            source: 'comment-10301',
            at: minutesAgo(95),
            attempts: 6,
            nextAt: minutesAhead(25),
            lastError: 'Zendesk answered 503: Service Unavailable',
          },
        ],
        problems: [
          {
            kind: 'error',
            code: 'TO_ZENDESK_PENDING',
            message:
              'Jira comment 10301 has not reached Zendesk ticket 8812 yet: Zendesk answered 503: Service Unavailable. It is retried automatically.',
            upstream: { service: 'zendesk', status: 503, message: 'Service Unavailable' },
            at: minutesAgo(90),
            subject: 'comment-10301',
          },
          {
            kind: 'error',
            code: 'TO_ZENDESK_FAILED',
            message:
              'Jira attachment 10077 did not reach Zendesk ticket 8812: Zendesk answered 422: File too large',
            upstream: { service: 'zendesk', status: 422, message: 'File too large' },
            at: minutesAgo(40),
            subject: 'attachment-10077',
          },
        ],
      },
    ],
  };
}

const byTestId = (page: Page, id: string) => page.getByTestId(id);

async function openConsole(backend: FakeAdminBackend): Promise<Page> {
  const page = await open(backend);
  await byTestId(page, 'tab-activity').click();
  await byTestId(page, 'health-esc').waitFor();
  return page;
}

describe('operations console', () => {
  it('shows each item’s links, last successful run, failures and next run, and a long run’s progress', async () => {
    const backend = new FakeAdminBackend({ connected: true, items: ITEMS, activity: consoleView() });
    const page = await openConsole(backend);
    const esc = await byTestId(page, 'health-esc').innerText();
    expect(esc).toContain('Escalations');
    expect(esc).toContain('214');
    expect(esc).toContain('1 failing');
    expect(esc).toMatch(/6 minutes ago/);
    expect(esc).toMatch(/in 3 minutes/);
    expect(await byTestId(page, 'health-vip').innerText()).toContain('more than 1000');
    const orgs = await byTestId(page, 'health-orgs').innerText();
    expect(orgs).toContain('Display only');
    expect(await byTestId(page, 'pause-orgs').count()).toBe(0);
    expect(await byTestId(page, 'run-status').innerText()).toMatch(/Next scheduled run: .*in 3 minutes/);
    expect(await byTestId(page, 'run-run-long').innerText()).toContain(
      'working: 3 export pages read, 2400 tickets synchronized, 600 handed to the queue',
    );
    await shot(page, '01-console');
    await docShot(byTestId(page, 'activity'), 'admin-console.png');
  });

  it('the problems queue links to the issue and the ticket, says the cause in plain words and the upstream answer on Details', async () => {
    const backend = new FakeAdminBackend({ connected: true, items: ITEMS, activity: consoleView() });
    const page = await openConsole(backend);
    const row = byTestId(page, 'problem-SUP-42');
    expect(await row.getByTestId('problem-issue-link').getAttribute('href')).toBe(
      'http://127.0.0.1/browse/SUP-42',
    );
    expect(await row.getByTestId('problem-ticket-link').getAttribute('href')).toBe(
      'https://acme.zendesk.com/agent/tickets/8812',
    );
    const text = await row.innerText();
    expect(text).toContain('Jira comment 10301 (Jira → Zendesk)');
    expect(text).toContain(
      'A Jira change has not reached Zendesk yet. It is retried automatically. (Zendesk was unavailable.)',
    );
    expect(text).toContain(
      'Zendesk refused a Jira change; it was not carried over. (Zendesk refused the value.)',
    );
    expect(text).toContain('6 failed attempts');
    // The pending change's problem is shown once, with the change; no raw upstream text before Details.
    expect(text.match(/has not reached Zendesk yet/g)).toHaveLength(1);
    expect(text).not.toContain('Service Unavailable');
    await byTestId(page, 'details-comment-10301').click();
    const details = await byTestId(page, 'details-comment-10301-text').innerText();
    expect(details).toContain('Last answer: Zendesk answered 503: Service Unavailable');
    expect(details).toContain('TO_ZENDESK_PENDING');
    await shot(page, '02-queue-details');
    await docShot(row, 'admin-console-problem.png');
  });

  it('Retry asks for the link’s changes to be tried on the next run', async () => {
    const backend = new FakeAdminBackend({ connected: true, items: ITEMS, activity: consoleView() });
    const page = await openConsole(backend);
    await byTestId(page, 'retry-SUP-42').click();
    await byTestId(page, 'console-notice')
      .getByText('1 change on SUP-42 will be tried again by the next run.')
      .waitFor();
    expect(backend.callsTo('retryLink')).toEqual([{ itemId: 'esc', issueId: '10042' }]);
    expect(await byTestId(page, 'problem-SUP-42').innerText()).toContain('tried again on the next run');
    expect(await byTestId(page, 'action-0').innerText()).toContain('Retry');
  });

  it('Dismiss asks first; Cancel changes nothing; Dismiss removes the change and logs who did it', async () => {
    const backend = new FakeAdminBackend({ connected: true, items: ITEMS, activity: consoleView() });
    const page = await openConsole(backend);
    await byTestId(page, 'dismiss-comment-10301').click();
    const dialog = byTestId(page, 'dismiss-dialog');
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain('Jira comment 10301 (Jira → Zendesk)');
    await shot(page, '03-dismiss-confirm');
    await docShot(page.getByRole('dialog'), 'admin-console-dismiss.png');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(backend.callsTo('dismissChange')).toEqual([]);

    await byTestId(page, 'dismiss-comment-10301').click();
    await byTestId(page, 'dismiss-dialog--confirm').click();
    await byTestId(page, 'console-notice').getByText('Dismissed on SUP-42').waitFor();
    expect(backend.callsTo('dismissChange')).toEqual([
      {
        itemId: 'esc',
        issueId: '10042',
        target: { kind: 'pending', direction: 'toZendesk', source: 'comment-10301' },
      },
    ]);
    expect(await byTestId(page, 'pending-comment-10301').count()).toBe(0);
    const logged = await byTestId(page, 'action-0').innerText();
    expect(logged).toContain('Ada Admin');
    expect(logged).toContain('Dismissed comment-10301 on SUP-42');

    // A problem with no pending change is dismissed by its code and subject.
    await byTestId(page, 'dismiss-TO_ZENDESK_FAILED').click();
    await byTestId(page, 'dismiss-dialog--confirm').click();
    await byTestId(page, 'problems-empty').waitFor();
    expect(backend.callsTo('dismissChange')[1]).toEqual({
      itemId: 'esc',
      issueId: '10042',
      target: { kind: 'problem', code: 'TO_ZENDESK_FAILED', subject: 'attachment-10077' },
    });
  });

  it('Pause and Resume an item', async () => {
    const backend = new FakeAdminBackend({ connected: true, items: ITEMS, activity: consoleView() });
    const page = await openConsole(backend);
    await byTestId(page, 'pause-esc').click();
    await byTestId(page, 'resume-esc').waitFor();
    const paused = await byTestId(page, 'health-esc').innerText();
    expect(paused).toContain('Paused');
    expect(paused).toContain('Paused by Ada Admin');
    expect(await byTestId(page, 'console-notice').innerText()).toContain(
      'nothing is written for it until you resume it',
    );
    await shot(page, '04-paused');
    await docShot(byTestId(page, 'items-health--table'), 'admin-console-paused.png');
    await byTestId(page, 'resume-esc').click();
    await byTestId(page, 'pause-esc').waitFor();
    expect(backend.callsTo('setItemPaused')).toEqual([
      { itemId: 'esc', paused: true },
      { itemId: 'esc', paused: false },
    ]);
    expect(await byTestId(page, 'health-esc').innerText()).not.toContain('Paused');
  });

  it('Sync now says when a run is already working, and shows the finished run otherwise', async () => {
    const backend = new FakeAdminBackend({
      connected: true,
      items: ITEMS,
      activity: consoleView(),
      running: true,
      delayMs: { syncNow: 300 },
    });
    const page = await openConsole(backend);
    await byTestId(page, 'sync-now').click();
    await page.locator('[data-testid="sync-now"][aria-disabled="true"]').waitFor();
    const busy = byTestId(page, 'sync-now-result');
    await busy.waitFor();
    expect(await busy.innerText()).toContain('A sync run is already working');
    backend.running = false;
    await byTestId(page, 'sync-now').click();
    await byTestId(page, 'sync-now-result').getByText('The run finished: 3 tickets synchronized.').waitFor();
    await page.getByTestId('runs-table--table').getByText('Sync now').waitFor();
    expect(backend.callsTo('syncNow')).toHaveLength(2);
  });
});

describe('connection: test, replace, revoke', () => {
  it('Test connection shows the Zendesk identity, or Zendesk’s own refusal', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await byTestId(page, 'test-connection').click();
    expect(await byTestId(page, 'test-connection-ok').innerText()).toContain(
      `Signed in as Avery Agent (${VALID_CREDENTIALS.email}, admin)`,
    );
    backend.acceptedToken = 'revoked-in-zendesk';
    await byTestId(page, 'test-connection').click();
    const refused = byTestId(page, 'test-connection-error');
    await refused.waitFor();
    expect(await refused.innerText()).toContain("Couldn't authenticate you");
    await shot(page, '05-test-connection-refused');
    await docShot(byTestId(page, 'connection-summary'), 'admin-test-connection.png');
  });

  it('replaces the API token without revoking: a refused token changes nothing, an accepted one keeps the connection', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await byTestId(page, 'replace-credentials').click();
    const form = byTestId(page, 'rotate-form');
    await form.waitFor();
    expect(await form.getByLabel('Subdomain').inputValue()).toBe('acme');
    expect(await form.getByLabel('Subdomain').getAttribute('readonly')).not.toBeNull();
    expect(await form.getByLabel('Agent email').inputValue()).toBe(VALID_CREDENTIALS.email);
    expect(await byTestId(page, 'oauth-subdomain').inputValue()).toBe('acme');
    await form.getByLabel('New API token').fill('typo-token');
    await byTestId(page, 'save-rotation').click();
    expect(await byTestId(page, 'rotate-error').innerText()).toContain("Couldn't authenticate you");
    expect(backend.connection?.email).toBe(VALID_CREDENTIALS.email);
    await shot(page, '06-replace-refused');
    await docShot(byTestId(page, 'replace-section'), 'admin-replace-credentials.png');

    backend.acceptedToken = 'zd-token-rotated';
    await form.getByLabel('New API token').fill('zd-token-rotated');
    await byTestId(page, 'save-rotation').click();
    await byTestId(page, 'replaced-message').waitFor();
    expect(await byTestId(page, 'connection-summary').innerText()).toContain('acme.zendesk.com');
    expect(backend.callsTo('rotateApiToken')).toEqual([
      { email: VALID_CREDENTIALS.email, apiToken: 'typo-token' },
      { email: VALID_CREDENTIALS.email, apiToken: 'zd-token-rotated' },
    ]);
    expect(backend.callsTo('revokeConnection')).toEqual([]);
  });

  it('Revoke keeps the subdomain and email in the form', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await byTestId(page, 'revoke-connection').click();
    await byTestId(page, 'revoke-dialog--confirm').click();
    await byTestId(page, 'revoked-message').waitFor();
    const form = byTestId(page, 'connect-form');
    expect(await form.getByLabel('Subdomain').inputValue()).toBe('acme');
    expect(await form.getByLabel('Agent email').inputValue()).toBe(VALID_CREDENTIALS.email);
    expect(await form.getByLabel('API token').inputValue()).toBe('');
    expect(await byTestId(page, 'oauth-subdomain').inputValue()).toBe('acme');
    await shot(page, '07-revoked-form');
  });

  it('shows the "Another Zendesk account" banner while the connection is suspended', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    if (backend.connection)
      backend.connection = { ...backend.connection, subdomain: 'acme-new', suspendedFrom: 'acme' };
    const page = await open(backend);
    const banner = byTestId(page, 'account-change-message');
    await banner.waitFor();
    expect(await banner.innerText()).toContain('the existing issue links were made in acme.zendesk.com');
    // Nothing is sent to Zendesk while suspended: no Test or Replace offered.
    expect(await byTestId(page, 'test-connection').count()).toBe(0);
    expect(await byTestId(page, 'replace-credentials').count()).toBe(0);
    await shot(page, '08-account-change');
    await docShot(banner, 'admin-account-change.png');
  });
});
