/**
 * The OAuth connect in headless Chromium through the sandbox web host: the real admin page shows
 * the redirect URL and the API-token deprecation notice, "Connect with Zendesk" opens the Zendesk
 * simulator's consent page in a new tab, Allow lands on the app's web trigger, and the admin page
 * turns connected by itself. Screenshots in test/artifacts/oauth/.
 */
import type { FrameLocator, Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, type TestPage } from './support/browser';
import { closeAfterAll, screenshotter, startSandboxHost, type SandboxHost } from './support/host';
import type { Browser } from 'playwright-core';

const UI_TIMEOUT = 20_000;

let sandbox: SandboxHost;
let browser: Browser;
let tab: TestPage;
let page: Page;
let redirect: string;
let secret = '';
const shot = screenshotter('oauth');

const admin = (): FrameLocator => page.frameLocator('[data-testid="admin-frame"]');

beforeAll(async () => {
  sandbox = await startSandboxHost();
  redirect = sandbox.stack.emulator.webTriggerUrl('zendesk-oauth-callback') ?? '';
  browser = await launchBrowser();
  tab = await newPage(browser);
  page = tab.page;
});

closeAfterAll(() => [tab, browser, sandbox]);

/** Fills the OAuth form with the demo client and clicks Connect; the Zendesk consent tab it opens. */
async function startConsent(frame: FrameLocator): Promise<Page> {
  await frame.getByTestId('oauth-form').getByLabel('Subdomain').fill(sandbox.stack.zendesk.subdomain);
  await frame.getByLabel('Client identifier').fill('jira-connector');
  await frame.getByLabel('Client secret').fill(secret);
  const opened = tab.context.waitForEvent('page');
  await frame.getByTestId('oauth-connect').click();
  return opened;
}

describe('OAuth connect in the browser', () => {
  it('shows the redirect URL to register and the API-token deprecation notice', async () => {
    await page.goto(`${sandbox.url}/admin`);
    const frame = admin();
    await frame.getByTestId('oauth-form').waitFor({ timeout: UI_TIMEOUT });
    secret = await page.getByTestId('demo-client-secret').innerText();
    expect(await page.getByTestId('demo-client-id').innerText()).toBe('jira-connector');
    await expect(frame.getByTestId('oauth-redirect-url').innerText()).resolves.toBe(redirect);
    expect(redirect.startsWith(`${sandbox.url}/webtrigger/x1/`)).toBe(true);
    const notice = await frame.getByTestId('api-token-deprecation').innerText();
    expect(notice).toContain('2027-04-30');
    expect(notice).toContain('API tokens end on 30 April 2027');
    await shot(page, 'admin-connect-options');
    await frame.getByTestId('api-token-deprecation').scrollIntoViewIfNeeded();
    await shot(page, 'api-token-deprecation');
  });

  it('connects through Zendesk’s consent page and returns to a connected admin page', async () => {
    const frame = admin();
    const consent = await startConsent(frame);
    await consent.getByTestId('oauth-allow').waitFor({ timeout: UI_TIMEOUT });
    await expect(consent.getByTestId('oauth-scopes').innerText()).resolves.toBe('read write');
    expect(consent.url()).toContain('code_challenge_method=S256');
    expect(consent.url()).not.toContain(secret);
    await shot(page, 'admin-waiting-for-consent');
    await shot(consent, 'zendesk-consent-page');
    await consent.getByTestId('oauth-allow').click();
    await consent.getByText('Zendesk is connected').waitFor({ timeout: UI_TIMEOUT });
    await shot(consent, 'web-trigger-connected');
    await consent.close();

    await frame.getByTestId('connection-summary').waitFor({ timeout: UI_TIMEOUT });
    const summary = await frame.getByTestId('connection-summary').innerText();
    expect(summary).toContain(sandbox.stack.zendesk.credentials.admin.email);
    expect(summary).toContain('OAuth (authorization code with PKCE)');
    expect(summary).toContain('admin');
    await shot(page, 'admin-connected-oauth');
    expect(tab.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('shows Deny in plain words', async () => {
    const frame = admin();
    await frame.getByTestId('revoke-connection').click();
    await frame.getByTestId('revoke-dialog').getByRole('button', { name: 'Revoke' }).click();
    await frame.getByTestId('oauth-form').waitFor({ timeout: UI_TIMEOUT });
    const consent = await startConsent(frame);
    await consent.getByTestId('oauth-deny').click();
    await consent.getByText('was not granted').waitFor({ timeout: UI_TIMEOUT });
    await consent.close();
    await frame.getByTestId('oauth-error').waitFor({ timeout: UI_TIMEOUT });
    await expect(frame.getByTestId('oauth-error').innerText()).resolves.toContain('was not granted');
    await shot(page, 'admin-consent-denied');
  });
});
