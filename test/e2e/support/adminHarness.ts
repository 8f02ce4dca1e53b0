/**
 * The built admin page in headless Chromium against the fake Forge host, for a test file:
 * registers the suite hooks (build, preview server, browser; every page must end without
 * errors, CSP violations included) and returns how to open the page and take pictures.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type AdminPreview, ensureAdminBuild, startAdminPreview } from './adminPreview';
import { launchBrowser, newPage, type TestPage } from './browser';
import { type FakeAdminBackend, type FakeHostOptions, installFakeBridge } from './fakeAdminBackend';

const DOCS_IMAGES = fileURLToPath(new URL('../../../docs/images/', import.meta.url));

export interface AdminHarness {
  open(backend: FakeAdminBackend, options?: FakeHostOptions): Promise<Page>;
  /** A picture in test/artifacts/<dir>/, full length unless `fullPage: false` (a modal's viewport). */
  shot(page: Page, name: string, options?: { fullPage?: boolean }): Promise<void>;
  /**
   * With DOCS_IMAGES=1, a picture of `target` (a page: full length unless `fullPage: false`) for
   * the admin guide in docs/images/; a plain test run leaves the tracked pictures alone.
   */
  docShot(target: Locator | Page, name: string, options?: { fullPage?: boolean }): Promise<void>;
}

export function adminHarness(dir: string): AdminHarness {
  const artifacts = fileURLToPath(new URL(`../../artifacts/${dir}/`, import.meta.url));
  let preview: AdminPreview;
  let browser: Browser;
  let current: TestPage | null = null;

  beforeAll(async () => {
    mkdirSync(artifacts, { recursive: true });
    await ensureAdminBuild();
    preview = await startAdminPreview();
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
  });

  afterEach(async () => {
    const errors = current?.errors ?? [];
    await current?.close();
    current = null;
    expect(errors).toEqual([]);
  });

  return {
    async open(backend, options = {}) {
      current = await newPage(browser);
      await installFakeBridge(current.page, backend, options);
      await current.page.goto(preview.url);
      return current.page;
    },
    async shot(page, name, { fullPage = true } = {}) {
      await page.screenshot({ path: `${artifacts}${name}.png`, fullPage });
    },
    async docShot(target, name, { fullPage = true } = {}) {
      if (process.env.DOCS_IMAGES !== '1') return;
      const path = `${DOCS_IMAGES}${name}`;
      await ('goto' in target ? target.screenshot({ path, fullPage }) : target.screenshot({ path }));
    },
  };
}
