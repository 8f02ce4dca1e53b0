/**
 * The naive Jira → Zendesk baseline: every run it reads every linked issue with its comments
 * and attachments, compares with what it remembered, and pushes the differences to Zendesk in
 * one ticket update per issue (fields, status and a comment with any files). Its memory is
 * billed as Forge storage (baselineKit.ts).
 */
import { z } from 'zod';
import { MAX_ATTACHMENT_BYTES } from '../../src/sync/core/fileSize';
import * as kit from './baselineKit';
import type { BenchStack } from './stack';

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

export class NaiveJiraToZendesk extends kit.Poller<IssueMemory> {
  constructor(
    bs: BenchStack,
    private readonly options: { concurrency: number; ignoreAuthor: string },
  ) {
    super(bs);
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
    return kit.json(
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

  async run(links: readonly NaiveLinkToZendesk[]): Promise<kit.NaiveResult> {
    const started = this.begin();
    const known = this.memory.readAll(links.map((l) => l.issueId));
    const updates: [string, IssueMemory][] = [];
    await kit.pool(links, this.options.concurrency, async (link) => {
      const before = known.get(link.issueId);
      const issue = await this.read(link.issueId);
      const now = this.remember(issue);
      if (before && JSON.stringify(before) === JSON.stringify(now)) return;
      await this.apply(link, before, now, issue);
      updates.push([link.issueId, now]);
    });
    this.memory.writeMany(updates);
    return kit.resultOf(this.counter, started, updates.length);
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
      uploads.push((await kit.json(res, zUpload, 'POST upload')).upload.token);
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
