/** A record of every request the simulator answered (or dropped), for tests and the sandbox UI. */

export interface RequestLogEntry {
  at: Date;
  method: string;
  path: string;
  /** `METHOD /template` of the matched route, e.g. `GET /rest/api/3/issue/{issueIdOrKey}`. */
  route: string | null;
  /** 0 when the connection was dropped without an answer. */
  status: number;
  accountId: string | null;
  durationMs: number;
}

export interface RequestLogFilter {
  method?: string;
  path?: string;
  route?: string;
  status?: number;
  accountId?: string | null;
}

export class RequestLog {
  private readonly records: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.records.push(entry);
  }

  entries(filter: RequestLogFilter = {}): RequestLogEntry[] {
    return this.records.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || e.path === filter.path) &&
        (filter.route === undefined || e.route === filter.route) &&
        (filter.status === undefined || e.status === filter.status) &&
        (filter.accountId === undefined || e.accountId === filter.accountId),
    );
  }

  count(filter: RequestLogFilter = {}): number {
    return this.entries(filter).length;
  }

  /** Counts per `route status` pair, handy for assertions and the sandbox UI. */
  summary(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.records) {
      const label = `${e.route ?? `${e.method} ${e.path}`} ${e.status}`;
      counts[label] = (counts[label] ?? 0) + 1;
    }
    return counts;
  }

  clear(): void {
    this.records.length = 0;
  }
}
