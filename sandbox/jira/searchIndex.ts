/**
 * The JQL search index and its lag. Jira Cloud's search reads an index that trails writes
 * (how far is [unverified]); `reconcileIssues` — "Strong consistency issue ids to be reconciled
 * with search results. Accepts max 50 ids." [spec searchAndReconsileIssuesUsingJql] — makes
 * search read those issues as they are now. With a lag set, search sees every other issue as
 * it was `lagMs` ago: a newer issue not at all, a changed one with its old values (matching
 * and returned fields alike). Off (0) by default.
 */
import type { IssueRecord } from './types.js';

interface Snapshot {
  at: number;
  issue: IssueRecord;
}

export class SearchIndex {
  private lag = 0;
  /** Issue id → snapshots, oldest first; issues without an entry are indexed as they are. */
  private readonly history = new Map<string, Snapshot[]>();

  get lagMs(): number {
    return this.lag;
  }

  /** Sets the lag; every issue that exists now counts as indexed in its present state. */
  setLag(ms: number, issues: Iterable<IssueRecord>): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`search lag must be ≥ 0 ms, got ${ms}`);
    this.lag = ms;
    this.reindexAll(issues);
  }

  reindexAll(issues: Iterable<IssueRecord>): void {
    this.history.clear();
    if (this.lag > 0) {
      for (const issue of issues)
        this.history.set(issue.id, [{ at: -Infinity, issue: structuredClone(issue) }]);
    }
  }

  /** After each write: the issue as it now is reaches the index `lagMs` later. */
  written(issue: IssueRecord, at: Date): void {
    if (this.lag === 0) return;
    const snapshots = this.history.get(issue.id) ?? [];
    snapshots.push({ at: at.getTime(), issue: structuredClone(issue) });
    this.history.set(issue.id, snapshots);
  }

  /** What search sees of `issue` at `now`: undefined while its creation is not yet indexed. */
  view(issue: IssueRecord, now: Date, reconcile: ReadonlySet<string>): IssueRecord | undefined {
    const snapshots = this.history.get(issue.id);
    if (snapshots === undefined || reconcile.has(issue.id)) return issue;
    const cutoff = now.getTime() - this.lag;
    const visible = snapshots.filter((s) => s.at <= cutoff);
    const latest = visible[visible.length - 1];
    // Older snapshots than the one now in view are never needed again.
    snapshots.splice(0, Math.max(0, visible.length - 1));
    return latest?.issue;
  }
}
