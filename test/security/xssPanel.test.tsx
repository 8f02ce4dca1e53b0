/**
 * XSS in the issue panel (Zendesk content shown in the UI is text, not HTML:
 * docs/contracts/connector-rules.md § Security),
 * end to end: hostile Zendesk data (ticket subject and fields, customer and organization
 * names) and hostile admin-entered labels go through the real panel resolver in the Forge
 * emulator and are rendered by the real panel App with the real @forge/react reconciler.
 * What a UI Kit host receives is the forgeDoc: every hostile string must arrive only as the
 * `text` of a String node (or a plain text prop such as a heading), never as a URL, markup
 * or anything a host would interpret.
 */
import { connectDirect, invoke, saveItems, useStack } from './support';
import { SUP, TASK } from '../support/items';
import { type IssueCtx, newIssue, newTicket, previewField, ticketItem } from '../support/issuePanel';
import { issueOptions } from '../support/resolvers';
import { ticketFieldId } from '../support/world';
import {
  type ForgeNode,
  findAll,
  findButtons,
  findByType,
  fire,
  only,
  textContent,
  toPlain,
  walk,
} from '../unit/support/forgeDoc';
import { loadPanelApp } from '../unit/support/panelApp';
import { beforeAll, describe, expect, it } from 'vitest';

const { host, render: renderApp } = await loadPanelApp();

/**
 * Zendesk-sourced values. The panel turns Zendesk values that look like HTML into plain text
 * on the server (src/links/text.ts), so their tags may be stripped; what must survive is the
 * readable part, and nothing may reach the tree as markup. The last one is entity-encoded
 * markup behind a real tag: after tag stripping and entity decoding it becomes markup-looking
 * text, which must still be only text.
 */
const FROM_ZENDESK = {
  subject: ['<img src=x onerror="window.__xss=1">Printer <script>window.__xss=2</script>', 'Printer'],
  requester: ['<b onmouseover="window.__xss=4">Mallory</b>', 'Mallory'],
  organization: ['<iframe src="javascript:window.__xss=5"></iframe>Evil Corp', 'Evil Corp'],
  reference: ['<b>REF-1</b>&lt;img src=x onerror=window.__xss=3&gt;', 'REF-1'],
} as const;
/** Admin-entered text: the item name is shown exactly as typed, field labels as text. */
const FROM_ADMIN = {
  itemName: [
    '<a href="javascript:window.__xss=6">Tickets</a>',
    '<a href="javascript:window.__xss=6">Tickets</a>',
  ],
  label: ['<img src=x onerror=window.__xss=7>Reference', 'Reference'],
} as const;

/** Props that carry text a host shows as text; a hostile string in any other prop fails. */
const TEXT_PROPS = new Set(['text', 'header', 'title', 'label', 'description', 'placeholder', 'content']);

const stack = useStack();
let issue: IssueCtx;
let ticketId: string;
let requesterId: number;
let organizationId: number;
let searchResultsChecked = 0;

beforeAll(async () => {
  connectDirect(stack, 'admin');
  const reference = ticketFieldId(stack, 'Customer reference');
  const requester = [...stack.zendesk.state.users.values()].find(
    (u) => u.role === 'end-user' && u.active && u.organizationId !== null,
  );
  if (!requester || requester.organizationId === null) throw new Error('no end user with an organization');
  const organization = stack.zendesk.state.organizations.get(requester.organizationId);
  if (!organization) throw new Error('no organization');
  // What any Zendesk end user or agent can type: their own name, an organization's name.
  requester.name = FROM_ZENDESK.requester[0];
  organization.name = FROM_ZENDESK.organization[0];
  requesterId = requester.id;
  organizationId = organization.id;
  ticketId = newTicket(stack, FROM_ZENDESK.subject[0], {
    requesterId,
    customFields: [{ id: Number(reference), value: FROM_ZENDESK.reference[0] }],
  });
  saveItems(
    stack,
    ticketItem('tickets', {
      name: FROM_ADMIN.itemName[0],
      fields: [
        previewField('subject', 'Subject'),
        previewField('requester_id', 'Requester'),
        previewField('organization_id', 'Organization'),
        previewField(reference, FROM_ADMIN.label[0]),
      ],
    }),
    ticketItem('customers', {
      name: 'Customers',
      zendeskObject: 'user',
      fields: [previewField('name', 'Name'), previewField('organization_id', 'Organization')],
    }),
    ticketItem('orgs', {
      name: 'Organizations',
      zendeskObject: 'organization',
      fields: [previewField('name', 'Name')],
    }),
  );
  issue = newIssue(stack, SUP, TASK, 'Issue shown with hostile Zendesk data');
});

