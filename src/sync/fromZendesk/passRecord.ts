/**
 * What a finished Zendesk → Jira pass writes on the link record (docs/sync-model.md § The
 * per-link pass): its problems, the issue's key, auto-create's Zendesk link registration and the
 * panel's preview — in one update, and only when something changed.
 */
import type {
  LinkRecord,
  PreviewValue,
  SmartItem,
  SyncProblem,
  ZendeskLinkRegistration,
} from '../../domain/types';
import { withHeadline } from '../../links/headline';
import { buildPreview, previewNeeds, referencedIds } from '../../links/preview';
import { updateLink } from '../../storage/links';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { mergeProblems, sameProblems, withoutCodes } from '../core/problems';

/** What the pass learnt about the link besides its problems. */
export interface LinkFacts {
  issueKey: string;
  registration?: ZendeskLinkRegistration;
  preview?: PreviewValue[];
  /** The link was just found through its ticket's index (saves re-reading that index). */
  foundInTicketIndex?: boolean;
}

/** What a pass records on its link: the problems it found, how it ended, and what it learnt. */
export interface PassRecord extends LinkFacts {
  problems: SyncProblem[];
  /** `'failed'` keeps a recorded failure (the pass did not get through); `'succeeded'` clears it. */
  outcome: 'succeeded' | 'failed';
}

/** Problems of a finished pass: replaces this direction's problems, and clears a recorded failure. */
function nextProblems(existing: readonly SyncProblem[], record: PassRecord): SyncProblem[] {
  const kept =
    record.outcome === 'succeeded' ? withoutCodes(existing, ['SYNC_FAILED', 'SYNC_GAVE_UP']) : existing;
  return mergeProblems(kept, record.problems);
}

/** Writes the pass's problems and facts on the link. */
export async function recordOnLink(link: LinkRecord, record: PassRecord): Promise<LinkRecord> {
  const { issueKey, registration, preview } = record;
  const problems = nextProblems(link.problems, record);
  const sameRegistration =
    registration === undefined || JSON.stringify(registration) === JSON.stringify(link.zendeskLink);
  const samePreview = preview === undefined || JSON.stringify(preview) === JSON.stringify(link.preview);
  if (sameProblems(problems, link.problems) && issueKey === link.issueKey && sameRegistration && samePreview)
    return link;
  const now = new Date().toISOString();
  const updated = await updateLink(
    link.itemId,
    link.issueId,
    (l) => ({
      ...l,
      issueKey,
      problems: nextProblems(l.problems, record),
      ...(registration !== undefined ? { zendeskLink: registration } : {}),
      ...(preview !== undefined && !samePreview ? { preview, previewAt: now } : {}),
      updatedAt: now,
    }),
    { foundInTicketIndex: record.foundInTicketIndex === true },
  );
  return updated ?? link;
}

/** Preview fields that show a person's name (standard ids; see src/links/preview.ts). */
function isUserField(fieldId: string): boolean {
  return /^(requester|submitter|assignee)(_id)?$/.test(fieldId);
}

/**
 * The panel's preview from the ticket the pass already holds, so cards of synced links
 * (auto-created ones included) stay current without a Refresh. Only the ticket field
 * catalog is read (once per run, when a custom field is previewed); people and
 * organizations show the names this run already knows.
 */
export async function previewFromTicket(
  item: SmartItem,
  ticket: ZendeskTicket,
  ctx: SyncContext,
  shown: readonly PreviewValue[],
): Promise<PreviewValue[]> {
  const record = { kind: 'ticket' as const, ticket, observedAtMs: 0 };
  const fields = withHeadline('ticket', item.fields);
  const needs = previewNeeds('ticket', fields);
  const ticketFields = needs.ticketFields ? await ctx.caches.zendeskTicketFields() : undefined;
  const userNames = new Map([...ctx.caches.users.values()].map((u) => [u.id, u.name]));
  const catalog = { ...(ticketFields ? { ticketFields } : {}), userNames };
  // The card always shows the requester (headline.ts). A name the run does not know is kept
  // from the card as shown (Refresh re-reads it); only a card without one costs a show_many.
  const unknown = referencedIds(record, fields, catalog).users.filter((id) => !userNames.has(id));
  const preview = buildPreview(record, fields, catalog);
  if (unknown.length === 0) return preview;
  const kept = new Map(shown.map((p) => [p.fieldId, p.value]));
  const missing = preview.filter((p) => isUserField(p.fieldId) && !kept.has(p.fieldId));
  if (missing.length === 0) {
    return preview.map((p) => (isUserField(p.fieldId) ? { ...p, value: kept.get(p.fieldId) ?? p.value } : p));
  }
  const users = await ctx.caches.usersById(unknown).catch(() => ctx.caches.users);
  for (const u of users.values()) userNames.set(u.id, u.name);
  return buildPreview(record, fields, catalog);
}
