/**
 * Zendesk → Jira scenarios: idle run, steady state (at any churn) and backlog. Each measures
 * only the app's sync runs (simulator request logs, KVS counters and Jira points are reset just
 * before), then the baselines doing the same work on their own copies of the issues: the naive
 * poller (mirror 0), the naive poller trusting updated_at (mirror 1) and the incremental poller
 * (mirror 2).
 */
import { availableTransitions } from '../../../sandbox/jira/mutations';
import {
  makeZendeskChanges,
  snapshotTickets,
  ticketDeltas,
  type ChangeKind,
  type TicketDelta,
} from '../changes';
import { driveSync, FIVE_MINUTES } from '../driver';
import { IncrementalZendeskToJira } from '../incremental';
import { Meter, type PhaseCounts } from '../meter';
import { zendeskToJiraMinimum, zendeskToJiraTight } from '../minimum';
import { NaiveZendeskToJira, type NaiveLinkToJira } from '../naive';
import type { NaiveResult } from '../baselineKit';
import type { BenchOptions } from '../options';
import { addBaseline, applyRuns, emptyResult, finish, type ScenarioResult } from '../result';
import { verifyInJira, type Verification } from '../verify';
import { JIRA_REFERENCE_FIELD, type World } from '../world';
import type { ZendeskChange } from '../changes';

export const STEADY_MIX: Record<ChangeKind, number> = { field: 1, status: 1, comment: 1, attachment: 1 };
export const BACKLOG_MIX: Record<ChangeKind, number> = { field: 4, status: 2, comment: 3, attachment: 1 };
export const BASELINE_MIRRORS = 3;

export interface Baselines {
  naive: NaiveZendeskToJira;
  naiveUpdatedAt: NaiveZendeskToJira;
  incremental: IncrementalZendeskToJira;
}

function mirrorLinks(world: World, mirror: number): NaiveLinkToJira[] {
  return world.pairs.flatMap((p) => {
    const issueId = p.mirrors[mirror];
    return issueId === undefined ? [] : [{ ticketId: p.ticketId, issueId }];
  });
}

/** The three baselines, remembering the world as it is now (setup, not measured). */
export function newBaselines(world: World, options: BenchOptions): Baselines {
  const common = {
    referenceFieldId: world.referenceFieldId,
    jiraReferenceField: JIRA_REFERENCE_FIELD,
    concurrency: options.naiveConcurrency,
  };
  const b: Baselines = {
    naive: new NaiveZendeskToJira(world.bs, { ...common, variant: 'content' }),
    naiveUpdatedAt: new NaiveZendeskToJira(world.bs, { ...common, variant: 'updatedAt' }),
    incremental: new IncrementalZendeskToJira(world.bs, common),
  };
  b.naive.rememberCurrentState(mirrorLinks(world, 0));
  b.naiveUpdatedAt.rememberCurrentState(mirrorLinks(world, 1));
  b.incremental.rememberCurrentState(mirrorLinks(world, 2));
  // Changes from now on fall after the incremental poller's start_time.
  world.bs.advanceClocks(2_000);
  return b;
}

interface Measured {
  result: NaiveResult;
  counts: PhaseCounts;
}

async function measure(world: World, run: () => Promise<NaiveResult>): Promise<Measured> {
  const meter = new Meter(world.bs);
  meter.reset();
  const result = await run();
  const counts = meter.read();
  // The simulators' logs are the source of truth; a baseline's own storage is billed by it.
  return {
    result: { ...result, calls: { zendesk: counts.zendesk, jira: counts.jira, kvs: result.calls.kvs } },
    counts,
  };
}

/** Transitions the workflow offers each issue whose status category is about to change. */
function transitionObjects(world: World, deltas: readonly TicketDelta[]): number {
  const jira = world.bs.stack.jira.state;
  const issueOf = new Map(world.pairs.map((p) => [p.ticketId, p.issueId]));
  return deltas
    .filter((d) => d.status)
    .reduce((n, d) => {
      const issue = jira.issues.get(issueOf.get(d.ticketId) ?? '');
      return n + (issue ? availableTransitions(jira, issue).length : 0);
    }, 0);
}

