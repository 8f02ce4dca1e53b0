/**
 * Fault injection per route. A route is `METHOD /template` as in the OpenAPI
 * document (e.g. `POST /rest/api/3/issue/{issueIdOrKey}/comment`), `METHOD *`, or `*`.
 */

export type Fault =
  /** Answer with this status (5xx usually) and an ErrorCollection; the request is not applied. */
  | { kind: 'error'; status: number; retryAfterSeconds?: number; message?: string }
  /** Wait before handling. Combines with the other kinds. */
  | { kind: 'latency'; ms: number }
  /**
   * Destroy the connection without answering: `before` the request is applied, or
   * `after` it was applied (events included), so the client cannot tell it succeeded.
   */
  | { kind: 'drop'; when: 'before' | 'after' }
  /** A 429 with Retry-After, as Jira's burst limit answers. */
  | { kind: 'rateLimit'; retryAfterSeconds?: number };

export interface FaultRule {
  id: number;
  route: string;
  fault: Fault;
  /** How many more requests it applies to; Infinity until removed. */
  remaining: number;
  /** Only requests by this account (when set). */
  accountId?: string;
}

export interface FaultOptions {
  times?: number;
  accountId?: string;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(route: string, fault: Fault, options: FaultOptions = {}): number {
    const rule: FaultRule = { id: this.nextId++, route, fault, remaining: options.times ?? 1 };
    if (options.accountId !== undefined) rule.accountId = options.accountId;
    this.rules.push(rule);
    return rule.id;
  }

  /** The next `times` requests on the route get `status` (default 503). */
  failNext(route: string, status = 503, options: FaultOptions & { retryAfterSeconds?: number } = {}): number {
    const fault: Fault = { kind: 'error', status };
    if (options.retryAfterSeconds !== undefined) fault.retryAfterSeconds = options.retryAfterSeconds;
    return this.add(route, fault, options);
  }

  delay(route: string, ms: number, options: FaultOptions = {}): number {
    return this.add(route, { kind: 'latency', ms }, options);
  }

  drop(route: string, when: 'before' | 'after' = 'before', options: FaultOptions = {}): number {
    return this.add(route, { kind: 'drop', when }, options);
  }

  /** A burst of 429s: the next `times` requests on the route are refused. */
  rateLimitBurst(
    route: string,
    times: number,
    retryAfterSeconds = 1,
    options: Omit<FaultOptions, 'times'> = {},
  ): number {
    return this.add(route, { kind: 'rateLimit', retryAfterSeconds }, { ...options, times });
  }

  remove(id: number): void {
    this.rules = this.rules.filter((r) => r.id !== id);
  }

  clear(): void {
    this.rules = [];
  }

  list(): readonly FaultRule[] {
    return this.rules;
  }

  /** Consumes the rules matching this request: all latencies, then at most one other fault. */
  take(
    routeId: string,
    accountId: string | null,
  ): { latencyMs: number; fault: Exclude<Fault, { kind: 'latency' }> | null } {
    const method = routeId.split(' ')[0] ?? '';
    let latencyMs = 0;
    let fault: Exclude<Fault, { kind: 'latency' }> | null = null;
    for (const rule of this.rules) {
      const matches = rule.route === '*' || rule.route === routeId || rule.route === `${method} *`;
      if (!matches || rule.remaining <= 0) continue;
      if (rule.accountId !== undefined && rule.accountId !== accountId) continue;
      if (rule.fault.kind === 'latency') {
        latencyMs += rule.fault.ms;
        rule.remaining -= 1;
      } else if (fault === null) {
        fault = rule.fault;
        rule.remaining -= 1;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { latencyMs, fault };
  }
}
