/**
 * The sandbox web host for browser tests: the real stack (Forge emulator + Zendesk and Jira
 * simulators, in-memory storage, random loopback ports) behind the real web host, with the
 * browser bundles built first when missing or stale.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack, type Stack, type StackOptions } from '../../../sandbox/stack';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { lateBound } from '../../support/lateBound';
import { launchBrowser, newPage, type TestPage } from './browser';
import { ADMIN_BUNDLE, SHELL_BUNDLE, ensureBundles } from '../../../sandbox/web/server/builds';
import { startWebHost, type WebHost, type WebHostOptions } from '../../../sandbox/web/server/webHost';

export interface SandboxHost {
  stack: Stack;
  host: WebHost;
  url: string;
  close: () => Promise<void>;
}

export async function ensureWebBuilds(): Promise<void> {
  await ensureBundles([ADMIN_BUNDLE, SHELL_BUNDLE], () => undefined);
}

export async function startSandboxHost(
  options: { stack?: StackOptions; host?: Omit<WebHostOptions, 'stack'> } = {},
): Promise<SandboxHost> {
  await ensureWebBuilds();
  const stack = await startStack(options.stack);
  try {
    const host = await startWebHost({ stack, ...options.host });
    return {
      stack,
      host,
      url: host.url,
      close: async () => {
        await host.close();
        await stack.close();
      },
    };
  } catch (error) {
    await stack.close();
    throw error;
  }
}

/** Screenshots land in test/artifacts/<dir>/ (gitignored), numbered in the order taken. */
export function screenshotter(dir: string): (page: Page, name: string) => Promise<string> {
  const root = fileURLToPath(new URL(`../../artifacts/${dir}/`, import.meta.url));
  let count = 0;
  return async (page, name) => {
    await mkdir(root, { recursive: true });
    count += 1;
    const file = `${root}${String(count).padStart(2, '0')}-${name}.png`;
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}

/** A full-page shot named after each failing test, taken before the page moves on. */
export function shootFailures(shot: (page: Page, name: string) => Promise<string>, page: () => Page): void {
  beforeEach(({ task, onTestFailed }) => {
    onTestFailed(async () => {
      await shot(page(), `FAILED-${task.name.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`);
    });
  });
}

/** After the file's last test: closes what it opened, in the order given (tab, browser, host). */
export function closeAfterAll(opened: () => ({ close(): Promise<unknown> } | undefined)[]): void {
  afterAll(async () => {
    for (const thing of opened()) await thing?.close();
  });
}

/** The sandbox host with one browser tab on it, as a browser test file drives them. */
export interface SandboxTab {
  sandbox: SandboxHost;
  tab: TestPage;
  page: Page;
  /** A full-page screenshot, numbered in test/artifacts/<dir>/. */
  shot: (name: string) => Promise<string>;
}

/**
 * Starts the sandbox host and a 1280×900 browser tab on it before the file's tests, leaves a
 * screenshot of each failing test in test/artifacts/`shotDir`/, and closes tab, browser and host
 * after the last. Handed back at once, late-bound: use it inside a test or hook.
 */
export function useSandboxTab(
  shotDir: string,
  options: Parameters<typeof startSandboxHost>[0] = {},
): SandboxTab {
  const screenshot = screenshotter(shotDir);
  let opened: (SandboxTab & { browser: Browser }) | undefined;
  beforeAll(async () => {
    const sandbox = await startSandboxHost(options);
    const browser = await launchBrowser();
    const tab = await newPage(browser, { viewport: { width: 1280, height: 900 } });
    opened = { sandbox, browser, tab, page: tab.page, shot: (name) => screenshot(tab.page, name) };
  });
  const ui = lateBound(() => opened, 'the sandbox tab opens in beforeAll: use it inside a test or hook');
  // A failing step leaves a picture of what the page showed.
  shootFailures(screenshot, () => ui.page);
  closeAfterAll(() => [opened?.tab, opened?.browser, opened?.sandbox]);
  return ui;
}
