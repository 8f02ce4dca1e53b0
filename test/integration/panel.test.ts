/**
 * The issue panel's resolver end to end: the real handler (src/index.ts → panelResolver) in
 * the Forge emulator, against the Zendesk and Jira simulators.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LinkOutcome, PanelCard, PanelState, Result, SearchResult } from '../../src/domain/rpc';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import { connectDirect } from '../support/connection';
import {
  BUG,
  ENG,
  newIssue as newIssueIn,
  newTicket as newTicketIn,
  previewField as preview,
  ticketItem as item,
  type IssueCtx,
} from '../support/issuePanel';
import { fieldMapping, NO_FEATURES, SUP, TASK } from '../support/items';
import { linkConfirmed } from '../support/panelLink';
import { manualLinkRecord } from '../support/manualLink';
import { callResolver, dataOf as data, errorOf, issueOptions } from '../support/resolvers';
import { ticketFieldId } from '../support/world';
import {
  CONNECTION_KEY,
  itemKey,
  itemLinksPrefix,
  linkKey,
  LINKS_FORBIDDEN_KEY,
  ticketIndexKey,
} from '../../src/storage/keys';

const stack = useStack();
let regionSales: string;
let regionResidency: string;
let productField: string;
let componentsField: string;

const call = <T>(functionKey: string, payload: unknown, options: ResolverInvokeOptions): Promise<Result<T>> =>
  callResolver<T>(stack, { module: 'panel', functionKey, payload, options });
const newIssue = (project: { id: string; key: string }, typeId: string, summary: string) =>
  newIssueIn(stack, project, typeId, summary);
const newTicket = (subject: string, extra: Record<string, unknown> = {}) =>
  newTicketIn(stack, subject, extra);

type ZendeskJiraLink = { id: number; ticket_id: string; issue_id: string; issue_key: string };

/** The panel's Link answered as the card, confirming a synchronized item's preview as the dialog does. */
function linkCard(
  payload: { itemId: string; recordId: string },
  options: ResolverInvokeOptions,
): Promise<Result<PanelCard>> {
  return linkConfirmed((p) => call<LinkOutcome>('link', p, options), payload.itemId, payload.recordId);
}

/** Zendesk's own record of ticket ↔ issue links (what its Jira sidebar shows). */
const allZendeskLinks = () => stack.zendesk.control.listJiraLinks() as ZendeskJiraLink[];
const zendeskLinksOf = (ticketId: string) => allZendeskLinks().filter((l) => l.ticket_id === ticketId);

function connectAs(kind: 'admin' | 'agent'): void {
  connectDirect(stack, {
    as: kind,
    connectedAt: kind === 'admin' ? '2026-01-01T00:00:00.000Z' : '2026-02-01T00:00:00.000Z',
  });
}

const agent = () => stack.user('agent').accountId;
/** A Jira admin (ADMINISTER): the only caller who sees upstream details. */
const jiraAdmin = () => stack.user('admin').accountId;

beforeAll(async () => {
  connectAs('admin');
  const fieldId = (title: string, nth = 0) => ticketFieldId(stack, title, nth);
  regionSales = fieldId('Region', 0);
  regionResidency = fieldId('Region', 1);
  productField = fieldId('Product');
  componentsField = fieldId('Affected components');

  const items: SmartItem[] = [
    item('tickets', {
      name: 'Support tickets',
      fields: [
        preview('subject', 'Subject'),
        preview('status', 'Status'),
        preview('priority', 'Priority'),
        preview('requester_id', 'Requester'),
        preview(productField, 'Product'),
        preview(componentsField, 'Affected components'),
        preview(regionSales, 'Region'),
        preview(regionResidency, 'Region'),
        { zendeskFieldId: 'tags', zendeskFieldLabel: 'Tags', preview: false },
      ],
    }),
    item('customers', {
      name: 'Customers',
      zendeskObject: 'user',
      fields: [
        preview('name', 'Name'),
        preview('email', 'Email'),
        preview('organization_id', 'Organization'),
      ],
    }),
    item('orgs', {
      name: 'Organizations',
      zendeskObject: 'organization',
      fields: [preview('name', 'Name'), preview('domain_names', 'Domains')],
    }),
    item('bugs-only', {
      name: 'Bug tickets',
      issueTypeId: BUG,
      issueTypeName: 'Bug',
      fields: [preview('subject', 'Subject')],
    }),
    item('eng', {
      name: 'Engineering tickets',
      projectId: ENG.id,
      projectKey: ENG.key,
      projectName: 'Engineering',
      fields: [preview('subject', 'Subject')],
    }),
  ];
  for (const i of items) stack.emulator.storage.set(itemKey(i.id), i);
});

