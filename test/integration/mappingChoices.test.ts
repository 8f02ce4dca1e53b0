/**
 * Item choices end to end against the Zendesk and Jira simulators: auto-create conditions and the
 * overlap warning, priority through a renamed Jira priority scheme (both directions), and comment
 * visibility both ways (Jira comments as Zendesk internal notes; Zendesk internal notes
 * restricted to a Jira role).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import { startStack, type Stack } from '../../sandbox/stack';
import { BRAND_ID } from '../../sandbox/zendesk/account-config';
import type { ItemEditorMetadata, ItemWarning, LinkOutcome, Result } from '../../src/domain/rpc';
import type { FieldMapping, LinkRecord, SmartItem, SyncFeatures } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import { INTERNAL_NOTE_PREFIX } from '../../src/sync/core/markers';
import { connectDirect } from '../support/connection';
import { linkConfirmed } from '../support/panelLink';

const SUP = { id: '10000', key: 'SUP' };
const TASK = '10001';
const ALL: SyncFeatures = { autoCreate: true, statusSync: false, commentSync: true, attachmentSync: false };
const RENAMED = ['P1 - Blocker', 'P2 - Major', 'P3 - Normal', 'P4 - Minor', 'P5 - Trivial'];

let stack: Stack;
let groups: { support: number; escalations: number };
let originalPriorityNames: string[];

function item(id: string, overrides: Partial<SmartItem> = {}): SmartItem {
  const past = new Date(stack.zendesk.clock.now() - 3_600_000).toISOString();
  return {
    id,
    name: id,
    syncMode: 'twoWay',
    projectId: SUP.id,
    projectKey: SUP.key,
    projectName: 'Support',
    issueTypeId: TASK,
    issueTypeName: 'Task',
    zendeskObject: 'ticket',
    fields: [],
    features: ALL,
    autoCreateSince: past,
    createdAt: past,
    updatedAt: past,
    ...overrides,
  };
}

const map = (
  zendeskFieldId: string,
  jiraFieldId: string,
  extra: Partial<FieldMapping> = {},
): FieldMapping => ({
  zendeskFieldId,
  zendeskFieldLabel: zendeskFieldId,
  jiraFieldId,
  jiraFieldName: jiraFieldId,
  preview: false,
  ...extra,
});

function saveItems(...items: SmartItem[]): void {
  for (const key of stack.emulator.storage.keys('item:')) stack.emulator.storage.delete(key);
  for (const i of items) stack.emulator.storage.set(`item:${i.id}`, i);
}

async function run(): Promise<void> {
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok')
    throw new Error(`scheduled-sync ended with ${result.status}: ${String(result.error)}`);
}

function newTicket(subject: string, extra: Record<string, unknown> = {}): number {
  return (
    stack.zendesk.control.createTicket({ subject, body: `About ${subject}`, ...extra }) as { id: number }
  ).id;
}

function linksOf(ticketId: number): LinkRecord[] {
  const refs = (stack.emulator.storage.get(`ticket:${ticketId}`) ?? []) as {
    itemId: string;
    issueId: string;
  }[];
  return refs.map((r) => stack.emulator.storage.get(`link:${r.itemId}:${r.issueId}`) as LinkRecord);
}

const admin = () => stack.user('admin').accountId;

async function adminCall<T>(functionKey: string, payload: unknown): Promise<T> {
  const options: ResolverInvokeOptions = { accountId: admin() };
  const result = await stack.emulator.invokeResolver('admin-resolver', { functionKey, payload }, options);
  if (result.status !== 'ok') throw new Error(`admin ${functionKey}: ${String(result.error)}`);
  const value = result.value as Result<T>;
  if (!value.ok) throw new Error(`admin ${functionKey}: ${value.error.code} ${value.error.message}`);
  return value.data;
}

async function panelCall(
  functionKey: string,
  payload: unknown,
  issue: { id: string; key: string },
): Promise<unknown> {
  const options: ResolverInvokeOptions = {
    accountId: stack.user('agent').accountId,
    extension: { type: 'jira:issuePanel', issue, project: { ...SUP, type: 'software' } },
  };
  const result = await stack.emulator.invokeResolver('panel-resolver', { functionKey, payload }, options);
  if (result.status !== 'ok') throw new Error(`${functionKey} ended with ${result.status}`);
  const value = result.value as Result<unknown>;
  if (!value.ok) throw new Error(`${functionKey} failed: ${value.error.message}`);
  await stack.settle();
  return value.data;
}

/** The panel's Link, confirming the first synchronization's preview as the dialog does. */
const panelLink = (itemId: string, ticketId: number, issue: { id: string; key: string }) =>
  linkConfirmed(
    async (payload) => ({ ok: true, data: (await panelCall('link', payload, issue)) as LinkOutcome }),
    itemId,
    String(ticketId),
  );

