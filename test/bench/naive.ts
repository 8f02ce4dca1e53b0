/**
 * The NAIVE polling baseline the benchmark compares against: what a straightforward connector
 * does when it has no change feed. It is implemented honestly, not as a strawman:
 *
 * - it talks to the same simulators over plain `fetch` with the documented endpoints;
 * - it remembers what it saw last run (stored as Forge storage would bill it: one query page per
 *   20 links to list them, one batch get per 25 snapshots, one batch set per 25 changed ones);
 * - it writes only what differs from its memory, combining what one request can carry
 *   (all fields in one Jira edit; fields, status and comment in one Zendesk ticket update);
 * - it fetches `concurrency` links at a time;
 * - on a 429 it waits Retry-After on the simulated clock and retries (counted as a call).
 *
 * What makes it naive is the polling itself: every run reads every link's record and comments
 * (Zendesk → Jira) or every linked issue with its comments and attachments (Jira → Zendesk),
 * whether or not anything changed.
 *
 * Its Jira writes are made as the app account, so the benchmark's own event handlers (which
 * ignore the app's events, `ignoreSelf`) do not react to the baseline's writes.
 */
import { z } from 'zod';
import { textToAdf } from '../../src/jira/adf';
import { MAX_ATTACHMENT_BYTES } from '../../src/sync/attachments';
import { ZENDESK_TO_JIRA_PRIORITY } from '../../src/sync/fields';
import type { Calls } from './meter';
import type { BenchStack } from './stack';

/** Forge KVS limits the naive baseline's storage is billed by. */
const QUERY_PAGE = 20;
const BATCH = 25;

export interface NaiveResult {
  calls: Calls;
  /** Simulated time spent waiting on Zendesk 429s. */
  rateLimitWaitMs: number;
  wallMs: number;
  /** Links whose record changed since the last run. */
  changed: number;
}

class Counter {
  zendesk = 0;
  jira = 0;
  kvs = 0;
  waitedMs = 0;
}

/** The naive baseline's storage: in memory, but every access counted as a Forge KVS request. */
class BilledMemory<T> {
  private readonly data = new Map<string, T>();
  constructor(private readonly counter: Counter) {}

  /** One run's read: list the links (query pages), then their snapshots (batch gets). */
  readAll(keys: readonly string[]): Map<string, T | undefined> {
    this.counter.kvs += Math.ceil(keys.length / QUERY_PAGE) + Math.ceil(keys.length / BATCH);
    return new Map(keys.map((k) => [k, this.data.get(k)]));
  }

  writeMany(entries: readonly [string, T][]): void {
    this.counter.kvs += Math.ceil(entries.length / BATCH);
    for (const [k, v] of entries) this.data.set(k, v);
  }
}

async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

// ---------- HTTP ----------

