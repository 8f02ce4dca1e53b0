/**
 * The issue panel rendered by the real @forge/react reconciler in Node. The only fakes are
 * the bridge host (what Jira's frontend would be) and, behind `invoke`, an in-memory
 * PanelApi; every interaction calls the live handler functions found in the forgeDoc.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  LinkOutcome,
  LinkPreview,
  PanelApi,
  PanelCard,
  PanelState,
  Result,
  RpcError,
  SearchResult,
} from '../../../src/domain/rpc';
import type { LinkRecord, PreviewValue, SyncMode, ZendeskObject } from '../../../src/domain/types';
import { NO_FEATURES } from '../../../src/domain/types';
import {
  type ForgeNode,
  closest,
  findAll,
  findButton,
  findButtons,
  findByText,
  findByType,
  fire,
  hasText,
  only,
  textContent,
  toPlain,
} from '../support/forgeDoc';
import { loadPanelApp } from '../support/panelApp';

const { host, render: renderApp } = await loadPanelApp();

/**
 * Every component type the panel may put in its forgeDoc. The sandbox web host renders
 * exactly these; a new one here means the host needs it too.
 */
const HOSTED_TYPES = new Set([
  'Root',
  'String',
  'Box',
  'Stack',
  'Inline',
  'Heading',
  'Text',
  'Lozenge',
  'Button',
  'LoadingButton',
  'LinkButton',
  'ButtonGroup',
  'SectionMessage',
  'Spinner',
  'EmptyState',
  'Form',
  'Label',
  'Textfield',
  'Modal',
  'ModalTransition',
  'ModalHeader',
  'ModalTitle',
  'ModalBody',
  'ModalFooter',
  'DynamicTable',
  'List',
  'ListItem',
  'ContentWrapper',
  'Row',
  'Cell',
]);

// ---------- an in-memory PanelApi ----------

interface FakeRecord {
  id: string;
  title: string;
  detail: string;
  fields: PreviewValue[];
  /** What the backend's ticket index says about this ticket (search marks it). */
  linkedTo?: SearchResult['linkedTo'];
}

type Item = PanelCard['item'];
type Call = keyof PanelApi;

const ISSUE = { id: '10001', key: 'SUP-1' };
const AT = '2025-03-01T10:00:00.000Z';

function item(id: string, name: string, syncMode: SyncMode, zendeskObject: ZendeskObject): Item {
  return { id, name, syncMode, zendeskObject, features: NO_FEATURES };
}

const AGENT_PATHS: Record<ZendeskObject, string> = {
  ticket: 'tickets',
  user: 'users',
  organization: 'organizations',
};

class FakePanelBackend {
  license: PanelState['license'] = 'active';
  connected = true;
  canEdit = true;
  items: Item[] = [];
  links = new Map<string, LinkRecord>();
  records: Record<ZendeskObject, FakeRecord[]> = { ticket: [], user: [], organization: [] };
  /** Next answer for `call:itemId` (or `getPanel`) replaced by this error, once. */
  failNext = new Map<string, RpcError>();
  /** Next answer for `call:itemId` replaced by this raw value, once (contract drift). */
  garbleNext = new Map<string, unknown>();
  /** Items whose Link is answered with this preview until it is confirmed with its fingerprint. */
  previews = new Map<string, LinkPreview>();
  /** Answer in the bridge 7 `{body, metadata}` wrapper. */
  wrapResponses = false;
  /** Calls wait here while a test holds them. */
  private gate: Promise<void> | null = null;
  calls: { key: string; payload: unknown }[] = [];

  hold(): () => void {
    let release = () => {};
    this.gate = new Promise<void>((resolve) => {
      release = () => {
        this.gate = null;
        resolve();
      };
    });
    return release;
  }

  callsTo(key: Call): unknown[] {
    return this.calls.filter((c) => c.key === key).map((c) => c.payload);
  }

  async invoke(call: { functionKey: string; payload: unknown }): Promise<unknown> {
    this.calls.push({ key: call.functionKey, payload: call.payload });
    if (this.gate) await this.gate;
    const payload = (call.payload ?? {}) as { itemId?: string };
    const failKey = payload.itemId ? `${call.functionKey}:${payload.itemId}` : call.functionKey;
    const garbled = this.garbleNext.get(failKey);
    if (garbled !== undefined) {
      this.garbleNext.delete(failKey);
      return garbled;
    }
    const failure = this.failNext.get(failKey);
    const answer: Result<unknown> = failure
      ? (this.failNext.delete(failKey), { ok: false, error: failure })
      : this.answer(call.functionKey as Call, call.payload);
    // Resolver results are JSON round-tripped (docs/contracts/forge-platform.md § Resolvers).
    const body: unknown = JSON.parse(JSON.stringify(answer));
    return this.wrapResponses ? { body, metadata: {} } : body;
  }