describe('getPanel', () => {
  it('shows one card per item of the issue project and type', async () => {
    const task = newIssue(SUP, TASK, 'Task for cards');
    const state = data(await call<PanelState>('getPanel', {}, issueOptions(task, agent())));
    expect(state).toMatchObject({ license: 'development', connected: true, canEdit: true });
    expect(state.cards.map((c) => c.item.id)).toEqual(['customers', 'orgs', 'tickets']);
    expect(state.cards[0]).toEqual({
      item: {
        id: 'customers',
        name: 'Customers',
        syncMode: 'none',
        zendeskObject: 'user',
        features: NO_FEATURES,
      },
      link: null,
      openUrl: null,
      canUnlink: false,
    });

    const bug = newIssue(SUP, BUG, 'Bug for cards');
    const bugState = data(await call<PanelState>('getPanel', {}, issueOptions(bug, agent())));
    expect(bugState.cards.map((c) => c.item.id)).toEqual(['bugs-only', 'customers', 'orgs', 'tickets']);

    const eng = newIssue(ENG, TASK, 'Engineering task');
    expect(
      data(await call<PanelState>('getPanel', {}, issueOptions(eng, agent()))).cards.map((c) => c.item.id),
    ).toEqual(['eng']);
  });

  it('reads the issue type from Jira when the context does not carry it', async () => {
    const bug = newIssue(SUP, BUG, 'Bug without typeId in context');
    const { typeId: _omit, ...withoutType } = bug;
    const state = data(await call<PanelState>('getPanel', {}, issueOptions(withoutType, agent())));
    expect(state.cards.map((c) => c.item.id)).toContain('bugs-only');
  });
});

describe('search', () => {
  it('finds tickets by id and partial subject, customers by name, e-mail and id, organizations by name and id', async () => {
    const task = newIssue(SUP, TASK, 'Task for search');
    const opts = issueOptions(task, agent());
    const ticketId = newTicket('Zeppelin mooring mast wobbles');
    const search = async (itemId: string, query: string) =>
      data(await call<SearchResult[]>('search', { itemId, query }, opts));

    expect(await search('tickets', ticketId)).toContainEqual({
      id: ticketId,
      title: 'Zeppelin mooring mast wobbles',
      detail: 'New',
    });
    expect((await search('tickets', 'zeppel moor')).map((r) => r.id)).toEqual([ticketId]);

    const user = [...stack.zendesk.state.users.values()].find((u) => u.role === 'end-user' && u.active);
    if (!user) throw new Error('no end user');
    const userHit = { id: String(user.id), title: user.name, detail: user.email };
    expect(await search('customers', user.name.slice(0, 4))).toContainEqual(userHit);
    expect(await search('customers', user.email.slice(0, user.email.indexOf('@') + 3))).toContainEqual(
      userHit,
    );
    expect(await search('customers', String(user.id))).toContainEqual(userHit);

    const org = [...stack.zendesk.state.organizations.values()][0];
    if (!org) throw new Error('no organization');
    const orgHit = { id: String(org.id), title: org.name, detail: org.domainNames.join(', ') };
    expect(await search('orgs', org.name.slice(0, 3))).toContainEqual(orgHit);
    expect(await search('orgs', String(org.id))).toEqual([orgHit]);
  });

  it('finds customers only among end users: agents and admins are never offered', async () => {
    const opts = issueOptions(newIssue(SUP, TASK, 'Task for customer search'), agent());
    const search = async (query: string) =>
      data(await call<SearchResult[]>('search', { itemId: 'customers', query }, opts));
    const users = [...stack.zendesk.state.users.values()];
    const staff = users.filter((u) => u.role !== 'end-user' && u.active);
    expect(staff.length).toBeGreaterThan(0);
    for (const person of staff) {
      // By exact id (show_many answers staff too) and by name and e-mail (search).
      expect(await search(String(person.id))).toEqual([]);
      const byName = await search(person.name);
      expect(byName.map((r) => r.id)).not.toContain(String(person.id));
      expect((await search(person.email)).map((r) => r.id)).not.toContain(String(person.id));
    }
    const customer = users.find((u) => u.role === 'end-user' && u.active);
    if (!customer) throw new Error('no end user');
    expect((await search(customer.email)).map((r) => r.id)).toContain(String(customer.id));
  });

  it('finds a customer or organization by complete id only: Zendesk has no id prefix search', async () => {
    const opts = issueOptions(newIssue(SUP, TASK, 'Task for id search'), agent());
    const search = async (itemId: string, query: string) =>
      data(await call<SearchResult[]>('search', { itemId, query }, opts));
    const customer = [...stack.zendesk.state.users.values()].find((u) => u.role === 'end-user' && u.active);
    const org = [...stack.zendesk.state.organizations.values()][0];
    if (!customer || !org) throw new Error('seed lacks a customer or organization');
    expect((await search('customers', `#${customer.id}`)).map((r) => r.id)).toEqual([String(customer.id)]);
    expect((await search('orgs', String(org.id))).map((r) => r.id)).toEqual([String(org.id)]);
    // A fragment of an id is not an id; it finds only records with a word starting with it.
    const fragment = String(customer.id).slice(0, -2);
    expect((await search('customers', fragment)).map((r) => r.id)).not.toContain(String(customer.id));
  });

  it('marks tickets already linked, with the issue key and item, reading the ticket index', async () => {
    const here = newIssue(SUP, TASK, 'Issue with the dialog open');
    const elsewhere = newIssue(SUP, TASK, 'Issue that has the ticket');
    const ticketId = newTicket('Gyroscope drift on launch pad');
    const freeTicket = newTicket('Gyroscope calibration question');
    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(elsewhere, agent())));
    const results = data(
      await call<SearchResult[]>(
        'search',
        { itemId: 'tickets', query: 'gyroscope' },
        issueOptions(here, agent()),
      ),
    );
    expect(results.find((r) => r.id === ticketId)?.linkedTo).toEqual([
      { issueKey: elsewhere.key, itemName: 'Support tickets', thisIssue: false },
    ]);
    expect(results.find((r) => r.id === freeTicket)).not.toHaveProperty('linkedTo');

    // Seen from the issue that holds the link, the mark says "this issue".
    const fromThere = data(
      await call<SearchResult[]>(
        'search',
        { itemId: 'tickets', query: ticketId },
        issueOptions(elsewhere, agent()),
      ),
    );
    expect(fromThere.find((r) => r.id === ticketId)?.linkedTo).toEqual([
      { issueKey: elsewhere.key, itemName: 'Support tickets', thisIssue: true },
    ]);
  });

  it('refuses an item that does not apply to the issue', async () => {
    const task = newIssue(SUP, TASK, 'Task for wrong item');
    const res = await call<SearchResult[]>(
      'search',
      { itemId: 'eng', query: 'x' },
      issueOptions(task, agent()),
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_APPLICABLE' } });
  });
});