interface Http {
  zendesk(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  jira(path: string, init?: RequestInit): Promise<Response>;
}

function http(bs: BenchStack, counter: Counter): Http {
  const zd = bs.stack.zendesk;
  const jiraSim = bs.stack.jira;
  const basic = `Basic ${Buffer.from(`${zd.credentials.admin.email}/token:${zd.credentials.admin.token}`).toString('base64')}`;
  const zendesk = async (pathOrUrl: string, init: RequestInit = {}): Promise<Response> => {
    // Absolute URLs (attachment content_url) keep their host; the simulator reads it from x-forwarded-host.
    const url = pathOrUrl.startsWith('https://')
      ? new URL(pathOrUrl)
      : new URL(pathOrUrl, `https://${zd.apiHost}`);
    for (let attempt = 0; attempt < 20; attempt++) {
      counter.zendesk += 1;
      const headers = new Headers(init.headers);
      headers.set('x-forwarded-host', url.host);
      if (url.host === zd.apiHost) headers.set('authorization', basic);
      const res = await fetch(`${zd.url}${url.pathname}${url.search}`, { ...init, headers });
      if (res.status !== 429) return res;
      await res.arrayBuffer();
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      const waitMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
      counter.waitedMs += waitMs;
      bs.advanceClocks(waitMs);
    }
    throw new Error(`naive baseline: Zendesk kept answering 429 for ${url.pathname}`);
  };
  const jira = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${jiraSim.appAccount.accessToken}`);
    for (let attempt = 0; attempt < 20; attempt++) {
      counter.jira += 1;
      const res = await fetch(`${jiraSim.url}${path}`, { ...init, headers });
      if (res.status !== 429) return res;
      await res.arrayBuffer();
      // Jira's burst limit counts real seconds (--jira-rate), so this wait is real and short.
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      await new Promise((resolve) =>
        setTimeout(resolve, (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000),
      );
    }
    throw new Error(`naive baseline: Jira kept answering 429 for ${path}`);
  };
  return { zendesk, jira };
}

async function json<S extends z.ZodType>(res: Response, schema: S, what: string): Promise<z.output<S>> {
  if (!res.ok)
    throw new Error(`naive baseline: ${what} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return schema.parse(await res.json());
}

async function expectOk(res: Response, what: string): Promise<void> {
  const text = await res.text();
  if (!res.ok) throw new Error(`naive baseline: ${what} answered ${res.status}: ${text.slice(0, 200)}`);
}

function category(status: string): 'new' | 'indeterminate' | 'done' {
  if (status === 'new') return 'new';
  if (status === 'solved' || status === 'closed') return 'done';
  return 'indeterminate';
}

// ---------- Zendesk → Jira ----------

const zTicket = z.object({
  ticket: z.object({
    id: z.number(),
    subject: z.string().nullable(),
    priority: z.string().nullable(),
    status: z.string(),
    custom_fields: z.array(z.object({ id: z.number(), value: z.unknown() })),
  }),
});
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

interface TicketMemory {
  subject: string;
  priority: string | null;
  reference: string | null;
  category: string;
  comments: number[];
}

export interface NaiveLinkToJira {
  ticketId: number;
  /** The baseline's own Jira issue for this ticket. */
  issueId: string;
}

type ZendeskComment = z.infer<typeof zComments>['comments'][number];

export class NaiveZendeskToJira {
  private readonly counter = new Counter();
  private readonly memory = new BilledMemory<TicketMemory>(this.counter);
  private readonly api: Http;

  constructor(
    private readonly bs: BenchStack,
    private readonly options: { referenceFieldId: number; jiraReferenceField: string; concurrency: number },
  ) {
    this.api = http(bs, this.counter);
  }

  /**
   * The memory its previous run left behind, taken from the simulator's state rather than read
   * over HTTP (setup, not measured; the same values `read` would return).
   */
  rememberCurrentState(links: readonly NaiveLinkToJira[]): void {
    const entries: [string, TicketMemory][] = [];
    for (const l of links) {
      const t = this.bs.stack.zendesk.state.tickets.get(l.ticketId);
      if (!t) continue;
      const ref = t.customFields.get(this.options.referenceFieldId);
      entries.push([
        String(l.ticketId),
        {
          subject: t.subject,
          priority: t.priority,
          reference: typeof ref === 'string' ? ref : null,
          category: category(t.status),
          comments: [...t.commentIds],
        },
      ]);
    }
    this.memory.writeMany(entries);
  }

  /** The ticket and all its comments: two requests per link (more for long conversations). */
  private async read(ticketId: number): Promise<{ memory: TicketMemory; comments: ZendeskComment[] }> {
    const { ticket } = await json(
      await this.api.zendesk(`/api/v2/tickets/${ticketId}.json`),
      zTicket,
      'GET ticket',
    );
    const comments: ZendeskComment[] = [];
    let next: string | null | undefined = `/api/v2/tickets/${ticketId}/comments.json`;
    while (next) {
      const page: z.infer<typeof zComments> = await json(
        await this.api.zendesk(next),
        zComments,
        'GET comments',
      );
      comments.push(...page.comments);
      next = page.next_page;
    }
    const ref = ticket.custom_fields.find((f) => f.id === this.options.referenceFieldId)?.value;
    return {
      memory: {
        subject: ticket.subject ?? '',
        priority: ticket.priority,
        reference: typeof ref === 'string' ? ref : null,
        category: category(ticket.status),
        comments: comments.map((c) => c.id),
      },
      comments,
    };
  }

  async run(links: readonly NaiveLinkToJira[]): Promise<NaiveResult> {
    Object.assign(this.counter, new Counter());
    const started = Date.now();
    const known = this.memory.readAll(links.map((l) => String(l.ticketId)));
    const updates: [string, TicketMemory][] = [];
    await pool(links, this.options.concurrency, async (link) => {
      const before = known.get(String(link.ticketId));
      const { memory: now, comments } = await this.read(link.ticketId);
      if (before && JSON.stringify(before) === JSON.stringify(now)) return;
      await this.apply(link, before, now, comments);
      updates.push([String(link.ticketId), now]);
    });
    this.memory.writeMany(updates);
    return {
      calls: { zendesk: this.counter.zendesk, jira: this.counter.jira, kvs: this.counter.kvs },
      rateLimitWaitMs: this.counter.waitedMs,
      wallMs: Date.now() - started,
      changed: updates.length,
    };
  }

