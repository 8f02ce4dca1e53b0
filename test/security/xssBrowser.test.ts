/**
 * XSS in the browser (docs/contracts/connector-rules.md § Security): the real admin page build and the real
 * issue panel, served by the sandbox web host in front of the real stack, in headless Chromium. Hostile text
 * comes from where it would in production: the Zendesk agent's name (users/me), a Zendesk field
 * title (the live field catalog), an attachment file name (a sync problem in the activity
 * view), a ticket subject, and an admin-entered item name. It must show as literal text; no
 * element or attribute may come from it, no inline script may even be attempted (the page
 * runs under a Forge-like CSP, which would log a violation), and `window.__xss` stays unset.
 */
import { startSandboxHost, type SandboxHost } from '../e2e/support/host';
import { launchBrowser, newPage, type TestPage } from '../e2e/support/browser';
import { invoke, panelLink } from './support';
import { SUP, TASK } from '../support/items';
import { type IssueCtx, newIssue } from '../support/issuePanel';
import { dataOf, issueOptions } from '../support/resolvers';
import { ticketFieldId } from '../support/world';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiTokenConnection } from '../support/connection';
import type { SmartItem } from '../../src/domain/types';

const HOSTILE = {
  agentName: '<img src=x onerror="window.__xss=1">Ada <script>window.__xss=2</script>',
  fieldTitle: '<svg onload="window.__xss=3">Customer reference',
  itemName: '<img src=x onerror="window.__xss=4"><b>Escalations</b>',
  fileName: '<img src=x onerror="window.__xss=5">dump.txt',
  subject: '"><iframe src="javascript:window.__xss=6"></iframe>Printer',
} as const;

let sandbox: SandboxHost;
let browser: Browser;
let tab: TestPage;
let page: Page;
let item: SmartItem;
let issue: IssueCtx;
let referenceId: string;

beforeAll(async () => {
  sandbox = await startSandboxHost();
  const { stack } = sandbox;
  const zendeskAdmin = [...stack.zendesk.state.users.values()].find(
    (u) => u.email === stack.zendesk.credentials.admin.email,
  );
  const field = stack.zendesk.state.ticketFields.find((f) => f.title === 'Customer reference');
  if (!zendeskAdmin || !field)
    throw new Error('simulator seed changed: no admin user or Customer reference field');
  zendeskAdmin.name = HOSTILE.agentName;
  referenceId = ticketFieldId(stack, 'Customer reference');
  field.title = HOSTILE.fieldTitle;

  const admin = { accountId: stack.user('admin').accountId };
  dataOf((await invoke(stack, 'admin', 'saveConnection', apiTokenConnection(stack), admin)).result);
  item = dataOf(
    (
      await invoke<SmartItem>(
        stack,
        'admin',
        'saveItem',
        {
          name: HOSTILE.itemName,
          syncMode: 'oneWay',
          projectId: SUP.id,
          zendeskObject: 'ticket',
          fields: [
            { zendeskFieldId: 'subject', preview: true },
            { zendeskFieldId: referenceId, preview: true },
          ],
          features: { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: true },
        },
        admin,
      )
    ).result,
  );
  // A file above 10 MB is skipped and the skip recorded with its name: a problem in Activity.
  const ticket = stack.zendesk.control.createTicket({
    subject: HOSTILE.subject,
    body: 'See the attached dump',
    attachments: [{ fileName: HOSTILE.fileName, size: 11 * 1024 * 1024 }],
  }) as { id: number };
  issue = newIssue(stack, SUP, TASK, 'Issue with hostile Zendesk data');
  const card = dataOf(
    await panelLink(stack, item.id, String(ticket.id), issueOptions(issue, stack.user('agent').accountId)),
  );
  expect(JSON.stringify(card.link?.problems)).toContain('dump.txt');

  browser = await launchBrowser();
  tab = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
  page = tab.page;
  page.setDefaultTimeout(10_000);
});

afterAll(async () => {
  await tab?.close();
  await browser?.close();
  await sandbox?.close();
});

/** Nothing in the DOM came from hostile markup, and nothing ran. */
async function expectNoInjection(where: string): Promise<void> {
  const injected = await page.evaluate(() => {
    const doc = document;
    const frames = [...doc.querySelectorAll('iframe')].map((f) => f.getAttribute('src') ?? '');
    return {
      xss: (window as unknown as { __xss?: unknown }).__xss ?? null,
      imgX: doc.querySelectorAll('img[src="x"]').length,
      inlineScripts: [...doc.querySelectorAll('script:not([src])')].filter((s) =>
        s.textContent?.includes('__xss'),
      ).length,
      handlers: doc.querySelectorAll('[onerror], [onload], [onmouseover]').length,
      svg: [...doc.querySelectorAll('svg')].filter((s) => s.outerHTML.includes('__xss')).length,
      jsFrames: frames.filter((src) => src.startsWith('javascript:')).length,
      boldEscalations: [...doc.querySelectorAll('b')].filter((b) => b.textContent === 'Escalations').length,
    };
  });
  expect(injected, where).toEqual({
    xss: null,
    imgX: 0,
    inlineScripts: 0,
    handlers: 0,
    svg: 0,
    jsFrames: 0,
    boldEscalations: 0,
  });
  expect(
    // A request the previous page still had in flight when the test navigated away is cancelled
    // by the browser (net::ERR_ABORTED): not an error of the page under test.
    tab.errors.filter((e) => !e.includes('favicon') && !e.endsWith('net::ERR_ABORTED')),
    where,
  ).toEqual([]);
}

describe('admin page', () => {
  it('shows the Zendesk agent name literally on the Connection tab', async () => {
    await page.goto(`${sandbox.url}/admin-ui/`);
    const summary = page.getByTestId('connection-summary');
    await summary.waitFor();
    expect(await summary.innerText()).toContain(HOSTILE.agentName);
    await expectNoInjection('connection tab');
  });

  it('shows the item name and the Zendesk field title literally in the items table and the editor', async () => {
    await page.getByTestId('tab-items').click();
    const row = page.getByTestId(`item-row-${item.id}`);
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(HOSTILE.itemName);
    expect(text).toContain(HOSTILE.fieldTitle);
    await page.getByTestId(`edit-${item.id}`).click();
    // The editor's label comes from the live Zendesk catalog.
    const mapping = page.getByTestId(`mapping-${referenceId}`);
    await mapping.getByText(HOSTILE.fieldTitle, { exact: true }).first().waitFor();
    await expectNoInjection('items tab');
  });

  it('shows the attachment file name literally in the Activity problems', async () => {
    await page.getByTestId('tab-activity').click();
    const problems = page.getByTestId(`problem-${issue.key}`);
    await problems.waitFor();
    // Plain words first; the recorded message with the file name is under "Details".
    const details = problems.getByRole('button', { name: 'Details' });
    for (let i = 0; i < (await details.count()); i++) await details.nth(i).click();
    expect(await problems.innerText()).toContain(HOSTILE.fileName);
    await expectNoInjection('activity tab');
  });
});

describe('issue panel in the sandbox host', () => {
  it('shows the item name literally and the Zendesk subject as text', async () => {
    await page.goto(`${sandbox.url}/browse/${issue.key}`);
    const panel = page.getByTestId('issue-panel');
    await panel.getByText(HOSTILE.itemName, { exact: true }).first().waitFor();
    // The panel turns Zendesk HTML-looking values into plain text on the server.
    await panel.getByText('Printer', { exact: false }).first().waitFor();
    await expectNoInjection('issue panel');
  });
});
