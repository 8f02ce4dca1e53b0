/**
 * One running function invocation: its identity (what `__forge_runtime__` reports), its
 * deadline, and the faults that can end it early. Once it has timed out, crashed or returned,
 * every further platform call it makes is refused, so abandoned work cannot keep writing.
 */
import { InvocationAlreadyFinished, InvocationTimedOut, SimulatedCrash } from './errors';
import type { InvocationHandle, PlatformOwner } from './platformHooks';

export type InvocationOutcome =
  | { readonly status: 'ok'; readonly value: unknown }
  | { readonly status: 'error'; readonly error: unknown }
  | { readonly status: 'timeout'; readonly error: InvocationTimedOut }
  | { readonly status: 'crash'; readonly error: SimulatedCrash };

export interface InvocationIdentity {
  readonly id: string;
  readonly functionKey: string;
  readonly moduleKey: string;
  readonly moduleType: string;
  readonly accountId: string | undefined;
}

export class Invocation implements InvocationHandle {
  private state: 'running' | 'finished' | 'timeout' | 'crash' = 'running';
  private settle: (o: InvocationOutcome) => void = () => undefined;
  private crashError: SimulatedCrash | undefined;
  readonly outcome: Promise<InvocationOutcome>;
  readonly startedAt = Date.now();
  readonly deadline: number;
  writes = 0;
  platformCalls = 0;
  /** Built lazily by the owner the first time the SDK reads `__forge_runtime__`. */
  runtime: Record<string, unknown> | undefined;

  constructor(
    readonly owner: PlatformOwner,
    readonly identity: InvocationIdentity,
    readonly timeoutMs: number,
    private readonly crashAfterWrites: number | undefined,
  ) {
    this.deadline = this.startedAt + timeoutMs;
    this.outcome = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  get id(): string {
    return this.identity.id;
  }

  get status(): 'running' | 'finished' | 'timeout' | 'crash' {
    return this.state;
  }

  readonly remainingMs = (): number => Math.max(0, this.deadline - Date.now());

  /** Called at the start of every platform call; throws when the invocation may no longer act. */
  admitCall(): void {
    // The timer may not have fired yet on a busy event loop; the deadline is authoritative.
    if (this.state === 'running' && Date.now() >= this.deadline) this.timeOut();
    switch (this.state) {
      case 'running':
        this.platformCalls += 1;
        return;
      case 'timeout':
        throw new InvocationTimedOut(this.id, this.identity.functionKey, this.timeoutMs);
      case 'crash':
        throw this.crashError ?? new SimulatedCrash(this.id, this.writes);
      case 'finished':
        throw new InvocationAlreadyFinished(this.id, this.identity.functionKey);
    }
  }

  /** A write completed; with a crash fault armed this may be the last thing the invocation does. */
  noteWrite(): void {
    this.writes += 1;
    if (
      this.state === 'running' &&
      this.crashAfterWrites !== undefined &&
      this.writes >= this.crashAfterWrites
    ) {
      this.state = 'crash';
      this.crashError = new SimulatedCrash(this.id, this.writes);
      this.settle({ status: 'crash', error: this.crashError });
    }
  }

  timeOut(): void {
    if (this.state !== 'running') return;
    this.state = 'timeout';
    this.settle({
      status: 'timeout',
      error: new InvocationTimedOut(this.id, this.identity.functionKey, this.timeoutMs),
    });
  }

  finish(outcome: InvocationOutcome): void {
    if (this.state !== 'running') return;
    this.state = 'finished';
    this.settle(outcome);
  }
}