  private async apply(
    link: NaiveLinkToJira,
    before: TicketMemory | undefined,
    now: TicketMemory,
    comments: readonly ZendeskComment[],
  ): Promise<void> {
    const issue = `/rest/api/3/issue/${link.issueId}`;
    const send = (path: string, method: string, body: unknown): Promise<Response> =>
      this.api.jira(path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const fields: Record<string, unknown> = {};
    if (!before || before.subject !== now.subject) fields.summary = now.subject;
    if ((!before || before.priority !== now.priority) && now.priority)
      fields.priority = { name: ZENDESK_TO_JIRA_PRIORITY[now.priority] ?? 'Medium' };
    if (!before || before.reference !== now.reference)
      fields[this.options.jiraReferenceField] = now.reference;
    if (Object.keys(fields).length > 0) await expectOk(await send(issue, 'PUT', { fields }), 'PUT issue');
    if (before && before.category !== now.category) {
      const { transitions } = await json(
        await this.api.jira(`${issue}/transitions`),
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
        const download = await this.api.zendesk(a.content_url);
        if (!download.ok) throw new Error(`naive baseline: attachment download answered ${download.status}`);
        const form = new FormData();
        form.append(
          'file',
          new Blob([await download.arrayBuffer()], { type: a.content_type ?? 'application/octet-stream' }),
          a.file_name,
        );
        await expectOk(
          await this.api.jira(`${issue}/attachments`, {
            method: 'POST',
            headers: { 'x-atlassian-token': 'no-check' },
            body: form,
          }),
          'POST attachment',
        );
      }
      // The same traceability note the app adds for synchronized files (seed 001).
      await expectOk(
        await send(`${issue}/comment`, 'POST', {
          body: textToAdf(`Files from Zendesk: ${c.attachments.map((a) => a.file_name).join(', ')}`),
        }),
        'POST note',
      );
    }
  }
}

// ---------- Jira → Zendesk ----------

const jIssue = z.object({
  id: z.string(),
  fields: z.object({
    summary: z.string(),
    priority: z.object({ name: z.string() }).nullable().optional(),
    status: z.object({ statusCategory: z.object({ key: z.string() }) }),
    comment: z.object({
      comments: z.array(
        z.object({
          id: z.string(),
          author: z.object({ accountId: z.string() }).optional(),
          body: z.unknown(),
        }),
      ),
    }),
    attachment: z.array(
      z.object({ id: z.string(), filename: z.string(), size: z.number(), mimeType: z.string().optional() }),
    ),
  }),
});
const zUpload = z.object({ upload: z.object({ token: z.string() }) });

const JIRA_TO_ZENDESK_PRIORITY: Record<string, string> = {
  Highest: 'urgent',
  High: 'high',
  Medium: 'normal',
  Low: 'low',
  Lowest: 'low',
};
const ZENDESK_STATUS_FOR: Record<string, string> = { new: 'open', indeterminate: 'open', done: 'solved' };

interface IssueMemory {
  summary: string;
  priority: string | null;
  category: string;
  comments: string[];
  attachments: string[];
}

export interface NaiveLinkToZendesk {
  issueId: string;
  ticketId: number;
}

function adfText(body: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { text?: unknown; content?: unknown };
    if (typeof n.text === 'string') parts.push(n.text);
    if (Array.isArray(n.content)) n.content.forEach(walk);
  };
  walk(body);
  return parts.join(' ');
}

export class NaiveJiraToZendesk {
  private readonly counter = new Counter();
  private readonly memory = new BilledMemory<IssueMemory>(this.counter);
  private readonly api: Http;

  constructor(
    private readonly bs: BenchStack,
    private readonly options: { concurrency: number; ignoreAuthor: string },
  ) {
    this.api = http(bs, this.counter);
  }