function issuePriorityName(issueId: string): string | undefined {
  const fields = (stack.jira.control.getIssue(issueId) as { fields: { priority?: { name?: string } } })
    .fields;
  return fields.priority?.name;
}

beforeAll(async () => {
  stack = await startStack({
    zendesk: { seed: false, clockOffsetMs: -2 * 3_600_000 },
    jira: { seed: false },
  });
  const byName = (name: string) => [...stack.zendesk.state.groups.values()].find((g) => g.name === name)?.id;
  groups = { support: byName('Support') as number, escalations: byName('Escalations') as number };
  originalPriorityNames = stack.jira.state.priorities.map((p) => p.name);
});

afterAll(async () => {
  await stack?.close();
});

beforeEach(() => {
  connectDirect(stack, { connectedAt: new Date(stack.zendesk.clock.now() - 600_000).toISOString() });
  stack.jira.state.priorities.forEach((p, i) => (p.name = originalPriorityNames[i] as string));
});

describe('auto-create conditions', () => {
  it('creates issues only for new tickets matching every condition', async () => {
    saveItems(
      item('escalations', {
        autoCreateConditions: {
          groupIds: [String(groups.escalations)],
          priorities: ['urgent', 'high'],
          channels: ['web'],
          tags: ['vip', 'outage'],
          brandIds: [String(BRAND_ID)],
        },
      }),
    );
    const match = newTicket('Matches', { groupId: groups.escalations, priority: 'urgent', tags: ['outage'] });
    const wrongGroup = newTicket('Wrong group', {
      groupId: groups.support,
      priority: 'urgent',
      tags: ['outage'],
    });
    const wrongPriority = newTicket('Low priority', {
      groupId: groups.escalations,
      priority: 'low',
      tags: ['vip'],
    });
    const wrongChannel = newTicket('By API', {
      groupId: groups.escalations,
      priority: 'high',
      tags: ['vip'],
      channel: 'api',
    });
    const noTag = newTicket('No tag', { groupId: groups.escalations, priority: 'high' });
    await run();
    expect(linksOf(match).map((l) => l.origin)).toEqual(['auto']);
    for (const t of [wrongGroup, wrongPriority, wrongChannel, noTag]) expect(linksOf(t)).toEqual([]);
  });

  it('a brand condition naming another brand creates nothing', async () => {
    saveItems(item('other-brand', { autoCreateConditions: { brandIds: ['42'] } }));
    const t = newTicket('Brand A');
    await run();
    expect(linksOf(t)).toEqual([]);
  });

  it('tickets created before auto-create was turned on are not new', async () => {
    const t = newTicket('Before');
    stack.zendesk.control.advanceClock(5_000);
    saveItems(item('late', { autoCreateSince: new Date(stack.zendesk.clock.now()).toISOString() }));
    stack.zendesk.control.editTicket(t, { tags: ['touched'] });
    await run();
    expect(linksOf(t)).toEqual([]);
  });

  it('warns at save when two auto-create items on one project can take the same ticket, not when conditions separate them', async () => {
    saveItems(
      item('existing', {
        name: 'Escalations',
        autoCreateConditions: { groupIds: [String(groups.escalations)] },
      }),
    );
    const draft = (conditions: Record<string, string[]>) => ({
      name: 'New auto item',
      syncMode: 'oneWay',
      projectId: SUP.id,
      issueTypeId: TASK,
      zendeskObject: 'ticket',
      fields: [],
      features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: false },
      autoCreateConditions: conditions,
    });
    const overlapping = await adminCall<ItemWarning[]>('checkItem', draft({ tags: ['vip'] }));
    expect(overlapping.filter((w) => w.kind === 'overlap').map((w) => w.message)).toEqual([
      expect.stringContaining('"Escalations" also auto-creates issues in SUP'),
    ]);
    const separate = await adminCall<ItemWarning[]>(
      'checkItem',
      draft({ groupIds: [String(groups.support)] }),
    );
    expect(separate.filter((w) => w.kind === 'overlap')).toEqual([]);
    // Saving with the warning is the admin's decision: it is stored with its conditions.
    const saved = await adminCall<SmartItem>('saveItem', draft({ tags: ['VIP '] }));
    expect(saved.autoCreateConditions).toEqual({ tags: ['vip'] });
  });
});