describe('link, refresh, unlink', () => {
  it('links a ticket with a labelled preview and registers the link with Zendesk', async () => {
    const task = newIssue(SUP, TASK, 'Task to link');
    const requester = [...stack.zendesk.state.users.values()].find((u) => u.role === 'end-user' && u.active);
    if (!requester) throw new Error('no end user');
    const productTag = stack.zendesk.state.ticketFields.find((f) => String(f.id) === productField)
      ?.options?.[1];
    const ticketId = newTicket('Coffee machine leaks', {
      priority: 'high',
      requesterId: requester.id,
      customFields: [
        { id: Number(productField), value: productTag?.value },
        { id: Number(componentsField), value: ['comp_api', 'comp_billing'] },
        { id: Number(regionSales), value: 'sales_emea' },
        { id: Number(regionResidency), value: 'residency_eu' },
      ],
    });

    const card = data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(task, agent())));
    expect(card.openUrl).toBe(`https://${stack.zendesk.subdomain}.zendesk.com/agent/tickets/${ticketId}`);
    expect(card.canUnlink).toBe(true);
    const link = card.link as LinkRecord;
    expect(link).toMatchObject({
      itemId: 'tickets',
      issueId: task.id,
      issueKey: task.key,
      recordId: ticketId,
      origin: 'manual',
      zendeskObject: 'ticket',
      problems: [],
    });
    expect(link.preview).toEqual([
      { fieldId: 'subject', label: 'Subject', value: 'Coffee machine leaks' },
      { fieldId: 'status', label: 'Status', value: 'New' },
      { fieldId: 'priority', label: 'Priority', value: 'High' },
      { fieldId: 'requester_id', label: 'Requester', value: requester.name },
      { fieldId: productField, label: 'Product', value: productTag?.name },
      { fieldId: componentsField, label: 'Affected components', value: 'API, Billing' },
      { fieldId: regionSales, label: 'Region', value: 'EMEA' },
      { fieldId: regionResidency, label: 'Region', value: 'EU' },
    ]);
    // Optional fields are omitted, never null (the panel validates strictly).
    expect(JSON.stringify(card)).not.toContain('null,"');
    expect(link.zendeskLink.state).toBe('registered');
    const zendeskLinks = allZendeskLinks();
    expect(zendeskLinks).toContainEqual(
      expect.objectContaining({ ticket_id: ticketId, issue_id: task.id, issue_key: task.key }),
    );
    expect(stack.emulator.storage.get(ticketIndexKey(ticketId))).toEqual([
      { itemId: 'tickets', issueId: task.id },
    ]);

    // The stored card comes back on the next load.
    const state = data(await call<PanelState>('getPanel', {}, issueOptions(task, agent())));
    expect(state.cards.find((c) => c.item.id === 'tickets')).toEqual(card);
  });

  it('refuses a second record for the same item, answers a repeated link with the same card, and allows one ticket on several issues', async () => {
    const first = newIssue(SUP, TASK, 'First issue');
    const second = newIssue(SUP, TASK, 'Second issue');
    const ticketId = newTicket('Shared ticket');
    const otherTicket = newTicket('Other ticket');
    const card = data(
      await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(first, agent())),
    );

    const again = await linkCard({ itemId: 'tickets', recordId: otherTicket }, issueOptions(first, agent()));
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_LINKED' } });
    expect(again.ok ? '' : again.error.message).toContain(`ticket ${ticketId}`);
    expect(
      data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(first, agent()))),
    ).toEqual(card);

    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(second, agent())));
    expect(stack.emulator.storage.get(ticketIndexKey(ticketId))).toEqual([
      { itemId: 'tickets', issueId: first.id },
      { itemId: 'tickets', issueId: second.id },
    ]);
  });

  it('links customers and organizations with readable previews and no Zendesk link', async () => {
    const task = newIssue(SUP, TASK, 'Customer issue');
    const user = [...stack.zendesk.state.users.values()].find(
      (u) => u.role === 'end-user' && u.active && u.organizationId !== null,
    );
    if (!user || user.organizationId === null) throw new Error('no end user with an organization');
    const org = stack.zendesk.state.organizations.get(user.organizationId);
    const card = data(
      await linkCard({ itemId: 'customers', recordId: String(user.id) }, issueOptions(task, agent())),
    );
    expect(card.link?.preview).toEqual([
      { fieldId: 'name', label: 'Name', value: user.name },
      { fieldId: 'email', label: 'Email', value: user.email },
      { fieldId: 'organization_id', label: 'Organization', value: org?.name },
    ]);
    expect(card.link?.zendeskLink).toEqual({ state: 'not-applicable' });
    expect(card.openUrl).toBe(`https://${stack.zendesk.subdomain}.zendesk.com/agent/users/${user.id}`);

    const orgCard = data(
      await linkCard({ itemId: 'orgs', recordId: String(user.organizationId) }, issueOptions(task, agent())),
    );
    expect(orgCard.link?.preview[0]).toEqual({ fieldId: 'name', label: 'Name', value: org?.name });
  });

  it('refresh picks up a Zendesk-side change and reports a deleted ticket with its upstream status', async () => {
    const task = newIssue(SUP, TASK, 'Refresh me');
    const ticketId = newTicket('Before the change', { priority: 'low' });
    const opts = issueOptions(task, agent());
    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, opts));

    stack.zendesk.control.editTicket(Number(ticketId), {
      subject: 'After the change',
      priority: 'urgent',
      status: 'open',
    });
    const refreshed = data(await call<PanelCard>('refresh', { itemId: 'tickets' }, opts));
    expect(refreshed.link?.preview.slice(0, 3)).toEqual([
      { fieldId: 'subject', label: 'Subject', value: 'After the change' },
      { fieldId: 'status', label: 'Status', value: 'Open' },
      { fieldId: 'priority', label: 'Priority', value: 'Urgent' },
    ]);

    stack.zendesk.control.deleteTicket(Number(ticketId));
    const gone = await call<PanelCard>('refresh', { itemId: 'tickets' }, opts);
    expect(gone).toMatchObject({ ok: false, error: { code: 'ZENDESK_NOT_FOUND' } });
    expect(gone.ok ? '' : gone.error.message).toMatch(
      /was not found\. It may have been deleted or merged\.$/,
    );
    expect(gone.ok ? {} : gone.error).not.toHaveProperty('upstream');
    expect(
      await call<PanelCard>('refresh', { itemId: 'tickets' }, issueOptions(task, jiraAdmin())),
    ).toMatchObject({
      ok: false,
      error: { code: 'ZENDESK_NOT_FOUND', upstream: { service: 'zendesk', status: 404 } },
    });

    expect(errorOf(await call<PanelCard>('refresh', { itemId: 'customers' }, opts)).code).toBe('NOT_LINKED');
  });

  it('unlinks a manual link: link, index entry and Zendesk link are gone', async () => {
    const task = newIssue(SUP, TASK, 'Unlink me');
    const ticketId = newTicket('To be unlinked');
    const opts = issueOptions(task, agent());
    const linked = data(await linkCard({ itemId: 'tickets', recordId: ticketId }, opts));
    const registration = linked.link?.zendeskLink;
    if (registration?.state !== 'registered') throw new Error('expected a registered Zendesk link');

    const card = data(await call<PanelCard>('unlink', { itemId: 'tickets' }, opts));
    expect(card).toMatchObject({ link: null, openUrl: null, canUnlink: false, item: { id: 'tickets' } });
    expect(stack.emulator.storage.get(linkKey('tickets', task.id))).toBeUndefined();
    expect(stack.emulator.storage.get(ticketIndexKey(ticketId))).toBeUndefined();
    expect((stack.zendesk.control.listJiraLinks() as { id: number }[]).map((l) => l.id)).not.toContain(
      registration.linkId,
    );

    expect(errorOf(await call<PanelCard>('unlink', { itemId: 'tickets' }, opts)).code).toBe('NOT_LINKED');
  });

  it('refuses to unlink an auto-managed link and shows it without Unlink', async () => {
    const task = newIssue(SUP, TASK, 'Auto-created');
    const ticketId = newTicket('Auto ticket');
    const made = manualLinkRecord('tickets', Number(ticketId), task, '2026-01-01T00:00:00.000Z');
    const auto: LinkRecord = { ...made, origin: 'auto' };
    stack.emulator.storage.set(linkKey('tickets', task.id), auto);
    stack.emulator.storage.set(ticketIndexKey(ticketId), [{ itemId: 'tickets', issueId: task.id }]);
    const opts = issueOptions(task, agent());

    const refused = await call<PanelCard>('unlink', { itemId: 'tickets' }, opts);
    expect(refused).toMatchObject({ ok: false, error: { code: 'AUTO_LINK_READ_ONLY' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/automatically/);
    expect(stack.emulator.storage.get(linkKey('tickets', task.id))).toEqual(auto);

    const card = data(await call<PanelState>('getPanel', {}, opts)).cards.find(
      (c) => c.item.id === 'tickets',
    );
    expect(card).toMatchObject({ canUnlink: false, link: { origin: 'auto', recordId: ticketId } });
    // Auto-managed links can still be refreshed.
    expect(data(await call<PanelCard>('refresh', { itemId: 'tickets' }, opts)).link?.preview[0]).toEqual({
      fieldId: 'subject',
      label: 'Subject',
      value: 'Auto ticket',
    });
  });
});

