/**
 * Regenerates docs/images/sandbox.png: the sandbox's issue view with the app's panel showing
 * an auto-created, synchronized ticket and a manually linked customer. Everything is set up
 * the way a person would, through the web host's own endpoints (the bridge's invoke, the
 * Zendesk control API, "Run sync now"), against an in-memory stack.
 *
 *   npx tsx sandbox/web/tools/readmeScreenshot.ts [--out docs/images/sandbox.png]
 *
 * Chromium: @sparticuz/chromium's binary, or CHROMIUM_PATH (see test/e2e/support/browser.ts).
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack } from '../../stack';
import { mkdir, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import chromiumBinary from '@sparticuz/chromium';
import { chromium } from 'playwright-core';
import { z } from 'zod';
import { ADMIN_BUNDLE, SHELL_BUNDLE, ensureBundles } from '../server/builds';
import { startWebHost } from '../server/webHost';

const repoRoot = resolve(import.meta.dirname, '..', '..', '..');
const { values } = parseArgs({ options: { out: { type: 'string', default: 'docs/images/sandbox.png' } } });
const out = resolve(repoRoot, values.out);

const resultSchema = z.object({
  ok: z.literal(true),
  result: z.object({ ok: z.literal(true), data: z.unknown() }),
});

await ensureBundles([ADMIN_BUNDLE, SHELL_BUNDLE], (line) => console.log(line));
const stack = await startStack();
const host = await startWebHost({ stack, sync: { deliverEveryMs: 200 } });

async function post(path: string, body: unknown, method = 'POST'): Promise<unknown> {
  const response = await fetch(`${host.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

async function invoke(
  module: 'admin' | 'panel',
  functionKey: string,
  payload: unknown,
  extension: unknown,
): Promise<unknown> {
  const answer = resultSchema.safeParse(
    await post('/api/invoke', { module, functionKey, payload, extension }),
  );
  if (!answer.success) throw new Error(`${functionKey} did not succeed`);
  return answer.data.result.data;
}

const admin = (key: string, payload: unknown) => invoke('admin', key, payload, { type: 'jira:adminPage' });

try {
  const { zendesk } = stack;
  await admin('saveConnection', {
    subdomain: zendesk.subdomain,
    email: zendesk.credentials.admin.email,
    apiToken: zendesk.credentials.admin.token,
  });
  const metadata = z
    .object({
      projects: z.array(z.object({ id: z.string(), key: z.string() })),
      zendeskFields: z.array(z.object({ id: z.string(), label: z.string() })),
    })
    .parse(await admin('getItemEditorMetadata', { zendeskObject: 'ticket' }));
  const project = metadata.projects.find((p) => p.key === 'SUP');
  if (!project) throw new Error('the Jira simulator has no SUP project');
  const fieldId = (label: string) => {
    const field = metadata.zendeskFields.find((f) => f.label === label);
    if (!field) throw new Error(`no Zendesk ticket field "${label}"`);
    return field.id;
  };
  const all = { autoCreate: true, statusSync: true, commentSync: true, attachmentSync: true };
  const none = { autoCreate: false, statusSync: false, commentSync: false, attachmentSync: false };
  await admin('saveItem', {
    name: 'Zendesk customer',
    syncMode: 'none',
    projectId: project.id,
    zendeskObject: 'user',
    fields: [
      { zendeskFieldId: 'email', preview: true },
      { zendeskFieldId: 'phone', preview: true },
    ],
    features: none,
  });
  const ticketItem = z.object({ id: z.string() }).parse(
    await admin('saveItem', {
      name: 'Support tickets',
      syncMode: 'twoWay',
      projectId: project.id,
      zendeskObject: 'ticket',
      fields: [
        { zendeskFieldId: fieldId('Subject'), jiraFieldId: 'summary', preview: true },
        { zendeskFieldId: fieldId('Priority'), jiraFieldId: 'priority', preview: true },
        { zendeskFieldId: fieldId('Status'), preview: true },
        { zendeskFieldId: fieldId('Product'), preview: true },
      ],
      features: all,
    }),
  );

  const created = z.object({ ticket: z.object({ id: z.number() }) }).parse(
    await post('/proxy/zendesk/__sim/tickets', {
      subject: 'Checkout page times out for EU customers',
      body: 'Since 9:00 CET the checkout spinner never stops for customers in Germany and France.',
      priority: 'high',
    }),
  );
  const ticketId = created.ticket.id;
  await post('/api/clock/advance', { seconds: 61 });
  await post('/api/sync/run', {});

  const search = z
    .object({
      issues: z.array(
        z.object({ id: z.string(), key: z.string(), fields: z.object({ summary: z.string() }) }),
      ),
    })
    .parse(
      await post('/proxy/jira/rest/api/3/search/jql', {
        jql: 'project = SUP ORDER BY created DESC',
        fields: ['summary'],
      }),
    );
  const issue = search.issues.find((i) => i.fields.summary.startsWith('Checkout page'));
  if (!issue) throw new Error(`ticket #${ticketId} did not become a Jira issue`);
  const extension = {
    type: 'jira:issuePanel',
    issue: { id: issue.id, key: issue.key, type: 'Task' },
    project: { id: project.id, key: 'SUP', type: 'software' },
  };
  await invoke('panel', 'refresh', { itemId: ticketItem.id }, extension);
  const items = z
    .array(z.object({ id: z.string(), name: z.string() }))
    .parse(z.object({ items: z.array(z.unknown()) }).parse(await admin('getAdminState', {})).items);
  const customerItem = items.find((i) => i.name === 'Zendesk customer');
  const customers = z
    .array(z.object({ id: z.string() }))
    .parse(await invoke('panel', 'search', { itemId: customerItem?.id ?? '', query: 'Zoë' }, extension));
  if (customerItem && customers[0]) {
    await invoke('panel', 'link', { itemId: customerItem.id, recordId: customers[0].id }, extension);
  }

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? (await chromiumBinary.executablePath()),
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    headless: true,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(`${host.url}/browse/${issue.key}`);
    await page.getByTestId('issue-panel').getByText(`Ticket #${ticketId}`).waitFor({ timeout: 20_000 });
    await page
      .getByTestId('issue-panel')
      .getByText(/^Customer #/)
      .waitFor({ timeout: 20_000 });
    await page.waitForTimeout(500);
    await mkdir(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${out} (${Math.round((await stat(out)).size / 1024)} KB)`);
} finally {
  await host.close();
  await stack.close();
}
