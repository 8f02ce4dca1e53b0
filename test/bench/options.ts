/** Command-line options of `npm run bench` (see docs/benchmarks.md § Running). */
import type { Conditions } from './stack';

export const SCENARIOS = ['idle', 'steady', 'backlog', 'burst', 'panel', 'growth'] as const;
export type ScenarioName = (typeof SCENARIOS)[number];

export interface Sizes {
  links: number;
  /** Tickets changed in the steady-state run (10 % of the links by default). */
  steadyChanges: number;
  /** Comments each seeded ticket starts with. */
  comments: number;
  backlogChanges: number;
  burstEvents: number;
  /** The `--large` backlog. */
  largeBacklogChanges: number;
}

export interface BenchOptions {
  quick: boolean;
  json: string | null;
  /** Also save the whole report, for `--render` (re-writing the document from the same figures). */
  raw: string | null;
  /** Write docs/benchmarks.md (default: full runs only). */
  docs: boolean;
  only: ScenarioName[];
  sizes: Sizes;
  conditions: Conditions;
  jiraPerSecond: number | undefined;
  /** Zendesk plans (requests per minute) the backlog and burst run at; the highest is the main one. */
  plans: number[];
  /** Growth rows: links ×4, comments per ticket ×10, changed tickets ×4. */
  growth: boolean;
  /** Also the 100k backlog. */
  large: boolean;
  /** Backlog time scale (divides manifest timeouts and latency; Zendesk clock runs this much faster). */
  timeScale: number;
  /** Links the naive baseline fetches at a time. */
  naiveConcurrency: number;
}

export const FULL: Sizes = {
  links: 1000,
  steadyChanges: 100,
  comments: 3,
  backlogChanges: 10_000,
  burstEvents: 500,
  largeBacklogChanges: 100_000,
};
export const QUICK: Sizes = {
  links: 200,
  steadyChanges: 20,
  comments: 3,
  backlogChanges: 1000,
  burstEvents: 100,
  largeBacklogChanges: 100_000,
};
export const PLANS = [200, 400, 700];

export const USAGE = `npm run bench -- [options]
  --quick                 reduced sizes (${QUICK.links} links, ${QUICK.steadyChanges} changes, ${QUICK.backlogChanges} backlog, ${QUICK.burstEvents} events)
  --links N               linked tickets in the main world (default ${FULL.links})
  --changed N             tickets changed in the steady-state run (default ${FULL.steadyChanges}, 10 % churn)
  --comments N            comments each seeded ticket starts with (default ${FULL.comments})
  --backlog N             changed tickets in the backlog (default ${FULL.backlogChanges})
  --events N              Jira events in the burst (default ${FULL.burstEvents})
  --zendesk-rate N[,N…]   Zendesk plans in requests/min for backlog and burst (default ${PLANS.join(',')}); the highest is the main row
  --no-growth             skip the growth rows (links ×4, comments ×10, changed ×4)
  --large                 also a ${FULL.largeBacklogChanges / 1000}k backlog (long: tens of minutes)
  --json FILE             also write the results as JSON
  --raw FILE              also save the whole report; \`--render FILE\` writes docs/benchmarks.md from it
  --docs / --no-docs      write docs/benchmarks.md (default: full runs only)
  --only a,b              scenarios: ${SCENARIOS.join(', ')}
  --zendesk-latency MS    simulated Zendesk latency per request (default 30)
  --jira-latency MS       simulated Jira latency per request (default 20)
  --export-rate N         incremental export requests per minute (default 10)
  --jira-rate N           Jira burst limit per route per second (default off)
  --time-scale S          backlog time scale, a divisor of 120 (default 20)
  --naive-concurrency N   links the naive baseline fetches at a time (default 8)`;

/** Size flags: the size each sets and its smallest value. */
const SIZE_FLAGS: Record<string, [keyof Sizes, number]> = {
  '--links': ['links', 1],
  '--changed': ['steadyChanges', 1],
  '--comments': ['comments', 0],
  '--backlog': ['backlogChanges', 1],
  '--events': ['burstEvents', 1],
};

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
    raw: null,
    docs: false,
    only: [...SCENARIOS],
    sizes: { ...FULL },
    conditions: { zendeskLatencyMs: 30, jiraLatencyMs: 20, zendeskPerMinute: 700, exportPerMinute: 10 },
    jiraPerSecond: undefined,
    plans: [...PLANS],
    growth: true,
    large: false,
    timeScale: 20,
    naiveConcurrency: 8,
  };
  let docs: boolean | null = null;
  // Size flags apply after --quick, wherever they stand.
  const sized: Partial<Sizes> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): string | undefined => argv[++i];
    const size = a === undefined ? undefined : SIZE_FLAGS[a];
    if (size) {
      sized[size[0]] = num(a as string, next(), size[1]);
      continue;
    }
    switch (a) {
      case '--quick':
        o.quick = true;
        break;
      case '--no-growth':
        o.growth = false;
        break;
      case '--large':
        o.large = true;
        break;
      case '--json': {
        const file = next();
        if (!file) throw new Error(`--json needs a file name\n\n${USAGE}`);
        o.json = file;
        break;
      }
      case '--raw': {
        const file = next();
        if (!file) throw new Error(`--raw needs a file name\n\n${USAGE}`);
        o.raw = file;
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
      case '--zendesk-rate': {
        const raw = next() ?? '';
        const plans = raw.split(',').map((p) => num(a, p, 1));
        o.plans = [...new Set(plans)].sort((x, y) => x - y);
        break;
      }
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
  o.sizes = { ...(o.quick ? QUICK : FULL), ...sized };
  o.conditions.zendeskPerMinute = Math.max(...o.plans);
  const { links, steadyChanges, burstEvents } = o.sizes;
  if (steadyChanges * 4 > links || burstEvents > links)
    throw new Error(
      `--changed ×4 and --events must not exceed --links (${links}): the changed ×4 growth row and the burst change distinct tickets\n\n${USAGE}`,
    );
  // Custom sizes are experiments: they write docs/benchmarks.md only when asked to.
  o.docs = docs ?? (!o.quick && Object.keys(sized).length === 0);
  return o;
}
