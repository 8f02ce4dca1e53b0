/** The console table, the JSON file and docs/benchmarks.md, all from the same results. */
import type { BundleSize } from './bundles';
import type { Calls } from './meter';
import type { BenchOptions } from './options';
import type { ScenarioResult } from './result';

export interface Target {
  name: string;
  pass: boolean | null;
  detail: string;
}

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
const per = (c: Calls, n: number): string =>
  n > 0 ? `${fmt(c.zendesk / n)} / ${fmt(c.jira / n)} / ${fmt(c.kvs / n)}` : '–';
const pct = (x: number | null): string => (x === null ? '–' : `${(x * 100).toFixed(1)} %`);
const secs = (ms: number | null): string =>
  ms === null ? '–' : ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
const kb = (b: number): string => `${(b / 1024).toFixed(1)} KiB`;

function ratioCell(r: ScenarioResult): string {
  return `${fmt(r.ratioToMinimum)}× (Z ${fmt(r.ratios.zendesk)}, J ${fmt(r.ratios.jira)})`;
}

export function evaluateTargets(results: readonly ScenarioResult[]): Target[] {
  const by = (name: string): ScenarioResult | undefined => results.find((r) => r.name === name);
  const targets: Target[] = [];
  const steady = by('steady');
  if (steady) {
    targets.push({
      name: 'Steady state: calls ≤ 1.05× the minimum',
      pass: steady.status === 'ok' && steady.ratioToMinimum !== null ? steady.ratioToMinimum <= 1.05 : false,
      detail: `${fmt(steady.ratioToMinimum)}× (Zendesk + Jira ${steady.calls.zendesk + steady.calls.jira} vs minimum ${steady.minimum.zendesk + steady.minimum.jira})`,
    });
    targets.push({
      name: `Steady state: ≥ 20× fewer calls than naive`,
      pass: steady.status === 'ok' && steady.naiveOverOurs !== null ? steady.naiveOverOurs >= 20 : false,
      detail: `naive makes ${fmt(steady.naiveOverOurs)}× our Zendesk + Jira calls (Zendesk alone ${fmt(steady.naiveOverOursByService.zendesk)}×); even a connector at the minimum would beat it only ${fmt(steady.naiveOverMinimum)}×`,
    });
  }
  const idle = by('idle');
  if (idle) {
    const writes = Number(idle.detail.extra.jiraWrites ?? NaN);
    targets.push({
      name: 'Idle: 1 Zendesk call and 0 Jira writes',
      pass: idle.status === 'ok' && idle.calls.zendesk === 1 && writes === 0,
      detail: `${idle.calls.zendesk} Zendesk call(s), ${fmt(writes)} Jira write(s), ${idle.calls.jira} Jira call(s) in all`,
    });
  }
  const backlog = by('backlog');
  if (backlog) {
    const v = backlog.verification;
    const share = backlog.maxInvocationShareOfBudget;
    targets.push({
      name: 'Backlog: no invocation over 60 % of its budget',
      pass: backlog.status === 'ok' && share !== null ? share <= 0.6 : false,
      detail: `longest invocation ${pct(share)} of its budget (scheduled ${pct(Number(backlog.detail.extra.maxShareScheduled ?? NaN))}, worker ${pct(Number(backlog.detail.extra.maxShareWorker ?? NaN))})`,
    });
    targets.push({
      name: 'Backlog: completes with nothing dropped',
      pass:
        backlog.status === 'ok' && backlog.detail.extra.caughtUp === 'yes' && v !== null && v.missing === 0,
      detail: v
        ? `${v.checked - v.missing}/${v.checked} changes present in Jira; caught up: ${String(backlog.detail.extra.caughtUp ?? 'no')}`
        : 'not verified',
    });
  }
  return targets;
}

const HEAD = [
  'Scenario',
  'Zendesk / Jira / KVS',
  'per change',
  'minimum',
  '× minimum (API)',
  '× min KVS',
  'naive Z / J / KVS',
  'naive ÷ ours',
  'wall',
  'max inv. / budget',
  'runs',
];