describe('who may do what', () => {
  it('lets a browse-only user view and search but not link or unlink', async () => {
    const task = newIssue(SUP, TASK, 'Browse only');
    const ticketId = newTicket('Seen by a viewer');
    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(task, agent())));
    const viewer = issueOptions(task, stack.user('browse').accountId);

    const state = data(await call<PanelState>('getPanel', {}, viewer));
    expect(state.canEdit).toBe(false);
    expect(state.cards.find((c) => c.item.id === 'tickets')).toMatchObject({
      canUnlink: false,
      link: { recordId: ticketId },
    });
    expect(
      data(await call<SearchResult[]>('search', { itemId: 'tickets', query: ticketId }, viewer)).map(
        (r) => r.id,
      ),
    ).toContain(ticketId);

    const other = newTicket('Not allowed');
    expect(errorOf(await call('link', { itemId: 'customers', recordId: other }, viewer)).code).toBe(
      'NO_EDIT_PERMISSION',
    );
    expect(errorOf(await call('unlink', { itemId: 'tickets' }, viewer)).code).toBe('NO_EDIT_PERMISSION');
    expect(stack.emulator.storage.get(linkKey('tickets', task.id))).toMatchObject({ recordId: ticketId });
  });

  it('refuses a user who cannot see the issue', async () => {
    const task = newIssue(SUP, TASK, 'Hidden');
    const outsider = issueOptions(task, stack.user('none').accountId);
    expect(await call('getPanel', {}, outsider)).toMatchObject({ ok: false, error: { code: 'NO_ACCESS' } });
    expect(errorOf(await call('search', { itemId: 'tickets', query: 'x' }, outsider)).code).toBe('NO_ACCESS');
    // An issue that does not exist is as invisible as one that is not allowed.
    const missing = issueOptions({ ...task, id: '99999999', key: 'SUP-99999' }, agent());
    expect(await call('getPanel', {}, missing)).toMatchObject({ ok: false, error: { code: 'NO_ACCESS' } });
  });

  it('takes the issue from the context only: an issue id in the payload is refused and changes nothing', async () => {
    const mine = newIssue(SUP, TASK, 'Context issue');
    const other = newIssue(SUP, TASK, 'Payload issue');
    const ticketId = newTicket('Payload trick');
    const res = await call(
      'link',
      { itemId: 'tickets', recordId: ticketId, issueId: other.id },
      issueOptions(mine, agent()),
    );
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_PAYLOAD' } });
    expect(errorOf(await call('getPanel', { issueId: other.id }, issueOptions(mine, agent()))).code).toBe(
      'BAD_PAYLOAD',
    );
    expect(
      stack.emulator.storage
        .keys(itemLinksPrefix('tickets'))
        .filter((k) => k.endsWith(`:${other.id}`) || k.endsWith(`:${mine.id}`)),
    ).toEqual([]);
  });

  it('answers malformed payloads and contexts with clear errors, never a crash', async () => {
    const task = newIssue(SUP, TASK, 'Fuzz');
    const opts = issueOptions(task, agent());
    const payloads: [string, unknown][] = [
      ['link', { itemId: 'tickets', recordId: '12abc' }],
      ['link', { itemId: 'tickets' }],
      ['link', { itemId: '../item', recordId: '1' }],
      ['search', { itemId: 'tickets', query: 'x'.repeat(500) }],
      ['search', { itemId: 'tickets', query: 42 }],
      ['unlink', null],
      ['refresh', ['tickets']],
      ['link', JSON.parse('{"__proto__": {"polluted": true}, "itemId": "tickets", "recordId": "1"}')],
    ];
    for (const [key, payload] of payloads) {
      expect(await call(key, payload, opts), `${key} ${JSON.stringify(payload)}`).toMatchObject({
        ok: false,
        error: { code: 'BAD_PAYLOAD' },
      });
    }
    expect(
      await call('getPanel', {}, { accountId: agent(), extension: { type: 'jira:issuePanel' } }),
    ).toMatchObject({ ok: false, error: { code: 'NO_ISSUE' } });
    expect(errorOf(await call('link', { itemId: 'no-such-item', recordId: '1' }, opts)).code).toBe(
      'ITEM_NOT_FOUND',
    );
    expect(await call('link', { itemId: 'tickets', recordId: '987654321' }, opts)).toEqual({
      ok: false,
      error: {
        code: 'ZENDESK_NOT_FOUND',
        message: 'Zendesk ticket 987654321 was not found. It may have been deleted or merged.',
      },
    });
    expect(stack.emulator.storage.get(linkKey('tickets', task.id))).toBeUndefined();
  });

  it('shows the license-required refusal for an inactive production license, and NOT_CONNECTED without a connection', async () => {
    const task = newIssue(SUP, TASK, 'License');
    const inactive = await call(
      'getPanel',
      {},
      issueOptions(task, agent(), { license: { isActive: false }, environmentType: 'PRODUCTION' }),
    );
    expect(inactive).toMatchObject({ ok: false, error: { code: 'LICENSE_INACTIVE' } });
    expect(inactive.ok ? '' : inactive.error.message).toMatch(/license/i);
    const active = data(
      await call<PanelState>(
        'getPanel',
        {},
        issueOptions(task, agent(), { license: { isActive: true }, environmentType: 'PRODUCTION' }),
      ),
    );
    expect(active.license).toBe('active');

    const connection = stack.emulator.storage.get(CONNECTION_KEY);
    stack.emulator.storage.delete(CONNECTION_KEY);
    try {
      expect(errorOf(await call('getPanel', {}, issueOptions(task, agent()))).code).toBe('NOT_CONNECTED');
    } finally {
      stack.emulator.storage.set(CONNECTION_KEY, connection);
    }
  });
});