describe('priority through a renamed scheme', () => {
  it('the editor reads the site names; the sync writes the default table and the admin table', async () => {
    stack.jira.state.priorities.forEach((p, i) => (p.name = RENAMED[i] ?? p.name));
    const meta = await adminCall<ItemEditorMetadata>('getItemEditorMetadata', {
      zendeskObject: 'ticket',
      projectId: SUP.id,
      issueTypeId: TASK,
    });
    expect(meta.priorities).toEqual(RENAMED);
    expect(meta.jiraFields.find((f) => f.id === 'priority')?.allowedValues).toEqual(RENAMED);

    saveItems(
      item('default-table', {
        fields: [map('priority', 'priority')],
        autoCreateConditions: { tags: ['default'] },
      }),
      item('admin-table', {
        fields: [map('priority', 'priority', { valueMap: { urgent: 'P2 - Major', high: 'P3 - Normal' } })],
        autoCreateConditions: { tags: ['table'] },
      }),
    );
    const byDefault = newTicket('Default', { priority: 'urgent', tags: ['default'] });
    const byTable = newTicket('Table', { priority: 'high', tags: ['table'] });
    await run();
    const [d] = linksOf(byDefault);
    const [t] = linksOf(byTable);
    expect(issuePriorityName(d!.issueId)).toBe('P1 - Blocker');
    expect(issuePriorityName(t!.issueId)).toBe('P3 - Normal');
    expect(d!.problems).toEqual([]);
  });

  it('two-way: a Jira priority from the renamed scheme reaches Zendesk through the table', async () => {
    stack.jira.state.priorities.forEach((p, i) => (p.name = RENAMED[i] ?? p.name));
    saveItems(
      item('two-way-priority', {
        features: { ...ALL, autoCreate: false },
        fields: [map('priority', 'priority', { valueMap: { urgent: 'P2 - Major', low: 'P5 - Trivial' } })],
      }),
    );
    const ticketId = newTicket('Two-way priority', { priority: 'low' });
    const issue = stack.jira.control.createIssue('admin', {
      project: { key: SUP.key },
      issuetype: { id: TASK },
      summary: 'Two-way priority',
    });
    await panelLink('two-way-priority', ticketId, issue);
    stack.jira.control.editIssue('agent', issue.id, { priority: { name: 'P2 - Major' } });
    await stack.settle();
    expect((stack.zendesk.control.ticket(ticketId) as { priority: string }).priority).toBe('urgent');
  });
});

