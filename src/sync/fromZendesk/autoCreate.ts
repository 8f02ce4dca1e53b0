/**
 * Auto-create: a new ticket matching an item with autoCreate and no link for that item gets
 * a Jira issue, and the AUTO link is stored before anything else happens
 * (docs/sync-model.md § Auto-create). The crash window between "Jira created the issue" and
 * "the link is stored" is closed by a claim record written first and an issue property set in
 * the create request itself:
 *
 *   1. claim  sync:claim:{itemId}:{ticketId} = {claimId, …}   (src/storage/claims.ts, TTL 30 days)
 *   2. POST /rest/api/3/issue with properties [{key:'zendesk-connector', value:{ticketId,itemId,claimId}}]
 *   3. link   link:{itemId}:{issueId} + ticket index                   (one KVS transaction)
 *   4. delete the claim
 *   5. register the link with Zendesk's Jira links API (docs/contracts/zendesk-api.md § Jira links; result
 *      stored by the pass)
 *   6. state  linkstate:{itemId}:{issueId} with the initial-status hold (first save of the pass)
 *
 * A run that finds a claim but no link searches the claimed project for issues created since
 * the claim and reads their property: a match is the issue step 2 created, and it is linked
 * instead of creating another. No match means step 2 never happened, so it is safe to create.
 */
import { ticketMatches } from '../../domain/autoCreateRules';
import type { LinkRecord, SmartItem, ZendeskLinkRegistration } from '../../domain/types';
import { registerZendeskLink } from '../../links/zendeskLink';
import { textToAdf } from '../../jira/adf';
import { type IssueWrite } from '../../jira/client';
import { JiraApiError } from '../../jira/errors';
import { deleteClaim, readClaim, writeNewClaim, type Claim } from '../../storage/claims';
import { saveLink } from '../../storage/links';
import { newId } from '../../util/ids';
import type { ZendeskTicket } from '../../zendesk/schemas';
import type { SyncContext } from '../core/context';
import { desiredFields } from '../core/desiredFields';
import { SUMMARY_MAX } from '../core/fields';
import { CONNECTOR_PROPERTY_KEY } from '../core/markers';
import { LinkState } from '../core/state';

/**
 * The Zendesk-side registration of an auto link before it happened
 * (docs/contracts/zendesk-api.md § Jira links). A pass that finds it registers the link, so a crash between
 * storing the link and registering it is repaired; registering twice is safe (a duplicate is adopted,
 * src/links/zendeskLink.ts).
 */
export const REGISTRATION_PENDING = 'Not registered with Zendesk yet';

export function isRegistrationPending(registration: ZendeskLinkRegistration): boolean {
  return registration.state === 'failed' && registration.message === REGISTRATION_PENDING;
}

/** Registers the link with Zendesk's Jira links API; never throws (the state says what happened). */
export async function registerAutoLink(link: LinkRecord, ctx: SyncContext): Promise<ZendeskLinkRegistration> {
  return registerZendeskLink(ctx.zendesk, ctx.connection, {
    ticketId: link.recordId,
    issueId: link.issueId,
    issueKey: link.issueKey,
  });
}
/** Candidates read per recovery search; far above the issues a project gets in one sync interval. */
const RECOVERY_SEARCH_MAX = 100;

/**
 * A ticket auto-creates for an item only when it is new: created after auto-create was turned
 * on for the item (older items: after both the connection and the item existed), not deleted,
 * and matching the item's auto-create conditions (group, brand, form, tags, priority, channel).
 */
export function isAutoCreateCandidate(ticket: ZendeskTicket, item: SmartItem, connectedAt: string): boolean {
  if (!item.features.autoCreate || item.syncMode === 'none' || item.zendeskObject !== 'ticket') return false;
  if (ticket.status === 'deleted') return false;
  const created = Date.parse(ticket.created_at);
  // Items saved before `autoCreateSince` existed fall back to the old rule.
  const since =
    item.autoCreateSince !== undefined
      ? Date.parse(item.autoCreateSince) || 0
      : Math.max(Date.parse(item.createdAt) || 0, Date.parse(connectedAt) || 0);
  if (Number.isNaN(created) || created < since - 1000) return false;
  return ticketMatches(item.autoCreateConditions, ticket);
}

async function issueTypeFor(item: SmartItem, ctx: SyncContext): Promise<string> {
  if (item.issueTypeId) return item.issueTypeId;
  const types = await ctx.jira.issueTypesForProject(item.projectId);
  const first = types.find((t) => t.subtask !== true) ?? types[0];
  if (!first)
    throw new JiraApiError(400, [`Project ${item.projectKey} has no issue type to create issues with`]);
  return first.id;
}

/** The create body: mapped fields the create screen accepts, summary and description defaults. */
async function createFields(
  ticket: ZendeskTicket,
  item: SmartItem,
  issueTypeId: string,
  ctx: SyncContext,
): Promise<Record<string, unknown>> {
  const meta = await ctx.caches.createMetaFor(item.projectId, issueTypeId);
  const fields: Record<string, unknown> = { project: { id: item.projectId }, issuetype: { id: issueTypeId } };
  const { desired } = await desiredFields(ticket, item, ctx, { projectId: item.projectId, issueTypeId });
  for (const d of desired) {
    // Fields not on the create screen are set by the first update pass right after.
    if (d.value === null || !meta.has(d.field.id)) continue;
    fields[d.field.id] = d.value;
  }
  if (typeof fields.summary !== 'string' || fields.summary === '') {
    const subject = (ticket.subject ?? '').replace(/\s+/g, ' ').trim();
    const summary = subject === '' ? `Zendesk ticket #${ticket.id}` : subject;
    fields.summary = summary.length <= SUMMARY_MAX ? summary : `${summary.slice(0, SUMMARY_MAX - 1)}…`;
  }
  if (fields.description === undefined && (meta.size === 0 || meta.has('description'))) {
    const description = ticket.description ?? '';
    if (description.trim() !== '') fields.description = textToAdf(description);
  }
  return fields;
}

