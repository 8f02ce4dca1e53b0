/** Fault injection for the reliability suite. */

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

export class Faults {
  private readonly crashes: ArmedCrash[] = [];

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