describe('comment visibility', () => {
  it('Jira comments reach Zendesk as internal notes when the item says so', async () => {
    saveItems(
      item('internal-replies', {
        features: { ...ALL, autoCreate: false },
        commentVisibility: { jiraToZendesk: 'internal' },
      }),
    );
    const ticketId = newTicket('Internal replies');
    const issue = stack.jira.control.createIssue('admin', {
      project: { key: SUP.key },
      issuetype: { id: TASK },
      summary: 'Internal replies',
    });
    await panelLink('internal-replies', ticketId, issue);
    stack.jira.control.addComment('agent', issue.id, 'Engineering notes, not for the customer');
    await stack.settle();
    const copies = (stack.zendesk.control.comments(ticketId) as { body: string; public: boolean }[]).filter(
      (c) => c.body.includes('Engineering notes'),
    );
    expect(copies.map((c) => c.public)).toEqual([false]);
  });

  it('Jira copies of Zendesk internal notes are restricted to the chosen role; public replies are not', async () => {
    saveItems(
      item('restricted-notes', {
        features: { ...ALL, autoCreate: false },
        commentVisibility: {
          jiraToZendesk: 'public',
          internalNotes: { type: 'role', value: 'Administrators' },
        },
      }),
    );
    const ticketId = newTicket('Restricted notes');
    const issue = stack.jira.control.createIssue('admin', {
      project: { key: SUP.key },
      issuetype: { id: TASK },
      summary: 'Restricted notes',
    });
    await panelLink('restricted-notes', ticketId, issue);
    stack.zendesk.control.addComment(ticketId, { body: 'Customer can read this', public: true });
    stack.zendesk.control.addComment(ticketId, { body: 'Agents only: refund approved', public: false });
    // Refresh runs the same comment sync the scheduler runs, at once.
    await panelCall('refresh', { itemId: 'restricted-notes' }, issue);
    const record = stack.jira.state.issues.get(issue.id);
    const comments = (record?.commentIds ?? []).map((id) => stack.jira.state.comments.get(id));
    const note = comments.find((c) => adfToText(c?.body).includes('refund'));
    const reply = comments.find((c) => adfToText(c?.body).includes('Customer can read this'));
    expect(adfToText(note?.body)).toContain(INTERNAL_NOTE_PREFIX);
    expect(reply).toBeDefined();
    expect(note?.visibility).toEqual({ type: 'role', value: 'Administrators' });
    expect(reply?.visibility ?? null).toBeNull();
  });

  it('copies of Zendesk internal notes stay internal in a service project (sd.public.comment)', async () => {
    saveItems(item('service-notes', { features: { ...ALL, autoCreate: false } }));
    stack.jira.control.setProjectType(SUP.key, 'service_desk');
    try {
      const ticketId = newTicket('Service desk notes');
      const issue = stack.jira.control.createIssue('admin', {
        project: { key: SUP.key },
        issuetype: { id: TASK },
        summary: 'Service desk notes',
      });
      await panelLink('service-notes', ticketId, issue);
      stack.zendesk.control.addComment(ticketId, { body: 'Reply the customer may read', public: true });
      stack.zendesk.control.addComment(ticketId, { body: 'Agents only: escalate to tier 2', public: false });
      await panelCall('refresh', { itemId: 'service-notes' }, issue);
      // As Jira answers them: jsdPublic is false only for the copy of the internal note.
      const listed = (
        stack.jira.control.getIssue(issue.id) as {
          fields: { comment: { comments: { body: unknown; jsdPublic: boolean }[] } };
        }
      ).fields.comment.comments;
      const publicOf = (text: string) => listed.find((c) => adfToText(c.body).includes(text))?.jsdPublic;
      expect(publicOf('Agents only: escalate to tier 2')).toBe(false);
      expect(publicOf('Reply the customer may read')).toBe(true);
    } finally {
      stack.jira.control.setProjectType(SUP.key, 'software');
    }
  });
});
