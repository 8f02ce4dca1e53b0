/**
 * Zendesk Support REST client for the Forge backend: one object the sync, the panel and the
 * resolvers hold, composed of the call modules over one transport.
 *
 * - transport.ts: auth header, retries, 429 and pacing, the 401 renewal, answers parsed by zod.
 * - urls.ts: the subdomain, id and attachment-host rules every URL is built under.
 * - tickets.ts, comments.ts, export.ts, search.ts, people.ts (users, organizations, field
 *   catalogs), attachments.ts (uploads, downloads), jiraLinks.ts: one area of the API each.
 *
 * Callers import the client and its types from here; the modules stay free to move.
 */
import { attachmentCalls, type ZendeskAttachmentCalls } from './attachments';
import { commentCalls, type ZendeskCommentCalls } from './comments';
import { exportCalls, type ZendeskExportCalls } from './export';
import { jiraLinkCalls, type ZendeskJiraLinkCalls } from './jiraLinks';
import { fieldCalls, peopleCalls, type ZendeskFieldCalls, type ZendeskPeopleCalls } from './people';
import { searchCalls, type ZendeskSearchCalls } from './search';
import { ticketCalls, type ZendeskTicketCalls } from './tickets';
import { createTransport, type ZendeskClientOptions } from './transport';
import { agentUrl, type AgentUrlKind } from './urls';
import type { ZendeskCredentials } from './auth';

export {
  apiTokenAuth,
  type ApiTokenCredentials,
  type OAuthCredentials,
  type ZendeskAuth,
  type ZendeskCredentials,
} from './auth';
export type { DownloadedAttachment } from './attachments';
export type { RecentComments } from './comments';
export type { ExportPage, ExportProgress, TicketEventsPage } from './export';
export type { SearchPage, SearchType } from './search';
export type { ZendeskTicketUpdate } from './tickets';
export {
  defaultZendeskFetch,
  type ZendeskClientOptions,
  type ZendeskFetch,
  type ZendeskFetchResponse,
  type ZendeskRequestInit,
} from './transport';
export {
  SUBDOMAIN_PATTERN,
  assertValidSubdomain,
  isAllowedAttachmentUrl,
  isValidSubdomain,
  type AgentUrlKind,
} from './urls';

export interface ZendeskClient
  extends
    ZendeskTicketCalls,
    ZendeskCommentCalls,
    ZendeskExportCalls,
    ZendeskSearchCalls,
    ZendeskPeopleCalls,
    ZendeskFieldCalls,
    ZendeskAttachmentCalls,
    ZendeskJiraLinkCalls {
  readonly subdomain: string;
  agentUrl(kind: AgentUrlKind, id: number | string): string;
}

export function createZendeskClient(
  credentials: ZendeskCredentials,
  options: ZendeskClientOptions = {},
): ZendeskClient {
  const t = createTransport(credentials, options);
  return {
    subdomain: t.subdomain,
    agentUrl: (kind, id) => agentUrl(t.origin, kind, id),
    ...ticketCalls(t),
    ...commentCalls(t),
    ...exportCalls(t),
    ...searchCalls(t),
    ...peopleCalls(t),
    ...fieldCalls(t),
    ...attachmentCalls(t),
    ...jiraLinkCalls(t),
  };
}