type Which = 'naive' | 'naiveUpdatedAt' | 'incremental';
const MIRROR: Record<Which, number> = { naive: 0, naiveUpdatedAt: 1, incremental: 2 };
const LABEL: Record<Exclude<Which, 'naive'>, string> = {
  naiveUpdatedAt: 'naive (updated_at)',
  incremental: 'incremental poller',
};

interface OtherBaseline {
  name: string;
  m: Measured;
  verification: Verification;
}

interface BaselineRuns {
  naive: Measured | null;
  others: OtherBaseline[];
}

const NO_BASELINES: BaselineRuns = { naive: null, others: [] };

/** Runs the chosen baselines after the app's run, on their own copies of the issues. */
async function runBaselines(
  r: ScenarioResult,
  world: World,
  baselines: Baselines,
  which: readonly Which[],
  changes: readonly ZendeskChange[],
): Promise<BaselineRuns> {
  const verify = (mirror: number): Verification =>
    verifyInJira(world.bs, changes, (c) => c.pair.mirrors[mirror], JIRA_REFERENCE_FIELD);
  const out: BaselineRuns = { naive: null, others: [] };
  for (const w of which) {
    const m = await measure(world, () =>
      w === 'incremental' ? baselines.incremental.run() : baselines[w].run(mirrorLinks(world, MIRROR[w])),
    );
    if (w === 'naive') {
      out.naive = m;
      r.naiveVerification = verify(0);
      r.detail.extra.naiveRateLimitWaitMs = m.result.rateLimitWaitMs;
      r.detail.extra.naiveJiraPoints = m.counts.jiraPoints.points;
    } else {
      r.detail.extra[`${w}JiraPoints`] = m.counts.jiraPoints.points;
      out.others.push({ name: LABEL[w], m, verification: verify(MIRROR[w]) });
    }
  }
  return out;
}

function finishWithBaselines(
  r: ScenarioResult,
  counts: PhaseCounts,
  deltas: readonly TicketDelta[],
  updates: number,
  objects: number,
  { naive, others }: BaselineRuns,
): ScenarioResult {
  finish(
    r,
    counts,
    zendeskToJiraMinimum(deltas, true, objects, updates),
    zendeskToJiraTight(deltas, updates, objects),
    naive ? { calls: naive.result.calls, counts: naive.counts, wallMs: naive.result.wallMs } : null,
  );
  for (const p of others)
    addBaseline(
      r,
      p.name,
      { calls: p.m.result.calls, wallMs: p.m.result.wallMs, jiraPoints: p.m.counts.jiraPoints.points },
      p.verification,
    );
  return r;
}

/**
 * The measured scheduled run, five minutes after the last: its runs and wall time go into `r`;
 * what the run cost is returned.
 */
async function measureScheduledRun(
  r: ScenarioResult,
  world: World,
  options: BenchOptions,
): Promise<PhaseCounts> {
  const { bs } = world;
  bs.measuredConditions(options.conditions);
  bs.advanceClocks(FIVE_MINUTES);
  const meter = new Meter(bs);
  meter.reset();
  const report = await driveSync(bs, { maxScheduledRuns: 1, singleRun: true });
  const counts = meter.read();
  applyRuns(r, report);
  r.wallMs = report.wallMs;
  return counts;
}

export async function idleScenario(
  world: World,
  baselines: Baselines,
  options: BenchOptions,
): Promise<ScenarioResult> {
  const r = emptyResult('idle', `Idle run: ${world.pairs.length} links, nothing changed in Zendesk`);
  const counts = await measureScheduledRun(r, world, options);
  const runs = await runBaselines(r, world, baselines, ['naive', 'naiveUpdatedAt', 'incremental'], []);
  finishWithBaselines(r, counts, [], 0, 0, runs);
  r.detail.extra.jiraWrites = counts.jiraWrites;
  return r;
}

export interface SteadySpec {
  name: string;
  count: number;
  /** Measure the baselines too (they must then run in every later steady phase of this world). */
  baselines: Baselines | null;
  seed: number;
}