/** Looks for the issue a claimed create made: same claim id in its connector property. */
async function findClaimedIssue(claim: Claim, ctx: SyncContext): Promise<{ id: string; key: string } | null> {
  const ageMinutes = Math.max(1, Math.ceil((Date.now() - Date.parse(claim.createdAt)) / 60_000) + 5);
  const jql = `project = ${claim.projectId} AND created >= "-${ageMinutes}m" ORDER BY created DESC`;
  let token: string | undefined;
  let seen = 0;
  do {
    const page = await ctx.jira.searchJql(
      jql,
      token === undefined
        ? { fields: ['id', 'key'], maxResults: 50 }
        : { fields: ['id', 'key'], maxResults: 50, nextPageToken: token },
    );
    for (const issue of page.issues) {
      const value = await ctx.jira.getIssueProperty(issue.id, CONNECTOR_PROPERTY_KEY);
      const v = value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
      if (v?.claimId === claim.claimId) return { id: issue.id, key: issue.key };
    }
    seen += page.issues.length;
    token = page.nextPageToken ?? undefined;
  } while (token !== undefined && seen < RECOVERY_SEARCH_MAX);
  return null;
}

async function createWithRetry(body: IssueWrite, ctx: SyncContext): Promise<{ id: string; key: string }> {
  try {
    return await ctx.jira.createIssue(body);
  } catch (error) {
    // A mapped field Jira refuses is dropped, once; the update pass reports it on the link.
    if (!(error instanceof JiraApiError) || error.status !== 400 || !body.fields) throw error;
    const refused = Object.keys(error.fieldErrors).filter(
      (k) => k !== 'project' && k !== 'issuetype' && k !== 'summary' && k in (body.fields ?? {}),
    );
    if (refused.length === 0) throw error;
    const fields = { ...body.fields };
    for (const k of refused) delete fields[k];
    return ctx.jira.createIssue({ ...body, fields });
  }
}

export interface AutoCreateResult {
  link: LinkRecord;
  state: LinkState;
  /** Outcome of registering the link in Zendesk; the pass stores it on the link. */
  registration: ZendeskLinkRegistration;
  /** False when an earlier, interrupted run had already created the issue. */
  created: boolean;
}

export async function autoCreateIssue(
  ticket: ZendeskTicket,
  item: SmartItem,
  ctx: SyncContext,
): Promise<AutoCreateResult> {
  const ticketId = String(ticket.id);
  let claim: Claim = {
    claimId: newId(),
    itemId: item.id,
    ticketId,
    projectId: item.projectId,
    createdAt: new Date().toISOString(),
    ticketStatus: ticket.status,
  };
  let issue: { id: string; key: string } | null = null;
  let created = false;
  try {
    // Atomic create: the common case costs one write and no read.
    await writeNewClaim(claim);
  } catch (error) {
    // A claim is already there: an earlier run got at least this far.
    const existing = await readClaim(item.id, ticketId);
    if (!existing) throw error;
    claim = existing;
    issue = await findClaimedIssue(claim, ctx);
  }
  if (!issue) {
    const issueTypeId = await issueTypeFor(item, ctx);
    const fields = await createFields(ticket, item, issueTypeId, ctx);
    const properties = [
      { key: CONNECTOR_PROPERTY_KEY, value: { ticketId, itemId: item.id, claimId: claim.claimId } },
    ];
    issue = await createWithRetry({ fields, properties }, ctx);
    created = true;
    ctx.summary.add('issuesCreated');
  }
  const now = new Date().toISOString();
  const link = await saveLink({
    itemId: item.id,
    issueId: issue.id,
    issueKey: issue.key,
    zendeskObject: 'ticket',
    recordId: ticketId,
    origin: 'auto',
    createdAt: now,
    updatedAt: now,
    zendeskLink: { state: 'failed', message: REGISTRATION_PENDING },
    preview: [],
    problems: [],
  });
  // The link is stored: the claim has done its job. The state with the hold is written by the
  // pass that follows at once; a crash before that is covered there (hold from the ticket).
  await deleteClaim(item.id, ticketId);
  // No state can exist yet: it is only ever written after the claim is gone.
  const state = LinkState.fresh(item.id, issue.id);
  applyClaimToState(state, claim);
  const registration = await registerAutoLink(link, ctx);
  return { link, state, created, registration };
}

/**
 * The initial-status hold and status memory of a new auto link: from the claim, or (after a
 * crash between deleting the claim and writing the state) from the ticket as it is now. The
 * Jira status the issue starts in is filled in by the first pass that reads the issue.
 */
export function applyClaimToState(state: LinkState, claim: Pick<Claim, 'ticketStatus' | 'createdAt'>): void {
  state.record.hold ??= { zendeskStatus: claim.ticketStatus, jiraStatusId: '', since: claim.createdAt };
  state.record.status ??= {
    zendesk: claim.ticketStatus,
    jiraCategory: '',
    by: 'toJira',
    at: claim.createdAt,
  };
  state.markDirty();
}
