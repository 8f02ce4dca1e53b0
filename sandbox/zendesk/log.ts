/**
 * Every request the simulator saw, for assertions such as "the sync made exactly one export call"
 * or "no request carried Zendesk credentials to the attachment host".
 */
export interface RequestLogEntry {
  method: string;
  /** Normalized path (no ".json"). */
  path: string;
  query: Record<string, string>;
  /** The host the client meant (x-forwarded-host), or the loopback host when called directly. */
  host: string;
  status: number;
  /** Email of the authenticated user, "anonymous", or "invalid" for failed credentials. */
  identity: string;
  /** Whether an Authorization header was present at all. */
  hadAuthorization: boolean;
  /** Simulated time the request arrived (epoch ms). */
  at: number;
  durationMs: number;
  /** Ids of the fault rules that fired, if any. */
  faults: string[];
  /** True when the connection was destroyed instead of answered. */
  dropped: boolean;
}

export interface LogFilter {
  method?: string;
  pathPrefix?: string;
  host?: string;
  status?: number;
}

export class RequestLog {
  private items: RequestLogEntry[] = [];

  add(entry: RequestLogEntry): void {
    this.items.push(entry);
  }

  entries(filter: LogFilter = {}): RequestLogEntry[] {
    return this.items.filter(
      (e) =>
        (filter.method === undefined || e.method === filter.method.toUpperCase()) &&
        (filter.pathPrefix === undefined || e.path.startsWith(filter.pathPrefix)) &&
        (filter.host === undefined || e.host === filter.host) &&
        (filter.status === undefined || e.status === filter.status),
    );
  }

  count(filter: LogFilter = {}): number {
    return this.entries(filter).length;
  }

  last(filter: LogFilter = {}): RequestLogEntry | undefined {
    const list = this.entries(filter);
    return list[list.length - 1];
  }

  clear(): void {
    this.items = [];
  }
}
