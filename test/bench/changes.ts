/**
 * The work a scenario asks for, made the way people make it: Zendesk changes through the
 * Zendesk simulator's control API (an agent editing, replying, attaching a file), Jira changes
 * through the Jira simulator's control API (a Jira user editing, transitioning, commenting,
 * attaching), which emits the same Forge product events real Jira does.
 *
 * Every change carries a unique token so its effect can be found on the other side afterwards.
 */
import type { CommentRecord as ZendeskCommentRecord, TicketRecord } from '../../sandbox/zendesk/types';
import { MAX_ATTACHMENT_BYTES } from '../../src/sync/core/fileSize';
import type { BenchStack } from './stack';
import { jiraStatusFor, type LinkedPair, type World } from './world';

export type ChangeKind = 'field' | 'status' | 'comment' | 'attachment';
export const CHANGE_KINDS: readonly ChangeKind[] = ['field', 'status', 'comment', 'attachment'];

export interface ZendeskChange {
  pair: LinkedPair;
  kind: ChangeKind;
  token: string;
  /** What Jira must show afterwards. */
  expect: {
    summary?: string;
    reference?: string;
    category?: 'new' | 'indeterminate' | 'done';
    commentText?: string;
    fileName?: string;
  };
}

export interface JiraChange {
  pair: LinkedPair;
  kind: ChangeKind;
  token: string;
  /** What the Zendesk ticket must show afterwards. */
  expect: { subject?: string; statusIn?: string[]; commentText?: string; fileName?: string };
}

/** Deterministic shuffle (mulberry32), so the same options pick the same tickets every run. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  let a = seed >>> 0;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** Kinds in proportion to `weights`, interleaved (field, status, comment, attachment, field, …). */
export function kindsFor(count: number, weights: Record<ChangeKind, number>): ChangeKind[] {
  const total = CHANGE_KINDS.reduce((n, k) => n + weights[k], 0);
  const quota = new Map(CHANGE_KINDS.map((k) => [k, Math.round((count * weights[k]) / total)]));
  const out: ChangeKind[] = [];
  while (out.length < count) {
    let added = false;
    for (const k of CHANGE_KINDS) {
      const left = quota.get(k) ?? 0;
      if (left > 0 && out.length < count) {
        out.push(k);
        quota.set(k, left - 1);
        added = true;
      }
    }
    if (!added) out.push('field');
  }
  return out;
}

export function zendeskCategory(status: string): 'new' | 'indeterminate' | 'done' {
  if (status === 'new') return 'new';
  if (status === 'solved' || status === 'closed') return 'done';
  return 'indeterminate';
}

function liveTicket(bs: BenchStack, id: number): TicketRecord {
  const t = bs.stack.zendesk.state.tickets.get(id);
  if (!t || t.deleted) throw new Error(`no Zendesk ticket ${id}`);
  return t;
}

/** Applies `count` Zendesk changes to distinct linked, not closed tickets. */
export function makeZendeskChanges(
  world: World,
  count: number,
  weights: Record<ChangeKind, number>,
  seed: number,
): ZendeskChange[] {
  const { bs } = world;
  const control = bs.stack.zendesk.control;
  const open = world.pairs.filter((p) => liveTicket(bs, p.ticketId).status !== 'closed');
  if (open.length < count) throw new Error(`only ${open.length} linked tickets can change, ${count} asked`);
  const kinds = kindsFor(count, weights);
  const pool = shuffled(open, seed);
  // Status changes go forward (new → open, open/pending/hold → solved): the Support workflow
  // reaches "In Progress" from Done only through To Do, which no single transition can do.
  const forward = pool.filter((p) => zendeskCategory(liveTicket(bs, p.ticketId).status) !== 'done');
  const statusCount = kinds.filter((k) => k === 'status').length;
  if (forward.length < statusCount)
    throw new Error('not enough tickets that are not solved for the status changes asked');
  const forStatus = forward.slice(0, statusCount);
  const taken = new Set(forStatus);
  const rest = pool.filter((p) => !taken.has(p));
  const changes: ZendeskChange[] = [];
  kinds.forEach((kind, i) => {
    const pair = kind === 'status' ? forStatus.shift() : rest.shift();
    if (!pair) throw new Error('ran out of linked tickets for the changes asked');
    const token = `zb${seed}x${i}`;
    const ticket = liveTicket(bs, pair.ticketId);
    if (kind === 'field') {
      const summary = `${ticket.subject.slice(0, 180)} (update ${token})`;
      const reference = `REF-${token}`;
      control.editTicket(pair.ticketId, {
        subject: summary,
        customFields: { [world.referenceFieldId]: reference },
      });
      changes.push({ pair, kind, token, expect: { summary, reference } });
    } else if (kind === 'status') {
      const to = zendeskCategory(ticket.status) === 'indeterminate' ? 'solved' : 'open';
      control.editTicket(pair.ticketId, { status: to });
      changes.push({ pair, kind, token, expect: { category: zendeskCategory(to) } });
    } else if (kind === 'comment') {
      // Alternating public replies and internal notes, both by an agent.
      const commentText = `Agent update ${token}: we are looking into it.`;
      control.addComment(pair.ticketId, { body: commentText, public: i % 2 === 0, as: 'agent' });
      changes.push({ pair, kind, token, expect: { commentText } });
    } else {
      const fileName = `bench-${token}.log`;
      control.addComment(pair.ticketId, {
        body: `Log file attached (${token})`,
        public: true,
        as: 'agent',
        attachments: [{ fileName, contentType: 'text/plain', data: `log line ${token}\n`.repeat(128) }],
      });
      changes.push({ pair, kind, token, expect: { commentText: token, fileName } });
    }
  });
  return changes;
}

