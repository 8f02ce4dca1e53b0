/**
 * The whole connector journey in headless Chromium, through the sandbox web host only (as a
 * person at `npm start` would): the real admin page, the real UI Kit panel, the Jira shell
 * and the Zendesk view, against the real stack (Forge emulator running the app, Zendesk and
 * Jira simulators; in-memory storage, random loopback ports). Each step is a test, in order,
 * and leaves a screenshot in test/artifacts/journey/.
 */
import type { FrameLocator, Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useSandboxTab } from './support/host';

const TICKET_SUBJECT = 'Checkout page times out for EU customers';
const JIRA_COMMENT = 'Engineering is on it: the EU payment gateway is slow (from Jira)';
const INTERNAL_NOTE = 'Internal: the HAR export shows 504s from the payment gateway';
const UI_TIMEOUT = 20_000;

const ui = useSandboxTab('journey', { host: { sync: { deliverEveryMs: 200 } } });

/** Facts later steps need from earlier ones. */
const journey: { ticketId?: number; issueKey?: string } = {};

function admin(): FrameLocator {
  return ui.page.frameLocator('[data-testid="admin-frame"]');
}

/**
 * Types into an Atlaskit Select inside the admin page and takes the first option whose text
 * contains `text` (waiting for it: options may still be loading from Jira or Zendesk).
 */
async function choose(frame: FrameLocator, inputId: string, text: string): Promise<void> {
  const input = frame.locator(`#${inputId}`);
  await input.fill(text);
  await frame.getByRole('option').filter({ hasText: text }).first().waitFor({ timeout: UI_TIMEOUT });
  await input.press('Enter');
}

/** Opens the item editor for a new item and names it. */
async function newItem(frame: FrameLocator, name: string): Promise<void> {
  await frame.getByTestId('create-item').click();
  await frame.getByTestId('item-editor').waitFor();
  await frame.locator('#item-name').fill(name);
}

async function go(path: string): Promise<void> {
  await ui.page.goto(`${ui.sandbox.url}${path}`);
}

/** "Run sync now" after moving the Zendesk clock past the export's one-minute holdback. */
async function advanceClockAndSync(): Promise<void> {
  await ui.page.getByTestId('clock-advance-1m').click();
  await ui.page
    .getByText(/Zendesk clock is now/)
    .first()
    .waitFor({ timeout: UI_TIMEOUT });
  await ui.page.getByTestId('run-sync-now').click();
  const outcome = ui.page.getByText(/^Sync run (finished|failed)/).first();
  await outcome.waitFor({ timeout: 60_000 });
  const text = await outcome.innerText();
  expect(text, 'the scheduled sync run reported a failure').toMatch(/^Sync run finished/);
}

/** Reloads a view until `locator` shows up (sync and event delivery are asynchronous). */
async function reloadUntil(locator: Locator, timeoutMs = UI_TIMEOUT): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await locator.first().waitFor({ timeout: 2000 });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await ui.page.reload();
    }
  }
}

/** Picks a user in the sandbox's switcher and waits for the host to take it. */
async function viewAs(user: string): Promise<void> {
  const switched = ui.page.waitForResponse(
    (r) => r.url().endsWith('/api/session') && r.request().method() === 'PUT',
  );
  await ui.page.getByTestId('user-switcher').selectOption(user);
  expect((await switched).ok()).toBe(true);
}

function panel(): Locator {
  return ui.page.getByTestId('issue-panel');
}

function card(name: string): Locator {
  return panel().locator('[data-testid^="zendesk-card-"]').filter({ hasText: name });
}

