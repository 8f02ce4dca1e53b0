/**
 * Headless Chromium for UI tests: the binary shipped in @sparticuz/chromium (no download,
 * no apt step), or CHROMIUM_PATH when a machine needs another build (e.g. Debian's
 * /usr/bin/chromium). Launch flags: the package's own default args make @sparticuz/chromium
 * 143 fail to start, so the ones below are passed instead.
 */
import chromiumBinary from '@sparticuz/chromium';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? (await chromiumBinary.executablePath());
  return chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    headless: true,
  });
}

export interface TestPage {
  page: Page;
  context: BrowserContext;
  /** console.error messages, uncaught page errors and failed requests, in order. */
  errors: string[];
  close: () => Promise<void>;
}

/** A fresh context (no shared storage between tests) with error capture attached. */
export async function newPage(
  browser: Browser,
  options: { viewport?: { width: number; height: number } } = {},
): Promise<TestPage> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(`console: ${msg.text()}`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('requestfailed', (req) =>
    errors.push(`requestfailed: ${req.url()} ${req.failure()?.errorText ?? ''}`),
  );
  return { page, context, errors, close: () => context.close() };
}
