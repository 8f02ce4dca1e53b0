/**
 * The id rules every boundary checks, in one place: a payload, a stored record, a key component
 * or an event all refuse the same strings. Each comes as a pattern (for a quick test) and a zod
 * schema (for a boundary that reports what was wrong).
 */
import { z } from 'zod';

/**
 * A Zendesk record id (ticket, user, organization) as text: a positive integer of at most 19
 * digits, the range of Zendesk's 64-bit ids
 * (https://developer.zendesk.com/api-reference/introduction/data-types/).
 */
export const ZENDESK_ID_PATTERN = /^[1-9]\d{0,18}$/;
export const zendeskIdSchema = z.string().regex(ZENDESK_ID_PATTERN, 'must be a Zendesk record id (digits)');

/** A Jira issue, comment or attachment id as text: digits only (Jira's ids are 64-bit numbers). */
export const JIRA_ID_PATTERN = /^\d{1,19}$/;
export const jiraIdSchema = z.string().regex(JIRA_ID_PATTERN, 'must be a Jira id (digits)');

/**
 * An id the app makes or keeps inside a storage key (Smart Connected Item ids, issue ids, work
 * sources): letters, digits, '.', '_' and '-', never ':' (src/storage/keys.ts separates with it).
 */
export const KEY_SAFE_ID_PATTERN = /^[A-Za-z0-9._-]{1,200}$/;
export const itemIdSchema = z.string().regex(KEY_SAFE_ID_PATTERN, 'must be a Smart Connected Item id');

/**
 * A Jira project, issue type or field id as an admin picks it: `10000`, `summary`,
 * `customfield_10050`.
 */
export const jiraObjectIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,255}$/, 'must be a Jira id');

/** A Zendesk field as a mapping names it: a standard attribute (`priority`) or a custom field id. */
export const zendeskFieldIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a Zendesk field id');

/** A Jira id as an event payload carries it: digits as text or a number; always text after parsing. */
export const jiraEventIdSchema = z
  .union([z.string().regex(JIRA_ID_PATTERN), z.number().int().nonnegative()])
  .transform((v) => String(v));
