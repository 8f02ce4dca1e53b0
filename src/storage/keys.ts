/**
 * Every Forge storage key the app uses (docs/architecture.md § Records). Keys must match
 * the KVS key rules: at most 500 characters and /^(?!\s+$)[a-zA-Z0-9:._\s-#]+$/
 * (https://developer.atlassian.com/platform/forge/limits-kvs-ce). Id components never
 * contain ':' so a prefix query such as `link:{itemId}:` cannot match another item.
 */
import { KEY_SAFE_ID_PATTERN } from '../domain/ids';
import { AppError } from '../util/errors';

export const KVS_KEY_PATTERN = /^(?!\s+$)[a-zA-Z0-9:._\s#-]+$/;
export const KVS_MAX_KEY_LENGTH = 500;

/** The stored connection (no token). */
export const CONNECTION_KEY = 'connection';
/**
 * The Zendesk account the links, cursor and work belong to. Outlives a revoke, so connecting
 * another account later is noticed (src/storage/accountBinding.ts).
 */
export const ACCOUNT_BINDING_KEY = 'zendesk:account';
/** Secret storage key of the Zendesk API token (only through kvs.setSecret/getSecret). */
export const TOKEN_SECRET_KEY = 'zendesk-api-token';
/** Secret storage: the OAuth token pair and the OAuth client secret (src/storage/oauth.ts). */
export const OAUTH_TOKENS_SECRET_KEY = 'zendesk-oauth-tokens';
export const OAUTH_CLIENT_SECRET_KEY = 'zendesk-oauth-client-secret';
/** The "reconnect Zendesk" status after a refused refresh, and the refresh lock. */
export const AUTH_STATUS_KEY = 'zendesk-auth-status';
export const REFRESH_LOCK_KEY = 'zendesk-oauth-refresh-lock';
/** Secret storage, one per consent in flight (holds the PKCE verifier). */
export const OAUTH_PENDING_PREFIX = 'oauth-pending:';
/** Single-use markers of consumed `state` values. */
export const OAUTH_USED_PREFIX = 'oauth-used:';
/** What became of a consent attempt, for the admin page to poll. */
export const OAUTH_ATTEMPT_PREFIX = 'oauth-attempt:';
/** The "links API refused with 403" note, one per connection (src/storage/zendeskLinksNote.ts). */
export const LINKS_FORBIDDEN_KEY = 'zendesk:jira-links:forbidden';
/**
 * Where the Zendesk incremental export resumes and which tickets wait for a retry
 * (src/storage/cursor.ts).
 */
export const CURSOR_KEY = 'sync:cursor';
/** The run lease: one scheduled run or queue batch at a time (src/sync/run/runLease.ts). */
export const RUN_LEASE_KEY = 'sync:lease';
/** Jira and Zendesk field catalogs kept between invocations (src/storage/catalogCache.ts). */
export const CATALOG_CACHE_KEY = 'cache:catalogs';

export const ITEM_PREFIX = 'item:';
export const LINK_PREFIX = 'link:';
export const TICKET_INDEX_PREFIX = 'ticket:';
/** Index of links that currently carry problems, for the admin activity view. */
export const PROBLEM_INDEX_KEY = 'problems:links';
export const SYNC_LOG_PREFIX = 'sync:log:';
/** What admins did in the operations console (src/storage/adminLog.ts). */
export const ADMIN_LOG_KEY = 'admin:log';
export const SYNC_LOG_HEAD_KEY = 'sync:log:head';

export function isValidKey(key: string): boolean {
  return key.length > 0 && key.length <= KVS_MAX_KEY_LENGTH && KVS_KEY_PATTERN.test(key);
}

/** One id inside a key: letters, digits, '.', '_' and '-' only. */
export function keyComponent(value: string, what: string): string {
  if (!KEY_SAFE_ID_PATTERN.test(value))
    throw new AppError('BAD_ID', `Invalid ${what}: it may only contain letters, digits, ".", "_" and "-"`);
  return value;
}

function checked(key: string): string {
  if (!isValidKey(key)) throw new AppError('INTERNAL', 'Built an invalid storage key');
  return key;
}

/** `{prefix}{value}`: one id after a fixed prefix. */
function prefixed(prefix: string, value: string, what: string): string {
  return checked(`${prefix}${keyComponent(value, what)}`);
}

/** `{prefix}{itemId}:`: the start of every key of one item under `prefix` (a prefix query). */
function itemScope(prefix: string, itemId: string): string {
  return checked(`${prefix}${keyComponent(itemId, 'item id')}:`);
}

export function oauthPendingKey(stateDigest: string): string {
  return prefixed(OAUTH_PENDING_PREFIX, stateDigest, 'state digest');
}

export function oauthUsedKey(stateDigest: string): string {
  return prefixed(OAUTH_USED_PREFIX, stateDigest, 'state digest');
}

export function oauthAttemptKey(attemptId: string): string {
  return prefixed(OAUTH_ATTEMPT_PREFIX, attemptId, 'attempt id');
}

export function itemKey(itemId: string): string {
  return prefixed(ITEM_PREFIX, itemId, 'item id');
}

export function linkKey(itemId: string, issueId: string): string {
  return prefixed(itemLinksPrefix(itemId), issueId, 'issue id');
}

/** Prefix of every link of one item. */
export function itemLinksPrefix(itemId: string): string {
  return itemScope(LINK_PREFIX, itemId);
}

export function ticketIndexKey(ticketId: string): string {
  return prefixed(TICKET_INDEX_PREFIX, ticketId, 'ticket id');
}

export function syncLogKey(slot: number): string {
  if (!Number.isInteger(slot) || slot < 0) throw new AppError('INTERNAL', 'Bad sync log slot');
  return checked(`${SYNC_LOG_PREFIX}${slot}`);
}

/** Splits `link:{itemId}:{issueId}`; null for anything else. */
export function parseLinkKey(key: string): { itemId: string; issueId: string } | null {
  if (!key.startsWith(LINK_PREFIX)) return null;
  const parts = key.slice(LINK_PREFIX.length).split(':');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  return { itemId: parts[0], issueId: parts[1] };
}

/**
 * Per-link sync state (docs/sync-model.md § Per-link state): `linkstate:{itemId}:{issueId}` holds
 * the record, `linkstate:{itemId}:{issueId}:{set}:{n}` the sealed chunks of its four id sets.
 */
export const LINK_STATE_PREFIX = 'linkstate:';

/** The four id sets of a link state: Zendesk comments/attachments, Jira comments/attachments. */
export type IdSetName = 'zc' | 'za' | 'jc' | 'ja';

export function linkStateKey(itemId: string, issueId: string): string {
  return prefixed(itemLinkStatesPrefix(itemId), issueId, 'issue id');
}

/** Prefix of every link state (and chunk) of one item. */
export function itemLinkStatesPrefix(itemId: string): string {
  return itemScope(LINK_STATE_PREFIX, itemId);
}

/** Base of one id set's chunk keys; its chunks are idSetChunkKey(base, n). */
export function linkStateSetKey(itemId: string, issueId: string, set: IdSetName): string {
  return checked(`${linkStateKey(itemId, issueId)}:${set}`);
}

/** Sealed chunk `index` of the id set whose keys start with `base`. */
export function idSetChunkKey(base: string, index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new AppError('INTERNAL', 'Bad id set chunk index');
  return checked(`${base}:${index}`);
}

/**
 * Auto-create claims, written before the Jira create (src/sync/fromZendesk/autoCreate.ts):
 * `sync:claim:{itemId}:{ticketId}`.
 */
export const CLAIM_PREFIX = 'sync:claim:';

export function itemClaimsPrefix(itemId: string): string {
  return itemScope(CLAIM_PREFIX, itemId);
}

export function claimKey(itemId: string, ticketId: string): string {
  return prefixed(itemClaimsPrefix(itemId), ticketId, 'ticket id');
}

/** Tombstones of items whose links are still being removed (src/sync/lifecycle/itemDeletion.ts). */
export const DELETING_PREFIX = 'lifecycle:deleting:';

export function deletingKey(itemId: string): string {
  return prefixed(DELETING_PREFIX, itemId, 'item id');
}

/** The per-link writer lease (docs/sync-model.md § One writer per link): `lease:{itemId}:{issueId}`. */
const LINK_LEASE_PREFIX = 'lease:';

export function linkLeaseKey(itemId: string, issueId: string): string {
  return prefixed(itemScope(LINK_LEASE_PREFIX, itemId), issueId, 'issue id');
}

/** Durable per-link work marks: `work:{itemId}:{issueId}:{direction}:{source}`. */
export const WORK_PREFIX = 'work:';

export type WorkDirection = 'toJira' | 'toZendesk';

export function linkWorkPrefix(itemId: string, issueId: string): string {
  return checked(`${prefixed(itemScope(WORK_PREFIX, itemId), issueId, 'issue id')}:`);
}

export function workKey(itemId: string, issueId: string, direction: WorkDirection, source: string): string {
  return checked(`${linkWorkPrefix(itemId, issueId)}${direction}:${keyComponent(source, 'work source')}`);
}

/** Splits a work key; null for anything else. */
export function parseWorkKey(
  key: string,
): { itemId: string; issueId: string; direction: WorkDirection; source: string } | null {
  if (!key.startsWith(WORK_PREFIX)) return null;
  const parts = key.slice(WORK_PREFIX.length).split(':');
  if (parts.length !== 4) return null;
  const [itemId, issueId, direction, source] = parts as [string, string, string, string];
  if (!itemId || !issueId || !source || (direction !== 'toJira' && direction !== 'toZendesk')) return null;
  return { itemId, issueId, direction, source };
}

/**
 * Set (in the same batch call) whenever pending work or a waiting batch is recorded, so an
 * idle scheduled run learns from its first batch read that there is nothing to drain.
 */
export const PENDING_FLAG_KEY = 'sync:pending';

/**
 * Tickets a paused item would have auto-created an issue for: `held:{itemId}:{ticketId}`,
 * handed to the queue when the item is resumed (src/sync/pause.ts).
 */
export const HELD_PREFIX = 'held:';

export function heldItemPrefix(itemId: string): string {
  return itemScope(HELD_PREFIX, itemId);
}

export function heldTicketKey(itemId: string, ticketId: string): string {
  return prefixed(heldItemPrefix(itemId), ticketId, 'ticket id');
}

/** Queue batches that arrived while Zendesk was not connected or the license was inactive. */
export const WAITING_BATCH_PREFIX = 'sync:waiting:';

export function waitingBatchKey(id: string): string {
  return prefixed(WAITING_BATCH_PREFIX, id, 'batch id');
}

/**
 * Hand-off records: the window comments of the tickets one scheduled run handed to one queue
 * batch (src/sync/fromZendesk/handoff.ts, docs/sync-model.md § Hand-off of window comments).
 */
export const HANDOFF_PREFIX = 'sync:handoff:';

export function handoffKey(id: string): string {
  return prefixed(HANDOFF_PREFIX, id, 'hand-off id');
}

/**
 * Carried window comments: comments the feed's window saw on linked tickets no pass handled
 * yet, kept for the run that passes them (src/sync/fromZendesk/carry.ts, docs/sync-model.md
 * § Carried comments). Part n of the list in the cursor record is stored under `sync:carry:{n}`.
 */
export const CARRY_PREFIX = 'sync:carry:';

export function carryKey(part: number): string {
  return prefixed(CARRY_PREFIX, String(part), 'carry part');
}

/** The Jira → Zendesk follow-up's lease: one follow-up at a time (src/sync/toZendesk/followUp.ts). */
export const FOLLOW_UP_LEASE_KEY = 'sync:followUp:toZendesk';
