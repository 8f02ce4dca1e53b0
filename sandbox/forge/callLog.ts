/**
 * A record of every platform call the emulator served, so tests and benchmarks can count
 * KVS operations, product requests and egress without instrumenting the app.
 */

export type PlatformCallKind = 'kvs' | 'jira' | 'queue' | 'egress';

export interface PlatformCall {
  readonly seq: number;
  readonly kind: PlatformCallKind;
  /** KVS operation name (get, set, batchSet, transact, query, secretGet…), or the HTTP method. */
  readonly method: string;
  /** KVS key(s), product path, queue name or egress URL. */
  readonly target: string;
  /** HTTP status the app saw; 0 when the call was refused before any response existed. */
  readonly status: number;
  readonly write: boolean;
  readonly invocationId: string | undefined;
  readonly functionKey: string | undefined;
  /** Why the emulator refused the call, when it did (egress block, crash, timeout…). */
  readonly refused?: string;
}

export type KvsOpKind =
  | 'get'
  | 'set'
  | 'delete'
  | 'query'
  | 'secretGet'
  | 'secretSet'
  | 'secretDelete'
  | 'batchGet'
  | 'batchSet'
  | 'batchDelete'
  | 'transact'
  | 'entityGet'
  | 'entitySet'
  | 'entityDelete'
  | 'entityQuery';

const READ_KINDS: ReadonlySet<KvsOpKind> = new Set(['get', 'secretGet', 'batchGet', 'entityGet']);
const QUERY_KINDS: ReadonlySet<KvsOpKind> = new Set(['query', 'entityQuery']);

export interface KvsCounters {
  /** Individual read operations (a batchGet of 5 keys counts as one request, 5 keys). */
  readonly reads: number;
  readonly writes: number;
  readonly queries: number;
  /** Requests per KVS operation kind. */
  readonly byKind: Readonly<Record<KvsOpKind, number>>;
  /** Keys touched per kind (batch operations touch several keys per request). */
  readonly keysByKind: Readonly<Record<KvsOpKind, number>>;
  readonly jira: number;
  readonly egress: number;
  readonly queuePushes: number;
  reset(): void;
}

function zeroKinds(): Record<KvsOpKind, number> {
  return {
    get: 0,
    set: 0,
    delete: 0,
    query: 0,
    secretGet: 0,
    secretSet: 0,
    secretDelete: 0,
    batchGet: 0,
    batchSet: 0,
    batchDelete: 0,
    transact: 0,
    entityGet: 0,
    entitySet: 0,
    entityDelete: 0,
    entityQuery: 0,
  };
}

export class CallLog {
  /** Oldest entries are dropped beyond `limit`, so a long `npm start` session stays bounded; counters are not. */
  constructor(private readonly limit = 100_000) {}

  private readonly entries: PlatformCall[] = [];
  private seq = 0;
  private byKind = zeroKinds();
  private keysByKind = zeroKinds();
  private jira = 0;
  private egress = 0;
  private queuePushes = 0;

  record(call: Omit<PlatformCall, 'seq'>): void {
    this.seq += 1;
    this.entries.push({ ...call, seq: this.seq });
    // Trimmed in chunks: dropping one entry per call shifts the whole array each time (~0.3 ms per
    // call at 100,000 entries), which slowed every invocation of a long bench run (docs/benchmarks.md).
    if (this.entries.length >= 2 * this.limit) this.trim();
    if (call.kind === 'jira') this.jira += 1;
    if (call.kind === 'egress') this.egress += 1;
    if (call.kind === 'queue' && call.method === 'publish') this.queuePushes += 1;
  }

  countKvs(kind: KvsOpKind, keys: number): void {
    this.byKind[kind] += 1;
    this.keysByKind[kind] += keys;
  }

  get calls(): readonly PlatformCall[] {
    this.trim();
    return this.entries;
  }

  private trim(): void {
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  clearCalls(): void {
    this.entries.length = 0;
  }

  readonly counters: KvsCounters = (() => {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the getters below must read live fields
    const log = this;
    const sum = (pick: (k: KvsOpKind) => boolean): number =>
      (Object.keys(log.byKind) as KvsOpKind[]).filter(pick).reduce((n, k) => n + log.byKind[k], 0);
    return {
      get reads() {
        return sum((k) => READ_KINDS.has(k));
      },
      get writes() {
        return sum((k) => !READ_KINDS.has(k) && !QUERY_KINDS.has(k));
      },
      get queries() {
        return sum((k) => QUERY_KINDS.has(k));
      },
      get byKind() {
        return { ...log.byKind };
      },
      get keysByKind() {
        return { ...log.keysByKind };
      },
      get jira() {
        return log.jira;
      },
      get egress() {
        return log.egress;
      },
      get queuePushes() {
        return log.queuePushes;
      },
      reset(): void {
        log.byKind = zeroKinds();
        log.keysByKind = zeroKinds();
        log.jira = 0;
        log.egress = 0;
        log.queuePushes = 0;
      },
    };
  })();
}
