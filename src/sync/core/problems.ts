/**
 * Problems the Zendesk → Jira direction records on a link (LinkRecord.problems), shown in the
 * issue panel and the admin activity view. Each pass replaces the problems it owns with what
 * it found this time, so a fixed problem disappears; attachment skips are facts about a file
 * and stay (the newest few).
 */
import type { FromZendeskCode, ProblemCode } from '../../domain/errors';
import { FROM_ZENDESK_CODES } from '../../domain/errors';
import type { SyncProblem } from '../../domain/types';
import { JiraApiError } from '../../jira/errors';
import { AppError, describeError, upstreamOf } from '../../util/errors';
import { truncate } from '../../util/redact';
import { ZendeskApiError } from '../../zendesk/errors';

/** Codes that describe a single event rather than a state; kept across passes. */
const STICKY: ReadonlySet<string> = new Set(['ATTACHMENT_SKIPPED']);
const OWNED: ReadonlySet<string> = new Set(FROM_ZENDESK_CODES);
const MAX_STICKY = 5;
const MAX_PROBLEMS = 20;

/**
 * A problem to record on a link; `subject` says what it is about, so a later success of exactly
 * that clears it. Every direction's problems are made here (one shape, one message cap).
 */
export function newProblem(
  kind: SyncProblem['kind'],
  code: ProblemCode,
  message: string,
  options: { error?: unknown; subject?: string; at?: string } = {},
): SyncProblem {
  const p: SyncProblem = {
    kind,
    code,
    message: truncate(message, 400),
    at: options.at ?? new Date().toISOString(),
  };
  const upstream = options.error === undefined ? undefined : upstreamOf(options.error);
  if (upstream) p.upstream = upstream;
  if (options.subject !== undefined) p.subject = options.subject;
  return p;
}

export function problem(
  kind: SyncProblem['kind'],
  code: FromZendeskCode,
  message: string,
  error?: unknown,
  at?: string,
): SyncProblem {
  return newProblem(kind, code, message, { error, ...(at !== undefined ? { at } : {}) });
}

/** A readable one-liner for an error, with the upstream status when there is one. */
export function errorText(error: unknown): string {
  if (error instanceof JiraApiError) return `Jira answered ${error.status}: ${error.message}`;
  if (error instanceof ZendeskApiError) return `Zendesk answered ${error.status}: ${error.message}`;
  if (error instanceof AppError) return error.message;
  return describeError(error);
}

const same = (a: SyncProblem, b: SyncProblem): boolean =>
  a.kind === b.kind &&
  a.code === b.code &&
  a.message === b.message &&
  a.upstream?.status === b.upstream?.status;

/**
 * The link's problems after a pass: other directions' problems untouched, this direction's
 * replaced by `fresh` (an unchanged problem keeps its first time), sticky ones accumulated.
 */
export function mergeProblems(
  existing: readonly SyncProblem[],
  fresh: readonly SyncProblem[],
): SyncProblem[] {
  const others = existing.filter((p) => !OWNED.has(p.code));
  const keptSticky = existing.filter((p) => STICKY.has(p.code));
  const freshSticky = fresh.filter((p) => STICKY.has(p.code) && !keptSticky.some((k) => same(k, p)));
  const sticky = [...keptSticky, ...freshSticky].slice(-MAX_STICKY);
  const transient = fresh
    .filter((p) => !STICKY.has(p.code))
    .map((p) => existing.find((e) => same(e, p)) ?? p)
    .filter((p, i, all) => all.findIndex((q) => same(q, p)) === i);
  return [...others, ...transient, ...sticky].slice(-MAX_PROBLEMS);
}

export function sameProblems(a: readonly SyncProblem[], b: readonly SyncProblem[]): boolean {
  return (
    a.length === b.length &&
    a.every((p, i) => {
      const q = b[i];
      return q !== undefined && same(p, q) && p.at === q.at;
    })
  );
}

/** Adds or replaces (same code) one problem without touching the others: for failed passes. */
export function withProblem(existing: readonly SyncProblem[], p: SyncProblem): SyncProblem[] {
  return [...existing.filter((e) => e.code !== p.code), p].slice(-MAX_PROBLEMS);
}

/** Drops the given codes (e.g. SYNC_FAILED once a pass succeeds). */
export function withoutCodes(
  existing: readonly SyncProblem[],
  codes: readonly FromZendeskCode[],
): SyncProblem[] {
  return existing.filter((p) => !(codes as readonly string[]).includes(p.code));
}
