/**
 * The words the panel shows, kept apart from layout so the object-specific phrasing
 * (docs/contracts/connector-rules.md § Link dialog search) lives in one place.
 */
import type { ExistingLink, LinkPreview, RpcError } from '../../domain/rpc';
import type { SyncMode, ZendeskObject } from '../../domain/types';
import { ZENDESK_OBJECT_LABELS } from '../../domain/types';

export const SYNC_MODE_LABELS: Record<SyncMode, string> = {
  none: 'Display only',
  oneWay: 'One-way sync',
  twoWay: 'Two-way sync',
};

export const SYNC_MODE_APPEARANCE: Record<SyncMode, 'default' | 'inprogress' | 'success'> = {
  none: 'default',
  oneWay: 'inprogress',
  twoWay: 'success',
};

export function moduleLabel(object: ZendeskObject): string {
  return `Zendesk Support · ${ZENDESK_OBJECT_LABELS[object]}`;
}

/** "Ticket #123", "Customer #42", "Organization #7". */
export function recordLabel(object: ZendeskObject, recordId: string): string {
  return `${ZENDESK_OBJECT_LABELS[object]} #${recordId}`;
}

interface DialogCopy {
  title: string;
  helper: string;
  placeholder: string;
  noResults: string;
  emptyQuery: string;
}

const NOUNS: Record<ZendeskObject, { one: string; many: string }> = {
  ticket: { one: 'ticket', many: 'tickets' },
  user: { one: 'customer', many: 'customers' },
  organization: { one: 'organization', many: 'organizations' },
};

/** Search capabilities per object: tickets by ID or subject, customers by ID, name or email, organizations by ID or name. */
const SEARCH_BY: Record<ZendeskObject, string> = {
  ticket: 'ticket ID or part of the subject',
  user: 'ID, name or email',
  organization: 'ID or name',
};

export function dialogCopy(object: ZendeskObject): DialogCopy {
  const noun = NOUNS[object];
  return {
    title: `Link a Zendesk ${noun.one}`,
    helper: `Search by ${SEARCH_BY[object]}.`,
    placeholder: `${SEARCH_BY[object].charAt(0).toUpperCase()}${SEARCH_BY[object].slice(1)}`,
    noResults: `No matching ${noun.many}. Try searching by ID.`,
    emptyQuery: `Enter a search term (${SEARCH_BY[object]}).`,
  };
}

/** "Already linked to SUP-3 (Support tickets) and this issue (Escalations)." */
export function alreadyLinkedNote(links: readonly ExistingLink[]): string {
  const shown = links
    .slice(0, 3)
    .map((l) => (l.thisIssue ? `this issue (${l.itemName})` : `${l.issueKey} (${l.itemName})`));
  const more = links.length > shown.length ? ` and ${links.length - shown.length} more` : '';
  return `Already linked to ${shown.join(', ')}${more}.`;
}

/**
 * Zendesk finds records by complete ids only (no id prefix search); when digits found
 * nothing, say so instead of a bare "no results".
 */
export function noIdMatch(object: ZendeskObject, searched: string): string | null {
  const digits = /^#?\s*(\d+)$/.exec(searched.trim())?.[1];
  if (digits === undefined) return null;
  const noun = NOUNS[object];
  return `No ${noun.one} has ID ${digits}, and no ${noun.one} matched it as text. Zendesk finds IDs only when they are complete: check the number, or search by ${object === 'ticket' ? 'subject' : 'name'}.`;
}

/** The question asked before an unlink, with what it does and does not do. */
export function unlinkCopy(
  object: ZendeskObject,
  recordId: string,
  mode: SyncMode,
): { title: string; body: string } {
  const what = recordLabel(object, recordId);
  const sync =
    object === 'ticket' && mode !== 'none' ? ' Synchronization between the ticket and this issue stops.' : '';
  return {
    title: `Unlink ${what}?`,
    body: `${what} stays in Zendesk; only its link to this issue is removed.${sync} You can link it again later.`,
  };
}

export function linkButtonLabel(object: ZendeskObject): string {
  return `Link ${NOUNS[object].one}`;
}

