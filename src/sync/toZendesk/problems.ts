/**
 * Problems the Jira → Zendesk direction records on a link (LinkRecord.problems, shown on the
 * issue panel's card and in the admin activity view). Codes are distinct from the Zendesk →
 * Jira ones (src/sync/core/problems.ts), so neither direction's pass replaces the other's.
 *
 * - State-like problems (a field Zendesk refuses, the last attempt failing) are cleared when
 *   the same thing later succeeds: callers name what they clear.
 * - Facts about a single comment or file (skipped, refused) stay, the newest few per code.
 */
import { isToZendeskCode, type ToZendeskCode } from '../../domain/errors';
import type { FieldMapping, LinkRecord, SyncProblem } from '../../domain/types';
import { updateLink } from '../../storage/links';
import { newProblem } from '../core/problems';

export type { ToZendeskCode } from '../../domain/errors';

/** Facts about one comment or file: kept (newest MAX_STICKY per code) until the link goes. */
const STICKY: ReadonlySet<ToZendeskCode> = new Set([
  'TO_ZENDESK_COMMENT_FAILED',
  'TO_ZENDESK_ATTACHMENT_SKIPPED',
  'TO_ZENDESK_ATTACHMENT_FAILED',
]);
const MAX_STICKY = 5;
/** Same cap as the Zendesk → Jira direction keeps (problems.ts). */
const MAX_PROBLEMS = 20;

export function toZendeskProblem(
  kind: SyncProblem['kind'],
  code: ToZendeskCode,
  message: string,
  error?: unknown,
): SyncProblem {
  return newProblem(kind, code, message, { error });
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

  /** Removes this direction's problems about `subject` (fieldSubject, a work source). */
  clearSubject(subject: string): void {
    this.clear((p) => p.subject === subject);
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

/** What a mapped field's problems are about: its Zendesk and Jira field ids, not their names. */
export function fieldSubject(zendeskFieldId: string, jiraFieldId: string): string {
  return `field:${zendeskFieldId}>${jiraFieldId}`;
}

/**
 * A problem of one mapped field: worded with the fields' names (`Jira "Summary" → Zendesk
 * "Subject": …`), identified by their ids (fieldSubject), so the field's later success clears
 * exactly it.
 */
export function fieldProblem(
  kind: SyncProblem['kind'],
  code: Extract<ToZendeskCode, 'TO_ZENDESK_FIELD_UNSUPPORTED' | 'TO_ZENDESK_FIELD_REFUSED'>,
  field: {
    mapping: Pick<FieldMapping, 'zendeskFieldId' | 'zendeskFieldLabel'>;
    jiraId: string;
    jiraName: string;
  },
  reason: string,
  error?: unknown,
): SyncProblem {
  return newProblem(
    kind,
    code,
    `Jira "${field.jiraName}" → Zendesk "${field.mapping.zendeskFieldLabel}": ${reason}`,
    {
      error,
      subject: fieldSubject(field.mapping.zendeskFieldId, field.jiraId),
    },
  );
}
