/**
 * Pending asynchronous work: async-event queue events (one consumer invocation per event, as
 * Forge does) and product-event deliveries to triggers, each with a due time on the emulator
 * clock, plus per-job bookkeeping for `getStats()` / `cancel()`.
 */

export interface RetryState {
  readonly retryCount: number;
  readonly retryReason: string;
  readonly retryData: unknown;
}

interface PendingBase {
  readonly id: string;
  readonly functionKey: string;
  readonly dueAt: number;
  readonly seq: number;
  readonly retry: RetryState | undefined;
}

export interface PendingQueueEvent extends PendingBase {
  readonly kind: 'queue';
  readonly consumerKey: string;
  readonly queueName: string;
  readonly jobId: string;
  readonly eventId: string;
  readonly body: Record<string, unknown>;
  readonly delayInSeconds: number | undefined;
  readonly concurrency: { readonly key: string; readonly limit: number } | undefined;
}

export interface PendingTriggerEvent extends PendingBase {
  readonly kind: 'trigger';
  readonly triggerKey: string;
  readonly event: Record<string, unknown>;
}

export type PendingDelivery = PendingQueueEvent | PendingTriggerEvent;

export type EventState = 'pending' | 'inProgress' | 'success' | 'failed' | 'cancelled';

export class WorkQueue {
  private readonly pending: PendingDelivery[] = [];
  /** Events pushed to a queue that has no consumer in the manifest; they can never run. */
  readonly orphaned: PendingQueueEvent[] = [];
  private readonly jobs = new Map<string, { queueName: string; events: Map<string, EventState> }>();
  private seq = 0;

  nextSeq(): number {
    this.seq += 1;
    return this.seq;
  }

  add(item: PendingDelivery): void {
    if (item.kind === 'queue') {
      const job = this.jobs.get(item.jobId) ?? {
        queueName: item.queueName,
        events: new Map<string, EventState>(),
      };
      job.events.set(item.eventId, 'pending');
      this.jobs.set(item.jobId, job);
    }
    this.pending.push(item);
  }

  addOrphan(item: PendingQueueEvent): void {
    const job = this.jobs.get(item.jobId) ?? {
      queueName: item.queueName,
      events: new Map<string, EventState>(),
    };
    job.events.set(item.eventId, 'pending');
    this.jobs.set(item.jobId, job);
    this.orphaned.push(item);
  }

  /** Earliest due item (FIFO among equals), without removing it. */
  peek(): PendingDelivery | undefined {
    let best: PendingDelivery | undefined;
    for (const p of this.pending) {
      if (!best || p.dueAt < best.dueAt || (p.dueAt === best.dueAt && p.seq < best.seq)) best = p;
    }
    return best;
  }

  take(item: PendingDelivery): void {
    const i = this.pending.indexOf(item);
    if (i >= 0) this.pending.splice(i, 1);
    if (item.kind === 'queue') this.setState(item.jobId, item.eventId, 'inProgress');
  }

  get size(): number {
    return this.pending.length;
  }

  list(): readonly PendingDelivery[] {
    return [...this.pending];
  }

  setState(jobId: string, eventId: string, state: EventState): void {
    this.jobs.get(jobId)?.events.set(eventId, state);
  }

  stats(
    jobId: string,
    queueName: string,
  ): { success: number; inProgress: number; failed: number } | undefined {
    const job = this.jobs.get(jobId);
    if (!job || job.queueName !== queueName) return undefined;
    let success = 0;
    let inProgress = 0;
    let failed = 0;
    for (const s of job.events.values()) {
      if (s === 'success') success += 1;
      else if (s === 'failed') failed += 1;
      else if (s === 'pending' || s === 'inProgress') inProgress += 1;
    }
    return { success, inProgress, failed };
  }

  /** Drops the job's not-yet-started events; returns false for an unknown job. */
  cancel(jobId: string, queueName: string): boolean {
    const job = this.jobs.get(jobId);
    if (!job || job.queueName !== queueName) return false;
    for (let i = this.pending.length - 1; i >= 0; i--) {
      const p = this.pending[i];
      if (p?.kind === 'queue' && p.jobId === jobId) {
        this.pending.splice(i, 1);
        job.events.set(p.eventId, 'cancelled');
      }
    }
    return true;
  }
}