/** A Support task the agent links to a new ticket, then moved to the ENG project by an admin. */
async function linkThenMove(summary: string, subject: string) {
  const task = newIssue(SUP, TASK, summary);
  const ticketId = newTicket(subject);
  data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(task, agent())));
  const moved = stack.jira.control.moveIssue('admin', task.id, ENG.key);
  return { task, ticketId, moved };
}

describe('moved issues', () => {
  it('keeps the link by issue id and corrects the stored key and the Zendesk link', async () => {
    const { task, ticketId, moved } = await linkThenMove('Will move', 'Follows the issue');
    expect(moved.key).not.toBe(task.key);
    const after: IssueCtx = { id: task.id, key: moved.key, project: ENG, typeId: TASK };
    const state = data(await call<PanelState>('getPanel', {}, issueOptions(after, agent())));
    const card = state.cards.find((c) => c.item.id === 'tickets');
    expect(card?.link).toMatchObject({ issueId: task.id, issueKey: moved.key, recordId: ticketId });
    // The ENG project's own item applies now as well.
    expect(state.cards.map((c) => c.item.id)).toEqual(['eng', 'tickets']);
    expect(stack.emulator.storage.get(linkKey('tickets', task.id))).toMatchObject({ issueKey: moved.key });
    expect(zendeskLinksOf(ticketId)).toEqual([
      expect.objectContaining({ issue_id: task.id, issue_key: moved.key }),
    ]);
  });
});

