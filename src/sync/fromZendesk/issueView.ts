/**
 * What the Zendesk → Jira pass knows about the Jira issue (docs/sync-model.md § The per-link
 * pass). Either the issue was read at the start of the pass (`read`), or the pass decides
 * from the ticket and the link's own memory (`memory`) and reads the issue only for the few
 * steps that cannot be decided without it (an upload's attachment watermark, an option
 * field's project, a status move). A memory pass that meets an issue it cannot reach (404,
 * 403) stops with `ReadIssueFirst` before recording anything, and the pass is run again
 * reading the issue first, so a deleted, hidden or moved issue is handled exactly as before.
 */
import { JiraApiError } from '../../jira/errors';
import type { JiraIssue } from '../../jira/schemas';
import { asStop, isRateLimit, isRefusal } from '../core/passErrors';

/** A memory pass found the issue unreachable: run the pass again, reading the issue first. */
export class ReadIssueFirst extends Error {
  constructor(readonly unreachable: unknown) {
    super('The Jira issue could not be reached; the pass reads it first');
    this.name = 'ReadIssueFirst';
  }
}

/** 404 or 403 from Jira: the issue is gone, hidden, or the app lost access to it. */
export function isIssueUnreachable(error: unknown): boolean {
  return error instanceof JiraApiError && (error.status === 404 || error.status === 403);
}

export class IssueView {
  private loaded: Promise<JiraIssue> | null;
  /** The issue's key as last read by this pass (a memory pass that read nothing knows none). */
  private key: string | undefined;

  private constructor(
    /** True: decisions come from the link's memory; the issue is read only on demand. */
    readonly fromMemory: boolean,
    private readonly load: () => Promise<JiraIssue>,
    issue?: JiraIssue,
  ) {
    this.loaded = issue ? Promise.resolve(issue) : null;
    this.key = issue?.key;
  }

  static read(issue: JiraIssue): IssueView {
    return new IssueView(false, () => Promise.resolve(issue), issue);
  }

  /** A memory pass; `preloaded`: the issue as a bulk read of the chunk already holds it (prefetch.ts). */
  static memory(load: () => Promise<JiraIssue>, preloaded?: JiraIssue): IssueView {
    return new IssueView(true, load, preloaded);
  }

  /** The issue was read (or handed over by the chunk's bulk read) already: issue() costs nothing. */
  get hasIssue(): boolean {
    return this.loaded !== null;
  }

  /** The issue, read once on first demand. */
  issue(): Promise<JiraIssue> {
    this.loaded ??= this.load().then(
      (issue) => this.saw(issue),
      (error: unknown) => {
        throw isIssueUnreachable(error) ? new ReadIssueFirst(error) : error;
      },
    );
    return this.loaded;
  }

  /** Any read of the issue during the pass (the status step's own) tells its current key. */
  saw<T extends Pick<JiraIssue, 'key'>>(issue: T): T {
    this.key = issue.key;
    return issue;
  }

  /** The key Jira answered with in this pass, if the pass read the issue at all (moves show here). */
  get seenKey(): string | undefined {
    return this.key;
  }

  /**
   * For the catch block of a Jira write: in a memory pass, an unreachable issue is not this
   * step's refusal (it would mark a comment done or record a field problem for an issue that
   * may be gone); the pass starts again reading the issue.
   */
  rethrowIfUnreachable(error: unknown): void {
    if (this.fromMemory && isIssueUnreachable(error)) throw new ReadIssueFirst(error);
  }

  /**
   * The one way a step of the pass sorts a failed Jira call: a rate limit stops the run, an
   * issue a memory pass cannot reach reruns the pass, anything but a refusal fails the ticket.
   * Returns only for a refusal, which the step records as its problem.
   */
  throwUnlessRefusal(error: unknown): void {
    if (isRateLimit(error)) throw asStop(error);
    this.rethrowIfUnreachable(error);
    if (!isRefusal(error)) throw error;
  }
}
