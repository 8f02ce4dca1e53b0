/**
 * What the two Zendesk → Jira pollers (naive.ts, incremental.ts) share: how they read a ticket's
 * comments, what they remember of a ticket, and how they write a difference to Jira. Both write
 * only what differs from their memory, combining what one request can carry (all fields in one
 * Jira edit), and copy new comments, files (≤ 10 MB) and the traceability note as the app does.
 */
import { z } from 'zod';
import { textToAdf } from '../../src/jira/adf';
import { MAX_ATTACHMENT_BYTES } from '../../src/sync/core/fileSize';
import { defaultPriorityMap } from '../../src/domain/valueMaps';

/** The simulator's priority scheme (Jira's defaults), as the connector reads it from the site. */
const ZENDESK_TO_JIRA_PRIORITY = defaultPriorityMap(['Highest', 'High', 'Medium', 'Low', 'Lowest']);
import { category, expectOk, json, type Http } from './baselineKit';

/** A ticket as show_many and the incremental export return it (the fields the pollers compare). */
export const zTicketRecord = z.object({
  id: z.number(),
  subject: z.string().nullable(),
  priority: z.string().nullable(),
  status: z.string(),
  updated_at: z.string(),
  custom_fields: z.array(z.object({ id: z.number(), value: z.unknown() })),
});
export type TicketRecordJson = z.infer<typeof zTicketRecord>;

const zAttachment = z.object({
  id: z.number(),
  file_name: z.string(),
  content_url: z.string(),
  content_type: z.string().nullable().optional(),
  size: z.number(),
});
const zComments = z.object({
  comments: z.array(
    z.object({ id: z.number(), body: z.string(), public: z.boolean(), attachments: z.array(zAttachment) }),
  ),
  next_page: z.string().nullable().optional(),
});
const jTransitions = z.object({
  transitions: z.array(
    z.object({ id: z.string(), to: z.object({ statusCategory: z.object({ key: z.string() }) }) }),
  ),
});

export type ZendeskComment = z.infer<typeof zComments>['comments'][number];

export interface TicketMemory {
  subject: string;
  priority: string | null;
  reference: string | null;
  category: string;
  updatedAt: string;
  comments: number[];
}

export interface LinkToJira {
  ticketId: number;
  /** The baseline's own Jira issue for this ticket. */
  issueId: string;
}

/** What a poller remembers of a ticket record and its comment ids. */
export function memoryOf(t: TicketRecordJson, referenceFieldId: number, comments: number[]): TicketMemory {
  const ref = t.custom_fields.find((f) => f.id === referenceFieldId)?.value;
  return {
    subject: t.subject ?? '',
    priority: t.priority,
    reference: typeof ref === 'string' ? ref : null,
    category: category(t.status),
    updatedAt: t.updated_at,
    comments,
  };
}

/** Every comment of a ticket, following next_page. */
export async function readComments(api: Http, ticketId: number): Promise<ZendeskComment[]> {
  const comments: ZendeskComment[] = [];
  let next: string | null | undefined = `/api/v2/tickets/${ticketId}/comments.json`;
  while (next) {
    const page: z.infer<typeof zComments> = await json(await api.zendesk(next), zComments, 'GET comments');
    comments.push(...page.comments);
    next = page.next_page;
  }
  return comments;
}

/** Anything to write? Compares what Jira shows (not updated_at). */
export function differs(before: TicketMemory | undefined, now: TicketMemory): boolean {
  if (!before) return true;
  const { updatedAt: _b, ...b } = before;
  const { updatedAt: _n, ...n } = now;
  return JSON.stringify(b) !== JSON.stringify(n);
}

export async function applyToJira(
  api: Http,
  jiraReferenceField: string,
  link: LinkToJira,
  before: TicketMemory | undefined,
  now: TicketMemory,
  comments: readonly ZendeskComment[],
): Promise<void> {
  const issue = `/rest/api/3/issue/${link.issueId}`;
  const send = (path: string, method: string, body: unknown): Promise<Response> =>
    api.jira(path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const fields: Record<string, unknown> = {};
  if (!before || before.subject !== now.subject) fields.summary = now.subject;
  if ((!before || before.priority !== now.priority) && now.priority)
    fields.priority = { name: ZENDESK_TO_JIRA_PRIORITY[now.priority] ?? 'Medium' };
  if (!before || before.reference !== now.reference) fields[jiraReferenceField] = now.reference;
  if (Object.keys(fields).length > 0) await expectOk(await send(issue, 'PUT', { fields }), 'PUT issue');
  if (before && before.category !== now.category) {
    const { transitions } = await json(
      await api.jira(`${issue}/transitions`),
      jTransitions,
      'GET transitions',
    );
    const to = transitions.find((t) => t.to.statusCategory.key === now.category);
    if (to)
      await expectOk(
        await send(`${issue}/transitions`, 'POST', { transition: { id: to.id } }),
        'POST transition',
      );
  }
  const seen = new Set(before?.comments ?? []);
  for (const c of comments) {
    if (seen.has(c.id)) continue;
    await expectOk(
      await send(`${issue}/comment`, 'POST', {
        body: textToAdf(`${c.public ? '' : '[Zendesk internal note] '}${c.body}`),
      }),
      'POST comment',
    );
    if (c.attachments.length === 0) continue;
    for (const a of c.attachments.filter((f) => f.size <= MAX_ATTACHMENT_BYTES)) {
      const download = await api.zendesk(a.content_url);
      if (!download.ok) throw new Error(`naive baseline: attachment download answered ${download.status}`);
      const form = new FormData();
      form.append(
        'file',
        new Blob([await download.arrayBuffer()], { type: a.content_type ?? 'application/octet-stream' }),
        a.file_name,
      );
      await expectOk(
        await api.jira(`${issue}/attachments`, {
          method: 'POST',
          headers: { 'x-atlassian-token': 'no-check' },
          body: form,
        }),
        'POST attachment',
      );
    }
    // The same traceability note the app adds for synchronized files
    // (docs/contracts/connector-rules.md § Attachments).
    await expectOk(
      await send(`${issue}/comment`, 'POST', {
        body: textToAdf(`Files from Zendesk: ${c.attachments.map((a) => a.file_name).join(', ')}`),
      }),
      'POST note',
    );
  }
}
