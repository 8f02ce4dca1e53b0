/**
 * Crash safety of the scheduled sync (docs/sync-model.md § Crash safety): the run is killed
 * right after its k-th write (KVS write, Jira write or Zendesk write, as the emulator counts
 * them) for every k of an uninterrupted run, then run again. Every interrupted-then-resumed
 * history must end in the same Jira and link state as the uninterrupted one: no duplicate
 * issue, comment or attachment, nothing lost.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import { adfToText } from '../../src/jira/adf';
import type { ScheduledOutcome } from '../../src/sync/run/scheduler';
import { ALL_FEATURES, fieldMapping as map, supportTicketItem, zendeskHoursAgo } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { connectedWorld } from '../support/world';
import { CLAIM_PREFIX, LINK_PREFIX, RUN_LEASE_KEY } from '../../src/storage/keys';

const stack = useStack({ zendesk: { seed: false, clockOffsetMs: -3 * 3_600_000 }, jira: { seed: false } });

/** A one-way item copying subject, priority and tags, made an hour before the Zendesk simulator's now. */
const item = (id: string, overrides: Partial<SmartItem>): SmartItem =>
  supportTicketItem(id, zendeskHoursAgo(stack), {
    syncMode: 'oneWay',
    fields: [map('subject', 'summary'), map('priority', 'priority'), map('tags', 'labels')],
    features: ALL_FEATURES,
    ...overrides,
  });

/** A fresh account on both sides plus the work one run has to do. */
function setUpScenario(): void {
  const manual = item('manual', {
    features: { autoCreate: false, statusSync: true, commentSync: true, attachmentSync: true },
  });
  connectedWorld(stack, item('auto', {}), manual);
  stack.emulator.faults.clear();

  // A ticket the auto-create item turns into an issue, with a conversation and files.
  const created = stack.zendesk.control.createTicket({
    subject: 'Crash me',
    body: 'The description',
    priority: 'high',
    tags: ['vip'],
    status: 'open',
  }) as { id: number };
  stack.zendesk.control.addComment(created.id, { body: 'Public reply', public: true });
  stack.zendesk.control.addComment(created.id, { body: 'Internal note', public: false });
  stack.zendesk.control.addComment(created.id, {
    body: 'Files',
    attachments: [
      { fileName: 'a.txt', data: 'alpha' },
      { fileName: 'b.txt', data: 'bravo bravo' },
      { fileName: 'big.bin', size: 10 * 1024 * 1024 + 10 },
    ],
  });

  // A manually linked ticket with field, status and conversation changes.
  const other = stack.zendesk.control.createTicket({
    subject: 'Manual ticket',
    body: 'Manual description',
    status: 'open',
    tags: ['x'],
  }) as { id: number };
  stack.zendesk.control.addComment(other.id, { body: 'Customer reply', as: 'requester' });
  stack.zendesk.control.editTicket(other.id, { status: 'solved' });
  storeManualLink(stack, 'manual', other.id, 'Old summary');
  stack.zendesk.control.advanceClock(61_000);
}

async function runOnce(
  crashAfter?: number,
): Promise<{ status: string; writes: number; outcome: ScheduledOutcome | undefined }> {
  if (crashAfter !== undefined)
    stack.emulator.faults.crashAfterWrites(crashAfter, { functionKey: 'scheduled-sync' });
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  return {
    status: result.status,
    writes: result.writes,
    outcome: result.status === 'ok' ? (result.value as ScheduledOutcome) : undefined,
  };
}

const stripTimes = (text: string): string =>
  text.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/g, '<time>').replace(/comment=\d+/g, 'comment=<id>');

