/** One scenario's numbers, as printed in the table and written to JSON and docs/benchmarks.md. */
import type { SyncReport } from './driver';
import type { Minimum } from './minimum';
import { totalApi, type Calls, type PhaseCounts } from './meter';
import type { Verification } from './verify';

export interface ScenarioResult {
  /** Short id used in the table and JSON (idle, steady, backlog, burst, burst-echo, panel). */
  name: string;
  title: string;
  /** 'ok', or 'failed' with the reason (a piece of the app missing or broken). */
  status: 'ok' | 'failed';
  error?: string;
  /** Synced changes (or resolver calls for the panel) the per-change figures divide by. */
  changes: number;
  calls: Calls;
  minimum: Calls;
  /** (Zendesk + Jira calls) / (their minimum). */
  ratioToMinimum: number | null;
  /** The tight minimum (minimum.ts): the floor of any design, not only of today's. */
  tight: Calls | null;
  ratioToTight: number | null;
  /** Jira points (jiraPoints.ts): ours, the minimum's, ours / the minimum's. */
  points: { ours: number; minimum: number; ratio: number | null };
  /** Other baselines than the naive poller (incremental poller, naive trusting updated_at). */
  baselines: BaselineRun[];
  ratios: { zendesk: number | null; jira: number | null; kvs: number | null };
  naive: Calls | null;
  /** Naive (Zendesk + Jira) / ours (Zendesk + Jira). */
  naiveOverOurs: number | null;
  naiveOverOursByService: { zendesk: number | null; jira: number | null };
  /** Naive (Zendesk + Jira) / the minimum: the most any connector could beat the baseline by. */
  naiveOverMinimum: number | null;
  wallMs: number;
  naiveWallMs: number | null;
  maxInvocationShareOfBudget: number | null;
  runs: { scheduled: number; worker: number; total: number } | null;
  verification: Verification | null;
  naiveVerification: Verification | null;
  detail: {
    counts?: PhaseCounts;
    naiveCounts?: PhaseCounts;
    minimumTerms: string[];
    notes: string[];
    /** Scenario-specific figures (payload bytes, simulated duration, peaks…). */
    extra: Record<string, number | string>;
    /** Zendesk/Jira requests by endpoint minus the minimum's (positive: above it). */
    overMinimum: Record<string, number>;
  };
}

export interface BaselineRun {
  name: string;
  calls: Calls;
  jiraPoints: number;
  /** Its Zendesk + Jira calls over ours. */
  overOurs: number | null;
  wallMs: number;
  verification: Verification | null;
}

export interface Baseline {
  calls: Calls;
  counts?: PhaseCounts;
  wallMs: number;
}

export function ratio(ours: number, min: number): number | null {
  if (min === 0) return ours === 0 ? 1 : null;
  return ours / min;
}

export function emptyResult(name: string, title: string): ScenarioResult {
  return {
    name,
    title,
    status: 'ok',
    changes: 0,
    calls: { zendesk: 0, jira: 0, kvs: 0 },
    minimum: { zendesk: 0, jira: 0, kvs: 0 },
    ratioToMinimum: null,
    tight: null,
    ratioToTight: null,
    points: { ours: 0, minimum: 0, ratio: null },
    baselines: [],
    ratios: { zendesk: null, jira: null, kvs: null },
    naive: null,
    naiveOverOurs: null,
    naiveOverOursByService: { zendesk: null, jira: null },
    naiveOverMinimum: null,
    wallMs: 0,
    naiveWallMs: null,
    maxInvocationShareOfBudget: null,
    runs: null,
    verification: null,
    naiveVerification: null,
    detail: { minimumTerms: [], notes: [], extra: {}, overMinimum: {} },
  };
}

/** Fills the derived figures from calls, minimum and naive. */
export function finish(
  r: ScenarioResult,
  counts: PhaseCounts,
  min: Minimum,
  tight: Minimum | null,
  naive: Baseline | null,
): ScenarioResult {
  r.calls = { zendesk: counts.zendesk, jira: counts.jira, kvs: counts.kvs };
  r.minimum = { zendesk: min.zendesk, jira: min.jira, kvs: min.kvs };
  r.ratioToMinimum = ratio(totalApi(r.calls), totalApi(r.minimum));
  if (tight) {
    r.tight = { zendesk: tight.zendesk, jira: tight.jira, kvs: tight.kvs };
    r.ratioToTight = ratio(totalApi(r.calls), totalApi(r.tight));
    r.detail.minimumTerms.push(...tight.terms.map((t) => `tight ${t}`));
  }
  r.points = {
    ours: counts.jiraPoints.points,
    minimum: min.jiraPoints,
    ratio: ratio(counts.jiraPoints.points, min.jiraPoints),
  };
  r.ratios = {
    zendesk: ratio(r.calls.zendesk, min.zendesk),
    jira: ratio(r.calls.jira, min.jira),
    kvs: ratio(r.calls.kvs, min.kvs),
  };
  r.detail.counts = counts;
  r.detail.minimumTerms = [...min.terms, ...r.detail.minimumTerms];
  const ours: Record<string, number> = { ...counts.zendeskByRoute, ...counts.jiraByRoute };
  for (const route of new Set([...Object.keys(ours), ...Object.keys(min.byRoute)])) {
    const diff = (ours[route] ?? 0) - (min.byRoute[route] ?? 0);
    if (diff !== 0) r.detail.overMinimum[route] = diff;
  }
  if (naive) {
    r.naive = naive.calls;
    r.naiveOverOurs = totalApi(r.calls) > 0 ? totalApi(naive.calls) / totalApi(r.calls) : null;
    r.naiveOverOursByService = {
      zendesk: r.calls.zendesk > 0 ? naive.calls.zendesk / r.calls.zendesk : null,
      jira: r.calls.jira > 0 ? naive.calls.jira / r.calls.jira : null,
    };
    r.naiveOverMinimum = totalApi(r.minimum) > 0 ? totalApi(naive.calls) / totalApi(r.minimum) : null;
    r.naiveWallMs = naive.wallMs;
    if (naive.counts) r.detail.naiveCounts = naive.counts;
  }
  return r;
}

/** Adds a measured baseline other than the naive poller. */
export function addBaseline(
  r: ScenarioResult,
  name: string,
  b: Baseline & { jiraPoints: number },
  verification: Verification | null,
): void {
  r.baselines.push({
    name,
    calls: b.calls,
    jiraPoints: b.jiraPoints,
    overOurs: totalApi(r.calls) > 0 ? totalApi(b.calls) / totalApi(r.calls) : null,
    wallMs: b.wallMs,
    verification,
  });
}

export function applyRuns(r: ScenarioResult, report: SyncReport): void {
  r.runs = {
    scheduled: report.scheduledRuns,
    worker: report.workerRuns,
    total: report.scheduledRuns + report.workerRuns,
  };
  r.maxInvocationShareOfBudget = report.invocations.reduce((m, i) => Math.max(m, i.share), 0);
  const failed = report.invocations.filter((i) => i.status !== 'ok' || i.disposition === 'failed');
  if (failed.length > 0)
    r.detail.notes.push(
      `${failed.length} invocation(s) did not end ok: ${failed
        .slice(0, 3)
        .map((f) => `${f.functionKey} ${f.status} ${f.error ?? ''}`.trim())
        .join('; ')}`,
    );
}
