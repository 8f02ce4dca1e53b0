/**
 * "Link a two-way ticket to an existing issue" in headless Chromium through the sandbox web host
 * (real stack, real UI Kit renderer): the Link dialog shows the exact Jira fields the first
 * synchronization will change, with the status move and the comment import, before anything is
 * written; Cancel changes nothing; "Link and synchronize" writes exactly what was shown.
 *
 * Screenshots go to test/artifacts/panel-confirm/; with DOCS_IMAGES=1 the confirmation the admin
 * guide shows is also written to docs/images/.
 */
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SmartItem } from '../../src/domain/types';
import { connectDirect } from '../support/connection';
import { linkFootprint } from '../support/panelLink';
import { newTicket } from '../support/world';
import { launchBrowser, newPage, type TestPage } from './support/browser';
import { screenshotter, shootFailures, startSandboxHost, type SandboxHost } from './support/host';
import { itemKey } from '../../src/storage/keys';

const UI_TIMEOUT = 20_000;
const DOCS_IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));
const ITEM = 'confirm-tickets';

let sandbox: SandboxHost;
let browser: Browser;
let tab: TestPage;
let page: Page;
const shot = screenshotter('panel-confirm');
const facts = { issueId: '', issueKey: '', ticketId: 0 };

function ticketCard(): Locator {
  return page
    .getByTestId('issue-panel')
    .locator('[data-testid^="zendesk-card-"]')
    .filter({ hasText: 'Escalated tickets' });
}

const footprint = () => linkFootprint(sandbox.stack, ITEM, facts.issueId, facts.ticketId);

async function askToLink(): Promise<Locator> {
  await ticketCard().getByRole('button', { name: 'Link ticket' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('textbox').fill('badge');
  await dialog.getByRole('button', { name: 'Search' }).click();
  await dialog.getByRole('button', { name: 'Link', exact: true }).click({ timeout: UI_TIMEOUT });
  await dialog.getByText(`Link ticket #${facts.ticketId} and synchronize?`).waitFor({ timeout: UI_TIMEOUT });
  return dialog;
}

beforeAll(async () => {
  sandbox = await startSandboxHost({ host: { sync: { deliverEveryMs: false } } });
  const { stack } = sandbox;
  connectDirect(stack);
  const item: SmartItem = {
    id: ITEM,
    name: 'Escalated tickets',
    syncMode: 'twoWay',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Support',
    zendeskObject: 'ticket',
    fields: [
      { zendeskFieldId: 'subject', zendeskFieldLabel: 'Subject', jiraFieldId: 'summary', preview: true },
      { zendeskFieldId: 'priority', zendeskFieldLabel: 'Priority', jiraFieldId: 'priority', preview: true },
    ],
    features: { autoCreate: false, statusSync: true, commentSync: true, attachmentSync: false },
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  stack.emulator.storage.set(itemKey(item.id), item);
  facts.ticketId = newTicket(stack, 'Badge reader rejects every card at gate 2', {
    body: 'Nobody can get in since this morning.',
    status: 'open',
    priority: 'urgent',
  });
  stack.zendesk.control.addComment(facts.ticketId, { body: 'Security is letting people in by hand.' });
  const issue = stack.jira.control.createIssue('agent', {
    project: { key: 'SUP' },
    issuetype: { id: '10001' },
    summary: 'Gate 2 access problems',
    priority: { name: 'Low' },
  });
  facts.issueId = issue.id;
  facts.issueKey = issue.key;

  browser = await launchBrowser();
  tab = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  page = tab.page;
  await page.goto(`${sandbox.url}/`);
  const switched = page.waitForResponse(
    (r) => r.url().endsWith('/api/session') && r.request().method() === 'PUT',
  );
  await page.getByTestId('user-switcher').selectOption('agent');
  expect((await switched).ok()).toBe(true);
  await page.goto(`${sandbox.url}/browse/${issue.key}`);
  await ticketCard().waitFor({ timeout: UI_TIMEOUT });
});

shootFailures(shot, () => page);

afterAll(async () => {
  for (const closing of [tab, browser, sandbox]) await closing?.close();
});

describe('linking a two-way ticket to an existing issue', () => {
  it('shows the exact Jira fields that will change, and Cancel changes nothing', async () => {
    const before = footprint();
    const dialog = await askToLink();
    const rows = dialog.locator('table tbody tr');
    await expect(rows.allInnerTexts()).resolves.toEqual([
      expect.stringMatching(
        /^Summary \(from Subject\)\s+Gate 2 access problems\s+Badge reader rejects every card at gate 2$/,
      ),
      expect.stringMatching(/^Priority\s+Low\s+Highest$/),
      expect.stringMatching(/^Status \(through “Start progress”\)\s+To Do\s+In Progress$/),
    ]);
    await dialog.getByText('public replies and internal notes', { exact: false }).waitFor();
    await expect(page.locator('[data-uikit-unsupported]').count()).resolves.toBe(0);
    await shot(page, 'link-confirm');
    if (process.env.DOCS_IMAGES === '1') {
      await dialog.screenshot({ path: `${DOCS_IMAGES}panel-link-confirm.png` });
    }
    expect(footprint()).toEqual(before);

    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await ticketCard().getByRole('button', { name: 'Link ticket' }).waitFor();
    expect(footprint()).toEqual(before);
    const issue = sandbox.stack.jira.control.getIssue(facts.issueId) as {
      fields: { summary: string; status: { name: string } };
    };
    expect([issue.fields.summary, issue.fields.status.name]).toEqual(['Gate 2 access problems', 'To Do']);
  });

  it('links and writes what was shown once confirmed', async () => {
    const dialog = await askToLink();
    await dialog.getByRole('button', { name: 'Link and synchronize' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await ticketCard().getByText(`Ticket #${facts.ticketId}`).waitFor({ timeout: UI_TIMEOUT });
    const issue = sandbox.stack.jira.control.getIssue(facts.issueId) as {
      fields: { summary: string; priority: { name: string }; status: { name: string } };
    };
    expect([issue.fields.summary, issue.fields.priority.name, issue.fields.status.name]).toEqual([
      'Badge reader rejects every card at gate 2',
      'Highest',
      'In Progress',
    ]);
    await shot(page, 'linked-card');
    expect(tab.errors.filter((e) => !/favicon|net::ERR_ABORTED/.test(e))).toEqual([]);
  });
});