  private answer(key: Call, payload: unknown): Result<unknown> {
    if (this.license === 'inactive') {
      return { ok: false, error: { code: 'LICENSE_INACTIVE', message: 'License required' } };
    }
    switch (key) {
      case 'getPanel':
        return {
          ok: true,
          data: {
            license: this.license,
            connected: this.connected,
            canEdit: this.canEdit,
            cards: this.items.map((i) => this.card(i)),
          } satisfies PanelState,
        };
      case 'search': {
        const { itemId, query } = payload as { itemId: string; query: string };
        const found = this.itemOf(itemId);
        const q = query.toLowerCase();
        const hits: SearchResult[] = this.records[found.zendeskObject]
          .filter(
            (r) =>
              r.id.startsWith(q) || r.title.toLowerCase().includes(q) || r.detail.toLowerCase().includes(q),
          )
          .map(({ id, title, detail, linkedTo }) => ({
            id,
            title,
            detail,
            ...(linkedTo ? { linkedTo } : {}),
          }));
        return { ok: true, data: hits };
      }
      case 'link': {
        const { itemId, recordId, confirm } = payload as {
          itemId: string;
          recordId: string;
          confirm?: string;
        };
        if (!this.canEdit)
          return { ok: false, error: { code: 'NO_ACCESS', message: 'You cannot edit this issue.' } };
        const found = this.itemOf(itemId);
        const record = this.records[found.zendeskObject].find((r) => r.id === recordId);
        if (!record) return { ok: false, error: { code: 'NOT_FOUND', message: `No record ${recordId}` } };
        const preview = this.previews.get(itemId);
        if (preview && confirm !== preview.fingerprint) {
          const data: LinkOutcome = { kind: 'confirm', preview, changed: confirm !== undefined };
          return { ok: true, data };
        }
        this.links.set(itemId, this.linkRecord(found, record, 'manual'));
        const data: LinkOutcome = { kind: 'linked', card: this.card(found) };
        return { ok: true, data };
      }
      case 'unlink': {
        const { itemId } = payload as { itemId: string };
        const existing = this.links.get(itemId);
        if (existing?.origin === 'auto') {
          return {
            ok: false,
            error: { code: 'AUTO_LINK_READ_ONLY', message: 'Auto-created links cannot be unlinked.' },
          };
        }
        this.links.delete(itemId);
        return { ok: true, data: this.card(this.itemOf(itemId)) };
      }
      case 'refresh': {
        const { itemId } = payload as { itemId: string };
        const found = this.itemOf(itemId);
        const existing = this.links.get(itemId);
        if (!existing) return { ok: false, error: { code: 'NOT_LINKED', message: 'Nothing linked.' } };
        const record = this.records[found.zendeskObject].find((r) => r.id === existing.recordId);
        this.links.set(itemId, {
          ...existing,
          preview: record ? record.fields : existing.preview,
          previewAt: '2025-03-02T12:00:00.000Z',
        });
        return { ok: true, data: this.card(found) };
      }
    }
  }

  private itemOf(id: string): Item {
    const found = this.items.find((i) => i.id === id);
    if (!found) throw new Error(`unknown item ${id}`);
    return found;
  }

  linkRecord(of: Item, record: FakeRecord, origin: LinkRecord['origin']): LinkRecord {
    return {
      itemId: of.id,
      issueId: ISSUE.id,
      issueKey: ISSUE.key,
      zendeskObject: of.zendeskObject,
      recordId: record.id,
      origin,
      createdAt: AT,
      updatedAt: AT,
      zendeskLink:
        of.zendeskObject === 'ticket' ? { state: 'registered', linkId: 7 } : { state: 'not-applicable' },
      preview: record.fields,
      previewAt: AT,
      problems: [],
    };
  }

  private card(of: Item): PanelCard {
    const link = this.links.get(of.id) ?? null;
    return {
      item: of,
      link,
      openUrl: link
        ? `https://acme.zendesk.com/agent/${AGENT_PATHS[of.zendeskObject]}/${link.recordId}`
        : null,
      canUnlink: link !== null && link.origin === 'manual',
    };
  }
}

function seededBackend(): FakePanelBackend {
  const backend = new FakePanelBackend();
  backend.items = [
    item('itm-sync', 'Support escalations', 'twoWay', 'ticket'),
    item('itm-cust', 'Customer', 'none', 'user'),
    item('itm-org', 'Account', 'none', 'organization'),
  ];
  backend.records.ticket = [
    {
      id: '101',
      title: 'Printer offline',
      detail: 'Requested by Ana Lima · open',
      fields: [
        // Headline fields come first (src/links/headline.ts), then the admin's preview fields.
        { fieldId: 'subject', label: 'Subject', value: 'Printer offline' },
        { fieldId: 'status', label: 'Status', value: 'Open' },
        { fieldId: 'requester', label: 'Requester', value: 'Ana Lima' },
        { fieldId: 'priority', label: 'Priority', value: 'High' },
        // The backend leaves empty values out; the panel must not show one that slips through.
        { fieldId: '360001', label: 'Region', value: '  ' },
      ],
    },
    { id: '102', title: 'Printer jams on tray 2', detail: 'Requested by Bo Chen · pending', fields: [] },
    { id: '230', title: 'VPN drops', detail: 'Requested by Ana Lima · new', fields: [] },
  ];
  backend.records.user = [
    {
      id: '501',
      title: 'Ana Lima',
      detail: 'ana@example.com',
      fields: [
        { fieldId: 'name', label: 'Name', value: 'Ana Lima' },
        { fieldId: 'email', label: 'Email', value: 'ana@example.com' },
      ],
    },
  ];
  backend.records.organization = [{ id: '900', title: 'Acme Corp', detail: 'acme.example', fields: [] }];
  return backend;
}

const PANEL_CONTEXT = {
  localId: 'panel-1',
  cloudId: 'cloud-1',
  moduleKey: 'zendesk-connector-panel',
  siteUrl: 'https://example.atlassian.net',
  extension: {
    type: 'jira:issuePanel',
    issue: { id: ISSUE.id, key: ISSUE.key },
    project: { id: '10000', key: 'SUP' },
  },
};