describe('moved issues on Refresh', () => {
  it('corrects the key and the Zendesk link when Refresh is the first call after the move', async () => {
    const { task, ticketId, moved } = await linkThenMove(
      'Will move, then refresh',
      'Refreshed after the move',
    );
    const card = data(
      await call<PanelCard>(
        'refresh',
        { itemId: 'tickets' },
        issueOptions({ id: task.id, key: moved.key, project: ENG, typeId: TASK }, agent()),
      ),
    );
    expect(card.link).toMatchObject({
      issueId: task.id,
      issueKey: moved.key,
      zendeskLink: { state: 'registered' },
    });
    expect(zendeskLinksOf(ticketId)).toEqual([
      expect.objectContaining({ issue_id: task.id, issue_key: moved.key }),
    ]);
  });
});

describe("Zendesk's Jira links API as a non-admin agent", () => {
  it('records the 403 as "forbidden" on each link and logs it once per connection', async () => {
    const warn = vi.spyOn(console, 'warn');
    connectAs('agent');
    try {
      const cards: PanelCard[] = [];
      for (const n of [1, 2]) {
        const task = newIssue(SUP, TASK, `Agent link ${n}`);
        cards.push(
          data(
            await linkCard(
              { itemId: 'tickets', recordId: newTicket(`Agent ticket ${n}`) },
              issueOptions(task, agent()),
            ),
          ),
        );
      }
      for (const card of cards) {
        expect(card.link?.zendeskLink).toMatchObject({ state: 'forbidden' });
        expect(card.link?.problems).toEqual([]);
      }
      const note = stack.emulator.storage.get(LINKS_FORBIDDEN_KEY) as { connectedAt: string };
      expect(note.connectedAt).toBe('2026-02-01T00:00:00.000Z');
      const logged = warn.mock.calls.filter((args) => String(args[0]).includes('Jira links API'));
      expect(logged).toHaveLength(1);
    } finally {
      warn.mockRestore();
      connectAs('admin');
    }
  });
});