export async function steadyScenario(
  world: World,
  spec: SteadySpec,
  options: BenchOptions,
): Promise<ScenarioResult> {
  const links = world.pairs.length;
  const churn = ((100 * spec.count) / links).toFixed(spec.count * 100 < links ? 1 : 0);
  const r = emptyResult(
    spec.name,
    `Steady state: ${links} links, ${world.spec.commentsPerTicket} comments per ticket, ${spec.count} tickets changed (${churn} % churn: fields, status, comments, attachments)`,
  );
  const { bs } = world;
  bs.setupConditions();
  const before = snapshotTickets(world);
  const changes = makeZendeskChanges(world, spec.count, STEADY_MIX, spec.seed);
  const deltas = ticketDeltas(world, before, snapshotTickets(world));
  const objects = transitionObjects(world, deltas);
  const counts = await measureScheduledRun(r, world, options);
  r.changes = changes.length;
  r.verification = verifyInJira(bs, changes, (c) => c.pair.issueId, JIRA_REFERENCE_FIELD);
  const runs = spec.baselines
    ? await runBaselines(r, world, spec.baselines, ['naive', 'naiveUpdatedAt', 'incremental'], changes)
    : NO_BASELINES;
  finishWithBaselines(r, counts, deltas, changes.length, objects, runs);
  r.detail.extra.ticketsChanged = deltas.length;
  r.detail.extra.churn = `${churn} %`;
  r.detail.extra.plan = options.conditions.zendeskPerMinute;
  r.detail.extra.zendesk429 = counts.zendesk429;
  r.detail.extra.peakShareOfPlan = counts.zendeskPeakPerMinute / options.conditions.zendeskPerMinute;
  return r;
}

/**
 * N changed tickets after a two-hour outage, with the manifest's time budgets scaled by the
 * time scale and the Zendesk limits of `plan` in force. Runs until the sync is caught up.
 */
export async function backlogScenario(
  world: World,
  baselines: Baselines | null,
  options: BenchOptions,
  plan: number,
  spec: { name: string; count: number; seed: number },
  log: (s: string) => void,
): Promise<ScenarioResult> {
  const { count } = spec;
  const { bs } = world;
  const r = emptyResult(
    spec.name,
    `Backlog: ${count} changed tickets after an outage, Zendesk plan ${plan}/min (time scale 1/${bs.timeScale})`,
  );
  bs.setupConditions();
  const before = snapshotTickets(world);
  const started = Date.now();
  const changes = makeZendeskChanges(world, count, BACKLOG_MIX, spec.seed);
  const deltas = ticketDeltas(world, before, snapshotTickets(world));
  const objects = transitionObjects(world, deltas);
  log(`  ${spec.name}: ${changes.length} changes made (${Date.now() - started} ms); syncing at ${plan}/min`);
  bs.measuredConditions({ ...options.conditions, zendeskPerMinute: plan });
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
  const x = r.detail.extra;
  x.plan = plan;
  x.simulatedMinutes = Math.round(report.simulatedMs / 60_000);
  x.maxShareScheduled = shares('scheduled-sync');
  x.maxShareWorker = shares('sync-batch-worker');
  x.budgetScheduledMs = bs.budgetsMs['scheduled-sync'] ?? 0;
  x.budgetWorkerMs = bs.budgetsMs['sync-batch-worker'] ?? 0;
  x.zendesk429 = counts.zendesk429;
  x.jira429 = counts.jira429;
  x.zendeskPeakPerSimMinute = counts.zendeskPeakPerMinute;
  x.peakShareOfPlan = counts.zendeskPeakPerMinute / plan;
  x.caughtUp = report.complete ? 'yes' : 'no';
  x.timeouts = report.invocations.filter((i) => i.status === 'timeout').length;
  let runs = NO_BASELINES;
  if (baselines) {
    log(`  ${spec.name}: baselines`);
    bs.measuredConditions({ ...options.conditions, zendeskPerMinute: plan });
    runs = await runBaselines(r, world, baselines, ['naive', 'incremental'], changes);
  }
  return finishWithBaselines(r, counts, deltas, changes.length, objects, runs);
}
