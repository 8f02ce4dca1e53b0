/**
 * The benchmark as a function: builds the worlds, runs the scenarios the options ask for and
 * returns the report. `run.ts` is its command line; `bench.test.ts` runs its smallest
 * configuration so the code cannot rot.
 */
// The stack must load before anything that imports @forge/api (the emulator's egress guard).
import './stack';
import { cpus, loadavg } from 'node:os';
import { adminBundle, panelBundle, type BundleSize } from './bundles';
import type { BenchOptions, ScenarioName } from './options';
import { evaluateTargets, type BenchReport } from './report';
import { emptyResult, type ScenarioResult } from './result';
import { burstScenario } from './scenarios/burst';
import {
  backlogScenario,
  BASELINE_MIRRORS,
  idleScenario,
  newBaselines,
  steadyScenario,
} from './scenarios/fromZendesk';
import { changedTimesFour, growthRow, growthRows } from './scenarios/growth';
import { panelScenario } from './scenarios/panel';
import { buildWorld, ticketWorld } from './world';

export type Log = (line: string) => void;

function failed(name: string, error: unknown, log: Log): ScenarioResult {
  const r = emptyResult(name, name);
  r.status = 'failed';
  r.error = error instanceof Error ? error.message : String(error);
  log(`  ${name} FAILED: ${r.error}`);
  return r;
}

