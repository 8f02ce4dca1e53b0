/**
 * "Link a two-way ticket to an existing issue" end to end (real panel resolver in the Forge
 * emulator, Zendesk and Jira simulators): the first Link answers the exact Jira fields the first
 * synchronization will change, the status move and the comment import, and writes nothing; a
 * confirmation that no longer matches the issue is answered with the new preview, still writing
 * nothing; the matching confirmation writes exactly what was shown, reading the issue once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolverInvokeOptions } from '../../sandbox/forge';
import { startStack, type Stack } from '../../sandbox/stack';
import type { LinkOutcome, LinkPreview, Result } from '../../src/domain/rpc';
import type { SmartItem } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import { connectDirect } from '../support/connection';
import { linkFootprint } from '../support/panelLink';
import { newTicket } from '../support/world';
import { itemKey, linkKey } from '../../src/storage/keys';

const SUP = { id: '10000', key: 'SUP' };
const TASK = '10001';
const ITEM = 'two-way-tickets';

let stack: Stack;

const item = (): SmartItem => ({
  id: ITEM,
  name: 'Two-way tickets',
  syncMode: 'twoWay',
  projectId: SUP.id,
  projectKey: SUP.key,
  projectName: 'Support',
  zendeskObject: 'ticket',
  fields: [
    { zendeskFieldId: 'subject', zendeskFieldLabel: 'Subject', jiraFieldId: 'summary', preview: true },
    { zendeskFieldId: 'priority', zendeskFieldLabel: 'Priority', jiraFieldId: 'priority', preview: true },
    // Not a field of the ticket: shown as left alone, never written.
    { zendeskFieldId: '999999', zendeskFieldLabel: 'Gone', jiraFieldId: 'labels', preview: false },
  ],
  features: { autoCreate: false, statusSync: true, commentSync: true, attachmentSync: false },
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
});

function options(issue: { id: string; key: string }): ResolverInvokeOptions {
  return {
    accountId: stack.user('agent').accountId,
    extension: { type: 'jira:issuePanel', issue, project: { ...SUP, type: 'software' } },
  };
}

async function link(
  issue: { id: string; key: string },
  recordId: string,
  confirm?: string,
): Promise<Result<LinkOutcome>> {
  const payload = confirm === undefined ? { itemId: ITEM, recordId } : { itemId: ITEM, recordId, confirm };
  const res = await stack.emulator.invokeResolver(
    'panel-resolver',
    { functionKey: 'link', payload },
    options(issue),
  );
  if (res.status !== 'ok') throw new Error(`link ended with ${res.status}: ${String(res.error)}`);
  return res.value as Result<LinkOutcome>;
}

function previewOf(answer: Result<LinkOutcome>): { preview: LinkPreview; changed: boolean } {
  if (!answer.ok) throw new Error(`refused: ${answer.error.code} ${answer.error.message}`);
  if (answer.data.kind !== 'confirm') throw new Error('linked without asking');
  return answer.data;
}

type IssueView = {
  fields: {
    summary: string;
    priority: { name: string };
    status: { name: string };
    labels: string[];
    comment: { comments: { body: unknown }[] };
  };
};
const issueNow = (id: string) => stack.jira.control.getIssue(id) as IssueView;

/** The writes and link records, and the issue as Jira has it: what "nothing changes" is checked on. */
function footprint(issueId: string, ticketId: number) {
  return {
    ...linkFootprint(stack, ITEM, issueId, ticketId),
    issue: JSON.stringify(issueNow(issueId).fields),
  };
}

beforeAll(async () => {
  stack = await startStack();
  connectDirect(stack);
  stack.emulator.storage.set(itemKey(ITEM), item());
});

afterAll(async () => {
  await stack.close();
});

