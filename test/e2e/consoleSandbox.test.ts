/**
 * The operations console and the connection's rotate/test in headless Chromium through the
 * sandbox web host (the real admin page, the real admin resolver in the Forge emulator, the
 * Zendesk and Jira simulators): a Jira comment Zendesk refused is shown in the problems queue
 * and arrives after Retry and Sync now; a paused item gets nothing until Resume; a new API
 * token replaces the old one while the links stay. Screenshots in test/artifacts/console-sandbox/.
 */
import type { FrameLocator } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SmartItem } from '../../src/domain/types';
import { connectDirect } from '../support/connection';
import { storeManualLink } from '../support/manualLink';
import { useSandboxTab } from './support/host';
import { itemKey, linkKey, linkWorkPrefix } from '../../src/storage/keys';

const UI_TIMEOUT = 20_000;

const ui = useSandboxTab('console-sandbox', {
  stack: { zendesk: { seed: false } },
  host: { sync: { deliverEveryMs: 200 } },
});
const facts: { ticket?: number; issueId?: string; issueKey?: string } = {};

function admin(): FrameLocator {
  return ui.page.frameLocator('[data-testid="admin-frame"]');
}

function item(): SmartItem {
  const at = new Date().toISOString();
  return {
    id: 'conv',
    name: 'Conversations',
    syncMode: 'twoWay',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Support',
    issueTypeId: '10001',
    issueTypeName: 'Task',
    zendeskObject: 'ticket',
    fields: [],
    features: { autoCreate: false, statusSync: false, commentSync: true, attachmentSync: false },
    createdAt: at,
    updatedAt: at,
  };
}

const zendeskTexts = (ticket: number): string[] =>
  (ui.sandbox.stack.zendesk.control.comments(ticket) as { body: string }[]).map((c) => c.body);

function jiraTexts(issueId: string): string[] {
  const state = ui.sandbox.stack.jira.state;
  return (state.issues.get(issueId)?.commentIds ?? []).map((id) =>
    JSON.stringify(state.comments.get(id)?.body ?? ''),
  );
}

/** Sync now in the console, after the Zendesk export's one-minute holdback. */
async function syncNow(frame: FrameLocator): Promise<string> {
  ui.sandbox.stack.zendesk.control.advanceClock(61_000);
  await frame.getByTestId('sync-now').click();
  const result = frame.getByTestId('sync-now-result');
  await result.waitFor({ timeout: UI_TIMEOUT });
  const text = await result.innerText();
  await ui.sandbox.stack.settle();
  return text;
}

beforeAll(async () => {
  connectDirect(ui.sandbox.stack);
  ui.sandbox.stack.emulator.storage.set(itemKey('conv'), item());
  const ticket = (
    ui.sandbox.stack.zendesk.control.createTicket({ subject: 'Invoice export fails', body: 'It fails' }) as {
      id: number;
    }
  ).id;
  Object.assign(facts, {
    ticket,
    ...storeManualLink(ui.sandbox.stack, 'conv', ticket, 'Invoice export fails'),
  });
});

