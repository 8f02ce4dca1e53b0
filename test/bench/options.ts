/** Command-line options of `npm run bench` (see docs/benchmarks.md § Running). */
import type { Conditions } from './stack';

export const SCENARIOS = ['idle', 'steady', 'backlog', 'burst', 'panel'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Sizes {
  links: number;
  steadyChanges: number;
  backlogChanges: number;
  burstEvents: number;
}

export interface BenchOptions {
  quick: boolean;
  json: string | null;
  /** Write docs/benchmarks.md (default: full runs only). */
  docs: boolean;
  only: ScenarioName[];
  sizes: Sizes;
  conditions: Conditions;
  jiraPerSecond: number | undefined;
  /** Backlog time scale (divides manifest timeouts and latency; Zendesk clock runs this much faster). */
  timeScale: number;
  /** Links the naive baseline fetches at a time. */
  naiveConcurrency: number;
}

export const FULL: Sizes = { links: 1000, steadyChanges: 100, backlogChanges: 10_000, burstEvents: 500 };
export const QUICK: Sizes = { links: 200, steadyChanges: 20, backlogChanges: 1000, burstEvents: 100 };

export const USAGE = `npm run bench -- [options]
  --quick                 reduced sizes (${QUICK.links} links, ${QUICK.steadyChanges} changes, ${QUICK.backlogChanges} backlog, ${QUICK.burstEvents} events)
  --json FILE             also write the results as JSON
  --docs / --no-docs      write docs/benchmarks.md (default: full runs only)
  --only a,b              scenarios: ${SCENARIOS.join(', ')}
  --zendesk-latency MS    simulated Zendesk latency per request (default 30)
  --jira-latency MS       simulated Jira latency per request (default 20)
  --zendesk-rate N        Zendesk account requests per minute (default 700)
  --export-rate N         incremental export requests per minute (default 10)
  --jira-rate N           Jira burst limit per route per second (default off)
  --time-scale S          backlog time scale, a divisor of 120 (default 20)
  --naive-concurrency N   links the naive baseline fetches at a time (default 8)`;

function num(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isFinite(n) || n < min)
    throw new Error(`${flag} needs a number ≥ ${min}\n\n${USAGE}`);
  return n;
}

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = {
    quick: false,
    json: null,
    docs: false,
    only: [...SCENARIOS],
    sizes: FULL,
    conditions: { zendeskLatencyMs: 30, jiraLatencyMs: 20, zendeskPerMinute: 700, exportPerMinute: 10 },
    jiraPerSecond: undefined,
    timeScale: 20,
    naiveConcurrency: 8,
  };
  let docs: boolean | null = null;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    switch (a) {
      case '--quick':
        o.quick = true;
        o.sizes = QUICK;
        break;
      case '--json': {
        const file = next();
        if (!file) throw new Error(`--json needs a file name\n\n${USAGE}`);
        o.json = file;
        break;
      }
      case '--docs':
        docs = true;
        break;
      case '--no-docs':
        docs = false;
        break;
      case '--only': {
        const names = (next() ?? '').split(',').filter((s) => s !== '');
        const bad = names.filter((n) => !(SCENARIOS as readonly string[]).includes(n));
        if (names.length === 0 || bad.length > 0)
          throw new Error(`--only takes ${SCENARIOS.join(', ')}\n\n${USAGE}`);
        o.only = names as ScenarioName[];
        break;
      }
      case '--zendesk-latency':
        o.conditions.zendeskLatencyMs = num(a, next(), 0);
        break;
      case '--jira-latency':
        o.conditions.jiraLatencyMs = num(a, next(), 0);
        break;
      case '--zendesk-rate':
        o.conditions.zendeskPerMinute = num(a, next(), 1);
        break;
      case '--export-rate':
        o.conditions.exportPerMinute = num(a, next(), 1);
        break;
      case '--jira-rate':
        o.jiraPerSecond = num(a, next(), 1);
        break;
      case '--time-scale': {
        const s = num(a, next(), 1);
        if (!Number.isInteger(s) || 120 % s !== 0)
          throw new Error(
            `--time-scale must divide 120 (so 240 s and 600 s scale to whole seconds)\n\n${USAGE}`,
          );
        o.timeScale = s;
        break;
      }
      case '--naive-concurrency':
        o.naiveConcurrency = num(a, next(), 1);
        break;
      case '--help':
      case '-h':
        throw new Error(USAGE);
      default:
        throw new Error(`unknown option ${String(a)}\n\n${USAGE}`);
    }
  }
  o.docs = docs ?? !o.quick;
  return o;
}
