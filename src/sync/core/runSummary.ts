/**
 * Accumulates the SyncRunSummary (src/domain/rpc.ts) of one run. Bounded: at most
 * MAX_ERRORS error entries, each message capped, so the stored log stays small.
 */
import type { SyncRunSummary } from '../../domain/rpc';
import { truncate } from '../../util/redact';

export const MAX_ERRORS = 30;

export type Counter =
  | 'ticketsSeen'
  | 'issuesCreated'
  | 'fieldsApplied'
  | 'statusesApplied'
  | 'commentsCopied'
  | 'attachmentsCopied'
  | 'skipped'
  | 'limitations';

export class RunSummary {
  readonly data: SyncRunSummary;
  private droppedErrors = 0;

  constructor(
    runId: string,
    trigger: SyncRunSummary['trigger'],
    startedAt: string = new Date().toISOString(),
  ) {
    this.data = {
      runId,
      trigger,
      startedAt,
      ticketsSeen: 0,
      issuesCreated: 0,
      fieldsApplied: 0,
      statusesApplied: 0,
      commentsCopied: 0,
      attachmentsCopied: 0,
      skipped: 0,
      limitations: 0,
      errors: [],
    };
  }

  add(counter: Counter, n = 1): void {
    this.data[counter] += n;
  }

  /** `itemId`: the Smart Connected Item the failure belongs to (its health in the admin console). */
  error(message: string, where: { ticketId?: string; issueKey?: string; itemId?: string } = {}): void {
    const { itemId, ...place } = where;
    if (itemId !== undefined) this.itemFailed(itemId);
    if (this.data.errors.length >= MAX_ERRORS) {
      this.droppedErrors += 1;
      return;
    }
    this.data.errors.push({ ...place, message: truncate(message, 400) });
  }

  private itemFailed(itemId: string): void {
    const failed = (this.data.failedItems ??= []);
    if (!failed.includes(itemId)) failed.push(itemId);
  }

  /** The run ends early; what is left resumes next run. */
  stop(): void {
    this.data.stopped = true;
  }

  setProgress(progress: NonNullable<SyncRunSummary['progress']>): void {
    this.data.progress = { ...progress };
  }

  /** Anything worth recording: used to keep idle runs from growing the log. */
  get didWork(): boolean {
    const d = this.data;
    return (
      d.ticketsSeen +
        d.issuesCreated +
        d.fieldsApplied +
        d.statusesApplied +
        d.commentsCopied +
        d.attachmentsCopied +
        d.skipped +
        d.limitations >
        0 || d.errors.length > 0
    );
  }

  finish(): SyncRunSummary {
    if (this.droppedErrors > 0) {
      this.data.errors.push({ message: `…and ${this.droppedErrors} more errors not listed` });
      this.droppedErrors = 0;
    }
    this.data.finishedAt = new Date().toISOString();
    return this.data;
  }
}