describe('synchronized ticket items', () => {
  it('linking starts synchronization and Refresh runs the sync pass again', async () => {
    const synced = item('synced', {
      name: 'Synced tickets',
      syncMode: 'oneWay',
      fields: [
        fieldMapping('subject', 'summary', {
          zendeskFieldLabel: 'Subject',
          jiraFieldName: 'Summary',
          preview: true,
        }),
      ],
      features: { ...NO_FEATURES, commentSync: true },
    });
    stack.emulator.storage.set(itemKey(synced.id), synced);
    try {
      const task = newIssue(SUP, TASK, 'Jira summary before sync');
      const ticketId = newTicket('Zendesk subject wins');
      stack.zendesk.control.addComment(Number(ticketId), { body: 'First agent reply', public: true });
      const opts = issueOptions(task, agent());

      const card = data(await linkCard({ itemId: 'synced', recordId: ticketId }, opts));
      expect(card.link).toMatchObject({ origin: 'manual', recordId: ticketId, problems: [] });
      const afterLink = stack.jira.control.getIssue(task.id) as {
        fields: { summary: string; comment: { comments: unknown[] } };
      };
      expect(afterLink.fields.summary).toBe('Zendesk subject wins');
      const commentsAfterLink = afterLink.fields.comment.comments.length;
      expect(JSON.stringify(afterLink.fields.comment)).toContain('First agent reply');

      stack.zendesk.control.editTicket(Number(ticketId), { subject: 'Zendesk subject changed' });
      stack.zendesk.control.addComment(Number(ticketId), { body: 'Second agent reply', public: true });
      const refreshed = data(await call<PanelCard>('refresh', { itemId: 'synced' }, opts));
      // The admin mapped only the subject; status and requester are always on the card.
      const requester = stack.zendesk.state.users.get(
        stack.zendesk.state.tickets.get(Number(ticketId))?.requesterId ?? 0,
      );
      expect(refreshed.link?.preview).toEqual([
        { fieldId: 'status', label: 'Status', value: 'New' },
        { fieldId: 'requester', label: 'Requester', value: requester?.name },
        { fieldId: 'subject', label: 'Subject', value: 'Zendesk subject changed' },
      ]);
      const afterRefresh = stack.jira.control.getIssue(task.id) as {
        fields: { summary: string; comment: { comments: unknown[] } };
      };
      expect(afterRefresh.fields.summary).toBe('Zendesk subject changed');
      expect(afterRefresh.fields.comment.comments).toHaveLength(commentsAfterLink + 1);
      expect(JSON.stringify(afterRefresh.fields.comment)).toContain('Second agent reply');

      // A second Refresh with nothing new copies nothing again.
      data(await call<PanelCard>('refresh', { itemId: 'synced' }, opts));
      expect(
        (stack.jira.control.getIssue(task.id) as { fields: { comment: { comments: unknown[] } } }).fields
          .comment.comments,
      ).toHaveLength(commentsAfterLink + 1);
    } finally {
      stack.emulator.storage.delete(itemKey(synced.id));
    }
  });
});