/** Everything a person could observe in Jira and in the links, independent of ids and times. */
function observable(): unknown {
  const state = stack.jira.state;
  const issues = [...state.issues.values()].map((rec) => {
    const rendered = (stack.jira.control.getIssue(rec.id) as { fields: Record<string, unknown> }).fields;
    return {
      summary: rec.values.summary,
      status: state.statuses.get(rec.statusId)?.name,
      priority: (rendered.priority as { name?: string } | null)?.name ?? null,
      labels: rec.values.labels ?? [],
      description: adfToText(rec.values.description),
      comments: rec.commentIds.map((id) => stripTimes(adfToText(state.comments.get(id)?.body))).sort(),
      attachments: rec.attachmentIds
        .map((id) => state.attachments.get(id))
        .map((a) => `${a?.filename}:${a?.content.length}`)
        .sort(),
    };
  });
  issues.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const links = stack.emulator.storage
    .keys(LINK_PREFIX)
    .map((k) => stack.emulator.storage.get(k) as LinkRecord)
    .map((l) => ({
      item: l.itemId,
      origin: l.origin,
      summary: state.issues.get(l.issueId)?.values.summary,
      problems: l.problems.map((p) => p.code).sort(),
      zendeskLink: l.zendeskLink.state,
    }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  const leftovers = stack.emulator.storage.keys(CLAIM_PREFIX);
  const zendeskLinks = stack.zendesk.control.listJiraLinks().length;
  return {
    issues,
    links,
    zendeskLinks,
    leftovers,
    lease: stack.emulator.storage.getEntity('lease', RUN_LEASE_KEY) ?? null,
  };
}

/** Runs until a run completes normally (a crashed run leaves its lease until its TTL passes). */
async function resume(): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt++) {
    stack.emulator.clock.advance(20 * 60_000);
    stack.zendesk.control.advanceClock(61_000);
    const again = await runOnce();
    expect(again.status).toBe('ok');
    if (again.outcome?.status === 'done') return;
  }
  throw new Error('the sync did not finish after a crash');
}

let reference: unknown;
let totalWrites = 0;
/** The uninterrupted run's writes in order: `${kind} ${method} ${target}`. */
let writePoints: string[] = [];
beforeAll(async () => {
  // A crashed invocation's leftover code finds the platform gone and says so on stderr.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
  setUpScenario();
  const first = stack.emulator.calls[stack.emulator.calls.length - 1]?.seq ?? 0;
  const clean = await runOnce();
  expect(clean.status).toBe('ok');
  expect(clean.outcome?.status).toBe('done');
  totalWrites = clean.writes;
  writePoints = stack.emulator.calls
    .filter((c) => c.seq > first && c.write)
    .map((c) => `${c.kind} ${c.method} ${c.target}`);
  reference = observable();
});

describe('crash after every write point', () => {
  it('the uninterrupted run did the whole job', () => {
    const ref = reference as {
      issues: { summary: string; comments: string[]; attachments: string[]; status: string }[];
      links: unknown[];
    };
    // Both tickets are new, so the auto-create item creates an issue for each; the manual
    // link is a third issue.
    expect(ref.issues).toHaveLength(3);
    const crashMe = ref.issues.find((i) => i.summary === 'Crash me');
    expect(crashMe?.status).toBe('To Do');
    expect(crashMe?.attachments).toEqual(['a.txt:5', 'b.txt:11']);
    // Public reply, internal note, the files comment, and the attachment note.
    expect(crashMe?.comments).toHaveLength(4);
    const manual = ref.issues.filter((i) => i.summary === 'Manual ticket');
    // The manual link follows Zendesk at once (solved → Done); the auto-created one is held.
    expect(manual.map((i) => i.status).sort()).toEqual(['Done', 'To Do']);
    expect(ref.links).toHaveLength(3);
    // The two auto links are registered with Zendesk's Jira links API, once each.
    expect((reference as { zendeskLinks: number }).zendeskLinks).toBe(2);
    expect(totalWrites).toBeGreaterThan(10);
    expect(writePoints).toHaveLength(totalWrites);
    if (process.env.SHOW_WRITE_POINTS) console.log(writePoints.map((w, i) => `${i + 1} ${w}`).join('\n'));
  });

  it('ends in the same state whichever write the run dies after', async () => {
    const mismatches: { k: number; state: unknown }[] = [];
    // Every write point, including right after each of the two Jira issue creates: recovery
    // there finds the issue by the connector property the create set on it.
    expect(writePoints.filter((p) => p === 'jira POST /rest/api/3/issue')).toHaveLength(2);
    for (let k = 1; k <= totalWrites; k++) {
      setUpScenario();
      const crashed = await runOnce(k);
      expect({ k, status: crashed.status }).toEqual({ k, status: 'crash' });
      await resume();
      const state = observable();
      if (JSON.stringify(state) !== JSON.stringify(reference)) mismatches.push({ k, state });
      // And once recovered, another run changes nothing in Jira.
      const before = stack.emulator.calls[stack.emulator.calls.length - 1]?.seq ?? 0;
      stack.zendesk.control.advanceClock(61_000);
      await runOnce();
      const writes = stack.emulator.calls.filter(
        (c) => c.seq > before && c.kind === 'jira' && c.write,
      ).length;
      if (writes !== 0) mismatches.push({ k, state: { extraJiraWrites: writes } });
    }
    if (mismatches.length > 0) console.log(JSON.stringify({ reference, writePoints, mismatches }, null, 1));
    expect(mismatches.map((m) => m.k)).toEqual([]);
  });
});
