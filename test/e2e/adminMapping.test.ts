/**
 * The item editor's safety features in headless Chromium (built page, fake Forge host; the fake
 * backend runs the server's own checks): compatible targets only, the priority table with the
 * site's renamed scheme, warnings before save, auto-create conditions with the overlap warning,
 * and comment visibility. Screenshots go to test/artifacts/admin-mapping/; with DOCS_IMAGES=1
 * also to docs/images for the admin guide.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { SmartItem } from '../../src/domain/types';
import { adminHarness } from './support/adminHarness';
import { FakeAdminBackend } from './support/fakeAdminBackend';

const { open, shot, docShot } = adminHarness('admin-mapping');

async function choose(page: Page, inputId: string, text: string): Promise<void> {
  await page.locator(`#${inputId}`).fill(text);
  await page.locator('[role="option"]').first().waitFor();
  await page.keyboard.press('Enter');
}

async function menuOptions(page: Page, inputId: string): Promise<string[]> {
  await page.locator(`#${inputId}`).click();
  await page.locator('[role="option"]').first().waitFor();
  const texts = await page.locator('[role="option"]').allInnerTexts();
  await page.keyboard.press('Escape');
  return texts;
}

const byTestId = (page: Page, id: string) => page.getByTestId(id);

async function newSyncItem(page: Page, name: string): Promise<void> {
  await byTestId(page, 'tab-items').click();
  await byTestId(page, 'create-item').click();
  await page.locator('#item-name').fill(name);
  await choose(page, 'sync-mode', 'Two-way');
  await choose(page, 'jira-project', 'Customer Support');
}

describe('mapping editor', () => {
  it('offers only compatible targets, fills the priority table from the site, and warns before save', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await newSyncItem(page, 'Escalated tickets');
    await choose(page, 'issue-type', 'Bug');

    // A text field is never offered a number or select target.
    await choose(page, 'add-zendesk-field', '360002');
    const textTargets = (await menuOptions(page, 'jira-field-360002')).join('\n');
    expect(textTargets).toContain('Region (customfield_10060)');
    expect(textTargets).not.toContain('Story points');
    expect(textTargets).not.toContain('Severity');

    // Priority → Priority: the table defaults to the site's renamed scheme, never "High"/"Medium".
    await choose(page, 'add-zendesk-field', 'priority');
    await choose(page, 'jira-field-priority', 'Priority (priority)');
    const table = byTestId(page, 'value-map-priority');
    await table.waitFor();
    const text = await table.innerText();
    expect(text).toContain('P1 - Blocker');
    expect(text).toContain('P5 - Trivial');
    expect(text).not.toMatch(/\bMedium\b/);
    await choose(page, 'value-priority-normal', 'P3');

    // Region (drop-down) → Severity: "Americas" has no Jira option, said before save.
    await choose(page, 'add-zendesk-field', '360001');
    await choose(page, 'jira-field-360001', 'Severity');
    const values = byTestId(page, 'warning-values');
    await values.waitFor();
    expect(await values.innerText()).toContain('"Americas" of "Region"');
    await byTestId(page, 'warning-coverage').waitFor({ state: 'detached' });
    await shot(page, 'mapping-editor');
    await docShot(page, 'admin-mapping-editor.png');

    await page.locator('#item-name').click();
    await byTestId(page, 'save-item').click();
    const confirm = page.getByRole('dialog');
    await byTestId(page, 'save-warnings--confirm').waitFor();
    expect(await confirm.innerText()).toContain('"Americas" of "Region"');
    // The dialog fades in: the picture waits for the end of its entrance animation.
    await page.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await shot(page, 'mapping-save-warnings', { fullPage: false });
    await docShot(page, 'admin-mapping-save-warnings.png', { fullPage: false });
    await byTestId(page, 'save-warnings--confirm').click();
    await byTestId(page, 'item-row-item-1').waitFor();
    const saved = backend.callsTo('saveItem')[0] as {
      fields: { zendeskFieldId: string; valueMap?: object }[];
    };
    expect(saved.fields.find((f) => f.zendeskFieldId === 'priority')?.valueMap).toEqual({
      urgent: 'P1 - Blocker',
      high: 'P2 - Major',
      normal: 'P3 - Normal',
      low: 'P5 - Trivial',
    });
  });

  it('with no issue type chosen, names the type auto-create uses and its missing fields', async () => {
    const backend = new FakeAdminBackend({ connected: true });
    const page = await open(backend);
    await newSyncItem(page, 'No type');
    // The fake project's first type is Task, which needs nothing: no coverage warning, and the helper says so.
    await page.getByText(/auto-create uses Task/).waitFor();
    expect(await menuOptions(page, 'issue-type')).toEqual(['Task', 'Bug']);
  });
});

describe('auto-create conditions and comment visibility', () => {
  it('edits conditions, warns about an overlapping item, and stores the visibility choices', async () => {
    const existing: SmartItem = {
      id: 'item-seed',
      name: 'All new tickets',
      syncMode: 'oneWay',
      projectId: '10000',
      projectKey: 'SUP',
      projectName: 'Customer Support',
      zendeskObject: 'ticket',
      fields: [],
      features: { autoCreate: true, statusSync: true, commentSync: false, attachmentSync: false },
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    };
    const backend = new FakeAdminBackend({ connected: true, items: [existing] });
    const page = await open(backend);
    await newSyncItem(page, 'VIP escalations');
    await byTestId(page, 'item-editor')
      .getByText('Auto-create Jira issues from new tickets', { exact: true })
      .click();
    await byTestId(page, 'item-editor').getByText('Comment sync', { exact: true }).click();

    await byTestId(page, 'auto-create-conditions').waitFor();
    await page.locator('#condition-tags').fill('vip, outage');
    await choose(page, 'condition-priorities', 'urgent');
    await choose(page, 'condition-channels', 'email');
    const overlap = byTestId(page, 'warning-overlap');
    await overlap.waitFor();
    expect(await overlap.innerText()).toContain('"All new tickets" also auto-creates issues in SUP');

    await choose(page, 'jira-to-zendesk', 'Internal notes');
    await choose(page, 'internal-note-audience', 'A project role');
    await choose(page, 'internal-note-role', 'Service Desk');
    await shot(page, 'auto-create-visibility');
    await docShot(page, 'admin-auto-create-visibility.png');

    // Close any open menu first, so the click reaches the button.
    await page.locator('#item-name').click();
    await byTestId(page, 'warning-overlap').waitFor();
    await byTestId(page, 'save-item').click();
    await byTestId(page, 'save-warnings--confirm').click();
    await byTestId(page, 'item-row-item-1').waitFor();
    expect(backend.callsTo('saveItem')[0]).toMatchObject({
      autoCreateConditions: { tags: ['vip', 'outage'], priorities: ['urgent'], channels: ['email'] },
      commentVisibility: {
        jiraToZendesk: 'internal',
        internalNotes: { type: 'role', value: 'Service Desk Team' },
      },
    });
  });
});
