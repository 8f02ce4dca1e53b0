/**
 * Linking a ticket of a synchronized item (docs/contracts/connector-rules.md § Issue panel): the
 * first synchronization writes to the issue at once (mapped fields, status, the ticket's
 * comments), so the link is made in two calls and nothing is written before the second.
 *
 * Both calls read the ticket and the issue once and compute the preview (linkPreview.ts). The
 * first answers it. The second carries the fingerprint of the preview the user accepted: equal,
 * the link is stored and the first pass runs from that same read of the issue (no second read);
 * different (the issue or the ticket changed meanwhile), nothing is written and the new preview
 * is answered for the user to confirm again. Jira has no conditional edit, so this read just
 * before the writes is what keeps them from resting on what the user saw minutes ago.
 */
import type { LinkOutcome } from '../domain/rpc';
import type { SmartItem } from '../domain/types';
import type { JiraIssue } from '../jira/schemas';
import type { SyncContext } from '../sync/core/context';
import { loadLinkState } from '../sync/core/state';
import { idOf, issueFieldsFor } from '../sync/fromZendesk/jiraIssue';
import { toCard } from './cards';
import { jiraAccessError } from './errors';
import { computeLinkPreview } from './linkPreview';
import { notApplicable, saveManualLink } from './linkStore';
import { fetchRecord, previewOf } from './records';
import { itemApplies, type PanelSession } from './session';
import { panelSyncContext, startSyncForManualLink } from './syncStart';

/** The issue as the first pass reads it (asApp), with its transitions when status is synchronized. */
async function readIssue(ctx: SyncContext, issueId: string, item: SmartItem): Promise<JiraIssue> {
  try {
    return await ctx.jira.getIssue(
      issueId,
      issueFieldsFor(item),
      item.features.statusSync ? ['transitions'] : [],
    );
  } catch (error) {
    throw jiraAccessError(error);
  }
}

export async function linkSyncedTicket(
  session: PanelSession,
  item: SmartItem,
  recordId: string,
  confirm: string | undefined,
): Promise<LinkOutcome> {
  const record = await fetchRecord(session.zendesk, 'ticket', recordId);
  if (record.kind !== 'ticket') throw new Error('a ticket read answered another kind of record');
  const ctx = await panelSyncContext(session);
  const issue = await readIssue(ctx, session.issue.id, item);
  const scope = {
    projectId: idOf(issue.fields.project) ?? null,
    issueTypeId: idOf(issue.fields.issuetype) ?? null,
  };
  if (!itemApplies(item, scope)) throw notApplicable(item);
  const state = await loadLinkState(item.id, issue.id);
  const preview = await computeLinkPreview({ item, ticket: record.ticket, issue, state, ctx });
  if (confirm !== preview.fingerprint) return { kind: 'confirm', preview, changed: confirm !== undefined };

  const cardPreview = await previewOf(session.zendesk, record, item.fields);
  const stored = await saveManualLink(session, item, issue, recordId, cardPreview);
  const synced = await startSyncForManualLink(stored, item, record, ctx, issue);
  return { kind: 'linked', card: toCard(item, synced, session.zendesk, session.access.edit) };
}