  /** The memory its previous run left behind, from the simulator's state (setup, not measured). */
  rememberCurrentState(links: readonly NaiveLinkToZendesk[]): void {
    const state = this.bs.stack.jira.state;
    const entries: [string, IssueMemory][] = [];
    for (const l of links) {
      const issue = state.issues.get(l.issueId);
      if (!issue) continue;
      entries.push([
        l.issueId,
        {
          summary: String(issue.values.summary ?? ''),
          priority: state.priorities.find((p) => p.id === issue.values.priority)?.name ?? null,
          category: state.category(state.status(issue.statusId).categoryId).key,
          comments: [...issue.commentIds],
          attachments: [...issue.attachmentIds],
        },
      ]);
    }
    this.memory.writeMany(entries);
  }

  private async read(issueId: string): Promise<z.infer<typeof jIssue>> {
    return json(
      await this.api.jira(`/rest/api/3/issue/${issueId}?fields=summary,priority,status,comment,attachment`),
      jIssue,
      'GET issue',
    );
  }

  private remember(issue: z.infer<typeof jIssue>): IssueMemory {
    return {
      summary: issue.fields.summary,
      priority: issue.fields.priority?.name ?? null,
      category: issue.fields.status.statusCategory.key,
      comments: issue.fields.comment.comments.map((c) => c.id),
      attachments: issue.fields.attachment.map((a) => a.id),
    };
  }

  async run(links: readonly NaiveLinkToZendesk[]): Promise<NaiveResult> {
    Object.assign(this.counter, new Counter());
    const started = Date.now();
    const known = this.memory.readAll(links.map((l) => l.issueId));
    const updates: [string, IssueMemory][] = [];
    await pool(links, this.options.concurrency, async (link) => {
      const before = known.get(link.issueId);
      const issue = await this.read(link.issueId);
      const now = this.remember(issue);
      if (before && JSON.stringify(before) === JSON.stringify(now)) return;
      await this.apply(link, before, now, issue);
      updates.push([link.issueId, now]);
    });
    this.memory.writeMany(updates);
    return {
      calls: { zendesk: this.counter.zendesk, jira: this.counter.jira, kvs: this.counter.kvs },
      rateLimitWaitMs: this.counter.waitedMs,
      wallMs: Date.now() - started,
      changed: updates.length,
    };
  }

  private async apply(
    link: NaiveLinkToZendesk,
    before: IssueMemory | undefined,
    now: IssueMemory,
    issue: z.infer<typeof jIssue>,
  ): Promise<void> {
    const ticket: Record<string, unknown> = {};
    if (before && before.summary !== now.summary) ticket.subject = now.summary;
    if (before && before.priority !== now.priority && now.priority)
      ticket.priority = JIRA_TO_ZENDESK_PRIORITY[now.priority] ?? 'normal';
    if (before && before.category !== now.category)
      ticket.status = ZENDESK_STATUS_FOR[now.category] ?? 'open';
    const seenComments = new Set(before?.comments ?? []);
    const texts = issue.fields.comment.comments
      .filter((c) => !seenComments.has(c.id) && c.author?.accountId !== this.options.ignoreAuthor)
      .map((c) => adfText(c.body));
    const seenFiles = new Set(before?.attachments ?? []);
    const uploads: string[] = [];
    for (const a of issue.fields.attachment.filter(
      (f) => !seenFiles.has(f.id) && f.size <= MAX_ATTACHMENT_BYTES,
    )) {
      const download = await this.api.jira(`/rest/api/3/attachment/content/${a.id}?redirect=false`);
      if (!download.ok)
        throw new Error(`naive baseline: Jira attachment download answered ${download.status}`);
      const bytes = new Uint8Array(await download.arrayBuffer());
      const res = await this.api.zendesk(`/api/v2/uploads.json?filename=${encodeURIComponent(a.filename)}`, {
        method: 'POST',
        headers: { 'content-type': a.mimeType ?? 'application/octet-stream' },
        body: bytes,
      });
      uploads.push((await json(res, zUpload, 'POST upload')).upload.token);
      texts.push(`Attached in Jira: ${a.filename}`);
    }
    if (texts.length > 0 || uploads.length > 0)
      ticket.comment = { body: texts.join('\n\n'), public: true, ...(uploads.length > 0 ? { uploads } : {}) };
    if (Object.keys(ticket).length === 0) return;
    const res = await this.api.zendesk(`/api/v2/tickets/${link.ticketId}.json`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ticket }),
    });
    // A closed ticket refuses updates (422); the baseline, like the app, records and moves on.
    await res.text();
  }
}
