/**
 * The error vocabulary the server and both UIs share (docs/architecture.md § Errors): every
 * machine code the app answers or records with, as typed lists, and what an upstream failure
 * shows of itself. A UI compares codes against these types, so a code
 * that is renamed or misspelled on either side fails the type check instead of silently never
 * matching. Two kinds:
 *
 * - ERROR_CODES: why a resolver call was refused (`RpcError.code`, `AppError.code`), plus the
 *   two the UIs produce themselves when a call never produced a usable answer;
 * - PROBLEM_CODES: what the sync recorded on a link (`SyncProblem.code`), one list per owner,
 *   so each direction's pass replaces only its own problems.
 */

import { z } from 'zod';

/** Zendesk's or Jira's refusal as the UIs show it: its HTTP status (0: no answer) and words. */
export const upstreamSchema = z.object({
  service: z.enum(['zendesk', 'jira']),
  status: z.number().int(),
  message: z.string(),
});
export type Upstream = z.infer<typeof upstreamSchema>;
export type UpstreamService = Upstream['service'];

export const ERROR_CODES = [
  // The caller or the request.
  'BAD_PAYLOAD',
  'BAD_ID',
  'BAD_REQUEST',
  'LICENSE_INACTIVE',
  'NOT_ADMIN',
  'NO_ACCESS',
  'NO_EDIT_PERMISSION',
  'NO_ISSUE',
  // The connection.
  'NOT_CONNECTED',
  'ACCOUNT_UNDECIDED',
  'OTHER_ACCOUNT',
  'INVALID_SUBDOMAIN',
  'INVALID_CREDENTIALS',
  'NOT_AN_AGENT',
  'NOT_AN_ADMIN',
  'AGENT_INACTIVE',
  // Zendesk OAuth: the token endpoint refused (OAUTH_<its error>), or nothing usable is stored.
  'OAUTH_INVALID_GRANT',
  'OAUTH_INVALID_CLIENT',
  'OAUTH_ACCESS_DENIED',
  'OAUTH_ERROR',
  'OAUTH_UNREACHABLE',
  'OAUTH_MISSING',
  'OAUTH_FAILED',
  // Items, links and their work.
  'NOT_FOUND',
  'INVALID_ITEM',
  'DUPLICATE_NAME',
  'ITEM_NOT_FOUND',
  'ITEM_NOT_APPLICABLE',
  'ALREADY_LINKED',
  'NOT_LINKED',
  'AUTO_LINK_READ_ONLY',
  'LINK_BUSY',
  'NOTHING_TO_RETRY',
  'LIMIT',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_URL_REFUSED',
  // Zendesk or Jira (`upstream` carries their status and words).
  'UPSTREAM',
  'RATE_LIMITED',
  'ZENDESK_NOT_FOUND',
  'ZENDESK_FORBIDDEN',
  'ZENDESK_AUTH',
  // The app itself.
  'STORAGE',
  'STATE_INVALID',
  'INTERNAL',
  // Produced by the UIs: the bridge call failed, or its answer broke the contract.
  'BRIDGE',
  'BAD_RESPONSE',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
export const errorCodeSchema = z.enum(ERROR_CODES);

/** Problems the Zendesk → Jira pass owns: each pass replaces them with what it found. */
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
  /** Set by src/sync/lifecycle/ticketGone.ts; owned here so the first pass after a restore clears it. */
  'TICKET_DELETED',
] as const;
export type FromZendeskCode = (typeof FROM_ZENDESK_CODES)[number];

/** Problems the Jira → Zendesk handlers own; distinct from the Zendesk → Jira ones. */
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

/** Facts about either side of a link changing (src/sync/lifecycle/problems.ts). */
export const LIFECYCLE_CODES = ['TICKET_DELETED', 'TICKET_MERGED', 'ISSUE_MOVED'] as const;
export type LifecycleCode = (typeof LIFECYCLE_CODES)[number];

export const PROBLEM_CODES = [
  ...new Set([...FROM_ZENDESK_CODES, ...TO_ZENDESK_CODES, ...LIFECYCLE_CODES]),
] as [ProblemCode, ...ProblemCode[]];
export type ProblemCode = FromZendeskCode | ToZendeskCode | LifecycleCode;
export const problemCodeSchema = z.enum(PROBLEM_CODES);

const TO_ZENDESK: ReadonlySet<string> = new Set(TO_ZENDESK_CODES);
const FROM_ZENDESK: ReadonlySet<string> = new Set(FROM_ZENDESK_CODES);

export function isToZendeskCode(code: string): code is ToZendeskCode {
  return TO_ZENDESK.has(code);
}

export function isFromZendeskCode(code: string): code is FromZendeskCode {
  return FROM_ZENDESK.has(code);
}
