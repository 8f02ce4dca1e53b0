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
 * A Jira object as a path names it, or as an admin picks it: an issue, project, issue type or
 * attachment id or key, a field id (`10000`, `PROJ-12`, `summary`, `customfield_10050`).
 * Letters, digits, `_` and `-`, starting with a letter or digit, so no value reshapes a URL.
 */
export const JIRA_OBJECT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,254}$/;
export const jiraObjectIdSchema = z.string().regex(JIRA_OBJECT_ID_PATTERN, 'must be a Jira id');

/** A Jira issue key: the project key, a hyphen and the issue's number (`PROJ-12`). */
export const JIRA_ISSUE_KEY_PATTERN = /^[A-Za-z][A-Za-z0-9_]*-\d{1,19}$/;

/**
 * An Atlassian account id as a query parameter may carry it: letters, digits, `:`, `_`, `-`
 * (`5b10ac8d82e05b22cc7d4ef5`, `557058:f58131cb-b67d-43c7-b30d-6b58d40bd077`).
 */
export const JIRA_ACCOUNT_ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;

/** A Zendesk field as a mapping names it: a standard attribute (`priority`) or a custom field id. */
export const zendeskFieldIdSchema = z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be a Zendesk field id');

/**
 * True when a mapping names its Zendesk field by the field's numeric id (a custom field, or a
 * system field of the ticket-field catalog) rather than by an attribute name (`priority`,
 * `tags`): such a field is read from `custom_fields` or through the catalog.
 */
export function isNumericFieldId(zendeskFieldId: string): boolean {
  return ZENDESK_ID_PATTERN.test(zendeskFieldId);
}

/**
 * A Zendesk subdomain: one lower-case DNS label, letters, digits and hyphens, 1–63 characters,
 * no leading hyphen (docs/contracts/zendesk-api.md § Account host). The server refuses any
 * other before a request is built; the admin page checks the same rule for early feedback.
 */
export const SUBDOMAIN_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * An agent's sign-in email, checked loosely (something, `@`, a domain with a dot): Zendesk
 * decides whether the address is an agent login. The admin page and the resolver share it.
 */
export const AGENT_EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** A Jira id as an event payload carries it: digits as text or a number; always text after parsing. */
export const jiraEventIdSchema = z
  .union([z.string().regex(JIRA_ID_PATTERN), z.number().int().nonnegative()])
  .transform((v) => String(v));