function rows(results: readonly ScenarioResult[]): string[][] {
  return results.map((r) =>
    r.status === 'failed'
      ? [r.name, `FAILED: ${r.error ?? ''}`.slice(0, 120), '', '', '', '', '', '', '', '', '']
      : [
          r.name,
          trio(r.calls),
          per(r.calls, r.changes),
          trio(r.minimum),
          ratioCell(r),
          fmt(r.ratios.kvs),
          trio(r.naive),
          r.naiveOverOurs === null ? '–' : `${fmt(r.naiveOverOurs, 1)}×`,
          secs(r.wallMs),
          pct(r.maxInvocationShareOfBudget),
          r.runs ? String(r.runs.total) : '–',
        ],
  );
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

export function targetLines(targets: readonly Target[]): string[] {
  return targets.map((t) => `${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
}

export function jsonReport(report: BenchReport): unknown {
  return {
    date: report.date,
    command: report.command,
    machine: report.machine,
    conditions: report.options.conditions,
    timeScale: report.options.timeScale,
    sizes: report.options.sizes,
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

const METHOD = `## How it is measured

- **Real code, emulated platform.** Every scenario runs the app's own handlers (\`scheduled-sync\`,
  \`sync-batch-worker\`, \`on-issue-updated\`, \`on-comment-created\`, \`on-attachment-created\`,
  \`panel-resolver\`) in the Forge emulator (\`sandbox/stack.ts\`, unmodified \`@forge/*\` SDKs) against
  the Zendesk and Jira simulators over loopback HTTP.
- **Setup is not measured.** Zendesk tickets come from the simulator's seed generator; Jira
  issues are created through the Jira simulator's control API; connection, item and links are
  stored through the app's storage layer (\`src/storage/*\`); then the real sync runs until it is
  caught up (warm-up), all with no latency and no rate limits. The panel's first two links are
  made through the real \`link\` resolver.
- **Counting.** Zendesk and Jira calls are the simulators' request logs (every answered request,
  429s and attachment downloads included); KVS operations are the emulator's counters (one per
  KVS request; a batch of up to 25 keys counts once). Logs and counters are reset just before
  each measured phase.
- **Time.** A scheduled run happens every five simulated minutes; queue delays and Zendesk
  rate-limit windows pass by moving the emulator and Zendesk clocks forward, never by sleeping.
  Wall time is real time at the configured simulated latency (requests are made one after the
  other by the app, as on Forge).
- **Backlog time scale.** The backlog runs at time scale 1/S: the manifest's function timeouts
  (scheduled-sync 240 s, sync-batch-worker 600 s) are divided by S (a copy of manifest.yml in a
  temporary app directory whose \`src\` links to this repository's), the simulated latency is
  divided by S, and the Zendesk and emulator clocks run S times faster than real time (so a
  Zendesk rate-limit minute lasts 60/S real seconds). The app's own CPU time is not scaled, so
  the shares of the budget are pessimistic: on Forge the same work takes a smaller share.
- **Per change** divides by the synced changes (steady, backlog: changed tickets; burst: Jira
  events; panel: resolver calls).

## The minimum

The minimum counts what a connector that remembers everything it has seen and written still has
to do, using the same APIs (Zendesk learns nothing but through Zendesk's API; Jira through its
API and events). It is derived from what actually changed (before/after snapshots of every
linked ticket), not from what the generator meant to change.

Zendesk → Jira (idle, steady, backlog):
- Zendesk: ⌈changed tickets / 1000⌉ incremental-export pages, at least 1 (the idle check);
  1 comments listing per changed linked ticket (neither the export nor the ticket says whether a
  comment was added; \`include=users\` sideloads the authors); 1 download per new file ≤ 10 MB.
- Jira: 1 edit per ticket whose mapped fields changed (all fields in one request); 2 per status
  category change (available transitions, then the transition); 1 per new comment; 1 upload per
  new file and 1 note comment per ticket with new files (the traceability note of seed 001).
  No reads of the issue: memory says what Jira holds.
- KVS: 2 per run (connection + cursor in one batch get; the token secret), 1 cursor write when it
  moved, and 3 per changed linked ticket (its link index; link + state in one batch get; the
  state write).

Idle therefore has a minimum of 1 Zendesk call, 0 Jira calls and 2 KVS operations.

Jira → Zendesk (burst), per event: 1 Zendesk ticket update per field edit, transition or comment
(the event carries the issue's summary, priority, status and the comment body), 2 Zendesk calls
(upload, update) and 1 Jira call (the file) per attachment; 4 KVS operations (token; items;
connection + link + state in one batch get; state write). The run after the burst (burst-echo)
needs 1 export page and 2 KVS reads per echoed ticket to recognize its own writes.

Panel: open = Jira 1 (may the user browse the issue), KVS 2 (items query; connection + the
issue's links in one batch get), Zendesk 0 (stored previews); search = Zendesk 1, Jira 1, KVS 2;
link = Zendesk 1 (the record for its preview), Jira 1 (edit permission), KVS 3.

## The naive baseline

\`test/bench/naive.ts\`: a poller without a change feed, implemented honestly with plain \`fetch\`
against the same simulators. Every run it reads every link's ticket and all its comments
(Zendesk → Jira), or every linked issue with its comments and attachments (Jira → Zendesk), and
compares with what it remembered from the last run. It writes only differences, combining what
one request can carry (one Jira edit for all fields; one Zendesk update for fields, status and
comment), copies files like the app, fetches N links at a time, and waits out 429s on the
simulated clock. Its memory is billed as Forge storage would bill it (one query page per 20
links, one batch get per 25 snapshots, one batch set per 25 changed ones). It writes to its own
copies of the Jira issues (as the app account, so the app's event handlers ignore it).

## Limits of this benchmark

- Everything (app, emulator, both simulators, the baseline) shares one Node process, so wall
  times include the simulators' own CPU time, and a loaded machine (see the load average above)
  makes every run slower and every budget share larger.
- The backlog's time scale shrinks budgets and latency but not CPU time (see above): its budget
  shares are upper bounds.
- The emulator delivers queue and product events one at a time; Forge may run them in parallel.
- Status changes in the generated work only move forward (new → open, open/pending/hold →
  solved; To Do → In Progress → Done): the simulated Support workflow reaches In Progress from
  Done only through To Do, which no single transition can do.
- Jira's rate limit is off unless \`--jira-rate\` is given; Zendesk's account and export limits are
  always on in measured phases.
`;

export function markdown(report: BenchReport): string {
  const o = report.options;
  const c = o.conditions;
  const lines: string[] = [];
  lines.push('# Benchmarks', '');
  lines.push(
    '<!-- Written by `npm run bench` (test/bench/report.ts); change the generator, not this file. -->',
    '',
  );
  lines.push(
    `_Generated by \`${report.command}\` on ${report.date} (${report.machine}); total ${secs(report.totalWallMs)}._`,
    '',
  );
  lines.push(
    `Conditions: Zendesk latency ${c.zendeskLatencyMs} ms, Jira latency ${c.jiraLatencyMs} ms per request; Zendesk ${c.zendeskPerMinute} requests/min, incremental export ${c.exportPerMinute}/min; Jira burst limit ${o.jiraPerSecond === undefined ? 'off' : `${o.jiraPerSecond}/s per route`}; backlog time scale 1/${o.timeScale}; naive baseline fetches ${o.naiveConcurrency} links at a time.`,
    '',
    `Sizes: ${o.sizes.links} links, ${o.sizes.steadyChanges} steady-state changes, ${o.sizes.backlogChanges} backlog changes, ${o.sizes.burstEvents} Jira events.`,
    '',
  );
  lines.push('## Results', '');
  lines.push(mdTable(HEAD, rows(report.scenarios)), '');
  lines.push(
    'Calls are Zendesk / Jira / KVS operations; "× minimum (API)" is (Zendesk + Jira) over their minimum, with each service\'s own ratio in brackets; "naive ÷ ours" is the naive baseline\'s Zendesk + Jira calls over ours.',
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
    lines.push(`- Calls: ${trio(r.calls)}; minimum ${trio(r.minimum)}; naive ${trio(r.naive)}`);
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
npm run bench                     # full sizes, writes this file (about ${o.quick ? 'ten' : 'five to ten'} minutes on 2 cores)
npm run bench -- --quick          # reduced sizes, under two minutes; does not touch this file unless --docs
npm run bench -- --json out.json  # also writes the results as JSON
npm run bench -- --only steady,idle --zendesk-latency 100 --jira-latency 80
\`\`\`
`);
  return lines.join('\n');
}
