/**
 * What a person could observe on both sides and in the app's storage, with the parts that
 * legitimately differ between two correct histories normalized away: ids the simulators
 * hand out (comment, attachment and upload ids), wall-clock times in comment headers, and
 * the order comments were written in (a resumed run may interleave a note differently).
 * Everything else must match exactly: issue count and keys, field values, statuses, every
 * comment's text and visibility, every file's name and size, links, the ticket index, and
 * no crash-recovery record (claim, pending intent, lease) left behind.
 */
import { adfToText } from '../../../src/jira/adf';
import type { LinkRecord } from '../../../src/domain/types';
import { JIRA_REFERENCE_FIELD, ZD_REFERENCE_FIELD, type World } from './world';
import { CLAIM_PREFIX, LINK_PREFIX, LINK_STATE_PREFIX, TICKET_INDEX_PREFIX } from '../../../src/storage/keys';

/** Ids and times that differ between equally correct histories. */
export function normalizeText(text: string): string {
  return text
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, '<time>')
    .replace(/\b(comment|issue|attachments|added|skipped|ticket)=[\d%,C]+/g, '$1=<ids>')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface JiraIssueView {
  key: string;
  summary: unknown;
  status: string | undefined;
  priority: string | null;
  labels: string[];
  reference: unknown;
  description: string;
  comments: string[];
  attachments: string[];
}

export interface TicketView {
  id: number;
  subject: string;
  status: string;
  priority: string | null;
  tags: string[];
  reference: unknown;
  comments: string[];
  /** Files on the ticket's comments, `name:size`. */
  attachments: string[];
}

export interface LinkStateView {
  link: string;
  pendingFromZendesk: boolean;
  pendingFromJira: boolean;
  sizes: { zc: number; za: number; jc: number; ja: number };
}

export interface Snapshot {
  jira: JiraIssueView[];
  zendesk: TicketView[];
  links: {
    item: string;
    origin: string;
    ticket: string;
    issue: string;
    zendeskLink: string;
    problems: string[];
  }[];
  /** Zendesk's own Jira link records (the ticket sidebar), `ticket subject>issue key`. */
  zendeskJiraLinks: string[];
  ticketIndex: Record<string, string[]>;
  linkStates: LinkStateView[];
  leftovers: string[];
}

const byJson = <T>(a: T, b: T): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

function priorityName(value: unknown): string | null {
  return value && typeof value === 'object' && 'name' in value
    ? String((value as { name: unknown }).name)
    : null;
}

interface AdfLike {
  type?: string;
  text?: string;
  content?: AdfLike[];
}

/**
 * A Jira comment as comparable entries. An attachment note lists the files one pass added or
 * skipped; which pass a file falls into depends on when the run saw it (a retried ticket's
 * files share one note), so each listed file is its own entry and the grouping is ignored.
 * A file listed twice still shows up twice.
 */
function commentEntries(body: unknown): string[] {
  const text = adfToText(body);
  if (!text.includes('type=zendesk-attachment-sync')) return [normalizeText(text)];
  const doc = body as AdfLike;
  const entries: string[] = [];
  let section = '';
  for (const block of doc.content ?? []) {
    if (block.type === 'paragraph') {
      const p = adfToText({ version: 1, type: 'doc', content: [block] });
      section = p.includes('not added') ? 'not added' : p.startsWith('Attachments added') ? 'added' : section;
    } else if (block.type === 'bulletList') {
      for (const item of block.content ?? [])
        entries.push(
          `attachment note, ${section}: ${normalizeText(adfToText({ version: 1, type: 'doc', content: item.content ?? [] }))}`,
        );
    }
  }
  return entries;
}

export function jiraView(world: World): JiraIssueView[] {
  const { jira } = world.stack;
  const state = jira.state;
  const out: JiraIssueView[] = [];
  for (const rec of state.issues.values()) {
    const fields = (jira.control.getIssue(rec.id) as { fields: Record<string, unknown> }).fields;
    out.push({
      key: rec.key,
      summary: rec.values.summary,
      status: state.statuses.get(rec.statusId)?.name,
      priority: priorityName(fields.priority),
      labels: [...((rec.values.labels as string[] | undefined) ?? [])].sort(),
      reference: rec.values[JIRA_REFERENCE_FIELD] ?? null,
      description: normalizeText(adfToText(rec.values.description)),
      comments: rec.commentIds.flatMap((id) => commentEntries(state.comments.get(id)?.body)).sort(),
      attachments: rec.attachmentIds
        .map((id) => state.attachments.get(id))
        .map((a) => `${a?.filename}:${a?.content.length}`)
        .sort(),
    });
  }
  return out.sort((a, b) => a.key.localeCompare(b.key, 'en', { numeric: true }));
}