describe('Zendesk refusals', () => {
  it('reports rate limits and refused reads on Refresh and search with the upstream status', async () => {
    const task = newIssue(SUP, TASK, 'Zendesk says no');
    const ticketId = newTicket('Guarded ticket');
    const opts = issueOptions(task, agent());
    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, opts));

    const limit = stack.zendesk.faults.rateLimitBurst(`/api/v2/tickets/${ticketId}`, 10, 120, 'GET');
    try {
      expect(await call('refresh', { itemId: 'tickets' }, opts)).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Zendesk is rate limiting requests/) },
      });
    } finally {
      stack.zendesk.faults.remove(limit);
    }

    const forbidden = stack.zendesk.faults.fail(`/api/v2/tickets/${ticketId}`, {
      status: 403,
      body: { error: { title: 'Forbidden', message: 'You do not have access' } },
      method: 'GET',
    });
    try {
      // An agent gets plain words and who to ask; Zendesk's own answer is for admins only.
      expect(await call('refresh', { itemId: 'tickets' }, opts)).toEqual({
        ok: false,
        error: {
          code: 'ZENDESK_FORBIDDEN',
          message:
            'Zendesk did not let the connector read this record. If it should, ask your Jira admin to check the Zendesk connection.',
        },
      });
      const res = await call('refresh', { itemId: 'tickets' }, { ...opts, accountId: jiraAdmin() });
      expect(res).toMatchObject({
        ok: false,
        error: { code: 'ZENDESK_FORBIDDEN', upstream: { service: 'zendesk', status: 403 } },
      });
      expect(res.ok ? '' : res.error.upstream?.message).toContain('You do not have access');
    } finally {
      stack.zendesk.faults.remove(forbidden);
    }

    const searchLimit = stack.zendesk.faults.rateLimitBurst('/api/v2/search', 10, 120, 'GET');
    try {
      expect(
        await call('search', { itemId: 'tickets', query: 'guarded' }, { ...opts, accountId: jiraAdmin() }),
      ).toMatchObject({
        ok: false,
        error: { code: 'RATE_LIMITED', upstream: { service: 'zendesk', status: 429 } },
      });
    } finally {
      stack.zendesk.faults.remove(searchLimit);
    }
    // The stored link is untouched by failed refreshes.
    expect(stack.emulator.storage.get(linkKey('tickets', task.id))).toMatchObject({
      recordId: ticketId,
      problems: [],
    });
  });

  it('shows sync problems to agents in plain words, and the details (field ids, upstream) to Jira admins', async () => {
    const task = newIssue(SUP, TASK, 'Issue with a sync problem');
    const ticketId = newTicket('Problem ticket');
    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(task, agent())));
    const problem = {
      kind: 'limitation' as const,
      code: 'FIELD_NO_OPTION',
      message: 'Zendesk value "gold" has no option in customfield_10041 (Customer impact).',
      upstream: { service: 'jira' as const, status: 400, message: 'Option id 10099 is not valid' },
      at: '2026-01-02T00:00:00.000Z',
    };
    const key = linkKey('tickets', task.id);
    stack.emulator.storage.set(key, {
      ...(stack.emulator.storage.get(key) as LinkRecord),
      problems: [problem],
    });

    const asAgent = data(await call<PanelState>('getPanel', {}, issueOptions(task, agent())));
    const agentProblems = asAgent.cards.find((c) => c.item.id === 'tickets')?.link?.problems;
    expect(agentProblems).toEqual([
      {
        kind: 'limitation',
        code: 'FIELD_NO_OPTION',
        message:
          'Some Zendesk values have no matching choice in this issue. The rest keeps synchronizing; ask your Jira admin if you need it.',
        at: problem.at,
      },
    ]);
    expect(JSON.stringify(asAgent)).not.toContain('customfield_10041');
    expect(JSON.stringify(asAgent)).not.toContain('10099');

    const asAdmin = data(await call<PanelState>('getPanel', {}, issueOptions(task, jiraAdmin())));
    expect(asAdmin.cards.find((c) => c.item.id === 'tickets')?.link?.problems).toEqual([problem]);

    // Whether the caller is a Jira admin comes with the session's one permission read.
    for (const caller of [agent(), jiraAdmin()]) {
      const from = stack.jira.log.entries().length;
      data(await call<PanelState>('getPanel', {}, issueOptions(task, caller)));
      const reads = stack.jira.log.entries().slice(from);
      expect(reads.filter((e) => e.route === 'GET /rest/api/3/mypermissions')).toHaveLength(1);
    }
  });

  it('links a display-only record with one permission read and one read of the issue (its key as Jira has it)', async () => {
    const task = newIssue(SUP, TASK, 'Display-only link');
    const ticketId = newTicket('Just shown');
    const from = stack.jira.log.entries().length;
    data(await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(task, agent())));
    const jira = stack.jira.log.entries().slice(from);
    expect(jira.map((e) => e.route)).toEqual([
      'GET /rest/api/3/mypermissions',
      'GET /rest/api/3/issue/{issueIdOrKey}',
    ]);
  });

  it('keeps the Jira link when registering with Zendesk fails, and adopts a Zendesk link that already exists', async () => {
    const failing = newIssue(SUP, TASK, 'Zendesk links down');
    const failTicket = newTicket('Links API broken');
    const fault = stack.zendesk.faults.fail('/api/services/jira/links', { status: 500, method: 'POST' });
    try {
      const card = data(
        await linkCard({ itemId: 'tickets', recordId: failTicket }, issueOptions(failing, agent())),
      );
      expect(card.link?.zendeskLink).toMatchObject({ state: 'failed' });
      expect(card.link?.zendeskLink.state === 'failed' ? card.link.zendeskLink.message : '').toContain('500');
      expect(stack.emulator.storage.get(linkKey('tickets', failing.id))).toMatchObject({
        recordId: failTicket,
      });
    } finally {
      stack.zendesk.faults.remove(fault);
    }

    const existing = newIssue(SUP, TASK, 'Already linked in Zendesk');
    const ticketId = newTicket('Linked from the Zendesk side');
    const creds = stack.zendesk.credentials.admin;
    const res = await fetch(`${stack.zendesk.url}/api/v2/jira/links`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-forwarded-host': `${stack.zendesk.subdomain}.zendesk.com`,
        authorization: `Basic ${Buffer.from(`${creds.email}/token:${creds.token}`).toString('base64')}`,
      },
      body: JSON.stringify({ link: { ticket_id: ticketId, issue_id: existing.id, issue_key: existing.key } }),
    });
    expect(res.status).toBe(201);
    const made = ((await res.json()) as { link: { id: number } }).link;
    const card = data(
      await linkCard({ itemId: 'tickets', recordId: ticketId }, issueOptions(existing, agent())),
    );
    expect(card.link?.zendeskLink).toEqual({ state: 'registered', linkId: made.id });
  });
});