async function attempt(
  name: string,
  results: ScenarioResult[],
  log: Log,
  run: () => Promise<ScenarioResult | ScenarioResult[]>,
): Promise<void> {
  const started = Date.now();
  log(`- ${name}`);
  try {
    const out = await run();
    results.push(...(Array.isArray(out) ? out : [out]));
    log(`  ${name} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push(failed(name, error, log));
  }
}

const wants = (o: BenchOptions, n: ScenarioName): boolean => o.only.includes(n);
const jiraRate = (o: BenchOptions): { jiraPerSecond?: number } =>
  o.jiraPerSecond !== undefined ? { jiraPerSecond: o.jiraPerSecond } : {};
/** The plans other than the main one, highest first. */
const otherPlans = (o: BenchOptions): number[] =>
  o.plans.filter((p) => p !== o.conditions.zendeskPerMinute).sort((a, b) => b - a);

/** Idle, steady at 1 % and 10 % churn, changed ×4, and the Jira bursts, in one world. */
async function mainWorld(o: BenchOptions, results: ScenarioResult[], log: Log): Promise<void> {
  const steady = wants(o, 'steady');
  const burst = wants(o, 'burst');
  if (!wants(o, 'idle') && !steady && !burst && !(o.growth && wants(o, 'growth'))) return;
  const { links, steadyChanges, comments } = o.sizes;
  log(`- world: ${links} links`);
  let world;
  try {
    world = await ticketWorld(o, { links, comments, mirrors: BASELINE_MIRRORS, inSync: false }, log);
  } catch (error) {
    results.push(failed('main world', error, log));
    return;
  }
  try {
    const w = world;
    const baselines = newBaselines(w, o);
    if (wants(o, 'idle')) await attempt('idle', results, log, () => idleScenario(w, baselines, o));
    if (steady) {
      const one = Math.max(1, Math.round(links / 100));
      await attempt('steady 1 %', results, log, () =>
        steadyScenario(w, { name: 'steady 1 %', count: one, baselines, seed: 5 }, o),
      );
      await attempt('steady', results, log, () =>
        steadyScenario(w, { name: 'steady', count: steadyChanges, baselines, seed: 7 }, o),
      );
    }
    if (o.growth && wants(o, 'growth'))
      await attempt('changed ×4', results, log, () => changedTimesFour(w, o));
    if (burst) {
      await attempt('burst', results, log, () =>
        burstScenario(w, o, o.conditions.zendeskPerMinute, true, 21),
      );
      for (const [i, plan] of otherPlans(o).entries())
        await attempt(`burst @${plan}`, results, log, () => burstScenario(w, o, plan, false, 41 + i));
    }
  } finally {
    await world.bs.close();
  }
}

async function backlogWorld(
  o: BenchOptions,
  results: ScenarioResult[],
  log: Log,
  n: number,
  large: boolean,
): Promise<void> {
  const label = large ? `backlog ${n / 1000}k` : 'backlog';
  log(`- world: ${n} links for the ${label} (time scale 1/${o.timeScale})`);
  let world;
  try {
    world = await buildWorld(
      {
        tickets: Math.ceil(n / 0.85) + 20,
        links: n,
        skipClosed: true,
        commentsPerTicket: 1,
        attachments: 0,
        syncMode: 'twoWay',
        mirrors: large ? 0 : BASELINE_MIRRORS,
        inSync: true,
        timeScale: o.timeScale,
        ...jiraRate(o),
      },
      log,
    );
  } catch (error) {
    results.push(failed(label, error, log));
    return;
  }
  try {
    const w = world;
    const main = o.conditions.zendeskPerMinute;
    const baselines = large ? null : newBaselines(w, o);
    await attempt(label, results, log, () =>
      backlogScenario(w, baselines, o, main, { name: label, count: n, seed: 13 }, log),
    );
    if (large) return;
    // A quarter of the backlog: enough simulated minutes at the plan's limit to show the peak,
    // without the slowest plan making the full bench last half an hour.
    const planCount = Math.max(1, Math.ceil(n / 4));
    for (const [i, plan] of otherPlans(o).entries())
      await attempt(`${label} @${plan}`, results, log, () =>
        backlogScenario(w, null, o, plan, { name: `${label} @${plan}`, count: planCount, seed: 17 + i }, log),
      );
  } finally {
    await world.bs.close();
  }
}

async function bundles(): Promise<BundleSize[]> {
  const out: BundleSize[] = [adminBundle()];
  try {
    out.push(await panelBundle());
  } catch (error) {
    out.push({
      name: 'issue panel',
      files: 0,
      bytes: 0,
      gzipBytes: 0,
      largestJs: null,
      note: `could not bundle: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`,
    });
  }
  return out;
}

export const ORDER = [
  'idle',
  'steady 1 %',
  'steady',
  'backlog',
  'burst',
  'burst-echo',
  'panel',
  'links ×4',
  'comments ×10',
  'changed ×4',
];

function rank(name: string): number {
  const base = ORDER.indexOf(name);
  if (base >= 0) return base * 10;
  const at = ORDER.indexOf(name.split(' @')[0] ?? '');
  if (at >= 0) return at * 10 + 5;
  return name.startsWith('backlog') ? ORDER.indexOf('backlog') * 10 + 8 : 1000;
}

export async function runBench(
  o: BenchOptions,
  command: string,
  log: Log,
  what: { bundles: boolean } = { bundles: true },
): Promise<BenchReport> {
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const results: ScenarioResult[] = [];
  await mainWorld(o, results, log);
  if (wants(o, 'backlog')) await backlogWorld(o, results, log, o.sizes.backlogChanges, false);
  if (o.large && wants(o, 'backlog')) await backlogWorld(o, results, log, o.sizes.largeBacklogChanges, true);
  if (o.growth && wants(o, 'growth'))
    for (const row of growthRows(o)) await attempt(row.name, results, log, () => growthRow(o, row, log));
  if (wants(o, 'panel')) await attempt('panel', results, log, () => panelScenario(o));
  results.sort((a, b) => rank(a.name) - rank(b.name));
  const cpu = cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    command,
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at start and ${(loadavg()[0] ?? 0).toFixed(1)} at end`,
    options: o,
    scenarios: results,
    bundles: what.bundles ? await bundles() : [],
    targets: evaluateTargets(results, o),
    totalWallMs: 0,
  };
  report.totalWallMs = Date.now() - started;
  return report;
}