describe('linking a two-way ticket to an existing issue', () => {
  it('shows the exact fields that will change and changes nothing until confirmed', async () => {
    const issue = stack.jira.control.createIssue('agent', {
      project: { key: SUP.key },
      issuetype: { id: TASK },
      summary: 'Printer trouble (reported by phone)',
      priority: { name: 'Low' },
      labels: ['keep-me'],
    });
    const ticketId = newTicket(stack, 'Printer on fire in building 4', {
      body: 'Smoke coming out of the tray',
      status: 'open',
      priority: 'urgent',
    });
    stack.zendesk.control.addComment(ticketId, { body: 'Facilities are on their way', public: false });
    await stack.settle();
    const before = footprint(issue.id, ticketId);

    const { preview, changed } = previewOf(await link(issue, String(ticketId)));
    expect(changed).toBe(false);
    expect(preview.changes).toEqual([
      {
        fieldId: 'summary',
        field: 'Summary',
        from: 'Subject',
        current: 'Printer trouble (reported by phone)',
        next: 'Printer on fire in building 4',
      },
      { fieldId: 'priority', field: 'Priority', from: 'Priority', current: 'Low', next: 'Highest' },
    ]);
    expect(preview.status).toEqual({ current: 'To Do', next: 'In Progress', transition: 'Start progress' });
    expect(preview.left).toEqual([{ field: 'Labels', reason: 'the ticket has no such Zendesk field' }]);
    expect(preview).toMatchObject({
      recordId: String(ticketId),
      issueKey: issue.key,
      importsComments: true,
      importsAttachments: false,
      twoWay: true,
    });
    // Cancel is the dialog closing: no call. Nothing was written by the preview.
    expect(footprint(issue.id, ticketId)).toEqual(before);

    // Someone edits the issue before the agent confirms: the old confirmation links nothing.
    stack.jira.control.editIssue('admin', issue.id, { summary: 'Renamed while the dialog was open' });
    const edited = footprint(issue.id, ticketId);
    const again = previewOf(await link(issue, String(ticketId), preview.fingerprint));
    expect(again.changed).toBe(true);
    expect(again.preview.fingerprint).not.toBe(preview.fingerprint);
    expect(again.preview.changes[0]).toMatchObject({ current: 'Renamed while the dialog was open' });
    expect(footprint(issue.id, ticketId)).toEqual(edited);

    // The matching confirmation links and writes exactly what was shown, reading the issue once.
    const logFrom = stack.jira.log.entries().length;
    const done = await link(issue, String(ticketId), again.preview.fingerprint);
    if (!done.ok || done.data.kind !== 'linked') throw new Error('the confirmed link did not link');
    expect(done.data.card.link).toMatchObject({ recordId: String(ticketId), origin: 'manual' });
    // The one problem is the field the preview said would be left alone.
    expect(done.data.card.link?.problems.map((p) => p.code)).toEqual(['FIELD_MISSING']);
    const during = stack.jira.log.entries().slice(logFrom);
    expect(during.filter((e) => e.route === 'GET /rest/api/3/issue/{issueIdOrKey}')).toHaveLength(1);
    // The transition came with that read: no separate listing.
    expect(during.filter((e) => e.route === 'GET /rest/api/3/issue/{issueIdOrKey}/transitions')).toEqual([]);
    const after = issueNow(issue.id).fields;
    expect(after.summary).toBe('Printer on fire in building 4');
    expect(after.priority.name).toBe('Highest');
    expect(after.status.name).toBe('In Progress');
    expect(after.labels).toEqual(['keep-me']);
    const copied = after.comment.comments.map((c) => adfToText(c.body));
    expect(copied.some((t) => t.includes('Smoke coming out of the tray'))).toBe(true);
    expect(copied.some((t) => t.includes('Facilities are on their way'))).toBe(true);
  });

  it('says when nothing on the issue changes, and that comments are not copied when not synchronized', async () => {
    stack.emulator.storage.set(itemKey(ITEM), {
      ...item(),
      features: { autoCreate: false, statusSync: true, commentSync: false, attachmentSync: false },
    });
    try {
      const ticketId = (
        stack.zendesk.control.createTicket({ subject: 'Same as Jira', status: 'new', priority: 'low' }) as {
          id: number;
        }
      ).id;
      const issue = stack.jira.control.createIssue('agent', {
        project: { key: SUP.key },
        issuetype: { id: TASK },
        summary: 'Same as Jira',
        priority: { name: 'Low' },
      });
      const { preview } = previewOf(await link(issue, String(ticketId)));
      expect(preview.changes).toEqual([]);
      expect(preview.status).toBeNull();
      expect(preview.importsComments).toBe(false);
    } finally {
      stack.emulator.storage.set(itemKey(ITEM), item());
    }
  });

  it('refuses a confirmation that is not a preview fingerprint', async () => {
    const issue = stack.jira.control.createIssue('agent', {
      project: { key: SUP.key },
      issuetype: { id: TASK },
      summary: 'Forged confirmation',
    });
    const ticketId = (stack.zendesk.control.createTicket({ subject: 'Forged' }) as { id: number }).id;
    expect(await link(issue, String(ticketId), 'yes')).toMatchObject({
      ok: false,
      error: { code: 'BAD_PAYLOAD' },
    });
    expect(stack.emulator.storage.get(linkKey(ITEM, issue.id))).toBeUndefined();
  });
});