describe('operations console in the sandbox', () => {
  it('a Jira comment Zendesk refused shows in the queue with links, and arrives after Retry and Sync now', async () => {
    const { ticket = 0, issueId = '', issueKey = '' } = facts;
    const outage = ui.sandbox.stack.zendesk.faults.fail('/api/v2/tickets/**', {
      method: 'PUT',
      times: 1_000_000,
    });
    ui.sandbox.stack.jira.control.addComment('agent', issueId, 'Fix ships on Friday');
    await ui.sandbox.stack.settle();
    const [key] = ui.sandbox.stack.emulator.storage.keys(`${linkWorkPrefix('conv', issueId)}toZendesk:`);
    expect(key).toBeDefined();
    // Several failures later its back-off is at the 30-minute cap.
    const mark = ui.sandbox.stack.emulator.storage.get(key ?? '') as Record<string, unknown>;
    ui.sandbox.stack.emulator.storage.set(key ?? '', { ...mark, nextAt: Date.now() + 30 * 60_000 });

    await ui.page.goto(`${ui.sandbox.url}/admin`);
    const frame = admin();
    await frame.getByTestId('tab-activity').click();
    const row = frame.getByTestId(`problem-${issueKey}`);
    await row.waitFor({ timeout: UI_TIMEOUT });
    expect(await row.innerText()).toContain('A Jira change has not reached Zendesk yet');
    expect(await row.getByTestId('problem-ticket-link').getAttribute('href')).toBe(
      `https://${ui.sandbox.stack.zendesk.subdomain}.zendesk.com/agent/tickets/${ticket}`,
    );
    expect(await row.getByTestId('problem-issue-link').getAttribute('href')).toMatch(
      new RegExp(`/browse/${issueKey}$`),
    );
    await ui.shot('queue');

    ui.sandbox.stack.zendesk.faults.remove(outage);
    // The back-off still holds: Sync now alone does not deliver it.
    expect(await syncNow(frame)).toContain('The run finished');
    expect(zendeskTexts(ticket).some((t) => t.includes('Fix ships on Friday'))).toBe(false);

    await row.getByTestId(`retry-${issueKey}`).click();
    await frame
      .getByTestId('console-notice')
      .getByText(`1 change on ${issueKey}`)
      .waitFor({ timeout: UI_TIMEOUT });
    await syncNow(frame);
    expect(zendeskTexts(ticket).filter((t) => t.includes('Fix ships on Friday'))).toHaveLength(1);
    await frame.getByTestId('refresh-activity').click();
    await frame.getByTestId('problems-empty').waitFor({ timeout: UI_TIMEOUT });
    expect(await frame.getByTestId('action-0').innerText()).toContain('Sync now');
    expect(await frame.getByTestId('action-1').innerText()).toContain('Retry');
    await ui.shot('after-retry');
  });

  it('Pause keeps a customer reply out of Jira until Resume', async () => {
    const { ticket = 0, issueId = '' } = facts;
    const frame = admin();
    await frame.getByTestId('pause-conv').click();
    await frame.getByTestId('resume-conv').waitFor({ timeout: UI_TIMEOUT });
    ui.sandbox.stack.zendesk.control.addComment(ticket, {
      body: 'Any update on the invoices?',
      as: 'requester',
    });
    await syncNow(frame);
    expect(jiraTexts(issueId).some((t) => t.includes('Any update on the invoices?'))).toBe(false);
    await ui.shot('paused');

    await frame.getByTestId('resume-conv').click();
    await frame.getByTestId('pause-conv').waitFor({ timeout: UI_TIMEOUT });
    await syncNow(frame);
    expect(jiraTexts(issueId).filter((t) => t.includes('Any update on the invoices?'))).toHaveLength(1);
  });

  it('replaces the API token without revoking, and Test connection uses the new one', async () => {
    const { ticket = 0, issueId = '' } = facts;
    const frame = admin();
    await frame.getByTestId('tab-connection').click();
    await frame.getByTestId('replace-credentials').click();
    const form = frame.getByTestId('rotate-form');
    await form.waitFor({ timeout: UI_TIMEOUT });
    const old = ui.sandbox.stack.zendesk.credentials.admin.token;
    ui.sandbox.stack.zendesk.state.apiTokens.add('sandbox-rotated-token');
    await form.getByLabel('New API token').fill('sandbox-rotated-token');
    await frame.getByTestId('save-rotation').click();
    await frame.getByTestId('replaced-message').waitFor({ timeout: UI_TIMEOUT });
    ui.sandbox.stack.zendesk.state.apiTokens.delete(old);

    await frame.getByTestId('test-connection').click();
    await frame.getByTestId('test-connection-ok').waitFor({ timeout: UI_TIMEOUT });
    await ui.shot('rotated');
    expect(ui.sandbox.stack.emulator.storage.get(linkKey('conv', issueId))).toBeDefined();

    ui.sandbox.stack.zendesk.control.addComment(ticket, { body: 'Thanks, all good now', as: 'requester' });
    await frame.getByTestId('tab-activity').click();
    await syncNow(frame);
    expect(jiraTexts(issueId).filter((t) => t.includes('Thanks, all good now'))).toHaveLength(1);
  });
});
