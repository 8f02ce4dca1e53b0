/**
 * Zendesk → Jira scenarios: idle run, steady state and backlog. Each measures only the sync
 * runs (simulator request logs and KVS counters are reset just before), then the naive
 * baseline doing the same work on its own copies of the issues.
 */
import { makeZendeskChanges, snapshotTickets, ticketDeltas, type ChangeKind } from '../changes';
import { driveSync, FIVE_MINUTES } from '../driver';
import { Meter, type PhaseCounts } from '../meter';
import { zendeskToJiraMinimum } from '../minimum';
import { NaiveZendeskToJira, type NaiveLinkToJira, type NaiveResult } from '../naive';
import type { BenchOptions } from '../options';
import { applyRuns, emptyResult, finish, type ScenarioResult } from '../result';
import { verifyInJira } from '../verify';
import { JIRA_REFERENCE_FIELD, type World } from '../world';

export const STEADY_MIX: Record<ChangeKind, number> = { field: 1, status: 1, comment: 1, attachment: 1 };
export const BACKLOG_MIX: Record<ChangeKind, number> = { field: 4, status: 2, comment: 3, attachment: 1 };

export function naiveLinks(world: World): NaiveLinkToJira[] {
  return world.pairs.flatMap((p) =>
    p.naiveIssueId ? [{ ticketId: p.ticketId, issueId: p.naiveIssueId }] : [],
  );
}

export function newNaive(world: World, options: BenchOptions): NaiveZendeskToJira {
  return new NaiveZendeskToJira(world.bs, {
    referenceFieldId: world.referenceFieldId,
    jiraReferenceField: JIRA_REFERENCE_FIELD,
    concurrency: options.naiveConcurrency,
  });
}

async function measureNaive(
  world: World,
  naive: NaiveZendeskToJira,
): Promise<{ result: NaiveResult; counts: PhaseCounts }> {
  const meter = new Meter(world.bs);
  meter.reset();
  const result = await naive.run(naiveLinks(world));
  const counts = meter.read();
  // The simulators' logs are the source of truth; the baseline's own storage is billed by it.
  return {
    result: { ...result, calls: { zendesk: counts.zendesk, jira: counts.jira, kvs: result.calls.kvs } },
    counts,
  };
}

export async function idleScenario(
  world: World,
  naive: NaiveZendeskToJira,
  options: BenchOptions,
): Promise<ScenarioResult> {
  const r = emptyResult('idle', `Idle run: ${world.pairs.length} links, nothing changed in Zendesk`);
  const { bs } = world;
  bs.measuredConditions(options.conditions);
  bs.advanceClocks(FIVE_MINUTES);
  const meter = new Meter(bs);
  meter.reset();
  const report = await driveSync(bs, { maxScheduledRuns: 1, singleRun: true });
  const counts = meter.read();
  applyRuns(r, report);
  r.wallMs = report.wallMs;
  const min = zendeskToJiraMinimum([], true);
  const n = await measureNaive(world, naive);
  finish(r, counts, min, { calls: n.result.calls, counts: n.counts, wallMs: n.result.wallMs });
  r.detail.extra.jiraWrites = counts.jiraWrites;
  r.detail.extra.naiveRateLimitWaitMs = n.result.rateLimitWaitMs;
  r.detail.notes.push(
    `Target: 1 Zendesk call and 0 Jira writes → ${counts.zendesk} Zendesk call(s), ${counts.jiraWrites} Jira write(s)`,
  );
  return r;
}

