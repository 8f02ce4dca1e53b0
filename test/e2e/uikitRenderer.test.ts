/**
 * The sandbox's UI Kit renderer (sandbox/web/uikit): forgeDoc snapshots in Node, and in
 * headless Chromium the gallery app and the real issue panel, both reconciled by the real
 * @forge/react in a frame and rendered by the host page. Screenshots: test/artifacts/uikit/.
 */
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandboxHost, screenshotter, type SandboxHost } from './support/host';
import { launchBrowser, newPage, type TestPage } from './support/browser';
import { isSupported } from '../../sandbox/web/uikit/supported';
import { ForgeDocError, snapshotForgeDoc, textOf } from '../../sandbox/web/uikit/forgeDoc';

const panelDir = fileURLToPath(new URL('../../src/frontend/panel/', import.meta.url));

/** Names a panel file imports from '@forge/react' (components, hooks and helpers alike). */
async function forgeReactImports(): Promise<Set<string>> {
  const names = new Set<string>();
  for (const file of await readdir(panelDir)) {
    if (!/\.tsx?$/.test(file)) continue;
    const source = await readFile(`${panelDir}${file}`, 'utf8');
    for (const match of source.matchAll(/import\s+(?:[\w$]+\s*,\s*)?\{([^}]*)\}\s*from\s*'@forge\/react'/g)) {
      for (const part of (match[1] ?? '').split(',')) {
        const name = part
          .replace(/^\s*type\s+/, '')
          .split(/\s+as\s+/)[0]
          ?.trim();
        if (name) names.add(name);
      }
    }
  }
  return names;
}

describe('forgeDoc snapshots', () => {
  it('copies type, key, props without children and the children, keeping live functions', () => {
    const onClick = () => 'clicked';
    const circular: Record<string, unknown> = { type: 'Button' };
    circular.self = circular;
    const raw = {
      type: 'Root',
      key: 'r',
      props: {},
      children: [
        {
          type: 'Button',
          key: 'b',
          props: { onClick, appearance: 'primary', children: circular },
          children: [],
        },
      ],
    };
    const doc = snapshotForgeDoc(raw);
    const button = doc.children[0];
    expect(button?.type).toBe('Button');
    expect(button?.props.onClick).toBe(onClick);
    expect(button?.props).not.toHaveProperty('children');
    expect(button?.props.appearance).toBe('primary');
    // A copy: later in-place mutation by the reconciler does not change what was rendered.
    raw.children[0]!.props.appearance = 'danger';
    expect(button?.props.appearance).toBe('primary');
  });

  it('refuses what is not a forgeDoc node and names where', () => {
    expect(() => snapshotForgeDoc({ type: 'Root', props: {}, children: [{ props: {} }] })).toThrow(
      ForgeDocError,
    );
    expect(() => snapshotForgeDoc({ type: 'Root', props: {}, children: [{ props: {} }] })).toThrow(
      /Root\[0\]/,
    );
    expect(() => snapshotForgeDoc('<div>')).toThrow(ForgeDocError);
  });

  it('reads the text of String nodes', () => {
    const doc = snapshotForgeDoc({
      type: 'Text',
      props: {},
      children: [
        { type: 'String', props: { text: 'Ticket #' }, children: [] },
        { type: 'String', props: { text: 42 }, children: [] },
      ],
    });
    expect(textOf(doc)).toBe('Ticket #42');
  });
});

describe('renderer coverage of the panel', () => {
  it('has a renderer for every UI Kit component the panel imports', async () => {
    const notComponents = new Set([
      'xcss',
      'useProductContext',
      'useForm',
      'useConfig',
      'useTheme',
      'useTranslation',
      'default',
    ]);
    const imported = [...(await forgeReactImports())].filter(
      (name) => !notComponents.has(name) && /^[A-Z]/.test(name),
    );
    expect(imported.length).toBeGreaterThan(10);
    const missing = imported.filter((name) => !isSupported(name));
    expect(missing).toEqual([]);
  });
});

describe('UI Kit renderer in the browser', () => {
  let sandbox: SandboxHost;
  let browser: Browser;
  let tab: TestPage;
  let page: Page;
  const shot = screenshotter('uikit');

  beforeAll(async () => {
    sandbox = await startSandboxHost();
    browser = await launchBrowser();
    tab = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
    page = tab.page;
  });

  afterAll(async () => {
    await tab?.close();
    await browser?.close();
    await sandbox?.close();
  });

  it('renders the gallery app and routes its events back to the app', async () => {
    await page.goto(`${sandbox.url}/uikit-gallery`);
    const gallery = page.getByTestId('gallery-frame');
    await gallery.getByText('UI Kit gallery').first().waitFor();

    // Text is text: the markup in a string is shown, never parsed.
    await expect(gallery.getByText('<b>not bold</b>').count()).resolves.toBe(1);
    await expect(gallery.locator('b').count()).resolves.toBe(0);
    // Unknown types are visible, not dropped.
    await expect(gallery.getByText('Unsupported UI Kit component: MysteryWidget').count()).resolves.toBe(1);

    await gallery.getByRole('button', { name: 'Clicked 0' }).click();
    await gallery.getByRole('button', { name: 'Clicked 1' }).waitFor();
    await gallery.getByText('Add ten').click();
    await gallery.getByRole('button', { name: 'Clicked 11' }).waitFor();

    await gallery.getByPlaceholder('Type here').fill('hello');
    await gallery.getByText('You typed: hello (text)').waitFor();
    await gallery.getByPlaceholder('Notes').fill('four');
    await gallery.getByText('Notes: 4 characters').waitFor();
    await gallery.getByText('Check me').click();
    await gallery.getByText('Checked', { exact: true }).waitFor();

    await gallery.getByPlaceholder('Search term').fill('abc');
    await gallery.getByPlaceholder('Search term').press('Enter');
    await gallery.getByText('Submitted: abc').waitFor();
    await gallery.getByRole('button', { name: 'Submit form' }).click();
    await gallery.getByText('Submitted: abc, abc').waitFor();

    await expect(gallery.getByRole('cell', { name: 'Priority' }).count()).resolves.toBe(1);
    await expect(gallery.getByText('urgent').count()).resolves.toBe(1);
    const external = gallery.getByRole('link', { name: /External link/ });
    await expect(external.getAttribute('href')).resolves.toBe('https://example.com/docs');
    await expect(external.getAttribute('target')).resolves.toBe('_blank');
    await shot(page, 'gallery');

    await gallery.getByRole('button', { name: 'Open modal' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('The modal sees the app state: 11 clicks.').waitFor();
    await shot(page, 'gallery-modal');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });

    expect(tab.errors.filter((e) => !e.includes('favicon'))).toEqual([]);
  });

  it('renders the real issue panel from its frame, with no unsupported component', async () => {
    await page.goto(`${sandbox.url}/browse/SUP-1`);
    const panel = page.getByTestId('issue-panel');
    // Not connected yet: the panel's own gate message, from the real panel code and resolver.
    await panel.getByText('Zendesk is not connected', { exact: false }).first().waitFor();
    await expect(panel.locator('[data-uikit-unsupported]').count()).resolves.toBe(0);
    await shot(page, 'panel-not-connected');

    // The license switch reaches the resolver: inactive production license → license gate.
    await page.getByTestId('license-switch').selectOption('inactive');
    await panel
      .getByText(/licen[cs]e/i)
      .first()
      .waitFor();
    await shot(page, 'panel-license-inactive');
    await page.getByTestId('license-switch').selectOption('active');
  });
});