// ---------- snapshots for the minimum ----------

export interface TicketSnapshot {
  generatedAt: number;
  subject: string;
  priority: string | null;
  reference: string | null;
  category: 'new' | 'indeterminate' | 'done';
  commentIds: number[];
}

export function snapshotTickets(world: World): Map<number, TicketSnapshot> {
  const out = new Map<number, TicketSnapshot>();
  for (const p of world.pairs) {
    const t = liveTicket(world.bs, p.ticketId);
    const ref = t.customFields.get(world.referenceFieldId);
    out.set(p.ticketId, {
      generatedAt: t.generatedAt,
      subject: t.subject,
      priority: t.priority,
      reference: typeof ref === 'string' ? ref : null,
      category: zendeskCategory(t.status),
      commentIds: [...t.commentIds],
    });
  }
  return out;
}

/** What changed on one linked ticket between two snapshots, in the terms the minimum counts. */
export interface TicketDelta {
  ticketId: number;
  fields: boolean;
  status: boolean;
  newComments: number;
  /** New attachments small enough to copy (≤ 10 MB, not malware). */
  newFiles: number;
  /** New attachments that are only listed in the note (too large, malware). */
  skippedFiles: number;
}

export function ticketDeltas(
  world: World,
  before: Map<number, TicketSnapshot>,
  after: Map<number, TicketSnapshot>,
): TicketDelta[] {
  const zd = world.bs.stack.zendesk.state;
  const out: TicketDelta[] = [];
  for (const [id, b] of before) {
    const a = after.get(id);
    if (!a || a.generatedAt === b.generatedAt) continue;
    const seen = new Set(b.commentIds);
    const fresh = a.commentIds
      .filter((c) => !seen.has(c))
      .map((c) => zd.comments.get(c))
      .filter((c): c is ZendeskCommentRecord => c !== undefined);
    let newFiles = 0;
    let skippedFiles = 0;
    for (const c of fresh) {
      for (const aid of c.attachmentIds) {
        const att = zd.attachments.get(aid);
        if (!att) continue;
        if (att.size > MAX_ATTACHMENT_BYTES || att.malwareScanResult === 'malware_found') skippedFiles += 1;
        else newFiles += 1;
      }
    }
    out.push({
      ticketId: id,
      fields: a.subject !== b.subject || a.priority !== b.priority || a.reference !== b.reference,
      status: a.category !== b.category,
      newComments: fresh.length,
      newFiles,
      skippedFiles,
    });
  }
  return out;
}

// ---------- Jira burst ----------

function jiraStatusName(bs: BenchStack, issueId: string): string {
  const issue = bs.stack.jira.state.issues.get(issueId);
  if (!issue) throw new Error(`no Jira issue ${issueId}`);
  return bs.stack.jira.state.status(issue.statusId).name;
}

/**
 * `count` Jira user actions on distinct two-way linked issues (one product event each):
 * summary edits, transitions (To Do → In Progress → Done), comments and attachments.
 */
export function makeJiraBurst(
  world: World,
  count: number,
  weights: Record<ChangeKind, number>,
  seed: number,
): JiraChange[] {
  const { bs } = world;
  const jira = bs.stack.jira.control;
  const usable = world.pairs.filter((p) => liveTicket(bs, p.ticketId).status !== 'closed');
  if (usable.length < count)
    throw new Error(`only ${usable.length} linked issues can take Jira events, ${count} asked`);
  const kinds = kindsFor(count, weights);
  const pool = shuffled(usable, seed);
  // Transitions need an issue that is not done yet: give them those first.
  const notDone = pool.filter((p) => jiraStatusName(bs, p.issueId) !== 'Done');
  const done = pool.filter((p) => jiraStatusName(bs, p.issueId) === 'Done');
  const statusCount = kinds.filter((k) => k === 'status').length;
  if (notDone.length < statusCount) throw new Error('not enough open Jira issues for the transitions asked');
  const forStatus = notDone.slice(0, statusCount);
  const rest = [...notDone.slice(statusCount), ...done];
  const changes: JiraChange[] = [];
  kinds.forEach((kind, i) => {
    const pair = kind === 'status' ? forStatus.shift() : rest.shift();
    if (!pair) throw new Error('ran out of linked issues for the burst');
    const token = `jb${seed}x${i}`;
    if (kind === 'field') {
      const current = String(bs.stack.jira.state.issues.get(pair.issueId)?.values.summary ?? '');
      const subject = `${current.slice(0, 180)} (Jira edit ${token})`;
      jira.editIssue('agent', pair.issueId, { summary: subject });
      changes.push({ pair, kind, token, expect: { subject } });
    } else if (kind === 'status') {
      const from = jiraStatusName(bs, pair.issueId);
      const to = from === 'To Do' ? 'In Progress' : 'Done';
      jira.transitionIssue('agent', pair.issueId, { status: to });
      changes.push({
        pair,
        kind,
        token,
        expect: { statusIn: to === 'Done' ? ['solved', 'closed'] : ['open', 'pending', 'hold'] },
      });
    } else if (kind === 'comment') {
      const commentText = `Engineering note ${token}: fix is in review.`;
      jira.addComment('agent', pair.issueId, commentText);
      changes.push({ pair, kind, token, expect: { commentText } });
    } else {
      const fileName = `trace-${token}.txt`;
      jira.addAttachment('agent', pair.issueId, {
        filename: fileName,
        mimeType: 'text/plain',
        content: `trace ${token}\n`.repeat(64),
      });
      changes.push({ pair, kind, token, expect: { fileName } });
    }
  });
  return changes;
}

/** The Jira status a Zendesk status belongs with; exported for the naive baseline. */
export { jiraStatusFor };
