/**
 * The built admin page in headless Chromium against a fake Forge host: UI behaviour only
 * (the resolvers have their own tests). The page is the production build served with a
 * Forge-like CSP; the backend is the in-memory AdminApi in support/fakeAdminBackend.ts.
 * Screenshots land in test/artifacts/admin/ for a human look.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { ActivityView, RpcError } from '../../src/domain/rpc';
import type { SmartItem } from '../../src/domain/types';
import { adminHarness } from './support/adminHarness';
import { HTML_LABEL, VALID_CREDENTIALS } from './support/fakeAdminData';
import { FakeAdminBackend } from './support/fakeAdminBackend';

const { open, shot } = adminHarness('admin');

/** Types into an Atlaskit Select and takes the first matching option. */
async function choose(page: Page, inputId: string, text: string): Promise<void> {
  await page.locator(`#${inputId}`).fill(text);
  await page.locator('[role="option"]').first().waitFor();
  await page.keyboard.press('Enter');
}

async function fillConnection(page: Page, values: { subdomain: string; email: string; apiToken: string }) {
  await page.getByTestId('connect-form').getByLabel('Subdomain').fill(values.subdomain);
  await page.getByTestId('connect-form').getByLabel('Agent email').fill(values.email);
  await page.getByTestId('connect-form').getByLabel('API token').fill(values.apiToken);
}

const byTestId = (page: Page, id: string) => page.getByTestId(id);

function ticketItem(overrides: Partial<SmartItem> = {}): SmartItem {
  return {
    id: 'item-seed',
    name: 'Support tickets',
    syncMode: 'oneWay',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Customer Support',
    issueTypeId: '10001',
    issueTypeName: 'Task',
    zendeskObject: 'ticket',
    fields: [
      {
        zendeskFieldId: 'priority',
        zendeskFieldLabel: 'Priority',
        jiraFieldId: 'priority',
        jiraFieldName: 'Priority',
        preview: true,
      },
    ],
    features: { autoCreate: true, statusSync: true, commentSync: false, attachmentSync: false },
    createdAt: '2025-01-15T10:00:00.000Z',
    updatedAt: '2025-01-15T10:00:00.000Z',
    ...overrides,
  };
}

describe('admin page: connection', () => {
  it('shows Zendesk’s own refusal when the credentials are wrong, with the save button busy meanwhile', async () => {
    const backend = new FakeAdminBackend({ delayMs: { saveConnection: 500 } });
    const page = await open(backend);
    await byTestId(page, 'connect-form').waitFor();
    expect(await page.getByTestId('connect-form').getByLabel('API token').getAttribute('type')).toBe(
      'password',
    );
    await page.getByTestId('connect-form').getByText('without .zendesk.com').waitFor();
    await shot(page, '01-connect-form');

    await fillConnection(page, { ...VALID_CREDENTIALS, apiToken: 'wrong-token' });
    await byTestId(page, 'save-connection').click();
    await page.locator('[data-testid="save-connection"][aria-disabled="true"]').waitFor();

    const error = byTestId(page, 'connect-error');
    await error.waitFor();
    expect(await error.innerText()).toContain("Zendesk answered 401: Couldn't authenticate you");
    expect(await page.locator('[data-testid="save-connection"][aria-disabled="true"]').count()).toBe(0);
    expect(backend.callsTo('saveConnection')).toEqual([{ ...VALID_CREDENTIALS, apiToken: 'wrong-token' }]);
    await shot(page, '02-connect-error');
  });

  it('rejects a host name or uppercase subdomain before asking the backend', async () => {
    const backend = new FakeAdminBackend();
    const page = await open(backend);
    await fillConnection(page, { ...VALID_CREDENTIALS, subdomain: 'acme.zendesk.com' });
    await byTestId(page, 'save-connection').click();
    await page.getByText('Enter only the subdomain').waitFor();
    await page.getByTestId('connect-form').getByLabel('Subdomain').fill('Acme');
    await page.getByText('Use lowercase letters only.').waitFor();
    await page.getByTestId('connect-form').getByLabel('Subdomain').fill('-acme');
    await page.getByText('starting with a letter or digit').waitFor();
    await byTestId(page, 'save-connection').click();
    await shot(page, '03-connect-validation');
    expect(backend.callsTo('saveConnection')).toEqual([]);
  });

  it('shows the backend’s validation message when it refuses what the page let through', async () => {
    const backend = new FakeAdminBackend();
    backend.failNext('saveConnection', {
      code: 'BAD_PAYLOAD',
      message: 'The agent email is not a valid address.',
    });
    const page = await open(backend);
    await fillConnection(page, VALID_CREDENTIALS);
    await byTestId(page, 'save-connection').click();
    await page.getByText('The agent email is not a valid address.').waitFor();
    expect(await byTestId(page, 'connection-summary').count()).toBe(0);
  });

  it('connects, shows the summary, and revokes only after confirmation', async () => {
    const backend = new FakeAdminBackend();
    const page = await open(backend);
    await fillConnection(page, VALID_CREDENTIALS);
    await byTestId(page, 'save-connection').click();

    const summary = byTestId(page, 'connection-summary');
    await summary.waitFor();
    const text = await summary.innerText();
    expect(text).toContain('Connected');
    expect(text).toContain('acme.zendesk.com');
    expect(text).toContain(VALID_CREDENTIALS.email);
    expect(text).toContain('Avery Agent');
    expect(await byTestId(page, 'token-indicator').innerText()).toContain(
      'Stored securely in Forge secret storage',
    );
    expect(text).not.toContain(VALID_CREDENTIALS.apiToken);
    await shot(page, '04-connected-summary');

    await byTestId(page, 'revoke-connection').click();
    await byTestId(page, 'revoke-dialog').waitFor();
    await shot(page, '05-revoke-confirm');
    expect(backend.callsTo('revokeConnection')).toEqual([]);
    await byTestId(page, 'revoke-dialog--confirm').click();

    const revoked = byTestId(page, 'revoked-message');
    await revoked.waitFor();
    expect(await revoked.innerText()).toMatch(
      /Smart Connected Items and issue links stay, but sync stops until you connect/,
    );
    await byTestId(page, 'connect-form').waitFor();
    expect(backend.connection).toBeNull();
    await shot(page, '06-revoked');
  });

  it('handles bridge answers wrapped as {body, metadata}', async () => {
    const page = await open(new FakeAdminBackend({ connected: true }), { wrapResponses: true });
    await byTestId(page, 'connection-summary').waitFor();
    expect(await byTestId(page, 'connected-lozenge').innerText()).toMatch(/^connected$/i);
  });
});

