/**
 * Zendesk comment HTML copied into Jira (Zendesk → Jira comment sync) cannot carry active
 * content: whatever a hostile `html_body` holds — served past Zendesk's own sanitizer by a
 * man-in-the-middle — the ADF the app writes has links only to http(s)/mailto, no images or
 * media fetched from elsewhere, and no node type outside plain document structure.
 */
import { connectDirect, panelLink, saveItems, useStack } from './support';
import { ALL_FEATURES, SUP, TASK } from '../support/items';
import { newIssue, ticketItem } from '../support/issuePanel';
import { dataOf, issueOptions } from '../support/resolvers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostileZendesk, type HostileZendesk } from './hostileZendesk';

const HOSTILE_HTML: Record<string, string> = {
  'comment one':
    '<p><a href="javascript:window.__xss=1">click me</a> and <a href="JaVaScRiPt:alert(1)">me</a></p>',
  'comment two':
    '<a href="java&#x09;script:alert(1)">tab</a> <a href="data:text/html,<script>alert(1)</script>">data</a>',
  'comment three':
    '<img src="https://evil.example.com/pixel.gif" onerror="alert(1)"><script>alert(1)</script>text',
  'comment four':
    '<a href="vbscript:msgbox(1)">vb</a><iframe src="https://evil.example.com"></iframe><svg onload=alert(1)>',
  'comment five': '<a href="https://example.com/ok">a fine link</a> <a href="/agent/tickets/1">relative</a>',
};

/** ADF node types a plain rich-text document can consist of. */
const PLAIN_TYPES = new Set([
  'doc',
  'paragraph',
  'text',
  'hardBreak',
  'heading',
  'bulletList',
  'orderedList',
  'listItem',
  'blockquote',
  'codeBlock',
  'rule',
  'table',
  'tableRow',
  'tableHeader',
  'tableCell',
]);

const stack = useStack();
let proxy: HostileZendesk;

beforeAll(async () => {
  proxy = await startHostileZendesk(stack.zendesk.url);
  stack.emulator.configure({
    egressRoutes: [
      { host: '*.zendesk.com', target: proxy.url },
      { host: stack.zendesk.attachmentHost, target: proxy.url },
    ],
  });
  for (const [body, html] of Object.entries(HOSTILE_HTML)) proxy.htmlBodies.set(body, html);
  connectDirect(stack, 'admin');
  saveItems(
    stack,
    ticketItem('sync', { syncMode: 'oneWay', features: { ...ALL_FEATURES, autoCreate: false } }),
  );
});

afterAll(async () => {
  await proxy?.close();
});

interface AdfNode {
  type: string;
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  content?: AdfNode[];
  attrs?: Record<string, unknown>;
}

function walk(node: AdfNode, visit: (n: AdfNode) => void): void {
  visit(node);
  for (const child of node.content ?? []) walk(child, visit);
}

describe('Zendesk comment HTML copied to Jira', () => {
  it('keeps only safe links and plain structure', async () => {
    const issue = newIssue(stack, SUP, TASK, 'Comments from a hostile Zendesk');
    const ticket = stack.zendesk.control.createTicket({
      subject: 'Hostile comments',
      body: 'comment one',
    }) as {
      id: number;
    };
    for (const body of Object.keys(HOSTILE_HTML).slice(1))
      stack.zendesk.control.addComment(ticket.id, { body, as: 'requester' });
    dataOf(
      await panelLink(stack, 'sync', String(ticket.id), issueOptions(issue, stack.user('agent').accountId)),
    );
    expect(proxy.rewrites).toBeGreaterThanOrEqual(Object.keys(HOSTILE_HTML).length);

    const record = stack.jira.state.issues.get(issue.id);
    const bodies = (record?.commentIds ?? []).map((id) => stack.jira.state.comments.get(id)?.body as AdfNode);
    expect(bodies.length).toBeGreaterThanOrEqual(Object.keys(HOSTILE_HTML).length);
    const hrefs: string[] = [];
    for (const body of bodies) {
      walk(body, (node) => {
        expect(PLAIN_TYPES, `ADF node ${node.type}`).toContain(node.type);
        for (const mark of node.marks ?? []) if (mark.type === 'link') hrefs.push(String(mark.attrs?.href));
      });
    }
    for (const href of hrefs) expect(href).toMatch(/^(https?:\/\/|mailto:)/);
    // The safe ones survive, so the filter is not simply dropping every link.
    expect(hrefs).toContain('https://example.com/ok');
    expect(hrefs).toContain('https://acme.zendesk.com/agent/tickets/1');
    const text = JSON.stringify(bodies);
    expect(text).not.toMatch(/javascript:|vbscript:|data:text|evil\.example\.com/i);
  });
});
