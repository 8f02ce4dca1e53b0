/**
 * Problems the Zendesk → Jira direction records on a link (LinkRecord.problems), shown in the
 * issue panel and the admin activity view. Each pass replaces the problems it owns with what
 * it found this time, so a fixed problem disappears; attachment skips are facts about a file
 * and stay (the newest few).
 */
import type { SyncProblem } from '../../domain/types';
import { JiraApiError } from '../../jira/errors';
import { AppError, describeError } from '../../util/errors';
import { truncate } from '../../util/redact';
import { ZendeskApiError } from '../../zendesk/errors';

export const FROM_ZENDESK_CODES = [
  'ISSUE_NOT_FOUND',
  'FIELD_MISSING',
  'FIELD_UNSUPPORTED',
  'FIELD_NO_OPTION',
  'FIELD_NOT_APPLIED',
  'STATUS_NO_TRANSITION',
  'STATUS_FAILED',
  'COMMENT_FAILED',
  'ATTACHMENT_FAILED',
  'ATTACHMENT_SKIPPED',
  'SYNC_FAILED',
  'SYNC_GAVE_UP',
  /** Set by lifecycle/ticketGone.ts; owned here so the first pass after a restore clears it. */
  'TICKET_DELETED',
] as const;
export type FromZendeskCode = (typeof FROM_ZENDESK_CODES)[number];

/** Codes that describe a single event rather than a state; kept across passes. */
const STICKY: ReadonlySet<string> = new Set(['ATTACHMENT_SKIPPED']);
const OWNED: ReadonlySet<string> = new Set(FROM_ZENDESK_CODES);
const MAX_STICKY = 5;
const MAX_PROBLEMS = 20;

export function upstreamOf(error: unknown): SyncProblem['upstream'] | undefined {
  if (error instanceof JiraApiError)
    return { service: 'jira', status: error.status, message: truncate(error.message, 300) };
  if (error instanceof ZendeskApiError)
    return { service: 'zendesk', status: error.status, message: truncate(error.message, 300) };
  return undefined;
}

export function problem(
  kind: SyncProblem['kind'],
  code: FromZendeskCode,
  message: string,
  error?: unknown,
  at: string = new Date().toISOString(),
): SyncProblem {
  const upstream = error === undefined ? undefined : upstreamOf(error);
  const p: SyncProblem = { kind, code, message: truncate(message, 400), at };
  if (upstream) p.upstream = upstream;
  return p;
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