describe('admin page: Smart Connected Items', () => {
  it('creates a two-way ticket item with mappings and features, then lists it', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await byTestId(page, 'tab-items').click();
    await page.getByText('No Smart Connected Items yet').waitFor();
    await shot(page, '07-items-empty');

    await byTestId(page, 'create-item').click();
    await byTestId(page, 'item-editor').waitFor();
    await page.locator('#item-name').fill('Escalated tickets');
    await choose(page, 'sync-mode', 'Two-way');
    await choose(page, 'jira-project', 'Customer Support');
    await choose(page, 'issue-type', 'Bug');

    // Bug needs Severity at create time and nothing maps to it yet.
    const coverage = byTestId(page, 'warning-coverage');
    await coverage.waitFor();
    expect(await coverage.innerText()).toContain('Severity');

    // Two Zendesk fields share the title "Region": both offered, told apart by id and options.
    await page.locator('#add-zendesk-field').fill('Region');
    await page.getByRole('option', { name: /Region \(360002\)/ }).waitFor();
    const regionOptions = await page.getByRole('option', { name: /^Region/ }).allInnerTexts();
    expect(regionOptions).toHaveLength(2);
    expect(regionOptions.join('\n')).toContain('Options: EMEA, Americas');
    await shot(page, '08-duplicate-labels');
    await page.keyboard.press('Escape');

    await choose(page, 'add-zendesk-field', 'priority');
    await choose(page, 'jira-field-priority', 'Priority (priority)');
    await choose(page, 'add-zendesk-field', '360002');
    await page.getByTestId('preview-360002--hidden-checkbox').uncheck();
    await choose(page, 'add-zendesk-field', '360003');
    await choose(page, 'jira-field-360003', 'customfield_10050');
    await byTestId(page, 'warning-coverage').waitFor({ state: 'detached' });

    await page.getByTestId('feature-autoCreate--hidden-checkbox').check();
    await page.getByTestId('feature-commentSync--hidden-checkbox').check();
    await shot(page, '09-item-editor-ticket');
    await byTestId(page, 'save-item').click();

    const row = byTestId(page, 'item-row-item-1');
    await row.waitFor();
    const text = await row.innerText();
    for (const expected of [
      'Escalated tickets',
      'Two-way sync',
      'Customer Support (SUP)',
      'Bug',
      'Ticket',
      'Priority → Priority',
      'Auto-create',
      'Comments',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('Region (hidden)');
    expect(await byTestId(page, 'items-notice').innerText()).toContain('Created “Escalated tickets”');
    expect(backend.callsTo('saveItem')).toEqual([
      {
        name: 'Escalated tickets',
        syncMode: 'twoWay',
        projectId: '10000',
        issueTypeId: '10004',
        zendeskObject: 'ticket',
        fields: [
          { zendeskFieldId: 'priority', jiraFieldId: 'priority', preview: true },
          { zendeskFieldId: '360002', preview: false },
          { zendeskFieldId: '360003', jiraFieldId: 'customfield_10050', preview: true },
        ],
        features: { autoCreate: true, statusSync: false, commentSync: true, attachmentSync: false },
        commentVisibility: { jiraToZendesk: 'public' },
      },
    ]);
    await shot(page, '10-items-table');
  });

  it('offers sync modes and features only for tickets, and explains why', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await byTestId(page, 'tab-items').click();
    await byTestId(page, 'create-item').click();
    await page.locator('#item-name').fill('Customer profile');
    await choose(page, 'sync-mode', 'One-way');
    await page.getByTestId('feature-statusSync--hidden-checkbox').check();

    await choose(page, 'zendesk-object', 'Customer');
    expect(await byTestId(page, 'row-sync-mode').innerText()).toContain('Display only');
    for (const feature of ['autoCreate', 'statusSync', 'commentSync', 'attachmentSync']) {
      const box = page.getByTestId(`feature-${feature}--hidden-checkbox`);
      expect(await box.isDisabled()).toBe(true);
      expect(await box.isChecked()).toBe(false);
    }
    expect(await byTestId(page, 'features-disabled-reason').innerText()).toContain(
      'available only for Zendesk tickets',
    );

    await page.locator('#sync-mode').click();
    await page.getByRole('option', { name: 'Two-way sync' }).waitFor();
    expect(await page.getByRole('option', { name: 'Two-way sync' }).getAttribute('aria-disabled')).toBe(
      'true',
    );
    await shot(page, '11-customer-display-only');
    await page.keyboard.press('Escape');

    await choose(page, 'jira-project', 'Engineering');
    await choose(page, 'add-zendesk-field', '7001');
    expect(await byTestId(page, 'mapping-7001').innerText()).toContain('Options: Gold, Silver');
    expect(await page.locator('#jira-field-7001').count()).toBe(0);
    await byTestId(page, 'save-item').click();
    await byTestId(page, 'item-row-item-1').waitFor();
    expect(backend.callsTo('saveItem')).toEqual([
      {
        name: 'Customer profile',
        syncMode: 'none',
        projectId: '10010',
        zendeskObject: 'user',
        fields: [{ zendeskFieldId: '7001', preview: true }],
        features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
      },
    ]);
    expect(backend.callsTo('checkItem')).toEqual([]);
  });

  it('shows metadata load errors with the upstream message and recovers on retry', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const refusal: RpcError = {
      code: 'UPSTREAM',
      message: 'Zendesk refused to list ticket fields.',
      upstream: { service: 'zendesk', status: 403, message: 'You do not have access to this page.' },
    };
    backend.failNext('getItemEditorMetadata', refusal);
    const page = await open(backend);
    await byTestId(page, 'tab-items').click();
    await byTestId(page, 'create-item').click();
    const error = byTestId(page, 'metadata-error');
    await error.waitFor();
    const text = await error.innerText();
    expect(text).toContain('Zendesk answered 403: You do not have access to this page.');
    expect(text).toContain('Zendesk refused to list ticket fields.');
    await shot(page, '12-metadata-error');

    await error.getByText('Try again').click();
    await error.waitFor({ state: 'detached' });
    await choose(page, 'jira-project', 'Customer Support');
  });

  it('says to connect first when Zendesk is not connected', async () => {
    const page = await open(new FakeAdminBackend());
    await byTestId(page, 'tab-items').click();
    await byTestId(page, 'items-not-connected').waitFor();
    await byTestId(page, 'create-item').click();
    expect(await byTestId(page, 'metadata-error').innerText()).toContain('Connect Zendesk first.');
  });

  it('edits an item and deletes another after confirmation', async () => {
    const backend = new FakeAdminBackend({
      connected: true,
      items: [
        ticketItem(),
        ticketItem({
          id: 'item-org',
          name: 'Org card',
          syncMode: 'none',
          zendeskObject: 'organization',
          fields: [],
          features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false },
        }),
      ],
    });
    const page = await open(backend);
    await byTestId(page, 'tab-items').click();
    await byTestId(page, 'edit-item-seed').click();
    await byTestId(page, 'mapping-priority').waitFor();
    await page.locator('#item-name').fill('Support tickets (EMEA)');
    await byTestId(page, 'save-item').click();
    await page.getByText('Saved “Support tickets (EMEA)”').waitFor();
    expect(backend.callsTo('saveItem')).toEqual([
      {
        id: 'item-seed',
        name: 'Support tickets (EMEA)',
        syncMode: 'oneWay',
        projectId: '10000',
        issueTypeId: '10001',
        zendeskObject: 'ticket',
        fields: [{ zendeskFieldId: 'priority', jiraFieldId: 'priority', preview: true }],
        features: { autoCreate: true, statusSync: true, commentSync: false, attachmentSync: false },
      },
    ]);

    await byTestId(page, 'delete-item-org').click();
    await byTestId(page, 'delete-dialog').waitFor();
    await shot(page, '13-delete-confirm');
    await byTestId(page, 'delete-dialog--confirm').click();
    await byTestId(page, 'item-row-item-org').waitFor({ state: 'detached' });
    expect(backend.items.map((i) => i.id)).toEqual(['item-seed']);
  });

  it('keeps the delete dialog open with the reason when deletion fails', async () => {
    const backend = new FakeAdminBackend({ connected: true, items: [ticketItem()] });
    backend.failNext('deleteItem', { code: 'STORAGE', message: 'Forge storage is unavailable, try again.' });
    const page = await open(backend);
    await byTestId(page, 'tab-items').click();
    await byTestId(page, 'delete-item-seed').click();
    await byTestId(page, 'delete-dialog--confirm').click();
    await byTestId(page, 'delete-dialog').getByText('Forge storage is unavailable').waitFor();
    expect(backend.items).toHaveLength(1);
  });

  it('renders Zendesk labels containing HTML as text', async () => {
    const backend = new FakeAdminBackend({
      connected: true,
      items: [
        ticketItem({ fields: [{ zendeskFieldId: '360003', zendeskFieldLabel: HTML_LABEL, preview: true }] }),
      ],
    });
    const page = await open(backend);
    await byTestId(page, 'tab-items').click();
    const row = byTestId(page, 'item-row-item-seed');
    await row.waitFor();
    expect(await row.innerText()).toContain(HTML_LABEL);
    await byTestId(page, 'edit-item-seed').click();
    await byTestId(page, 'mapping-360003').getByText('Sev 1 <b>critical</b>', { exact: false }).waitFor();
    expect(await page.locator('img[src="x"], b').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  });
});

