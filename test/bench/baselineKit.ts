/**
 * What the baselines (naive.ts, naiveJira.ts, incremental.ts) share: plain-fetch HTTP clients
 * for the simulators that count every request and wait out 429s on the simulated clock, a
 * memory billed as Forge storage would bill it, and a small worker pool. Jira requests go
 * through the bench's Jira points proxy, as the app's do.
 */
import { z } from 'zod';
import type { Calls } from './meter';
import type { BenchStack } from './stack';

/** Forge KVS limits the baselines' storage is billed by. */
export const QUERY_PAGE = 20;
export const BATCH = 25;

export interface NaiveResult {
  calls: Calls;
  /** Simulated time spent waiting on Zendesk 429s. */
  rateLimitWaitMs: number;
  wallMs: number;
  /** Links whose record changed since the last run. */
  changed: number;
}

export class Counter {
  zendesk = 0;
  jira = 0;
  kvs = 0;
  waitedMs = 0;
}

/** A baseline's storage: in memory, but every access counted as a Forge KVS request. */
export class BilledMemory<T> {
  private readonly data = new Map<string, T>();
  constructor(private readonly counter: Counter) {}

  /** One run's read: list the links (query pages), then their snapshots (batch gets). */
  readAll(keys: readonly string[]): Map<string, T | undefined> {
    this.counter.kvs += Math.ceil(keys.length / QUERY_PAGE) + Math.ceil(keys.length / BATCH);
    return new Map(keys.map((k) => [k, this.data.get(k)]));
  }

  /** Snapshots of known keys only (batch gets; a missing key reads as undefined). */
  readSome(keys: readonly string[]): Map<string, T | undefined> {
    this.counter.kvs += Math.ceil(keys.length / BATCH);
    return new Map(keys.map((k) => [k, this.data.get(k)]));
  }

  writeMany(entries: readonly [string, T][]): void {
    this.counter.kvs += Math.ceil(entries.length / BATCH);
    for (const [k, v] of entries) this.data.set(k, v);
  }
}

export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(workers);
}

// ---------- HTTP ----------

export interface Http {
  zendesk(pathOrUrl: string, init?: RequestInit): Promise<Response>;
  jira(path: string, init?: RequestInit): Promise<Response>;
}

export function http(bs: BenchStack, counter: Counter): Http {
  const zd = bs.stack.zendesk;
  const jiraSim = bs.stack.jira;
  const basic = `Basic ${Buffer.from(`${zd.credentials.admin.email}/token:${zd.credentials.admin.token}`).toString('base64')}`;
  const zendesk = async (pathOrUrl: string, init: RequestInit = {}): Promise<Response> => {
    // Absolute URLs (attachment content_url) keep their host; the simulator reads it from x-forwarded-host.
    const url = pathOrUrl.startsWith('https://')
      ? new URL(pathOrUrl)
      : new URL(pathOrUrl, `https://${zd.apiHost}`);
    for (let attempt = 0; attempt < 20; attempt++) {
      counter.zendesk += 1;
      const headers = new Headers(init.headers);
      headers.set('x-forwarded-host', url.host);
      if (url.host === zd.apiHost) headers.set('authorization', basic);
      const res = await fetch(`${zd.url}${url.pathname}${url.search}`, { ...init, headers });
      if (res.status !== 429) return res;
      await res.arrayBuffer();
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      const waitMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
      counter.waitedMs += waitMs;
      bs.advanceClocks(waitMs);
    }
    throw new Error(`naive baseline: Zendesk kept answering 429 for ${url.pathname}`);
  };
  const jira = async (path: string, init: RequestInit = {}): Promise<Response> => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${jiraSim.appAccount.accessToken}`);
    for (let attempt = 0; attempt < 20; attempt++) {
      counter.jira += 1;
      const res = await fetch(`${bs.jiraUrl}${path}`, { ...init, headers });
      if (res.status !== 429) return res;
      await res.arrayBuffer();
      const seconds = Number(res.headers.get('retry-after') ?? '1');
      const waitMs = (Number.isFinite(seconds) && seconds > 0 ? seconds : 1) * 1000;
      if (res.headers.get('ratelimit-reason') === 'jira-quota-global-based') {
        // The hourly points quota counts on the emulator's clock (sandbox/stack.ts), as Zendesk's
        // limits do: the baseline waits it out in simulated time, like a poller that sleeps.
        counter.waitedMs += waitMs;
        bs.advanceClocks(waitMs);
        continue;
      }
      // Jira's burst limit counts real seconds (--jira-rate), so this wait is real and short.
      await new Promise((resolve) => setTimeout(resolve, waitMs));
    }
    throw new Error(`naive baseline: Jira kept answering 429 for ${path}`);
  };
  return { zendesk, jira };
}

export async function json<S extends z.ZodType>(
  res: Response,
  schema: S,
  what: string,
): Promise<z.output<S>> {
  if (!res.ok)
    throw new Error(`naive baseline: ${what} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
  return schema.parse(await res.json());
}

export async function expectOk(res: Response, what: string): Promise<void> {
  const text = await res.text();
  if (!res.ok) throw new Error(`naive baseline: ${what} answered ${res.status}: ${text.slice(0, 200)}`);
}

export function category(status: string): 'new' | 'indeterminate' | 'done' {
  if (status === 'new') return 'new';
  if (status === 'solved' || status === 'closed') return 'done';
  return 'indeterminate';
}

/** A run's result from its counter (calls are replaced by the simulators' logs by the caller). */
export function resultOf(counter: Counter, started: number, changed: number): NaiveResult {
  return {
    calls: { zendesk: counter.zendesk, jira: counter.jira, kvs: counter.kvs },
    rateLimitWaitMs: counter.waitedMs,
    wallMs: Date.now() - started,
    changed,
  };
}

/** What every baseline holds: its counted clients and its billed memory. */
export abstract class Poller<M> {
  protected readonly counter = new Counter();
  protected readonly memory = new BilledMemory<M>(this.counter);
  protected readonly api: Http;

  protected constructor(protected readonly bs: BenchStack) {
    this.api = http(bs, this.counter);
  }

  /** Starts a run: zero counts, the wall-clock start. */
  protected begin(): number {
    Object.assign(this.counter, new Counter());
    return Date.now();
  }
}
