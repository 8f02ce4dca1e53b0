/**
 * The targets the connector is judged on (issue #17), evaluated on the measured rows and printed
 * as PASS / FAIL (n/a when the row was not run) so the gap stays visible. They are goals for the
 * app, not for the bench: nothing here may be tuned to make them pass.
 */
import { totalApi } from './meter';
import type { BenchOptions } from './options';
import type { ScenarioResult } from './result';

export interface Target {
  name: string;
  pass: boolean | null;
  detail: string;
}

const fmt = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '–' : Number.isInteger(n) ? String(n) : n.toFixed(2);
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(1)} %` : '–');
const num = (r: ScenarioResult, key: string): number => Number(r.detail.extra[key] ?? NaN);

/** API calls (Zendesk + Jira) per change. */
export function apiPerChange(r: ScenarioResult): number | null {
  return r.changes > 0 ? totalApi(r.calls) / r.changes : null;
}

export function evaluateTargets(results: readonly ScenarioResult[], o: BenchOptions): Target[] {
  const by = (name: string): ScenarioResult | undefined =>
    results.find((r) => r.name === name && r.status === 'ok');
  const out: Target[] = [];
  const add = (
    name: string,
    r: ScenarioResult | undefined,
    test: (r: ScenarioResult) => [boolean, string],
  ): void => {
    if (!r) {
      out.push({ name, pass: null, detail: 'not measured in this run' });
      return;
    }
    const [pass, detail] = test(r);
    out.push({ name, pass, detail });
  };
  const atMost = (x: number | null, limit: number): boolean => x !== null && x <= limit + 1e-9;

  for (const [name, limitDesign, limitTight] of [
    ['steady', 1.05, 1.5],
    ['backlog', 1.05, 1.5],
  ] as const) {
    add(`${name}: ≤ ${limitDesign}× the design minimum`, by(name), (r) => [
      atMost(r.ratioToMinimum, limitDesign),
      `${fmt(r.ratioToMinimum)}× (${totalApi(r.calls)} calls vs ${totalApi(r.minimum)})`,
    ]);
    add(`${name}: ≤ ${limitTight}× the tight minimum`, by(name), (r) => [
      atMost(r.ratioToTight, limitTight),
      `${fmt(r.ratioToTight)}× (${totalApi(r.calls)} calls vs ${r.tight ? totalApi(r.tight) : '–'})`,
    ]);
  }
  // The minimum is that of every change delivered: a burst that left changes behind made fewer
  // calls than its work needs, and its ratio would flatter it.
  add('burst: ≤ 1.10× the design minimum', by('burst'), (r) => {
    const v = r.verification;
    const missing = v?.missing ?? 0;
    return [
      atMost(r.ratioToMinimum, 1.1) && missing === 0,
      `${fmt(r.ratioToMinimum)}× (${totalApi(r.calls)} calls vs ${totalApi(r.minimum)})${missing > 0 ? `, but ${missing} changes did not arrive: the ratio counts only the work done` : ''}`,
    ];
  });
  for (const name of ['burst-echo', 'panel'])
    add(`${name}: at 1.0× the design minimum`, by(name), (r) => [
      atMost(r.ratioToMinimum, 1),
      `${fmt(r.ratioToMinimum)}× (${totalApi(r.calls)} calls vs ${totalApi(r.minimum)})`,
    ]);
  add('steady 1 %: ≥ 40× fewer calls than the naive poller', by('steady 1 %'), (r) => [
    r.naiveOverOurs !== null && r.naiveOverOurs >= 40,
    `naive makes ${fmt(r.naiveOverOurs)}× our calls; at the design minimum it would be ${fmt(r.naiveOverMinimum)}×`,
  ]);
  add('steady (10 %): ≥ 1.6× fewer calls than the incremental poller', by('steady'), (r) => {
    const inc = r.baselines.find((b) => b.name === 'incremental poller');
    const atMin = inc && totalApi(r.minimum) > 0 ? totalApi(inc.calls) / totalApi(r.minimum) : null;
    return [
      inc?.overOurs !== undefined && inc.overOurs !== null && inc.overOurs >= 1.6,
      `incremental poller makes ${fmt(inc?.overOurs)}× our calls; ${fmt(atMin)}× the design minimum's`,
    ];
  });
  for (const name of ['steady', 'backlog', 'burst'])
    add(`${name}: Jira points ≤ 1.2× the minimum's`, by(name), (r) => [
      atMost(r.points.ratio, 1.2),
      `${r.points.ours} points vs ${r.points.minimum} (${fmt(r.points.ratio)}×)`,
    ]);
  add('steady: KVS operations per change ≤ 3.5', by('steady'), (r) => {
    const per = r.changes > 0 ? r.calls.kvs / r.changes : null;
    return [atMost(per, 3.5), `${fmt(per)} per change (${r.calls.kvs} for ${r.changes})`];
  });
  for (const plan of o.plans) {
    const rows = results.filter((r) => r.status === 'ok' && num(r, 'plan') === plan);
    add(
      `plan ${plan}/min: no 429 and Zendesk peak ≤ 50 % of the plan`,
      rows.length > 0 ? rows[0] : undefined,
      () => {
        const worst = rows.reduce((m, r) => (num(r, 'peakShareOfPlan') > num(m, 'peakShareOfPlan') ? r : m));
        const tooMany = rows.reduce((n, r) => n + (num(r, 'zendesk429') || 0), 0);
        return [
          tooMany === 0 && rows.every((r) => num(r, 'peakShareOfPlan') <= 0.5),
          `${tooMany} × 429 over ${rows.map((r) => r.name).join(', ')}; peak ${pct(num(worst, 'peakShareOfPlan'))} (${worst.name})`,
        ];
      },
    );
  }
  const burst700 = results.find(
    (r) => r.status === 'ok' && r.name.startsWith('burst') && num(r, 'plan') === 700,
  );
  add(
    `burst: ${o.sizes.burstEvents} Jira events delivered with no Forge retry at the 700 plan`,
    burst700,
    (r) => {
      const v = r.verification;
      const retried = num(r, 'retriedDeliveries');
      return [
        retried === 0 && v !== null && v.missing === 0,
        `${retried} deliveries retried; ${v ? `${v.checked - v.missing}/${v.checked}` : '–'} changes arrived`,
      ];
    },
  );
  for (const name of ['backlog', `backlog ${o.sizes.largeBacklogChanges / 1000}k`])
    add(`${name}: longest invocation ≤ 40 % of its budget`, by(name), (r) => [
      atMost(r.maxInvocationShareOfBudget, 0.4),
      `${pct(r.maxInvocationShareOfBudget ?? NaN)} (scheduled ${pct(num(r, 'maxShareScheduled'))}, worker ${pct(num(r, 'maxShareWorker'))})`,
    ]);
  add(`backlog: ${o.sizes.backlogChanges} changes drained in ≤ 25 simulated minutes`, by('backlog'), (r) => [
    r.detail.extra.caughtUp === 'yes' && num(r, 'simulatedMinutes') <= 25,
    `${fmt(num(r, 'simulatedMinutes'))} simulated minutes; caught up: ${String(r.detail.extra.caughtUp ?? 'no')}`,
  ]);
  add('backlog: completes with nothing dropped', by('backlog'), (r) => {
    const v = r.verification;
    return [
      r.detail.extra.caughtUp === 'yes' && v !== null && v.missing === 0,
      v ? `${v.checked - v.missing}/${v.checked} changes present in Jira` : 'not verified',
    ];
  });
  add('idle: 1 Zendesk call and 0 Jira writes', by('idle'), (r) => [
    r.calls.zendesk === 1 && num(r, 'jiraWrites') === 0,
    `${r.calls.zendesk} Zendesk call(s), ${fmt(num(r, 'jiraWrites'))} Jira write(s)`,
  ]);
  const base = by('steady');
  for (const [name, what] of [
    ['links ×4', 'links'],
    ['comments ×10', 'comments per ticket'],
  ] as const)
    add(`cost per change flat in ${what} (${name} ≤ 1.10× steady's)`, base ? by(name) : undefined, (r) => {
      const mine = apiPerChange(r);
      const theirs = base ? apiPerChange(base) : null;
      const growth = mine !== null && theirs !== null && theirs > 0 ? mine / theirs : null;
      return [atMost(growth, 1.1), `${fmt(mine)} vs ${fmt(theirs)} API calls per change (${fmt(growth)}×)`];
    });
  return out;
}

export function targetLines(targets: readonly Target[]): string[] {
  return targets.map((t) => `${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL'}  ${t.name}: ${t.detail}`);
}