export async function steadyScenario(
  world: World,
  naive: NaiveZendeskToJira,
  options: BenchOptions,
): Promise<ScenarioResult> {
  const count = options.sizes.steadyChanges;
  const r = emptyResult(
    'steady',
    `Steady state: ${world.pairs.length} links, ${count} tickets changed (fields, status, comments, attachments)`,
  );
  const { bs } = world;
  bs.setupConditions();
  const before = snapshotTickets(world);
  const changes = makeZendeskChanges(world, count, STEADY_MIX, 7);
  const deltas = ticketDeltas(world, before, snapshotTickets(world));
  bs.measuredConditions(options.conditions);
  bs.advanceClocks(FIVE_MINUTES);
  const meter = new Meter(bs);
  meter.reset();
  const report = await driveSync(bs, { maxScheduledRuns: 1, singleRun: true });
  const counts = meter.read();
  applyRuns(r, report);
  r.wallMs = report.wallMs;
  r.changes = changes.length;
  r.verification = verifyInJira(bs, changes, (c) => c.pair.issueId, JIRA_REFERENCE_FIELD);
  const n = await measureNaive(world, naive);
  r.naiveVerification = verifyInJira(bs, changes, (c) => c.pair.naiveIssueId, JIRA_REFERENCE_FIELD);
  finish(r, counts, zendeskToJiraMinimum(deltas, true), {
    calls: n.result.calls,
    counts: n.counts,
    wallMs: n.result.wallMs,
  });
  r.detail.extra.naiveRateLimitWaitMs = n.result.rateLimitWaitMs;
  r.detail.extra.ticketsChanged = deltas.length;
  return r;
}

/**
 * 10,000 changed tickets after a two-hour outage, with the manifest's time budgets scaled by
 * the time scale and the Zendesk limits in force. Runs until the sync is caught up.
 */
export async function backlogScenario(
  world: World,
  naive: NaiveZendeskToJira | null,
  options: BenchOptions,
  log: (s: string) => void,
): Promise<ScenarioResult> {
  const count = options.sizes.backlogChanges;
  const { bs } = world;
  const r = emptyResult(
    'backlog',
    `Backlog: ${count} changed tickets after an outage (time scale 1/${bs.timeScale})`,
  );
  bs.setupConditions();
  const before = snapshotTickets(world);
  const started = Date.now();
  const changes = makeZendeskChanges(world, count, BACKLOG_MIX, 13);
  const deltas = ticketDeltas(world, before, snapshotTickets(world));
  log(`  backlog: ${changes.length} changes made (${Date.now() - started} ms); syncing`);
  bs.measuredConditions(options.conditions);
  // The outage: two hours without a scheduled run.
  bs.advanceClocks(2 * 60 * 60_000);
  const meter = new Meter(bs);
  meter.reset();
  const stopWarp = bs.startClockWarp();
  let report;
  try {
    report = await driveSync(bs, { maxScheduledRuns: 500 });
  } finally {
    stopWarp();
  }
  const counts = meter.read();
  applyRuns(r, report);
  r.wallMs = report.wallMs;
  r.changes = changes.length;
  r.verification = verifyInJira(bs, changes, (c) => c.pair.issueId, JIRA_REFERENCE_FIELD);
  if (!report.complete)
    r.detail.notes.push(`The sync was not caught up after ${report.scheduledRuns} scheduled runs`);
  const shares = (key: string): number =>
    report.invocations.filter((i) => i.functionKey === key).reduce((m, i) => Math.max(m, i.share), 0);
  r.detail.extra.simulatedMinutes = Math.round(report.simulatedMs / 60_000);
  r.detail.extra.maxShareScheduled = shares('scheduled-sync');
  r.detail.extra.maxShareWorker = shares('sync-batch-worker');
  r.detail.extra.budgetScheduledMs = bs.budgetsMs['scheduled-sync'] ?? 0;
  r.detail.extra.budgetWorkerMs = bs.budgetsMs['sync-batch-worker'] ?? 0;
  r.detail.extra.zendesk429 = counts.zendesk429;
  r.detail.extra.jira429 = counts.jira429;
  r.detail.extra.zendeskPeakPerSimMinute = counts.zendeskPeakPerMinute;
  r.detail.extra.caughtUp = report.complete ? 'yes' : 'no';
  r.detail.extra.timeouts = report.invocations.filter((i) => i.status === 'timeout').length;
  let naiveRun: { calls: NaiveResult['calls']; counts: PhaseCounts; wallMs: number } | null = null;
  if (naive) {
    log('  backlog: naive baseline');
    const n = await measureNaive(world, naive);
    naiveRun = { calls: n.result.calls, counts: n.counts, wallMs: n.result.wallMs };
    r.detail.extra.naiveRateLimitWaitMs = n.result.rateLimitWaitMs;
    r.naiveVerification = verifyInJira(bs, changes, (c) => c.pair.naiveIssueId, JIRA_REFERENCE_FIELD);
  }
  finish(r, counts, zendeskToJiraMinimum(deltas, true), naiveRun);
  return r;
}