/** Renders the panel with `invoke` answered by the real resolver in the emulator. */
function renderPanel(): void {
  const options = issueOptions(issue, stack.user('agent').accountId);
  host.session({
    invoke: async (call) => {
      const { result } = await invoke(stack, 'panel', call.functionKey, call.payload, options);
      // Resolver results cross the bridge as JSON.
      return JSON.parse(JSON.stringify(result)) as unknown;
    },
    getContext: () => ({
      localId: 'panel-1',
      moduleKey: 'zendesk-connector-panel',
      extension: {
        type: 'jira:issuePanel',
        issue: { id: issue.id, key: issue.key },
        project: { id: SUP.id, key: SUP.key },
      },
    }),
  });
  renderApp();
}

function card(itemId: string): ForgeNode {
  const found = findAll(
    host.doc(),
    (n) => n.type === 'Box' && n.props.testId === `zendesk-card-${itemId}`,
  )[0];
  if (!found) throw new Error(`no card for ${itemId}`);
  return found;
}

const modal = (): ForgeNode | undefined => findByType(host.doc(), 'Modal')[0];

/** Opens the item's link dialog, searches, links the result with this id. */
async function linkThroughUi(itemId: string, label: string, query: string): Promise<void> {
  await host.waitFor(
    (doc) => findByType(doc, 'Spinner').length === 0 && findByType(doc, 'Box').length > 0,
    'cards',
  );
  fire(only(findButtons(card(itemId), label), `button ${label}`), 'onClick');
  const dialog = await host.waitFor(() => modal(), 'the link dialog');
  fire(only(findByType(dialog, 'Textfield'), 'search field'), 'onChange', { target: { value: query } });
  await fire(only(findByType(modal() ?? dialog, 'Form'), 'search form'), 'onSubmit');
  const button = await host.waitFor(() => findButtons(modal() as ForgeNode, 'Link')[0], 'a search result');
  // The search results (titles and details straight from Zendesk) are text too.
  for (const o of occurrences(modal() as ForgeNode))
    expect(TEXT_PROPS, `${o.type}.${o.prop} = ${o.value}`).toContain(o.prop);
  searchResultsChecked++;
  fire(button, 'onClick');
  await host.waitFor(() => !modal() && findButtons(card(itemId), 'Unlink').length === 1, `${itemId} linked`);
}

/**
 * Every occurrence of a hostile fragment in the tree: which node type and prop carries it.
 * Fragments rather than whole strings, so text split or re-joined by the UI is still found.
 */
function occurrences(doc: ForgeNode): { type: string; prop: string; value: string }[] {
  const fragments = ['onerror', '<script', 'onload', 'onmouseover', 'javascript:', '<iframe', '<img', '<svg'];
  const found: { type: string; prop: string; value: string }[] = [];
  walk(doc, (node) => {
    const plain = toPlain({ ...node, children: [] });
    for (const [prop, value] of Object.entries(plain.props)) {
      const text = JSON.stringify(value);
      if (fragments.some((f) => text.toLowerCase().includes(f)))
        found.push({ type: node.type, prop, value: text.slice(0, 120) });
    }
  });
  return found;
}

describe('issue panel', () => {
  it('shows hostile Zendesk and admin text as text only', async () => {
    renderPanel();
    await linkThroughUi('tickets', 'Link ticket', ticketId);
    await linkThroughUi('customers', 'Link customer', String(requesterId));
    await linkThroughUi('orgs', 'Link organization', String(organizationId));

    const doc = host.doc();
    const shown = textContent(doc);
    for (const [, readable] of Object.values(FROM_ZENDESK)) expect(shown, readable).toContain(readable);
    for (const [, readable] of Object.values(FROM_ADMIN)) expect(shown, readable).toContain(readable);

    // Markup fragments that reach the tree (at least the item name) are only text.
    const found = occurrences(doc);
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const o of found) expect(TEXT_PROPS, `${o.type}.${o.prop} = ${o.value}`).toContain(o.prop);
    // Links the panel renders point at Zendesk's agent pages only.
    const links = findByType(doc, 'LinkButton');
    expect(links.length).toBeGreaterThanOrEqual(3);
    for (const link of links) {
      expect(String(link.props.href)).toMatch(
        /^https:\/\/acme\.zendesk\.com\/agent\/(tickets|users|organizations)\/\d+$/,
      );
    }
    expect(JSON.stringify(toPlain(doc))).not.toMatch(/dangerouslySetInnerHTML|__html/);
    expect(searchResultsChecked).toBe(3);
    expect(host.problems()).toEqual([]);
    expect((globalThis as { __xss?: unknown }).__xss).toBeUndefined();
  });
});