describe('admin page: activity, license and access', () => {
  it('shows recent runs, per-link problems with the upstream answer, and cursor lag', async () => {
    const activity: ActivityView = {
      runs: [
        {
          runId: 'run-2',
          trigger: 'scheduled',
          startedAt: new Date(Date.now() - 4 * 60_000).toISOString(),
          finishedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
          ticketsSeen: 42,
          issuesCreated: 3,
          fieldsApplied: 17,
          statusesApplied: 5,
          commentsCopied: 9,
          attachmentsCopied: 2,
          skipped: 1,
          limitations: 1,
          errors: [
            { ticketId: '1234', issueKey: 'SUP-7', message: 'Jira answered 400: Field priority is required' },
          ],
        },
        {
          runId: 'run-1',
          trigger: 'queue',
          startedAt: new Date(Date.now() - 9 * 60_000).toISOString(),
          ticketsSeen: 0,
          issuesCreated: 0,
          fieldsApplied: 0,
          statusesApplied: 0,
          commentsCopied: 0,
          attachmentsCopied: 0,
          skipped: 0,
          limitations: 0,
          errors: [],
        },
      ],
      problems: [
        {
          itemId: 'item-seed',
          issueId: '10007',
          issueKey: 'SUP-7',
          recordId: '1234',
          pending: [],
          problems: [
            {
              kind: 'limitation',
              code: 'TO_ZENDESK_TICKET_CLOSED',
              message: 'The Zendesk ticket is closed and cannot be reopened by API.',
              upstream: { service: 'zendesk', status: 422, message: 'Status: closed prevents ticket update' },
              at: new Date(Date.now() - 3 * 60_000).toISOString(),
            },
            {
              kind: 'error',
              code: 'FIELD_NOT_APPLIED',
              // Long enough to squeeze the lozenge beside it, as a real Jira error body does.
              message: `Jira refused the mapped fields: ${'{"errors":{"customfield_10041":"Option_10099_is_not_valid"}}'.repeat(3)}`,
              at: new Date(Date.now() - 2 * 60_000).toISOString(),
            },
          ],
        },
      ],
      cursorLagSeconds: 240,
      items: [],
      running: null,
      nextRunAt: null,
      zendeskBaseUrl: 'https://acme.zendesk.com',
      actions: [],
    };
    const page = await open(new FakeAdminBackend({ connected: true, items: [ticketItem()], activity }));
    await byTestId(page, 'tab-activity').click();
    const run = byTestId(page, 'run-run-2');
    await run.waitFor();
    const runText = await run.innerText();
    for (const n of [
      'Scheduled',
      '42',
      '17',
      'SUP-7 / ticket 1234: Jira answered 400: Field priority is required',
    ]) {
      expect(runText).toContain(n);
    }
    expect(await byTestId(page, 'run-run-1').innerText()).toContain('not finished');
    const problem = await byTestId(page, 'problem-SUP-7').innerText();
    expect(problem).toContain('Support tickets');
    expect(problem).toContain('1234');
    // Plain words first; Zendesk's own answer on "Details".
    expect(problem).toContain('(Zendesk refused the value.)');
    expect(problem).not.toContain('Zendesk answered 422');
    await byTestId(page, 'details-TO_ZENDESK_TICKET_CLOSED').click();
    expect(await byTestId(page, 'details-TO_ZENDESK_TICKET_CLOSED-text').innerText()).toContain(
      'Zendesk answered 422: Status: closed prevents ticket update',
    );
    expect(await byTestId(page, 'cursor-lag').innerText()).toContain('4 minutes');
    // Lozenges show their whole label beside long messages (it once read "E…"), also in the
    // narrow admin area Jira leaves next to its sidebar.
    await page.setViewportSize({ width: 480, height: 900 });
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll('span')]
        .filter((el) => getComputedStyle(el).textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth)
        .map((el) => el.textContent),
    );
    expect(clipped).toEqual([]);
    await shot(page, '14-activity-narrow');
    await page.setViewportSize({ width: 1280, height: 900 });
    await shot(page, '14-activity');
  });

  it('shows an empty activity state before the first run', async () => {
    const page = await open(new FakeAdminBackend({ connected: true }));
    await byTestId(page, 'tab-activity').click();
    await byTestId(page, 'runs-empty').waitFor();
    await byTestId(page, 'problems-empty').waitFor();
    expect(await byTestId(page, 'cursor-lag').innerText()).toContain('no sync has run');
  });

  it('shows only the license message when the license is inactive', async () => {
    const page = await open(new FakeAdminBackend({ license: 'inactive', connected: true }));
    const message = byTestId(page, 'license-required');
    await message.waitFor();
    expect(await message.innerText()).toContain(
      'Zendesk Connector for Jira needs an active Marketplace license. To buy or renew it, open Jira settings → Apps → Manage apps',
    );
    expect(await page.getByRole('tab').count()).toBe(0);
    await shot(page, '15-license-required');
  });

  it('switches to the license message when any later call answers LICENSE_INACTIVE', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    backend.failNext('getActivity', { code: 'LICENSE_INACTIVE', message: 'The app license is not active.' });
    const page = await open(backend);
    await byTestId(page, 'tab-activity').click();
    await byTestId(page, 'license-required').waitFor();
    expect(await page.getByRole('tab').count()).toBe(0);
  });

  it('shows an access message to users who are not Jira admins', async () => {
    const page = await open(new FakeAdminBackend({ notAdmin: true }));
    const message = byTestId(page, 'not-admin');
    await message.waitFor();
    expect(await message.innerText()).toContain('Only Jira administrators can configure Zendesk Connector');
    await shot(page, '16-not-admin');
  });

  it('offers a retry when the first load fails', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    backend.failNext('getAdminState', { code: 'INTERNAL', message: 'The resolver timed out.' });
    const page = await open(backend);
    const error = byTestId(page, 'load-error');
    await error.waitFor();
    await error.getByText('Try again').click();
    await byTestId(page, 'connection-summary').waitFor();
  });
});
