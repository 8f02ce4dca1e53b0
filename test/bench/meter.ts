/**
 * Counting what a measured phase cost, from the sources of truth: the simulators' request logs
 * (every HTTP request Zendesk and Jira answered, 429s included) and the Forge emulator's KVS
 * counters (one per KVS request; a batch of 25 keys is one operation, as Forge bills it).
 * `reset()` before a phase, `read()` after it.
 */
import type { PointTally } from './jiraPoints';
import type { BenchStack } from './stack';

export interface Calls {
  zendesk: number;
  jira: number;
  kvs: number;
}

export interface PhaseCounts extends Calls {
  zendeskWrites: number;
  jiraWrites: number;
  zendesk429: number;
  jira429: number;
  /** "METHOD /path/{id}" → count, ids replaced so routes group. */
  zendeskByRoute: Record<string, number>;
  jiraByRoute: Record<string, number>;
  kvsByKind: Record<string, number>;
  /** The most Zendesk API requests seen in one simulated minute (the 700/min budget's window). */
  zendeskPeakPerMinute: number;
  /** Jira points of the phase (jiraPoints.ts). */
  jiraPoints: PointTally;
}

export const ZERO: Calls = { zendesk: 0, jira: 0, kvs: 0 };

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

function zendeskRoute(method: string, path: string, host: string, attachmentHost: string): string {
  if (host === attachmentHost) return `${method} (attachment download)`;
  return `${method} ${path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`;
}

function bump(map: Record<string, number>, key: string): void {
  map[key] = (map[key] ?? 0) + 1;
}

export class Meter {
  constructor(private readonly bs: BenchStack) {}

  reset(): void {
    this.bs.stack.zendesk.log.clear();
    this.bs.stack.jira.log.clear();
    this.bs.stack.emulator.counters.reset();
    this.bs.points.reset();
    // The bench reads counters, not the call log; a full log (100,000 entries) would make every
    // further platform call pay for trimming it.
    this.bs.stack.emulator.clearCalls();
  }

  read(): PhaseCounts {
    const zd = this.bs.stack.zendesk;
    const zendeskEntries = zd.log.entries();
    const jiraEntries = this.bs.stack.jira.log.entries();
    const counters = this.bs.stack.emulator.counters;
    const out: PhaseCounts = {
      zendesk: zendeskEntries.length,
      jira: jiraEntries.length,
      kvs: counters.reads + counters.writes + counters.queries,
      zendeskWrites: 0,
      jiraWrites: 0,
      zendesk429: 0,
      jira429: 0,
      zendeskByRoute: {},
      jiraByRoute: {},
      kvsByKind: Object.fromEntries(Object.entries(counters.byKind).filter(([, n]) => n > 0)),
      zendeskPeakPerMinute: 0,
      jiraPoints: this.bs.points.read(),
    };
    const perMinute = new Map<number, number>();
    for (const e of zendeskEntries) {
      bump(out.zendeskByRoute, zendeskRoute(e.method, e.path, e.host, zd.attachmentHost));
      if (WRITE_METHODS.has(e.method)) out.zendeskWrites += 1;
      if (e.status === 429) out.zendesk429 += 1;
      if (e.host !== zd.attachmentHost) {
        const minute = Math.floor(e.at / 60_000);
        perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
      }
    }
    out.zendeskPeakPerMinute = Math.max(0, ...perMinute.values());
    for (const e of jiraEntries) {
      bump(out.jiraByRoute, e.route ?? `${e.method} ${e.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`);
      if (WRITE_METHODS.has(e.method)) out.jiraWrites += 1;
      if (e.status === 429) out.jira429 += 1;
    }
    return out;
  }
}

export function totalApi(c: Calls): number {
  return c.zendesk + c.jira;
}