let backend: FakePanelBackend;

function startSession(b: FakePanelBackend) {
  backend = b;
  host.session({ invoke: (call) => backend.invoke(call), getContext: () => PANEL_CONTEXT });
}

/** Renders the same tree as src/frontend/panel/index.tsx. */
function renderPanel(b: FakePanelBackend) {
  startSession(b);
  renderApp();
}

// ---------- finding things ----------

/** The card of an item: the Box the panel tags with the item id. */
function cardOf(doc: ForgeNode, itemId: string): ForgeNode | undefined {
  return findAll(doc, (n) => n.type === 'Box' && n.props.testId === `zendesk-card-${itemId}`)[0];
}

/** Renders the panel for the current backend and waits for its cards. */
async function showPanel(): Promise<void> {
  renderPanel(backend);
  await cardsLoaded();
}

/** Stores a link of `backend.items[itemIndex]` to `backend.records[object][recordIndex]`. */
function linkSeeded(
  itemIndex: number,
  object: ZendeskObject,
  recordIndex: number,
  origin: LinkRecord['origin'],
  extra: Partial<LinkRecord> = {},
): void {
  const of = backend.items[itemIndex] as Item;
  const record = backend.records[object][recordIndex] as FakeRecord;
  backend.links.set(of.id, { ...backend.linkRecord(of, record, origin), ...extra });
}

function card(itemId: string): ForgeNode {
  const found = cardOf(host.doc(), itemId);
  if (!found) throw new Error(`no card for ${itemId}`);
  return found;
}

async function cardsLoaded(): Promise<void> {
  await host.waitFor(
    (doc) => findByType(doc, 'Spinner').length === 0 && findByType(doc, 'Box').length > 0,
    'cards',
  );
}

function modal(): ForgeNode | undefined {
  return findByType(host.doc(), 'Modal')[0];
}

async function openDialog(itemId: string, label: string): Promise<ForgeNode> {
  fire(findButton(card(itemId), label), 'onClick');
  return host.waitFor(() => modal(), 'the link dialog');
}

async function search(query: string): Promise<void> {
  const dialog = modal();
  if (!dialog) throw new Error('dialog not open');
  fire(only(findByType(dialog, 'Textfield'), 'search field'), 'onChange', { target: { value: query } });
  const form = only(findByType(modal() ?? dialog, 'Form'), 'search form');
  await fire(form, 'onSubmit');
}

function resultRows(dialog: ForgeNode): string[] {
  return findButtons(dialog, 'Link').map((button) => {
    const row = closest(dialog, button, 'Inline');
    return row ? textContent(row) : '';
  });
}

function previewRows(of: ForgeNode): string[][] {
  const table = findByType(of, 'DynamicTable')[0];
  if (!table) return [];
  const rows = findAll(table, (n) => n.type === 'ContentWrapper' && n.props.name === 'rows')[0];
  return (rows?.children ?? []).map((row) => row.children.map((cell) => textContent(cell)));
}

function sectionMessages(of: ForgeNode): { appearance: unknown; title: unknown; text: string }[] {
  return findByType(of, 'SectionMessage').map((n) => ({
    appearance: n.props.appearance,
    title: n.props.title,
    text: textContent(n),
  }));
}

beforeEach(() => {
  backend = seededBackend();
});

afterEach(() => {
  // Every committed tree could be sent across the bridge, and nothing reported an error.
  expect(host.problems()).toEqual([]);
  for (const type of host.typesSeen()) expect(HOSTED_TYPES, `component ${type}`).toContain(type);
});

