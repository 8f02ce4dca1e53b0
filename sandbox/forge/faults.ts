/** Fault injection for the reliability suite (crashes, failing KVS requests), and a barrier that makes KVS requests overlap. */
import type { KvsOpKind } from './callLog';

export interface CrashFaultOptions {
  /** Only invocations of this function are affected (default: any function). */
  readonly functionKey?: string;
  /** How many upcoming matching invocations get the fault (default 1). */
  readonly invocations?: number;
}

interface ArmedCrash {
  readonly afterWrites: number;
  readonly functionKey: string | undefined;
  remaining: number;
}

interface Barrier {
  readonly size: number;
  readonly ops: ReadonlySet<KvsOpKind> | undefined;
  readonly waiting: (() => void)[];
}

/** A KVS request that fails: the kinds it applies to and a text its body must contain (a key). */
interface KvsFailure {
  readonly ops: ReadonlySet<KvsOpKind>;
  readonly bodyContains: string;
  remaining: number;
}

export class Faults {
  private readonly crashes: ArmedCrash[] = [];
  private readonly barriers: Barrier[] = [];
  private readonly kvsFailures: KvsFailure[] = [];

  /**
   * The next `times` KVS requests of the given kinds whose body names `keyContains` fail with a
   * 500 (a storage outage), changing nothing: proves a caller survives a failed read or write.
   */
  failKvs(ops: readonly KvsOpKind[], keyContains: string, times = 1): void {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`failKvs needs times >= 1, got ${times}`);
    this.kvsFailures.push({ ops: new Set(ops), bodyContains: keyContains, remaining: times });
  }

  /** Called by the storage service for each request: whether it fails (consumes one failure). */
  takeKvsFailure(op: KvsOpKind, body: string): boolean {
    const i = this.kvsFailures.findIndex((f) => f.ops.has(op) && body.includes(f.bodyContains));
    const failure = this.kvsFailures[i];
    if (!failure) return false;
    failure.remaining -= 1;
    if (failure.remaining === 0) this.kvsFailures.splice(i, 1);
    return true;
  }

  /**
   * Holds the next `n` KVS requests (of the given kinds, default any) at the storage service
   * until all `n` have arrived, then serves them in arrival order. Proves that concurrent
   * invocations really were in flight together, instead of hoping a sleep lines them up.
   */
  holdKvsUntil(n: number, ops?: readonly KvsOpKind[]): void {
    if (!Number.isInteger(n) || n < 2)
      throw new RangeError(`holdKvsUntil needs a whole number >= 2, got ${n}`);
    this.barriers.push({ size: n, ops: ops ? new Set(ops) : undefined, waiting: [] });
  }

  /** Called by the storage service for each request; resolves when the request may be served. */
  async arriveKvs(op: KvsOpKind): Promise<void> {
    const b = this.barriers.find((x) => x.ops === undefined || x.ops.has(op));
    if (!b) return;
    const released = new Promise<void>((resolve) => b.waiting.push(resolve));
    if (b.waiting.length === b.size) {
      this.barriers.splice(this.barriers.indexOf(b), 1);
      for (const release of b.waiting) release();
    }
    await released;
  }

  /**
   * The next matching invocation(s) crash right after their `n`-th write completes (KVS writes,
   * non-GET requestJira, non-GET egress): the write took effect, then the process "died".
   */
  crashAfterWrites(n: number, options: CrashFaultOptions = {}): void {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`crashAfterWrites needs a whole number >= 1, got ${n}`);
    const invocations = options.invocations ?? 1;
    if (!Number.isInteger(invocations) || invocations < 1)
      throw new RangeError(`invocations must be >= 1, got ${invocations}`);
    this.crashes.push({ afterWrites: n, functionKey: options.functionKey, remaining: invocations });
  }

  clear(): void {
    this.crashes.length = 0;
    this.kvsFailures.length = 0;
    // Requests already held are let go rather than left hanging.
    for (const b of this.barriers.splice(0)) for (const release of b.waiting) release();
  }

  /** Number of invocations that will still receive an armed fault. */
  get armed(): number {
    return this.crashes.reduce((n, c) => n + c.remaining, 0);
  }

  /** Consumes the first armed crash that applies to an invocation of `functionKey`. */
  takeCrash(functionKey: string): number | undefined {
    const i = this.crashes.findIndex((c) => c.functionKey === undefined || c.functionKey === functionKey);
    const armed = this.crashes[i];
    if (!armed) return undefined;
    armed.remaining -= 1;
    if (armed.remaining === 0) this.crashes.splice(i, 1);
    return armed.afterWrites;
  }
}
