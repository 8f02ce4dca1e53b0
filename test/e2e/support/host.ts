/**
 * The sandbox web host for browser tests: the real stack (Forge emulator + Zendesk and Jira
 * simulators, in-memory storage, random loopback ports) behind the real web host, with the
 * browser bundles built first when missing or stale.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack, type Stack, type StackOptions } from '../../../sandbox/stack';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { beforeEach } from 'vitest';
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
