/**
 * The chunk's Jira reads in bulk (docs/sync-model.md § Reading issues in bulk): the issues the
 * chunk's passes would each read with a GET are read together with POST /issue/bulkfetch, up to
 * 100 a request (docs/contracts/jira-api.md § Bulk fetch):
 *
 * - `full` (the fields a reading pass asks for): links that do not decide from memory — one-way
 *   items, which must see Jira-side edits, and two-way links whose memory is not complete — and
 *   memory passes about to upload files (the attachment watermark, recovery.ts);
 * - `status` (status with its transitions): memory passes whose memory says the issue must move.
 *
 * Only what is known before the passes is read: a pass that finds it needs more reads it itself,
 * and an issue the bulk read left out (gone, hidden) is read by its pass, which handles the 404.
 * A rate limit stops the run as a pass's own read would; any other failure leaves the reads to
 * the passes.
 */
import type { LinkRecord, SmartItem } from '../../domain/types';
import { BULK_FETCH_MAX } from '../../jira/client';
import type { JiraIssue } from '../../jira/schemas';
import { isAllowedAttachmentUrl } from '../../zendesk/client';
import type { ZendeskTicket } from '../../zendesk/schemas';
import { slices } from '../../util/slices';
import type { SyncContext } from '../core/context';
import { asStop, isRateLimit } from '../core/passErrors';
import { isPaused } from '../core/pause';
import type { LinkState } from '../core/state';
import { memoryStatusDecision } from './applyStatus';
import { attachmentCandidates } from './attachments';
import { commentFeedOf } from './commentFeed';
import { isFromJira } from './comments';
import { soleUploader } from './recovery';
import { issueFieldsFor } from './jiraIssue';
import { decidesFromMemory, passWillRun, type PrefetchedIssue } from './linkPass';

interface Group {
  kind: keyof PrefetchedIssue;
  fields: string[];
  expand: string[];
  issueIds: Set<string>;
}

/** Whether the link's pass will upload a file it has not handled yet (known from the event window). */
async function willUpload(ctx: SyncContext, ticket: ZendeskTicket, state: LinkState): Promise<boolean> {
  const events = await commentFeedOf(ctx)?.commentsFor(ticket, state);
  if (!events) return false;
  const agentId = ctx.connection.agent.id;
  const downloadable = (url: string): boolean => {
    try {
      return isAllowedAttachmentUrl(new URL(url), ctx.connection.subdomain);
    } catch {
      return false;
    }
  };
  const candidates = attachmentCandidates(events.comments, (c) => isFromJira(c, agentId), downloadable);
  for (const c of candidates)
    if (c.skip === null && !(await state.zendeskAttachments.has(String(c.attachment.id)))) return true;
  return false;
}

/** What the pass of `link` will read of its issue: the groups it belongs to. */
async function needs(
  ctx: SyncContext,
  ticket: ZendeskTicket,
  link: LinkRecord,
  item: SmartItem,
  state: LinkState,
): Promise<(keyof PrefetchedIssue)[]> {
  if (item.syncMode === 'none' || isPaused(item) || !passWillRun(state, ticket, {})) return [];
  if (!decidesFromMemory({ link, item, state }, {})) return ['full'];
  const out: (keyof PrefetchedIssue)[] = [];
  const decision = item.features.statusSync ? memoryStatusDecision(item, ticket, state) : null;
  if (decision !== null && decision.action !== 'none') out.push('status');
  // The watermark of an upload: from the link's memory when it can stand in (recovery.ts).
  const remembered =
    state.record.fromZendesk.jiraAttachmentsThrough !== undefined && (await soleUploader(ctx, item));
  if (item.features.attachmentSync && !remembered && (await willUpload(ctx, ticket, state))) out.push('full');
  return out;
}

export interface ChunkLink {
  ticket: ZendeskTicket;
  link: LinkRecord;
  item: SmartItem;
  state: LinkState;
}

/** Reads the chunk's issues in bulk; returns what was read, by issue id. */
export async function prefetchIssues(
  ctx: SyncContext,
  links: readonly ChunkLink[],
): Promise<Map<string, PrefetchedIssue>> {
  const groups = new Map<string, Group>();
  for (const { ticket, link, item, state } of links) {
    for (const kind of await needs(ctx, ticket, link, item, state)) {
      const fields = kind === 'status' ? ['status'] : issueFieldsFor(item);
      const expand = kind === 'status' ? ['transitions'] : [];
      const key = `${kind}:${fields.join(',')}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { kind, fields, expand, issueIds: new Set() }));
      group.issueIds.add(link.issueId);
    }
  }
  const out = new Map<string, PrefetchedIssue>();
  for (const group of groups.values()) {
    const ids = [...group.issueIds];
    for (const part of slices(ids, BULK_FETCH_MAX)) {
      let issues: JiraIssue[];
      try {
        issues = await ctx.jira.bulkFetchIssues(part, group.fields, group.expand);
      } catch (error) {
        if (isRateLimit(error)) throw asStop(error);
        continue;
      }
      for (const issue of issues) out.set(issue.id, { ...out.get(issue.id), [group.kind]: issue });
    }
  }
  return out;
}
