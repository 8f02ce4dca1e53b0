/**
 * Fault injection for resilience tests: per-route 5xx answers, latency, dropped connections
 * (before the handler runs, or after it applied its write so the client never learns it
 * succeeded) and 429 bursts with Retry-After. Probabilities use a seeded RNG so failures replay.
 */
import { createRng, type Rng } from './rng';

export interface FaultSpec {
  /** Only this HTTP method (default: any). */
  method?: string;
  /**
   * Normalized request path (no ".json"). A string is a glob: `*` matches within one segment,
   * `**` across segments, e.g. `/api/v2/tickets/*` or `/api/v2/incremental/**`. A RegExp is tested as is.
   */
  path: string | RegExp;
  /** Affect this many matching requests, then retire (default: unlimited). */
  times?: number;
  /** Chance that a matching request is affected, drawn from the seeded RNG (default 1). */
  probability?: number;
  latencyMs?: number;
  error?: { status: number; body?: unknown };
  /** Destroy the socket: `before` the handler runs, or `after` it applied its effects. */
  drop?: 'before' | 'after';
  rateLimit?: { retryAfterSeconds: number };
  /**
   * Runs when a matching request arrives, before it is handled: a test makes a change land
   * between two requests of one invocation (after the export was answered, before the event
   * export is), where no timing could place it reliably.
   */
  onArrival?: () => void;
}

export interface FaultPlan {
  latencyMs: number;
  onArrival: (() => void)[];
  error?: { status: number; body?: unknown };
  drop?: 'before' | 'after';
  rateLimit?: { retryAfterSeconds: number };
  ruleIds: string[];
}

interface Rule {
  id: string;
  spec: FaultSpec;
  regex: RegExp;
  remaining: number;
  hits: number;
}

function globToRegExp(glob: string): RegExp {
  const source = glob
    .split('**')
    .map((part) =>
      part
        .split('*')
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
        .join('[^/]*'),
    )
    .join('.*');
  return new RegExp(`^${source}$`);
}

export class FaultInjector {
  private rules: Rule[] = [];
  private rng: Rng;
  private counter = 0;
  /** Added to every request (benchmarks simulating a distant Zendesk). */
  globalLatencyMs = 0;

  constructor(seed = 1) {
    this.rng = createRng(seed);
  }

  seed(seed: number): void {
    this.rng = createRng(seed);
  }

  add(spec: FaultSpec): string {
    if (spec.error && (spec.error.status < 400 || spec.error.status > 599)) {
      throw new RangeError(`fault error status must be 4xx/5xx, got ${spec.error.status}`);
    }
    const id = `fault-${++this.counter}`;
    const regex = typeof spec.path === 'string' ? globToRegExp(spec.path) : spec.path;
    this.rules.push({ id, spec, regex, remaining: spec.times ?? Number.POSITIVE_INFINITY, hits: 0 });
    return id;
  }

  /** Answer matching requests with a 5xx (default 503). */
  fail(
    path: string | RegExp,
    opts: Omit<FaultSpec, 'path' | 'error'> & { status?: number; body?: unknown } = {},
  ): string {
    const { status = 503, body, ...rest } = opts;
    return this.add({ ...rest, path, error: { status, ...(body !== undefined ? { body } : {}) } });
  }

  delay(path: string | RegExp, latencyMs: number, opts: Omit<FaultSpec, 'path' | 'latencyMs'> = {}): string {
    return this.add({ ...opts, path, latencyMs });
  }

  drop(path: string | RegExp, when: 'before' | 'after', opts: Omit<FaultSpec, 'path' | 'drop'> = {}): string {
    return this.add({ ...opts, path, drop: when });
  }

  /** A burst of 429s with Retry-After, e.g. `rateLimitBurst('/api/v2/**', 3, 2)`. */
  rateLimitBurst(path: string | RegExp, times: number, retryAfterSeconds: number, method?: string): string {
    return this.add({ path, times, rateLimit: { retryAfterSeconds }, ...(method ? { method } : {}) });
  }

  remove(id: string): boolean {
    const before = this.rules.length;
    this.rules = this.rules.filter((r) => r.id !== id);
    return this.rules.length !== before;
  }

  clear(): void {
    this.rules = [];
    this.globalLatencyMs = 0;
  }

  /** How many requests a rule has affected so far. */
  hits(id: string): number {
    return this.rules.find((r) => r.id === id)?.hits ?? this.retired.get(id) ?? 0;
  }

  list(): { id: string; spec: FaultSpec; remaining: number; hits: number }[] {
    return this.rules.map((r) => ({ id: r.id, spec: r.spec, remaining: r.remaining, hits: r.hits }));
  }

  private retired = new Map<string, number>();

  /** Decides what happens to one request; consumes `times` of every rule that fires. */
  evaluate(method: string, path: string): FaultPlan {
    const plan: FaultPlan = { latencyMs: this.globalLatencyMs, onArrival: [], ruleIds: [] };
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.spec.method && rule.spec.method.toUpperCase() !== method) continue;
      if (!rule.regex.test(path)) continue;
      const p = rule.spec.probability ?? 1;
      if (p < 1 && this.rng() >= p) continue;
      rule.remaining--;
      rule.hits++;
      plan.ruleIds.push(rule.id);
      plan.latencyMs += rule.spec.latencyMs ?? 0;
      if (rule.spec.onArrival) plan.onArrival.push(rule.spec.onArrival);
      if (!plan.error && !plan.drop && !plan.rateLimit) {
        if (rule.spec.error) plan.error = rule.spec.error;
        else if (rule.spec.drop) plan.drop = rule.spec.drop;
        else if (rule.spec.rateLimit) plan.rateLimit = rule.spec.rateLimit;
      }
    }
    for (const rule of this.rules) if (rule.remaining <= 0) this.retired.set(rule.id, rule.hits);
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return plan;
  }
}
