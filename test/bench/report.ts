/** The console table, the JSON file and docs/benchmarks.md, all from the same results. */
import type { BundleSize } from './bundles';
import type { BenchOptions } from './options';
import { totalApi, type Calls } from './meter';
import type { ScenarioResult } from './result';
import { METHOD } from './method';
import { targetLines, type Target } from './targets';
import type { Verification } from './verify';

export { evaluateTargets, targetLines, type Target } from './targets';

export interface BenchReport {
  date: string;
  command: string;
  machine: string;
  options: BenchOptions;
  scenarios: ScenarioResult[];
  bundles: BundleSize[];
  targets: Target[];
  totalWallMs: number;
}

const fmt = (n: number | null | undefined, digits = 2): string =>
  n === null || n === undefined || !Number.isFinite(n)
    ? '–'
    : Number.isInteger(n)
      ? String(n)
      : n.toFixed(digits);
const trio = (c: Calls | null): string => (c ? `${c.zendesk} / ${c.jira} / ${c.kvs}` : '–');
const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const secs = (ms: number | null): string =>
  ms === null ? '–' : ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
const kb = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

const HEAD = [
  'Scenario',
  'Zendesk / Jira / KVS',
  'API / KVS per change',
  'design min',
  '× design',
  'tight min',
  '× tight',
  'Jira points (× min)',
  'naive ÷ ours',
  'incremental ÷ ours',
  'peak / plan',
  '429s',
  'max inv. / budget',
  'wall',
];

const times = (x: number | null): string => (x === null ? '–' : `${fmt(x)}×`);

function perChange(r: ScenarioResult): string {
  if (r.changes <= 0) return '–';
  return `${fmt(totalApi(r.calls) / r.changes)} / ${fmt(r.calls.kvs / r.changes)}`;
}

function planCell(r: ScenarioResult): string {
  const plan = Number(r.detail.extra.plan ?? NaN);
  const share = Number(r.detail.extra.peakShareOfPlan ?? NaN);
  return Number.isFinite(plan) && Number.isFinite(share) ? `${pct(share)} of ${plan}` : '–';
}

function rows(results: readonly ScenarioResult[]): string[][] {
  return results.map((r) => {
    if (r.status === 'failed')
      return [r.name, `FAILED: ${r.error ?? ''}`.slice(0, 160), ...HEAD.slice(2).map(() => '')];
    const inc = r.baselines.find((b) => b.name === 'incremental poller');
    const z429 = r.detail.extra.zendesk429;
    return [
      r.name,
      trio(r.calls),
      perChange(r),
      trio(r.minimum),
      times(r.ratioToMinimum),
      trio(r.tight),
      times(r.ratioToTight),
      `${r.points.ours} (${times(r.points.ratio)})`,
      times(r.naiveOverOurs),
      times(inc?.overOurs ?? null),
      planCell(r),
      z429 === undefined ? '–' : String(z429),
      pct(r.maxInvocationShareOfBudget),
      secs(r.wallMs),
    ];
  });
}

function baselineRows(results: readonly ScenarioResult[]): string[][] {
  const out: string[][] = [];
  for (const r of results) {
    if (r.status !== 'ok' || !r.naive) continue;
    const v = (x: Verification | null): string => (x ? `${x.checked - x.missing}/${x.checked}` : '–');
    out.push([r.name, 'ours', trio(r.calls), String(r.points.ours), '1×', v(r.verification), secs(r.wallMs)]);
    out.push([
      r.name,
      'naive poller',
      trio(r.naive),
      String(r.detail.extra.naiveJiraPoints ?? r.detail.naiveCounts?.jiraPoints.points ?? '–'),
      times(r.naiveOverOurs),
      v(r.naiveVerification),
      secs(r.naiveWallMs),
    ]);
    for (const b of r.baselines)
      out.push([
        r.name,
        b.name,
        trio(b.calls),
        String(b.jiraPoints),
        times(b.overOurs),
        v(b.verification),
        secs(b.wallMs),
      ]);
  }
  return out;
}

export function consoleTable(results: readonly ScenarioResult[]): string {
  const all = [HEAD, ...rows(results)];
  const widths = HEAD.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]): string => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' │ ');
  const sep = widths.map((w) => '─'.repeat(w)).join('─┼─');
  return [line(HEAD), sep, ...rows(results).map(line)].join('\n');
}

