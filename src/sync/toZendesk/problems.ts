/**
 * Problems the Jira → Zendesk direction records on a link (LinkRecord.problems, shown on the
 * issue panel's card and in the admin activity view). Codes are distinct from the Zendesk →
 * Jira ones (src/sync/core/problems.ts), so neither direction's pass replaces the other's.
 *
 * - State-like problems (a field Zendesk refuses, the last attempt failing) are cleared when
 *   the same thing later succeeds: callers name what they clear.
 * - Facts about a single comment or file (skipped, refused) stay, the newest few per code.
 */
import type { LinkRecord, SyncProblem } from '../../domain/types';
import { updateLink } from '../../storage/links';
import { truncate } from '../../util/redact';
import { upstreamOf } from '../core/problems';

export const TO_ZENDESK_CODES = [
  /** The ticket is closed: Zendesk refuses every update (docs/contracts/zendesk-api.md § Closed tickets). */
  'TO_ZENDESK_TICKET_CLOSED',
  /** The ticket is gone or unreadable. */
  'TO_ZENDESK_TICKET_MISSING',
  /** A Jira status category Zendesk cannot follow (back to New). */
  'TO_ZENDESK_STATUS_LIMIT',
  'TO_ZENDESK_STATUS_REFUSED',
  /** A mapped field that cannot be written to Zendesk (read-only, no matching option, …). */
  'TO_ZENDESK_FIELD_UNSUPPORTED',
  'TO_ZENDESK_FIELD_REFUSED',
  'TO_ZENDESK_COMMENT_FAILED',
  'TO_ZENDESK_ATTACHMENT_SKIPPED',
  'TO_ZENDESK_ATTACHMENT_FAILED',
  /** A Jira change waits to reach Zendesk (upstream trouble); retried until delivered. */
  'TO_ZENDESK_PENDING',
  /** Zendesk refused a change for good, or a stored change was unreadable. */
  'TO_ZENDESK_FAILED',
] as const;
export type ToZendeskCode = (typeof TO_ZENDESK_CODES)[number];

/** Facts about one comment or file: kept (newest MAX_STICKY per code) until the link goes. */
const STICKY: ReadonlySet<ToZendeskCode> = new Set([
  'TO_ZENDESK_COMMENT_FAILED',
  'TO_ZENDESK_ATTACHMENT_SKIPPED',
  'TO_ZENDESK_ATTACHMENT_FAILED',
]);
const MAX_STICKY = 5;
/** Same cap as the Zendesk → Jira direction keeps (problems.ts). */
const MAX_PROBLEMS = 20;

export function isToZendeskCode(code: string): code is ToZendeskCode {
  return (TO_ZENDESK_CODES as readonly string[]).includes(code);
}

export function toZendeskProblem(
  kind: SyncProblem['kind'],
  code: ToZendeskCode,
  message: string,
  error?: unknown,
): SyncProblem {
  const p: SyncProblem = { kind, code, message: truncate(message, 400), at: new Date().toISOString() };
  const upstream = error === undefined ? undefined : upstreamOf(error);
  if (upstream) p.upstream = upstream;
  return p;
}

const same = (a: SyncProblem, b: SyncProblem): boolean =>
  a.kind === b.kind &&
  a.code === b.code &&
  a.message === b.message &&
  a.subject === b.subject &&
  a.upstream?.status === b.upstream?.status;

/** The link's problems after removing what `clear` matches and adding `add` (an unchanged problem keeps its first time). */
export function mergeToZendeskProblems(
  existing: readonly SyncProblem[],
  add: readonly SyncProblem[],
  clear: (p: SyncProblem) => boolean,
): { problems: SyncProblem[]; added: SyncProblem[] } {
  const kept = existing.filter((p) => !(isToZendeskCode(p.code) && clear(p)));
  const added: SyncProblem[] = [];
  const out = [...kept];
  for (const p of add) {
    if (out.some((e) => same(e, p))) continue;
    out.push(p);
    added.push(p);
  }
  // Sticky facts: only the newest few of each code.
  const trimmed = out.filter((p, i) => {
    if (!isToZendeskCode(p.code) || !STICKY.has(p.code)) return true;
    const later = out.slice(i + 1).filter((q) => q.code === p.code).length;
    return later < MAX_STICKY;
  });
  return { problems: trimmed.slice(-MAX_PROBLEMS), added: added.filter((p) => trimmed.includes(p)) };
}

/** Problems found while handling one event for one link; written in one link update. */
export class LinkProblems {
  private readonly adds: SyncProblem[] = [];
  private readonly clears: ((p: SyncProblem) => boolean)[] = [];

  add(p: SyncProblem): void {
    this.adds.push(p);
  }

  /** Removes this direction's problems matching `match` (e.g. a field that now went through). */
  clear(match: (p: SyncProblem) => boolean): void {
    this.clears.push(match);
  }

  clearCodes(...codes: ToZendeskCode[]): void {
    this.clear((p) => (codes as string[]).includes(p.code));
  }

  get pending(): readonly SyncProblem[] {
    return this.adds;
  }

  /** Stores the change when it changes anything; returns the problems that are new on the link. */
  async apply(link: LinkRecord): Promise<SyncProblem[]> {
    if (this.adds.length === 0 && this.clears.length === 0) return [];
    const clear = (p: SyncProblem): boolean => this.clears.some((c) => c(p));
    const preview = mergeToZendeskProblems(link.problems, this.adds, clear);
    const unchanged =
      preview.problems.length === link.problems.length &&
      preview.problems.every((p, i) => p === link.problems[i]);
    if (unchanged) return [];
    let added: SyncProblem[] = [];
    await updateLink(link.itemId, link.issueId, (current) => {
      const merged = mergeToZendeskProblems(current.problems, this.adds, clear);
      added = merged.added;
      return { ...current, problems: merged.problems, updatedAt: new Date().toISOString() };
    });
    return added;
  }
}

/** The one limitation recorded for a closed ticket, whatever was refused (same text, so it is recorded once). */
export function closedTicketProblem(ticketId: string): SyncProblem {
  return toZendeskProblem(
    'limitation',
    'TO_ZENDESK_TICKET_CLOSED',
    `Zendesk ticket ${ticketId} is closed: Zendesk does not allow closed tickets to be updated or reopened, so Jira changes, comments and files are not carried over`,
  );
}

/** Prefix naming a mapped field in a field problem, so that field's later success can clear it. */
export function fieldProblemPrefix(zendeskLabel: string, jiraField: string): string {
  return `Jira "${jiraField}" → Zendesk "${zendeskLabel}": `;
}
