/**
 * The issue panel agents can trust, in headless Chromium through the sandbox web host (real
 * stack, real UI Kit renderer): text shown exactly as written, subject/status/requester on
 * every linked card, tickets already linked elsewhere marked in the Link dialog, Unlink asks
 * first, and sync problems in plain words for agents with details for Jira admins only.
 *
 * Screenshots go to test/artifacts/panel-trust/; with DOCS_IMAGES=1 the panel shots the
 * admin guide shows are also written to docs/images/.
 */
import { fileURLToPath } from 'node:url';
import type { Locator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import { NO_FEATURES } from '../../src/domain/types';
import { connectDirect } from '../support/connection';
import { storeManualLink } from '../support/manualLink';
import { useSandboxTab } from './support/host';
import { itemKey, linkKey } from '../../src/storage/keys';

const SIGNS = 'qty<5 and price>10 on <b>mobile</b>';
const SCRIPT = '<script>…</script> appears in the portal';
const UI_TIMEOUT = 20_000;
const DOCS_IMAGES = fileURLToPath(new URL('../../docs/images/', import.meta.url));

const ui = useSandboxTab('panel-trust', { host: { sync: { deliverEveryMs: false } } });
const facts: {
  signsTicket?: string;
  scriptTicket?: string;
  issueKey?: string;
  elsewhere?: string;
  elsewhereId?: string;
} = {};

/**
 * A full-page shot in the artifacts and, when asked, one for the admin guide: the panel
 * alone, or the dialog (which UI Kit lays over the page, outside the panel).
 */
async function picture(name: string, docsName?: string, of: 'panel' | 'dialog' = 'panel'): Promise<void> {
  const file = await ui.shot(name);
  if (docsName !== undefined && process.env.DOCS_IMAGES === '1') {
    const target = of === 'panel' ? ui.page.getByTestId('issue-panel') : ui.page.getByRole('dialog');
    await target.screenshot({ path: `${DOCS_IMAGES}${docsName}` });
  }
  expect(file).toMatch(/\.png$/);
}

function panel(): Locator {
  return ui.page.getByTestId('issue-panel');
}

function ticketCard(): Locator {
  return panel().locator('[data-testid^="zendesk-card-"]').filter({ hasText: 'Support tickets' });
}

async function viewAs(user: string): Promise<void> {
  const switched = ui.page.waitForResponse(
    (r) => r.url().endsWith('/api/session') && r.request().method() === 'PUT',
  );
  await ui.page.getByTestId('user-switcher').selectOption(user);
  expect((await switched).ok()).toBe(true);
}

async function openIssue(key: string): Promise<void> {
  await ui.page.goto(`${ui.sandbox.url}/browse/${key}`);
  await ticketCard().waitFor({ timeout: UI_TIMEOUT });
}

beforeAll(async () => {
  const { stack } = ui.sandbox;
  connectDirect(stack);
  // The admin previews only the priority: subject, status and requester must show anyway.
  const item: SmartItem = {
    id: 'trust-tickets',
    name: 'Support tickets',
    syncMode: 'none',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Support',
    zendeskObject: 'ticket',
    fields: [{ zendeskFieldId: 'priority', zendeskFieldLabel: 'Priority', preview: true }],
    features: NO_FEATURES,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  stack.emulator.storage.set(itemKey(item.id), item);
  const create = (subject: string): string =>
    String(
      (
        stack.zendesk.control.createTicket({ subject, body: 'Reported by a customer', priority: 'high' }) as {
          id: number;
        }
      ).id,
    );
  facts.signsTicket = create(SIGNS);
  facts.scriptTicket = create(SCRIPT);
  // The script ticket is already on another issue, as when one ticket ended up on three.
  const elsewhere = storeManualLink(stack, item.id, Number(facts.scriptTicket), 'Portal renders a tag');
  facts.elsewhere = elsewhere.issueKey;
  facts.elsewhereId = elsewhere.issueId;
  facts.issueKey = stack.jira.control.createIssue('agent', {
    project: { key: 'SUP' },
    issuetype: { id: '10001' },
    summary: 'Customers report odd subjects',
  }).key;

  await ui.page.goto(`${ui.sandbox.url}/`);
  await viewAs('agent');
});

describe('a panel agents can trust', () => {
  it('marks a ticket already linked to another issue in the Link dialog, with the issue key', async () => {
    await openIssue(facts.issueKey ?? '');
    await ticketCard().getByRole('button', { name: 'Link ticket' }).click();
    const dialog = ui.page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('portal');
    await dialog.getByRole('button', { name: 'Search' }).click();
    const mark = dialog.getByText(`Already linked to ${facts.elsewhere} (Support tickets).`);
    await mark.waitFor({ timeout: UI_TIMEOUT });
    // The subject is shown as written, script tag and all, as text.
    await dialog.getByText(`#${facts.scriptTicket} ${SCRIPT}`, { exact: true }).waitFor();
    await expect(dialog.getByRole('button', { name: 'Link anyway' }).count()).resolves.toBe(1);
    // The sandbox renderer marks any UI Kit prop it does not support; the dialog uses none.
    await expect(ui.page.locator('[data-uikit-unsupported]').count()).resolves.toBe(0);
    await picture('link-dialog-already-linked', 'panel-link-dialog-already-linked.png', 'dialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
  });

  it('links a ticket and shows its subject exactly as written, with status and requester', async () => {
    await ticketCard().getByRole('button', { name: 'Link ticket' }).click();
    const dialog = ui.page.getByRole('dialog');
    await dialog.getByRole('textbox').fill('qty');
    await dialog.getByRole('button', { name: 'Search' }).click();
    await dialog
      .getByText(`#${facts.signsTicket} ${SIGNS}`, { exact: true })
      .waitFor({ timeout: UI_TIMEOUT });
    await dialog.getByRole('button', { name: 'Link', exact: true }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT });

    const card = ticketCard();
    await card.getByText(`Ticket #${facts.signsTicket}`).waitFor({ timeout: UI_TIMEOUT });
    await expect(card.getByText(SIGNS, { exact: true }).count()).resolves.toBe(1);
    await expect(card.getByText('qty10 on mobile').count()).resolves.toBe(0);
    await card.getByText('New', { exact: true }).waitFor();
    await card.getByText(/^Requester: \S/).waitFor();
    await card.getByText('High', { exact: true }).waitFor();
    await expect(panel().locator('[data-uikit-unsupported]').count()).resolves.toBe(0);
    await picture('card-text-is-text', 'panel-card-text-is-text.png');
  });

  it('asks before unlinking; Cancel keeps the link', async () => {
    const card = ticketCard();
    await card.getByRole('button', { name: 'Unlink' }).click();
    const ask = ui.page.getByRole('dialog');
    await ask.getByText(`Unlink Ticket #${facts.signsTicket}?`).waitFor({ timeout: UI_TIMEOUT });
    await ask
      .getByText('stays in Zendesk; only its link to this issue is removed.', { exact: false })
      .waitFor();
    await expect(ui.page.locator('[data-uikit-unsupported]').count()).resolves.toBe(0);
    await picture('unlink-confirm', 'panel-unlink-confirm.png', 'dialog');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await ask.waitFor({ state: 'detached', timeout: UI_TIMEOUT });
    await expect(card.getByText(`Ticket #${facts.signsTicket}`).count()).resolves.toBe(1);

    await card.getByRole('button', { name: 'Unlink' }).click();
    await ui.page.getByRole('dialog').getByRole('button', { name: 'Unlink' }).click();
    await card.getByRole('button', { name: 'Link ticket' }).waitFor({ timeout: UI_TIMEOUT });
  });

  it('shows a sync problem to an agent in plain words, and its details to a Jira admin', async () => {
    const { stack } = ui.sandbox;
    const key = linkKey('trust-tickets', facts.elsewhereId ?? '');
    const link = stack.emulator.storage.get(key) as LinkRecord | undefined;
    if (!link) throw new Error(`no stored link ${key}`);
    stack.emulator.storage.set(key, {
      ...link,
      problems: [
        {
          kind: 'error',
          code: 'FIELD_NOT_APPLIED',
          message: 'Jira refused customfield_10041 (Customer impact): the value "gold" is not an option.',
          upstream: { service: 'jira', status: 400, message: 'Option id 10099 is not valid' },
          at: '2026-01-02T00:00:00.000Z',
        },
      ],
    });

    await openIssue(facts.elsewhere ?? '');
    const card = ticketCard();
    await card
      .getByText('Some Zendesk values could not be copied to this issue.', { exact: false })
      .waitFor({ timeout: UI_TIMEOUT });
    await card.getByText('ask your Jira admin', { exact: false }).waitFor();
    await expect(card.getByText('customfield_10041', { exact: false }).count()).resolves.toBe(0);
    await expect(card.getByText('400', { exact: false }).count()).resolves.toBe(0);
    await picture('agent-sees-plain-problem', 'panel-agent-problem.png');

    await viewAs('admin');
    await openIssue(facts.elsewhere ?? '');
    await card.getByText('customfield_10041', { exact: false }).waitFor({ timeout: UI_TIMEOUT });
    await card.getByText('Jira answered 400: Option id 10099 is not valid', { exact: false }).waitFor();
    await picture('admin-sees-problem-details', 'panel-admin-problem.png');
    await viewAs('agent');
    expect(ui.tab.errors.filter((e) => !/favicon|net::ERR_ABORTED/.test(e))).toEqual([]);
  });
});