function mdTable(head: string[], body: string[][]): string {
  const esc = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    `| ${head.map(esc).join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...body.map((r) => `| ${r.map(esc).join(' | ')} |`),
  ].join('\n');
}

function routeTable(
  service: string,
  ours: Record<string, number> | undefined,
  naive: Record<string, number> | undefined,
): string {
  const keys = [...new Set([...Object.keys(ours ?? {}), ...Object.keys(naive ?? {})])].sort();
  if (keys.length === 0) return `_no ${service} requests_`;
  return mdTable(
    [`${service} request`, 'ours', 'naive'],
    keys.map((k) => [k, String(ours?.[k] ?? 0), naive ? String(naive[k] ?? 0) : '–']),
  );
}

export function bundleLines(bundles: readonly BundleSize[]): string[] {
  return bundles.map((b) =>
    b.note
      ? `${b.name}: ${b.note}`
      : `${b.name}: ${b.files} file(s), ${kb(b.bytes)} (${kb(b.gzipBytes)} gzip)${b.largestJs ? `; largest JS ${b.largestJs.file} ${kb(b.largestJs.bytes)} (${kb(b.largestJs.gzipBytes)} gzip)` : ''}`,
  );
}

export function jsonReport(report: BenchReport): unknown {
  return {
    date: report.date,
    command: report.command,
    machine: report.machine,
    conditions: report.options.conditions,
    timeScale: report.options.timeScale,
    sizes: report.options.sizes,
    plans: report.options.plans,
    scenarios: report.scenarios.map((r) => ({
      name: r.name,
      title: r.title,
      status: r.status,
      ...(r.error ? { error: r.error } : {}),
      changes: r.changes,
      calls: r.calls,
      minimum: r.minimum,
      ratioToMinimum: r.ratioToMinimum,
      ratiosToMinimum: r.ratios,
      tight: r.tight,
      ratioToTight: r.ratioToTight,
      jiraPoints: r.points,
      baselines: r.baselines,
      naive: r.naive,
      naiveOverOurs: r.naiveOverOurs,
      naiveOverOursByService: r.naiveOverOursByService,
      naiveOverMinimum: r.naiveOverMinimum,
      overMinimumByEndpoint: r.detail.overMinimum,
      wallMs: r.wallMs,
      naiveWallMs: r.naiveWallMs,
      maxInvocationShareOfBudget: r.maxInvocationShareOfBudget,
      runs: r.runs,
      verification: r.verification,
      naiveVerification: r.naiveVerification,
      extra: r.detail.extra,
      notes: r.detail.notes,
      byRoute: {
        zendesk: r.detail.counts?.zendeskByRoute ?? {},
        jira: r.detail.counts?.jiraByRoute ?? {},
        kvs: r.detail.counts?.kvsByKind ?? {},
      },
      naiveByRoute: r.detail.naiveCounts
        ? { zendesk: r.detail.naiveCounts.zendeskByRoute, jira: r.detail.naiveCounts.jiraByRoute }
        : null,
    })),
    bundles: report.bundles,
    targets: report.targets,
    totalWallMs: report.totalWallMs,
  };
}

export function markdown(report: BenchReport): string {
  const o = report.options;
  const c = o.conditions;
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(
    '**On one screen.** What the sync costs, for an engineer changing it or an admin sizing a Zendesk plan: Zendesk, Jira and storage calls, Jira points and time per scenario (an idle run, steady state, a backlog after an outage, a burst of Jira events, the issue panel), set against two computed minimums (design and tight) and two polling baselines. § Results holds the figures and § Targets the limits they are held to; then each scenario in detail, how it is measured, how the columns are derived and the limits of the benchmark. Generated by `npm run bench` (`test/bench/report.ts`): change the generator, not this file.',
    '',
  );
  lines.push(
    `_Generated by \`${report.command}\` on ${report.date} (${report.machine}); total ${secs(report.totalWallMs)}._`,
    '',
  );
  lines.push(
    `Conditions: Zendesk latency ${c.zendeskLatencyMs} ms, Jira latency ${c.jiraLatencyMs} ms per request; Zendesk ${c.zendeskPerMinute} requests/min, incremental export ${c.exportPerMinute}/min; Jira burst limit ${o.jiraPerSecond === undefined ? 'off' : `${o.jiraPerSecond}/s per route`}; backlog time scale 1/${o.timeScale}; naive baseline fetches ${o.naiveConcurrency} links at a time.`,
    '',
    `Sizes: ${o.sizes.links} links with ${o.sizes.comments} comments per ticket, ${o.sizes.steadyChanges} steady-state changes (10 % churn at the default sizes; the 1 % row changes ${Math.max(1, Math.round(o.sizes.links / 100))}), ${o.sizes.backlogChanges} backlog changes${o.large ? ` and a ${o.sizes.largeBacklogChanges}-change backlog` : ''}, ${o.sizes.burstEvents} Jira events; Zendesk plans ${o.plans.join(', ')} requests/min (the main rows run at ${c.zendeskPerMinute}); growth rows ${o.growth ? 'on' : 'off'}.`,
    '',
  );
  lines.push('## Results', '');
  lines.push(mdTable(HEAD, rows(report.scenarios)), '');
  lines.push(
    'Calls are Zendesk / Jira / KVS operations. "× design" and "× tight" are our Zendesk + Jira calls over the design and tight minimums\' (see "How the columns are derived"); "Jira points" are ours with their ratio to the design minimum\'s; "naive ÷ ours" and "incremental ÷ ours" are those pollers\' Zendesk + Jira calls over ours (above 1: we make fewer); "peak / plan" is the most Zendesk requests in one simulated minute over the plan\'s limit.',
    '',
  );
  const base = baselineRows(report.scenarios);
  if (base.length > 0)
    lines.push(
      '### Baselines measured',
      '',
      mdTable(
        ['Scenario', 'who', 'Zendesk / Jira / KVS', 'Jira points', '÷ ours', 'changes arrived', 'wall'],
        base,
      ),
      '',
    );
  lines.push('## Targets', '');
  for (const t of targetLines(report.targets)) lines.push(`- ${t}`);
  lines.push('');
  lines.push('## Bundle sizes', '');
  for (const b of bundleLines(report.bundles)) lines.push(`- ${b}`);
  lines.push('');
  lines.push('## Scenarios in detail', '');
  for (const r of report.scenarios) {
    lines.push(`### ${r.name}: ${r.title}`, '');
    if (r.status === 'failed') {
      lines.push(`**Failed:** ${r.error ?? ''}`, '');
      continue;
    }
    lines.push(
      `- Calls: ${trio(r.calls)}; design minimum ${trio(r.minimum)}; tight minimum ${trio(r.tight)}; naive ${trio(r.naive)}`,
    );
    const jp = r.detail.counts?.jiraPoints;
    if (jp)
      lines.push(
        `- Jira points: ${jp.points} (${jp.reads} reads returning ${jp.objects} objects, ${jp.writes} writes); design minimum ${r.points.minimum}`,
      );
    for (const b of r.baselines)
      lines.push(
        `- ${b.name}: ${trio(b.calls)}, ${b.jiraPoints} Jira points, ${times(b.overOurs)} our calls`,
      );
    for (const t of r.detail.minimumTerms) lines.push(`- Minimum — ${t}`);
    const over = Object.entries(r.detail.overMinimum).sort((a, b) => b[1] - a[1]);
    if (over.length > 0)
      lines.push(
        `- Requests above (+) or below (−) the minimum, by endpoint: ${over.map(([k, v]) => `${k} ${v > 0 ? '+' : '−'}${Math.abs(v)}`).join('; ')}`,
      );
    if (r.naive)
      lines.push(
        `- Naive ÷ ours: ${fmt(r.naiveOverOurs)}× in all, Zendesk ${fmt(r.naiveOverOursByService.zendesk)}×, Jira ${fmt(r.naiveOverOursByService.jira)}×; naive ÷ minimum ${fmt(r.naiveOverMinimum)}×`,
      );
    if (r.runs)
      lines.push(
        `- Invocations: ${r.runs.total} (${r.runs.scheduled} scheduled, ${r.runs.worker} queue/event); longest ${pct(r.maxInvocationShareOfBudget)} of its budget`,
      );
    lines.push(
      `- Wall time ${secs(r.wallMs)}${r.naiveWallMs !== null ? `; naive ${secs(r.naiveWallMs)}` : ''}`,
    );
    if (r.verification)
      lines.push(
        `- Verified: ${r.verification.checked - r.verification.missing}/${r.verification.checked} changes arrived${r.verification.examples.length > 0 ? ` (missing e.g. ${r.verification.examples.join('; ')})` : ''}`,
      );
    if (r.naiveVerification)
      lines.push(
        `- Naive baseline verified: ${r.naiveVerification.checked - r.naiveVerification.missing}/${r.naiveVerification.checked}`,
      );
    for (const [k, v] of Object.entries(r.detail.extra))
      lines.push(`- ${k}: ${typeof v === 'number' && !Number.isInteger(v) ? v.toFixed(3) : String(v)}`);
    for (const n of r.detail.notes) lines.push(`- ${n}`);
    lines.push(
      '',
      '<details><summary>Requests by endpoint</summary>',
      '',
      routeTable('Zendesk', r.detail.counts?.zendeskByRoute, r.detail.naiveCounts?.zendeskByRoute),
      '',
      routeTable('Jira', r.detail.counts?.jiraByRoute, r.detail.naiveCounts?.jiraByRoute),
      '',
    );
    const kvs = r.detail.counts?.kvsByKind ?? {};
    lines.push(
      `KVS: ${
        Object.entries(kvs)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ') || 'none'
      }`,
      '',
      '</details>',
      '',
    );
  }
  lines.push(METHOD);
  lines.push(`## Running

\`\`\`
npm run bench                     # full sizes, writes this file (see "total" above for this machine's time)
npm run bench -- --quick          # reduced sizes, one to two minutes; does not touch this file unless --docs
npm run bench -- --large          # adds the ${o.sizes.largeBacklogChanges}-change backlog (tens of minutes)
npm run bench -- --json out.json  # also writes the results as JSON
npm run bench -- --links 2000 --changed 50 --comments 150 --backlog 5000 --events 200 --zendesk-rate 400
npm run bench -- --only steady,idle --no-growth --zendesk-latency 100 --jira-latency 80
\`\`\`
`);
  return lines.join('\n');
}
