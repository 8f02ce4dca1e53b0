/**
 * What linking a ticket of a synchronized item does to the issue at once: the first
 * synchronization's field writes, status move and conversation copy, computed before anything
 * is written (docs/contracts/connector-rules.md § Issue panel). Every decision is the pass's own
 * code on the same inputs: desiredFields (the values, core/desiredFields.ts), planFieldWrites (which
 * of them differ from the issue, fromZendesk/applyFields.ts), decideStatus and pickTransition (the
 * status move, core/statusCategory.ts), so the preview shows exactly what the pass then writes.
 *
 * The fingerprint covers everything shown. The confirming call computes the preview again from
 * a fresh read of the issue and the ticket, and links only when the fingerprints are equal.
 */
import { createHash } from 'node:crypto';
import type { FieldChange, LinkPreview } from '../domain/rpc';
import type { SmartItem } from '../domain/types';
import type { JiraIssue } from '../jira/schemas';
import type { ZendeskTicket } from '../zendesk/schemas';
import type { SyncContext } from '../sync/core/context';
import { desiredFields } from '../sync/core/desiredFields';
import type { Comparable, JiraFieldKind } from '../sync/core/fields';
import type { LinkState } from '../sync/core/state';
import { categoryForZendeskStatus, decideStatus, pickTransition } from '../sync/core/statusCategory';
import { planFieldWrites } from '../sync/fromZendesk/applyFields';
import { listedTransitions } from '../sync/fromZendesk/applyStatus';
import { idOf, issueStatus } from '../sync/fromZendesk/jiraIssue';

/** Long values (descriptions) are cut for the table; the write is the whole value. */
const SHOWN_MAX = 300;

const CATEGORY_WORDS: Record<string, string> = {
  new: 'a to-do',
  indeterminate: 'an in-progress',
  done: 'a done',
};

/** A comparable value as the table shows it: text, lists comma-joined, dates readable. */
export function shownValue(value: Comparable | undefined, kind: JiraFieldKind): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.join(', ');
  // Date-times compare as epoch milliseconds (fields.ts).
  if (kind === 'datetime' && typeof value === 'number')
    return new Date(value).toISOString().replace('.000Z', 'Z');
  const text = String(value);
  return text.length > SHOWN_MAX ? `${text.slice(0, SHOWN_MAX - 1)}…` : text;
}

function firstLower(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * The status step as applyStatus decides it for this link's memory: the initial-status hold
 * (auto-created links only) blocks, a same-category status stays, else the first transition
 * of the workflow into the target category.
 */
function statusStep(
  item: SmartItem,
  ticket: ZendeskTicket,
  issue: JiraIssue,
  state: LinkState,
): Pick<LinkPreview, 'status' | 'statusBlocked'> {
  const none = { status: null, statusBlocked: null };
  const current = issueStatus(issue);
  if (!item.features.statusSync || current === null) return none;
  const hold = state.record.hold;
  const held =
    hold !== undefined &&
    ticket.status === hold.zendeskStatus &&
    (hold.jiraStatusId === '' || hold.jiraStatusId === current.id);
  const decision = decideStatus({
    zendeskStatus: ticket.status,
    jiraCategory: current.category,
    mode: item.syncMode === 'twoWay' ? 'twoWay' : 'oneWay',
    held,
    lastZendeskStatus: state.record.status?.zendesk,
  });
  if (decision.action === 'none') return none;
  const chosen = pickTransition(listedTransitions(issue) ?? [], decision.target, current.id);
  if (!chosen) {
    const target = CATEGORY_WORDS[categoryForZendeskStatus(ticket.status) ?? ''] ?? 'another';
    return {
      status: null,
      statusBlocked: `The Zendesk status "${ticket.status}" needs ${target} status, but no transition from "${current.name}" leads there: the status stays.`,
    };
  }
  return {
    status: { current: current.name, next: chosen.to.name, transition: chosen.name },
    statusBlocked: null,
  };
}

export interface PreviewInput {
  item: SmartItem;
  ticket: ZendeskTicket;
  /** The issue read with issueFieldsFor(item), and its transitions when status is synchronized. */
  issue: JiraIssue;
  /** The link's sync state as the first pass will find it (new for a fresh link). */
  state: LinkState;
  ctx: SyncContext;
}

export async function computeLinkPreview({
  item,
  ticket,
  issue,
  state,
  ctx,
}: PreviewInput): Promise<LinkPreview> {
  const target = {
    projectId: idOf(issue.fields.project) ?? item.projectId,
    issueTypeId: idOf(issue.fields.issuetype) ?? item.issueTypeId,
  };
  const { desired, left } = await desiredFields(ticket, item, ctx, target);
  const changes: FieldChange[] = planFieldWrites(desired, issue, state.record.fields, item.syncMode)
    .filter((step) => step.action === 'write')
    .map(({ desired: d, current }) => ({
      fieldId: d.field.id,
      field: d.field.name,
      from: d.mapping.zendeskFieldLabel,
      current: shownValue(current, d.kind),
      next: shownValue(d.comparable, d.kind),
    }));
  const internalNotes = item.commentVisibility?.internalNotes;
  const content: Omit<LinkPreview, 'fingerprint'> = {
    recordId: String(ticket.id),
    title: ticket.subject ?? '',
    issueKey: issue.key,
    changes,
    ...statusStep(item, ticket, issue, state),
    left: left.map((l) => ({ field: l.fieldName, reason: firstLower(l.reason) })),
    importsComments: item.features.commentSync,
    internalNotesFor: item.features.commentSync && internalNotes ? internalNotes.value : null,
    skipsDescription:
      item.features.commentSync &&
      item.fields.some((f) => f.zendeskFieldId === 'description' && Boolean(f.jiraFieldId)),
    importsAttachments: item.features.attachmentSync,
    twoWay: item.syncMode === 'twoWay',
  };
  const fingerprint = `sha256:${createHash('sha256').update(JSON.stringify(content)).digest('base64url')}`;
  return { ...content, fingerprint };
}