export function noEditPermission(object: ZendeskObject): string {
  return `You need permission to edit this issue to link a Zendesk ${NOUNS[object].one}.`;
}

export function syncStartsNote(mode: SyncMode): string | null {
  if (mode === 'oneWay') {
    return 'Linking a ticket starts synchronization: Zendesk changes to the mapped fields are applied to this issue every five minutes.';
  }
  if (mode === 'twoWay') {
    return 'Linking a ticket starts synchronization: Zendesk changes are applied to this issue every five minutes, and changes made here are sent back to Zendesk.';
  }
  return null;
}

type LozengeAppearance = 'default' | 'inprogress' | 'moved' | 'new' | 'removed' | 'success';

/** Zendesk's status labels (src/links/preview.ts STATUS_LABELS) in colours close to Zendesk's own. */
const STATUS_APPEARANCE: Record<string, LozengeAppearance> = {
  New: 'moved',
  Open: 'removed',
  Pending: 'inprogress',
  'On-hold': 'default',
  Solved: 'success',
  Closed: 'default',
};

export function statusAppearance(status: string): LozengeAppearance {
  return STATUS_APPEARANCE[status] ?? 'default';
}

export const AUTO_MANAGED_NOTE = 'Managed by the scheduler (auto-created)';

export const LICENSE_REQUIRED = {
  title: 'License required',
  body: 'Zendesk Connector for Jira needs an active Atlassian Marketplace license. Please ask your Jira admin to renew it in Manage apps.',
};

export const NOT_CONNECTED = {
  title: 'Zendesk is not connected',
  body: 'Zendesk is not connected. Ask your Jira admin to connect Zendesk Support on the Zendesk Connector admin page.',
};

export const NO_ITEMS = {
  header: 'No Zendesk items for this project',
  description:
    'A Jira administrator can add Smart Connected Items for this project on the Zendesk Connector admin page.',
};

const SERVICE_NAMES = { zendesk: 'Zendesk', jira: 'Jira' } as const;

/** The message plus, when Zendesk or Jira refused, what they said and with which status. */
export function describeError(error: Pick<RpcError, 'message' | 'upstream'>): string {
  if (!error.upstream) return error.message;
  const { service, status, message } = error.upstream;
  const said = message.trim() ? `: ${message.trim()}` : '';
  return `${error.message} (${SERVICE_NAMES[service]} answered ${status}${said})`;
}

/** The question before a ticket of a synchronized item is linked (LinkConfirm.tsx). */
export function confirmCopy(preview: LinkPreview): {
  title: string;
  intro: string;
  noChanges: string;
  conversation: string;
  after: string;
  confirm: string;
} {
  const ticket = `ticket #${preview.recordId}`;
  const named = preview.title.trim() === '' ? ticket : `${ticket} “${preview.title}”`;
  const restricted =
    preview.internalNotesFor !== null
      ? ` Internal notes are visible only to ${preview.internalNotesFor}.`
      : '';
  const description = preview.skipsDescription
    ? ' except the first one (the description, which is mapped)'
    : '';
  const comments = preview.importsComments
    ? `The ticket's comments${description} are copied to ${preview.issueKey}: public replies and internal notes.${restricted}`
    : "The ticket's comments are not copied.";
  const files = preview.importsAttachments
    ? ' Files attached to its comments are added to the issue (up to 10 MB each).'
    : '';
  return {
    title: `Link ${ticket} and synchronize?`,
    intro:
      `Linking ${named} synchronizes it with ${preview.issueKey} at once. ${preview.changes.length + (preview.status ? 1 : 0) > 0 ? 'These Jira fields change:' : ''}`.trim(),
    noChanges: `No Jira field changes: ${preview.issueKey} already has the ticket's values.`,
    conversation: `${comments}${files}`,
    after: preview.twoWay
      ? 'Afterwards, changes on either side are synchronized to the other.'
      : 'Afterwards, Zendesk changes are applied to this issue.',
    confirm: 'Link and synchronize',
  };
}

/** A value in the changes table; an empty one says so instead of showing nothing. */
export function shownOrEmpty(value: string): string {
  return value.trim() === '' ? '(empty)' : value;
}