describe('sandbox journey', () => {
  it('1. connects Zendesk in the admin page with the demo credentials', async () => {
    await go('/admin');
    const subdomain = await ui.page.getByTestId('demo-subdomain').innerText();
    const email = await ui.page.getByTestId('demo-email').innerText();
    const token = await ui.page.getByTestId('demo-token').innerText();
    const frame = admin();
    await frame.getByTestId('connect-form').waitFor({ timeout: UI_TIMEOUT });
    await frame.getByTestId('connect-form').getByLabel('Subdomain').fill(subdomain);
    await frame.getByTestId('connect-form').getByLabel('Agent email').fill(email);
    await frame.getByTestId('connect-form').getByLabel('API token').fill(token);
    await ui.shot('admin-connect-form');
    await frame.getByTestId('save-connection').click();
    await frame.getByTestId('connection-summary').waitFor({ timeout: UI_TIMEOUT });
    await expect(frame.getByTestId('connected-lozenge').innerText()).resolves.toMatch(/connected/i);
    await ui.shot('admin-connected');
  });

  it('2. creates a two-way ticket item with auto-create, status, comment and attachment sync', async () => {
    const frame = admin();
    await frame.getByTestId('tab-items').click();
    await newItem(frame, 'Support tickets');
    await choose(frame, 'sync-mode', 'Two-way');
    await choose(frame, 'jira-project', 'Support');
    await choose(frame, 'issue-type', 'Task');
    await choose(frame, 'add-zendesk-field', 'Subject');
    await choose(frame, 'jira-field-subject', 'Summary');
    await choose(frame, 'add-zendesk-field', 'Priority');
    await choose(frame, 'jira-field-priority', 'Priority');
    for (const feature of ['autoCreate', 'statusSync', 'commentSync', 'attachmentSync']) {
      await frame.getByTestId(`feature-${feature}--hidden-checkbox`).check();
    }
    await ui.shot('admin-ticket-item-editor');
    await frame.getByTestId('save-item').click();
    const row = frame.locator('[data-testid^="item-row-"]').filter({ hasText: 'Support tickets' });
    await row.waitFor({ timeout: UI_TIMEOUT });
    const text = await row.innerText();
    for (const expected of [
      'Two-way sync',
      'Support',
      'Task',
      'Auto-create',
      'Status',
      'Comments',
      'Attachments',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('3. adds a display-only customer item for manual links', async () => {
    const frame = admin();
    await newItem(frame, 'Customer');
    await choose(frame, 'zendesk-object', 'Customer');
    await choose(frame, 'jira-project', 'Support');
    await choose(frame, 'add-zendesk-field', 'Email');
    await frame.getByTestId('save-item').click();
    await frame
      .locator('[data-testid^="item-row-"]')
      .filter({ hasText: 'Display only' })
      .waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('admin-items');
  });

  it('4. creates a ticket in the Zendesk view', async () => {
    await go('/zendesk');
    await ui.page.getByTestId('new-ticket-subject').fill(TICKET_SUBJECT);
    await ui.page
      .getByTestId('new-ticket-body')
      .fill('Since 9:00 CET the checkout spinner never stops for customers in Germany and France.');
    await ui.page.getByTestId('new-ticket-priority').selectOption('high');
    await ui.page.getByTestId('new-ticket-submit').click();
    const created = ui.page.getByText(/^Zendesk ticket #\d+ created/).first();
    await created.waitFor({ timeout: UI_TIMEOUT });
    journey.ticketId = Number(/#(\d+)/.exec(await created.innerText())?.[1]);
    expect(journey.ticketId).toBeGreaterThan(0);
    await ui.page.getByTestId('ticket-list').getByText(TICKET_SUBJECT).waitFor();
    await ui.shot('zendesk-ticket-created');
  });

  it('5. runs the sync: the ticket becomes a Jira issue', async () => {
    await advanceClockAndSync();
    await go('/issues?project=SUP');
    const row = ui.page.getByTestId('issue-list').locator('tr').filter({ hasText: TICKET_SUBJECT });
    await reloadUntil(row);
    journey.issueKey = (await row.locator('a').first().innerText()).trim();
    expect(journey.issueKey).toMatch(/^SUP-\d+$/);
    await ui.shot('jira-issue-auto-created');
  });

  it('6. shows the auto-created link read-only in the panel (no Unlink)', async () => {
    await go(`/browse/${journey.issueKey}`);
    const ticketCard = card('Support tickets');
    await ticketCard.getByText(`Ticket #${journey.ticketId}`).waitFor({ timeout: UI_TIMEOUT });
    await ticketCard.getByText('Managed by the scheduler (auto-created)').waitFor();
    await expect(ticketCard.getByRole('button', { name: 'Unlink' }).count()).resolves.toBe(0);
    await expect(ticketCard.getByRole('button', { name: 'Refresh' }).count()).resolves.toBe(1);
    // The simulated account's agent URL opens the sandbox's own Zendesk view.
    await expect(
      ticketCard.getByRole('link', { name: /Open in Zendesk/ }).getAttribute('href'),
    ).resolves.toBe(`/zendesk/tickets/${journey.ticketId}`);
    await expect(panel().locator('[data-uikit-unsupported]').count()).resolves.toBe(0);
    await ui.shot('panel-auto-linked-read-only');
  });

  it('7. copies a Jira comment to the Zendesk ticket', async () => {
    await ui.page.getByTestId('issue-comment-input').fill(JIRA_COMMENT);
    await ui.page.getByTestId('issue-comment-save').click();
    await ui.page.getByTestId('issue-comments').getByText(JIRA_COMMENT).waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('jira-comment-added');
    await go(`/zendesk/tickets/${journey.ticketId}`);
    await reloadUntil(
      ui.page.getByTestId('ticket-comments').getByText(JIRA_COMMENT, { exact: false }),
      30_000,
    );
    await ui.shot('zendesk-sees-jira-comment');
  });

  it('8. copies a Zendesk internal note with a file to Jira', async () => {
    await go(`/zendesk/tickets/${journey.ticketId}`);
    await ui.page.getByTestId('comment-internal').check();
    await ui.page.getByTestId('comment-body').fill(INTERNAL_NOTE);
    await ui.page.getByTestId('comment-files').setInputFiles({
      name: 'har-export.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('GET /checkout 504 Gateway Timeout\n'),
    });
    await ui.page.getByTestId('comment-submit').click();
    await ui.page.getByTestId('ticket-comments').getByText(INTERNAL_NOTE).waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('zendesk-internal-note-with-file');
    await advanceClockAndSync();
    await go(`/browse/${journey.issueKey}`);
    await reloadUntil(ui.page.getByTestId('issue-attachments').getByText('har-export.txt'));
    const copied = ui.page.getByTestId('issue-comments').getByText(INTERNAL_NOTE, { exact: false });
    await copied.first().waitFor();
    await expect(
      ui.page.getByTestId('issue-comments').getByText('[Zendesk internal note]', { exact: false }).count(),
    ).resolves.toBeGreaterThan(0);
    await ui.shot('jira-sees-internal-note-and-file');
  });

  it('9. solves the ticket in Zendesk: after a sync the issue is Done', async () => {
    await go(`/zendesk/tickets/${journey.ticketId}`);
    await ui.page.getByTestId('ticket-status').selectOption('solved');
    await ui.page.getByTestId('ticket-save').click();
    await ui.page.getByTestId('ticket-status-lozenge').getByText('solved').waitFor({ timeout: UI_TIMEOUT });
    await advanceClockAndSync();
    await go(`/browse/${journey.issueKey}`);
    await reloadUntil(ui.page.getByTestId('issue-status').getByText('Done'));
    await ui.shot('jira-issue-done');
  });

  it('10. links a customer through search in the panel, then unlinks it', async () => {
    await go(`/browse/${journey.issueKey}`);
    const customerCard = card('Customer');
    await customerCard.getByRole('button', { name: 'Link customer' }).click({ timeout: UI_TIMEOUT });
    const dialog = ui.page.getByRole('dialog');
    await dialog.getByText('Link a Zendesk customer').waitFor();
    await dialog.getByRole('textbox').fill('Zoë');
    await dialog.getByRole('button', { name: 'Search' }).click();
    const link = dialog.getByRole('button', { name: 'Link' }).first();
    await link.waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('panel-customer-search');
    await link.click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await customerCard.getByText(/^Customer #\d+/).waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('panel-customer-linked');
    await customerCard.getByRole('button', { name: 'Unlink' }).click();
    // Unlink asks first (the question is a dialog over the page).
    await ui.page.getByRole('dialog').getByRole('button', { name: 'Unlink' }).click();
    await customerCard.getByRole('button', { name: 'Link customer' }).waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('panel-customer-unlinked');
  });

  it('11. follows the user switcher: browse-only users cannot link, agents cannot configure', async () => {
    await viewAs('browse');
    await go(`/browse/${journey.issueKey}`);
    const customerCard = card('Customer');
    await customerCard
      .getByText('You need permission to edit this issue', { exact: false })
      .waitFor({ timeout: UI_TIMEOUT });
    await expect(customerCard.getByRole('button', { name: 'Link customer' }).isDisabled()).resolves.toBe(
      true,
    );
    await ui.shot('panel-browse-only');
    await viewAs('agent');
    await go('/admin');
    await admin()
      .getByText('Only Jira administrators can configure', { exact: false })
      .waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('admin-refuses-agent');
    await viewAs('admin');
  });

  it('12. shows the sync runs in the activity view', async () => {
    await go('/activity');
    await ui.page.getByTestId('activity-runs').waitFor({ timeout: UI_TIMEOUT });
    await expect(
      ui.page.getByTestId('activity-host-runs').getByText('manual').count(),
    ).resolves.toBeGreaterThanOrEqual(2);
    await ui.shot('activity');
    // Requests cut short by navigating away are not errors.
    expect(ui.tab.errors.filter((e) => !/favicon|net::ERR_ABORTED/.test(e))).toEqual([]);
  });
});