export function zendeskView(world: World): TicketView[] {
  const state = world.stack.zendesk.state;
  const out: TicketView[] = [];
  for (const t of state.tickets.values()) {
    if (t.deleted) continue;
    const comments = t.commentIds.map((id) => state.comments.get(id)).filter((c) => c !== undefined);
    out.push({
      id: t.id,
      subject: t.subject,
      status: t.status,
      priority: t.priority,
      tags: [...t.tags].sort(),
      reference: t.customFields.get(ZD_REFERENCE_FIELD) ?? null,
      comments: comments
        .map(
          (c) =>
            `${c.public ? 'public' : 'internal'} ${c.authorId === world.agentId ? 'connector' : 'person'}: ${normalizeText(c.plainBody)}`,
        )
        .sort(),
      attachments: comments
        .flatMap((c) => c.attachmentIds)
        .map((id) => state.attachments.get(id))
        .map((a) => `${a?.fileName}:${a?.size}`)
        .sort(),
    });
  }
  return out.sort((a, b) => a.id - b.id);
}

function idSetSize(
  world: World,
  base: string,
  record: { recent: string[]; chunks: number } | undefined,
): number {
  if (!record) return 0;
  let n = record.recent.length;
  for (let i = 0; i < record.chunks; i++) {
    const chunk = world.stack.emulator.storage.get(`${base}:${i}`) as { ids: string[] } | undefined;
    n += chunk?.ids.length ?? 0;
  }
  return n;
}

interface StoredState {
  fromZendesk: {
    comments: { recent: string[]; chunks: number };
    attachments: { recent: string[]; chunks: number };
    pending?: unknown;
  };
  fromJira: {
    comments: { recent: string[]; chunks: number };
    attachments: { recent: string[]; chunks: number };
    pending?: unknown;
  };
}

export function snapshot(world: World): Snapshot {
  const storage = world.stack.emulator.storage;
  const issues = world.stack.jira.state.issues;
  const tickets = world.stack.zendesk.state.tickets;
  const keyOf = (issueId: string): string => issues.get(issueId)?.key ?? `missing issue ${issueId}`;
  const ticketOf = (id: string): string => tickets.get(Number(id))?.subject ?? `missing ticket ${id}`;

  const linkRecords = storage.keys(LINK_PREFIX).map((k) => storage.get(k) as LinkRecord);
  const links = linkRecords
    .map((l) => ({
      item: l.itemId,
      origin: l.origin,
      ticket: ticketOf(l.recordId),
      issue: keyOf(l.issueId),
      zendeskLink: l.zendeskLink.state,
      problems: l.problems.map((p) => p.code).sort(),
    }))
    .sort(byJson);

  const ticketIndex: Record<string, string[]> = {};
  for (const key of storage.keys(TICKET_INDEX_PREFIX)) {
    const refs = storage.get(key) as { itemId: string; issueId: string }[];
    ticketIndex[ticketOf(key.slice(TICKET_INDEX_PREFIX.length))] = refs
      .map((r) => `${r.itemId}>${keyOf(r.issueId)}`)
      .sort();
  }

  const linkStates: LinkStateView[] = [];
  for (const key of storage.keys(LINK_STATE_PREFIX)) {
    if (key.split(':').length !== 3) continue; // chunk records are counted with their owner
    const s = storage.get(key) as StoredState;
    const issueId = key.split(':')[2] ?? '';
    linkStates.push({
      link: `${key.split(':')[1]}>${keyOf(issueId)}`,
      pendingFromZendesk: s.fromZendesk.pending !== undefined,
      pendingFromJira: s.fromJira.pending !== undefined,
      sizes: {
        zc: idSetSize(world, `${key}:zc`, s.fromZendesk.comments),
        za: idSetSize(world, `${key}:za`, s.fromZendesk.attachments),
        jc: idSetSize(world, `${key}:jc`, s.fromJira.comments),
        ja: idSetSize(world, `${key}:ja`, s.fromJira.attachments),
      },
    });
  }
  linkStates.sort(byJson);

  const zendeskJiraLinks = [...world.stack.zendesk.state.jiraLinks.values()]
    .map((l) => `${ticketOf(l.ticketId)}>${l.issueKey}`)
    .sort();
  const leftovers = [...storage.keys(CLAIM_PREFIX), ...Object.keys(storage.dumpEntity('lease'))];
  return {
    jira: jiraView(world),
    zendesk: zendeskView(world),
    links,
    zendeskJiraLinks,
    ticketIndex,
    linkStates,
    leftovers,
  };
}

/** A readable list of the differences between two snapshots (for failure messages). */
export function diffSnapshots(expected: unknown, actual: unknown, path = ''): string[] {
  if (JSON.stringify(expected) === JSON.stringify(actual)) return [];
  if (
    expected &&
    actual &&
    typeof expected === 'object' &&
    typeof actual === 'object' &&
    !Array.isArray(expected) &&
    !Array.isArray(actual)
  ) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    return [...keys].flatMap((k) =>
      diffSnapshots(
        (expected as Record<string, unknown>)[k],
        (actual as Record<string, unknown>)[k],
        `${path}.${k}`,
      ),
    );
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((e, i) => diffSnapshots(e, actual[i], `${path}[${i}]`));
  }
  return [`${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