describe('issue panel (UI Kit, real reconciler)', () => {
  it('the index.tsx entry shows a spinner, then one card per item', async () => {
    const b = seededBackend();
    const release = b.hold();
    startSession(b);
    await import('../../../src/frontend/panel/index');
    const spinner = only(findByType(host.doc(), 'Spinner'), 'spinner');
    expect(spinner.props.label).toBe('Loading Zendesk records');
    expect(findByType(host.doc(), 'Box')).toHaveLength(0);
    release();
    await cardsLoaded();
    expect(findAll(host.doc(), (n) => n.type === 'Box' && typeof n.props.testId === 'string')).toHaveLength(
      3,
    );
    expect(b.callsTo('getPanel').length).toBeGreaterThanOrEqual(1);
    expect(b.callsTo('getPanel').every((p) => JSON.stringify(p) === '{}')).toBe(true);
    expect(host.commands().every((c) => c.cmd === 'invoke')).toBe(true);
  });

  it('shows each item with its Zendesk object, sync mode, sync note and Link action', async () => {
    await showPanel();

    const sync = card('itm-sync');
    expect(textContent(only(findByType(sync, 'Heading'), 'heading'))).toBe('Support escalations');
    expect(hasText(sync, 'Zendesk Support · Ticket')).toBe(true);
    expect(textContent(only(findByType(sync, 'Lozenge'), 'lozenge'))).toBe('Two-way sync');
    expect(hasText(sync, 'Linking a ticket starts synchronization')).toBe(true);
    expect(findButton(sync, 'Link ticket').props.isDisabled).toBe(false);

    const customer = card('itm-cust');
    expect(hasText(customer, 'Zendesk Support · Customer')).toBe(true);
    expect(textContent(only(findByType(customer, 'Lozenge'), 'lozenge'))).toBe('Display only');
    expect(hasText(customer, 'starts synchronization')).toBe(false);
    findButton(customer, 'Link customer');

    const org = card('itm-org');
    expect(hasText(org, 'Zendesk Support · Organization')).toBe(true);
    findButton(org, 'Link organization');
  });

  it('one-way display: lozenge and note follow the sync mode; display-only tickets get no sync note', async () => {
    backend.items = [
      item('a', 'Escalations', 'oneWay', 'ticket'),
      item('b', 'Ticket view', 'none', 'ticket'),
    ];
    await showPanel();
    expect(textContent(only(findByType(card('a'), 'Lozenge'), 'lozenge'))).toBe('One-way sync');
    expect(hasText(card('a'), 'Linking a ticket starts synchronization')).toBe(true);
    expect(hasText(card('b'), 'starts synchronization')).toBe(false);
  });

  it('links a ticket through search, then shows record, preview, Open, Refresh and Unlink', async () => {
    await showPanel();

    const dialog = await openDialog('itm-sync', 'Link ticket');
    expect(textContent(only(findByType(dialog, 'ModalTitle'), 'title'))).toBe('Link a Zendesk ticket');
    expect(hasText(dialog, 'Search by ticket ID or part of the subject.')).toBe(true);
    const label = only(findByType(dialog, 'Label'), 'label');
    const field = only(findByType(dialog, 'Textfield'), 'field');
    expect(label.props.labelFor).toBe(field.props.id);
    expect(findButton(dialog, 'Search').props.type).toBe('submit');
    expect(closest(dialog, findButton(dialog, 'Search'), 'Form')).toBeDefined();

    // An empty search asks for a term and calls nothing.
    await fire(only(findByType(dialog, 'Form'), 'form'), 'onSubmit');
    expect(hasText(modal() as ForgeNode, 'Enter a search term')).toBe(true);
    expect(backend.callsTo('search')).toEqual([]);

    await search('printer');
    const withResults = await host.waitFor(() => {
      const m = modal();
      return m && findButtons(m, 'Link').length === 2 ? m : undefined;
    }, 'two results');
    expect(backend.callsTo('search')).toEqual([{ itemId: 'itm-sync', query: 'printer' }]);
    expect(only(findByType(withResults, 'Textfield'), 'field').props.value).toBe('printer');
    const rows = resultRows(withResults);
    expect(rows[0]).toContain('#101 Printer offline');
    expect(rows[0]).toContain('Requested by Ana Lima · open');
    expect(rows[1]).toContain('#102 Printer jams on tray 2');

    const linkFirst = findButtons(withResults, 'Link')[0] as ForgeNode;
    fire(linkFirst, 'onClick');
    await host.waitFor(
      () => modal() === undefined && hasText(card('itm-sync'), 'Ticket #101'),
      'the linked card',
    );
    expect(backend.callsTo('link')).toEqual([{ itemId: 'itm-sync', recordId: '101' }]);

    const linked = card('itm-sync');
    // Subject, status and requester lead the card; the table has the other preview fields.
    expect(
      textContent(
        only(
          findAll(linked, (n) => n.props.testId === 'zendesk-title'),
          'title',
        ),
      ),
    ).toBe('Printer offline');
    const status = only(
      findAll(linked, (n) => n.props.testId === 'zendesk-status'),
      'status',
    );
    expect([status.type, textContent(status), status.props.appearance]).toEqual([
      'Lozenge',
      'Open',
      'removed',
    ]);
    expect(hasText(linked, 'Requester: Ana Lima')).toBe(true);
    expect(previewRows(linked)).toEqual([['Priority', 'High']]);
    const open = findButton(linked, 'Open in Zendesk');
    expect(open.type).toBe('LinkButton');
    expect(open.props.href).toBe('https://acme.zendesk.com/agent/tickets/101');
    expect(open.props.target).toBe('_blank');
    expect(findButton(linked, 'Refresh').type).toBe('LoadingButton');
    findButton(linked, 'Unlink');
    expect(findButtons(linked, 'Link ticket')).toEqual([]);
    expect(hasText(linked, 'starts synchronization')).toBe(false);
    expect(hasText(linked, 'Managed by the scheduler')).toBe(false);
    // The other cards did not move.
    findButton(card('itm-cust'), 'Link customer');
  });

  it('asks before linking a synchronized ticket: the exact changes, Cancel sends nothing, confirm sends the fingerprint', async () => {
    const preview: LinkPreview = {
      recordId: '101',
      title: 'Printer offline',
      issueKey: ISSUE.key,
      changes: [
        {
          fieldId: 'summary',
          field: 'Summary',
          from: 'Subject',
          current: 'Old summary',
          next: 'Printer offline',
        },
        { fieldId: 'priority', field: 'Priority', from: 'Priority', current: 'Low', next: '' },
      ],
      status: { current: 'To Do', next: 'In Progress', transition: 'Start progress' },
      statusBlocked: null,
      left: [{ field: 'Labels', reason: 'the ticket has no such Zendesk field' }],
      importsComments: true,
      internalNotesFor: 'Administrators',
      skipsDescription: false,
      importsAttachments: false,
      twoWay: true,
      fingerprint: 'sha256:preview-one',
    };
    backend.previews.set('itm-sync', preview);
    await showPanel();

    const ask = async (): Promise<ForgeNode> => {
      await openDialog('itm-sync', 'Link ticket');
      await search('printer');
      const results = await host.waitFor(() => {
        const m = modal();
        return m && findButtons(m, 'Link').length === 2 ? m : undefined;
      }, 'results');
      fire(findButtons(results, 'Link')[0] as ForgeNode, 'onClick');
      return host.waitFor(() => {
        const m = modal();
        return m && hasText(m, 'Link and synchronize') ? m : undefined;
      }, 'the confirmation');
    };

    let question = await ask();
    expect(textContent(only(findByType(question, 'ModalTitle'), 'title'))).toBe(
      'Link ticket #101 and synchronize?',
    );
    expect(previewRows(question)).toEqual([
      ['Summary (from Subject)', 'Old summary', 'Printer offline'],
      ['Priority', 'Low', '(empty)'],
      ['Status (through “Start progress”)', 'To Do', 'In Progress'],
    ]);
    expect(hasText(question, 'Labels: the ticket has no such Zendesk field')).toBe(true);
    expect(hasText(question, 'public replies and internal notes')).toBe(true);
    expect(hasText(question, 'visible only to Administrators')).toBe(true);

    // Cancel: the dialog closes and nothing else is asked of the backend.
    fire(findButton(question, 'Cancel'), 'onClick');
    await host.waitFor(() => modal() === undefined, 'the dialog to close');
    expect(backend.callsTo('link')).toEqual([{ itemId: 'itm-sync', recordId: '101' }]);
    expect(hasText(card('itm-sync'), 'Ticket #101')).toBe(false);

    // The issue changed meanwhile: the backend answers a new preview, which is asked again.
    question = await ask();
    backend.previews.set('itm-sync', { ...preview, fingerprint: 'sha256:preview-two' });
    fire(findButton(question, 'Link and synchronize'), 'onClick');
    question = await host.waitFor(() => {
      const m = modal();
      return m && sectionMessages(m).some((x) => x.title === 'The issue or the ticket changed')
        ? m
        : undefined;
    }, 'the changed preview');
    fire(findButton(question, 'Link and synchronize'), 'onClick');
    await host.waitFor(
      () => modal() === undefined && hasText(card('itm-sync'), 'Ticket #101'),
      'the linked card',
    );
    expect(backend.callsTo('link').slice(1)).toEqual([
      { itemId: 'itm-sync', recordId: '101' },
      { itemId: 'itm-sync', recordId: '101', confirm: 'sha256:preview-one' },
      { itemId: 'itm-sync', recordId: '101', confirm: 'sha256:preview-two' },
    ]);
  });

  it('tells the user when nothing matches, with object-specific wording', async () => {
    await showPanel();

    const dialog = await openDialog('itm-cust', 'Link customer');
    expect(textContent(only(findByType(dialog, 'ModalTitle'), 'title'))).toBe('Link a Zendesk customer');
    expect(hasText(dialog, 'Search by ID, name or email.')).toBe(true);
    await search('nobody@example.com');
    await host.waitFor(
      () => hasText(modal() as ForgeNode, 'No matching customers. Try searching by ID.'),
      'no results',
    );
    expect(findButtons(modal() as ForgeNode, 'Link')).toEqual([]);

    fire(findButton(modal() as ForgeNode, 'Cancel'), 'onClick');
    await host.waitFor(() => modal() === undefined, 'the dialog to close');

    const orgDialog = await openDialog('itm-org', 'Link organization');
    expect(textContent(only(findByType(orgDialog, 'ModalTitle'), 'title'))).toBe(
      'Link a Zendesk organization',
    );
    expect(hasText(orgDialog, 'Search by ID or name.')).toBe(true);
    await search('zzz');
    await host.waitFor(
      () => hasText(modal() as ForgeNode, 'No matching organizations. Try searching by ID.'),
      'none',
    );
    // Closing through the modal itself (Escape / blanket) works too.
    fire(modal() as ForgeNode, 'onClose');
    await host.waitFor(() => modal() === undefined, 'the dialog to close');
  });

  it('marks tickets that are already linked, and where, before the user links them', async () => {
    (backend.records.ticket[1] as FakeRecord).linkedTo = [
      { issueKey: 'SUP-7', itemName: 'Support escalations', thisIssue: false },
      { issueKey: 'SUP-1', itemName: 'Billing tickets', thisIssue: true },
    ];
    await showPanel();
    await openDialog('itm-sync', 'Link ticket');
    await search('printer');
    const dialog = await host.waitFor(() => {
      const m = modal();
      return m && findButtons(m, 'Link').length + findButtons(m, 'Link anyway').length === 2 ? m : undefined;
    }, 'two results');

    // The free ticket keeps a plain Link; the linked one says where and asks for "Link anyway".
    expect(findAll(dialog, (n) => n.props.testId === 'already-linked-101')).toEqual([]);
    const note = only(
      findAll(dialog, (n) => n.props.testId === 'already-linked-102'),
      'already-linked note',
    );
    expect(textContent(note)).toBe(
      'Already linked to SUP-7 (Support escalations), this issue (Billing tickets).',
    );
    const anyway = findButton(dialog, 'Link anyway');
    expect(anyway.props.appearance).toBe('warning');
    expect(textContent(closest(dialog, anyway, 'Inline') as ForgeNode)).toContain(
      '#102 Printer jams on tray 2',
    );
    expect(findButton(dialog, 'Link').props.appearance).toBe('default');

    fire(anyway, 'onClick');
    await host.waitFor(() => modal() === undefined, 'the dialog to close');
    expect(backend.callsTo('link')).toEqual([{ itemId: 'itm-sync', recordId: '102' }]);
  });

  it('says that ids must be complete when digits found nothing', async () => {
    await showPanel();
    await openDialog('itm-cust', 'Link customer');
    await search('77');
    await host.waitFor(
      () =>
        hasText(
          modal() as ForgeNode,
          'No customer has ID 77, and no customer matched it as text. Zendesk finds IDs only when they are complete: check the number, or search by name.',
        ),
      'the id hint',
    );
  });

  it('shows search and link errors inside the dialog, with the upstream status', async () => {
    await showPanel();
    await openDialog('itm-sync', 'Link ticket');

    backend.failNext.set('search:itm-sync', {
      code: 'UPSTREAM',
      message: 'Zendesk search failed.',
      upstream: { service: 'zendesk', status: 429, message: 'Rate limit exceeded' },
    });
    await search('printer');
    await host.waitFor(
      () => findByType(modal() as ForgeNode, 'SectionMessage').length === 1,
      'the search error',
    );
    expect(sectionMessages(modal() as ForgeNode)[0]).toMatchObject({
      appearance: 'error',
      text: 'Zendesk search failed. (Zendesk answered 429: Rate limit exceeded)',
    });

    await search('printer');
    await host.waitFor(() => findButtons(modal() as ForgeNode, 'Link').length === 2, 'results after retry');
    expect(findByType(modal() as ForgeNode, 'SectionMessage')).toEqual([]);

    backend.failNext.set('link:itm-sync', {
      code: 'UPSTREAM',
      message: 'Zendesk refused the link.',
      upstream: { service: 'zendesk', status: 403, message: 'Forbidden' },
    });
    fire(findButtons(modal() as ForgeNode, 'Link')[1] as ForgeNode, 'onClick');
    await host.waitFor(
      () => findByType(modal() as ForgeNode, 'SectionMessage').length === 1,
      'the link error',
    );
    expect(sectionMessages(modal() as ForgeNode)[0]?.text).toContain('(Zendesk answered 403: Forbidden)');
    // Still open, still unlinked, results still there to try again.
    expect(findButtons(modal() as ForgeNode, 'Link')).toHaveLength(2);
    expect(hasText(card('itm-sync'), 'Ticket #')).toBe(false);
  });

  it('marks the row being linked as loading and blocks a second link meanwhile', async () => {
    await showPanel();
    await openDialog('itm-sync', 'Link ticket');
    await search('printer');
    await host.waitFor(() => findButtons(modal() as ForgeNode, 'Link').length === 2, 'results');

    const release = backend.hold();
    fire(findButtons(modal() as ForgeNode, 'Link')[0] as ForgeNode, 'onClick');
    const [first, second] = findButtons(modal() as ForgeNode, 'Link');
    expect(first?.props.isLoading).toBe(true);
    expect(second?.props.isDisabled).toBe(true);
    fire(second as ForgeNode, 'onClick');
    release();
    await host.waitFor(() => modal() === undefined, 'the dialog to close');
    expect(backend.callsTo('link')).toEqual([{ itemId: 'itm-sync', recordId: '101' }]);
  });

  it('refreshes a linked record with a loading button and shows the new preview', async () => {
    linkSeeded(0, 'ticket', 0, 'manual', { preview: [] });
    await showPanel();
    expect(previewRows(card('itm-sync'))).toEqual([]);
    expect(hasText(card('itm-sync'), 'No field values to show yet')).toBe(true);

    const release = backend.hold();
    fire(findButton(card('itm-sync'), 'Refresh'), 'onClick');
    expect(findButton(card('itm-sync'), 'Refresh').props.isLoading).toBe(true);
    expect(findButton(card('itm-sync'), 'Unlink').props.isDisabled).toBe(true);
    release();
    await host.waitFor(() => previewRows(card('itm-sync')).length === 1, 'the refreshed preview');
    expect(hasText(card('itm-sync'), 'Printer offline')).toBe(true);
    expect(findButton(card('itm-sync'), 'Refresh').props.isLoading).toBe(false);
    expect(backend.callsTo('refresh')).toEqual([{ itemId: 'itm-sync' }]);
    expect(hasText(card('itm-sync'), 'Last refreshed')).toBe(true);
  });

  it('unlinks a manual link and offers Link again', async () => {
    linkSeeded(1, 'user', 0, 'manual');
    await showPanel();
    const linked = card('itm-cust');
    expect(hasText(linked, 'Customer #501')).toBe(true);
    expect(hasText(linked, 'Ana Lima')).toBe(true);
    expect(hasText(linked, 'ana@example.com')).toBe(true);
    expect(previewRows(linked)).toEqual([]);
    expect(findButton(linked, 'Open in Zendesk').props.href).toBe('https://acme.zendesk.com/agent/users/501');

    // Unlink asks first; Cancel changes nothing.
    fire(findButton(linked, 'Unlink'), 'onClick');
    const ask = await host.waitFor(() => modal(), 'the unlink question');
    expect(textContent(only(findByType(ask, 'ModalTitle'), 'title'))).toBe('Unlink Customer #501?');
    expect(hasText(ask, 'Customer #501 stays in Zendesk; only its link to this issue is removed.')).toBe(
      true,
    );
    fire(findButton(ask, 'Cancel'), 'onClick');
    await host.waitFor(() => modal() === undefined, 'the question to close');
    expect(backend.callsTo('unlink')).toEqual([]);
    expect(hasText(card('itm-cust'), 'Customer #501')).toBe(true);

    fire(findButton(card('itm-cust'), 'Unlink'), 'onClick');
    const again = await host.waitFor(() => modal(), 'the unlink question again');
    fire(findButton(again, 'Unlink'), 'onClick');
    await host.waitFor(
      () => findButtons(card('itm-cust'), 'Link customer').length === 1,
      'the unlinked card',
    );
    expect(backend.callsTo('unlink')).toEqual([{ itemId: 'itm-cust' }]);
    expect(hasText(card('itm-cust'), 'Customer #501')).toBe(false);
    expect(findByType(card('itm-cust'), 'DynamicTable')).toEqual([]);
  });

  it('shows auto-created links read-only: no Unlink, a scheduler note, Refresh still works', async () => {
    linkSeeded(0, 'ticket', 2, 'auto');
    await showPanel();
    const linked = card('itm-sync');
    expect(hasText(linked, 'Ticket #230')).toBe(true);
    expect(hasText(linked, 'Managed by the scheduler (auto-created)')).toBe(true);
    expect(findButtons(linked, 'Unlink')).toEqual([]);
    findButton(linked, 'Open in Zendesk');

    fire(findButton(linked, 'Refresh'), 'onClick');
    await host.waitFor(
      () => backend.callsTo('refresh').length === 1 && hasText(card('itm-sync'), 'Last refreshed'),
      'refresh',
    );
    expect(findByType(card('itm-sync'), 'SectionMessage')).toEqual([]);
  });

  it('disables Link with an explanation when the user cannot edit the issue', async () => {
    backend.canEdit = false;
    linkSeeded(1, 'user', 0, 'manual');
    await showPanel();
    const button = findButton(card('itm-sync'), 'Link ticket');
    expect(button.props.isDisabled).toBe(true);
    expect(
      hasText(card('itm-sync'), 'You need permission to edit this issue to link a Zendesk ticket.'),
    ).toBe(true);
    expect(findButton(card('itm-org'), 'Link organization').props.isDisabled).toBe(true);
    // Viewing and refreshing still work; unlinking does not.
    expect(findButton(card('itm-cust'), 'Unlink').props.isDisabled).toBe(true);
    expect(findButton(card('itm-cust'), 'Refresh').props.isDisabled).toBe(false);
  });

  it('keeps an error on the card that failed while the other cards keep working', async () => {
    linkSeeded(0, 'ticket', 0, 'manual');
    await showPanel();

    backend.failNext.set('refresh:itm-sync', {
      code: 'UPSTREAM',
      message: 'Could not read the ticket from Zendesk.',
      upstream: { service: 'zendesk', status: 502, message: 'Bad Gateway' },
    });
    fire(findButton(card('itm-sync'), 'Refresh'), 'onClick');
    await host.waitFor(
      () => findByType(card('itm-sync'), 'SectionMessage').length === 1,
      'the refresh error',
    );
    expect(sectionMessages(card('itm-sync'))).toEqual([
      {
        appearance: 'error',
        title: 'Refresh failed',
        text: 'Could not read the ticket from Zendesk. (Zendesk answered 502: Bad Gateway)',
      },
    ]);
    // The failed card still shows what it had.
    expect(previewRows(card('itm-sync'))).toHaveLength(1);
    expect(hasText(card('itm-sync'), 'Printer offline')).toBe(true);
    expect(findByType(card('itm-cust'), 'SectionMessage')).toEqual([]);
    expect(findByType(card('itm-org'), 'SectionMessage')).toEqual([]);

    await openDialog('itm-cust', 'Link customer');
    await search('ana');
    await host.waitFor(() => findButtons(modal() as ForgeNode, 'Link').length === 1, 'a customer result');
    fire(findButtons(modal() as ForgeNode, 'Link')[0] as ForgeNode, 'onClick');
    await host.waitFor(() => hasText(card('itm-cust'), 'Customer #501'), 'the linked customer');
    // The error stays where it happened until that card is used again.
    expect(sectionMessages(card('itm-sync'))).toHaveLength(1);

    fire(findButton(card('itm-sync'), 'Refresh'), 'onClick');
    await host.waitFor(
      () => findByType(card('itm-sync'), 'SectionMessage').length === 0,
      'the error to clear',
    );
  });

  it('turns an answer that breaks the contract into a readable error on that card', async () => {
    linkSeeded(0, 'ticket', 0, 'manual');
    await showPanel();
    backend.garbleNext.set('refresh:itm-sync', { ok: true, data: { item: 'not a card' } });
    fire(findButton(card('itm-sync'), 'Refresh'), 'onClick');
    await host.waitFor(() => findByType(card('itm-sync'), 'SectionMessage').length === 1, 'the error');
    expect(sectionMessages(card('itm-sync'))[0]?.text).toContain('does not understand (refresh)');
    expect(hasText(card('itm-sync'), 'Ticket #101')).toBe(true);
  });

  it('reads answers in the bridge 7 {body, metadata} wrapper as well', async () => {
    backend.wrapResponses = true;
    await showPanel();
    await openDialog('itm-org', 'Link organization');
    await search('acme');
    await host.waitFor(() => findButtons(modal() as ForgeNode, 'Link').length === 1, 'an organization');
    fire(findButtons(modal() as ForgeNode, 'Link')[0] as ForgeNode, 'onClick');
    await host.waitFor(() => hasText(card('itm-org'), 'Organization #900'), 'the linked organization');
  });

  it('shows sync problems: limitations as warnings, errors with the upstream answer', async () => {
    linkSeeded(0, 'ticket', 0, 'manual', {
      problems: [
        {
          kind: 'limitation',
          code: 'TO_ZENDESK_TICKET_CLOSED',
          message: 'The Zendesk ticket is closed and cannot be reopened.',
          at: AT,
        },
        {
          kind: 'error',
          code: 'TO_ZENDESK_FAILED',
          message: 'Updating the ticket failed.',
          upstream: { service: 'zendesk', status: 422, message: 'Status: closed prevents ticket update' },
          at: AT,
        },
      ],
    });
    await showPanel();
    expect(sectionMessages(card('itm-sync'))).toEqual([
      {
        appearance: 'warning',
        title: 'Sync limitation',
        text: 'The Zendesk ticket is closed and cannot be reopened.',
      },
      {
        appearance: 'error',
        title: 'Sync error',
        text: 'Updating the ticket failed. (Zendesk answered 422: Status: closed prevents ticket update)',
      },
    ]);
  });

  it('shows only the license-required message when the license is inactive', async () => {
    backend.license = 'inactive';
    renderPanel(backend);
    await host.waitFor((doc) => findByType(doc, 'SectionMessage').length > 0, 'the license message');
    const doc = host.doc();
    expect(sectionMessages(doc)).toEqual([
      {
        appearance: 'warning',
        title: 'License required',
        text: expect.stringContaining('active Atlassian Marketplace license'),
      },
    ]);
    expect(findAll(doc, (n) => n.type.endsWith('Button'))).toEqual([]);
    expect(findByType(doc, 'Box')).toEqual([]);
  });

  it('gates on the license state in a successful answer too', async () => {
    // A resolver may report the state instead of refusing; the panel must still show only the gate.
    const b = seededBackend();
    const answerOnce = b.invoke.bind(b);
    b.invoke = async (call) => {
      const answer = (await answerOnce(call)) as Result<PanelState>;
      return answer.ok && call.functionKey === 'getPanel'
        ? { ok: true, data: { ...answer.data, license: 'inactive' } }
        : answer;
    };
    renderPanel(b);
    await host.waitFor((doc) => findByType(doc, 'SectionMessage').length > 0, 'the license message');
    expect(sectionMessages(host.doc()).map((m) => m.title)).toEqual(['License required']);
    expect(findByType(host.doc(), 'Box')).toEqual([]);
  });

  it('tells the user to ask an admin when Zendesk is not connected', async () => {
    backend.connected = false;
    renderPanel(backend);
    await host.waitFor((doc) => findByType(doc, 'SectionMessage').length > 0, 'the message');
    const text = textContent(host.doc());
    expect(text).toContain('Zendesk is not connected. Ask your Jira admin');
    expect(findByType(host.doc(), 'Box')).toEqual([]);

    const refused = seededBackend();
    refused.failNext.set('getPanel', { code: 'NOT_CONNECTED', message: 'Not connected' });
    renderPanel(refused);
    await host.waitFor((doc) => findByType(doc, 'SectionMessage').length > 0, 'the message');
    expect(textContent(host.doc())).toContain('Zendesk is not connected. Ask your Jira admin');
  });

  it('offers Try again when the panel could not load, and an empty state without items', async () => {
    const outage: RpcError = {
      code: 'UPSTREAM',
      message: 'Jira did not answer.',
      upstream: { service: 'jira', status: 503, message: 'Service Unavailable' },
    };
    const original = backend.invoke.bind(backend);
    let jiraDown = true;
    backend.invoke = async (call) => {
      if (call.functionKey === 'getPanel' && jiraDown) return { ok: false, error: outage };
      return original(call);
    };
    backend.items = [];
    renderPanel(backend);
    await host.waitFor((doc) => findButtons(doc, 'Try again').length === 1, 'the load error');
    expect(textContent(host.doc())).toContain(
      'Jira did not answer. (Jira answered 503: Service Unavailable)',
    );

    jiraDown = false;
    fire(findButton(host.doc(), 'Try again'), 'onClick');
    await host.waitFor((doc) => findByType(doc, 'EmptyState').length === 1, 'the empty state');
    const empty = only(findByType(host.doc(), 'EmptyState'), 'empty state');
    expect(empty.props.header).toBe('No Zendesk items for this project');
  });

  it('renders Zendesk text as plain text nodes, never markup', async () => {
    backend.records.ticket[0] = {
      id: '101',
      title: '<img src=x onerror=alert(1)> Printer',
      detail: '<b>bold</b>',
      fields: [{ fieldId: 'subject', label: 'Subject', value: '<script>alert(1)</script>' }],
    };
    await showPanel();
    await openDialog('itm-sync', 'Link ticket');
    await search('printer');
    await host.waitFor(() => findButtons(modal() as ForgeNode, 'Link').length === 2, 'the results');
    const titleNode = findByText(modal() as ForgeNode, '<img src=x onerror=alert(1)> Printer', 'Text');
    expect(titleNode).toHaveLength(1);
    expect(titleNode[0]?.children.every((child) => child.type === 'String')).toBe(true);
    fire(findButtons(modal() as ForgeNode, 'Link')[0] as ForgeNode, 'onClick');
    await host.waitFor(() => hasText(card('itm-sync'), 'Ticket #101'), 'the linked card');
    const subject = findByText(card('itm-sync'), '<script>alert(1)</script>', 'Text');
    expect(subject).toHaveLength(1);
    expect(subject[0]?.children.every((child) => child.type === 'String')).toBe(true);
    // Exactly what a host receives: strings inside String nodes, no HTML-bearing props.
    const plain = JSON.stringify(toPlain(host.doc()));
    expect(plain).not.toContain('dangerouslySetInnerHTML');
  });
});
