/**
 * `npm run bench`: the sync benchmark (issue #11). Runs the real app on the Forge emulator
 * against the Zendesk and Jira simulators, prints a table, and writes docs/benchmarks.md (full
 * runs) and JSON (`--json FILE`). Method and definitions: docs/benchmarks.md.
 */
// The stack must load before anything that imports @forge/api (the emulator's egress guard).
import { REPO_ROOT } from './stack';
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { adminBundle, panelBundle, type BundleSize } from './bundles';
import { parseOptions, type BenchOptions, type ScenarioName } from './options';
import {
  bundleLines,
  consoleTable,
  evaluateTargets,
  jsonReport,
  markdown,
  targetLines,
  type BenchReport,
} from './report';
import { emptyResult, type ScenarioResult } from './result';
import { burstScenario } from './scenarios/burst';
import { backlogScenario, idleScenario, naiveLinks, newNaive, steadyScenario } from './scenarios/fromZendesk';
import { panelScenario } from './scenarios/panel';
import { buildWorld } from './world';

const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function failed(name: ScenarioName | 'burst-echo', error: unknown): ScenarioResult {
  const r = emptyResult(name, name);
  r.status = 'failed';
  r.error = error instanceof Error ? error.message : String(error);
  log(`  ${name} FAILED: ${r.error}`);
  return r;
}

async function attempt(
  name: ScenarioName,
  results: ScenarioResult[],
  run: () => Promise<ScenarioResult | ScenarioResult[]>,
): Promise<void> {
  const started = Date.now();
  log(`- ${name}`);
  try {
    const out = await run();
    results.push(...(Array.isArray(out) ? out : [out]));
    log(`  ${name} done (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    results.push(failed(name, error));
  }
}

async function mainWorldScenarios(o: BenchOptions, results: ScenarioResult[]): Promise<void> {
  const wanted = o.only.filter((n) => n === 'idle' || n === 'steady' || n === 'burst');
  if (wanted.length === 0) return;
  log(`- world: ${o.sizes.links} links`);
  let world;
  try {
    world = await buildWorld(
      {
        tickets: o.sizes.links,
        links: o.sizes.links,
        skipClosed: false,
        commentsPerTicket: 3,
        attachments: Math.max(5, Math.round(o.sizes.links / 25)),
        syncMode: 'twoWay',
        naiveMirror: true,
        inSync: false,
        timeScale: 1,
        ...(o.jiraPerSecond !== undefined ? { jiraPerSecond: o.jiraPerSecond } : {}),
      },
      log,
    );
  } catch (error) {
    for (const n of wanted) results.push(failed(n, error));
    return;
  }
  try {
    const naive = newNaive(world, o);
    naive.rememberCurrentState(naiveLinks(world));
    if (wanted.includes('idle')) await attempt('idle', results, () => idleScenario(world, naive, o));
    if (wanted.includes('steady')) await attempt('steady', results, () => steadyScenario(world, naive, o));
    if (wanted.includes('burst')) await attempt('burst', results, () => burstScenario(world, o));
  } finally {
    await world.bs.close();
  }
}

async function backlog(o: BenchOptions, results: ScenarioResult[]): Promise<void> {
  if (!o.only.includes('backlog')) return;
  const n = o.sizes.backlogChanges;
  log(`- world: ${n} links for the backlog (time scale 1/${o.timeScale})`);
  await attempt('backlog', results, async () => {
    const world = await buildWorld(
      {
        tickets: Math.ceil(n / 0.85) + 20,
        links: n,
        skipClosed: true,
        commentsPerTicket: 1,
        attachments: 0,
        syncMode: 'twoWay',
        naiveMirror: true,
        inSync: true,
        timeScale: o.timeScale,
        ...(o.jiraPerSecond !== undefined ? { jiraPerSecond: o.jiraPerSecond } : {}),
      },
      log,
    );
    try {
      const naive = newNaive(world, o);
      naive.rememberCurrentState(naiveLinks(world));
      return await backlogScenario(world, naive, o, log);
    } finally {
      await world.bs.close();
    }
  });
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

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  let o: BenchOptions;
  try {
    o = parseOptions(argv);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 2;
  }
  const started = Date.now();
  const loadAtStart = loadavg()[0] ?? 0;
  const results: ScenarioResult[] = [];
  await mainWorldScenarios(o, results);
  await backlog(o, results);
  if (o.only.includes('panel')) await attempt('panel', results, () => panelScenario(o));
  const order = ['idle', 'steady', 'backlog', 'burst', 'burst-echo', 'panel'];
  results.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
  const cpu = cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    machine: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'CPU'}, Node ${process.version}, load average ${loadAtStart.toFixed(1)} at start and ${(loadavg()[0] ?? 0).toFixed(1)} at end`,
    options: o,
    scenarios: results,
    bundles: await bundles(),
    targets: evaluateTargets(results),
    totalWallMs: 0,
  };
  report.totalWallMs = Date.now() - started;
  console.log('');
  console.log(consoleTable(results));
  console.log('');
  for (const r of results) {
    const over = Object.entries(r.detail.overMinimum)
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 4);
    if (over.length > 0)
      console.log(`${r.name} above the minimum: ${over.map(([k, n]) => `+${n} ${k}`).join(', ')}`);
  }
  console.log('');
  for (const t of targetLines(report.targets)) console.log(t);
  console.log('');
  for (const b of bundleLines(report.bundles)) console.log(b);
  console.log(`\nTotal ${(report.totalWallMs / 1000).toFixed(1)} s. Details and method: docs/benchmarks.md`);
  if (o.json) {
    writeFileSync(o.json, `${JSON.stringify(jsonReport(report), null, 2)}\n`);
    console.log(`JSON written to ${o.json}`);
  }
  if (o.docs) {
    writeFileSync(join(REPO_ROOT, 'docs', 'benchmarks.md'), markdown(report));
    console.log('docs/benchmarks.md updated');
  }
  return results.some((r) => r.status === 'failed') ? 1 : 0;
}

process.exitCode = await main();
