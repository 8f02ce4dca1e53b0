/**
 * Entity properties on issues and comments: the limits Jira enforces and the writes.
 *
 * Limits [spec setIssueProperty]: the key is at most 255 characters; the value must be
 * non-empty JSON of at most 32768 bytes. Jira's property resource reads the PUT body with
 * that byte limit before parsing it; for `properties` sent with a create, the value is
 * measured as its compact JSON text. The refusals are 400 ErrorCollections with
 * `errorMessages` only (Jira's BaseEntityPropertyService adds them as messages, not field
 * errors); their wording is [unverified].
 */
import { JiraError } from './errors.js';
import type { SimContext } from './mutations.js';
import type { JiraState } from './state.js';
import type { CommentRecord, IssueRecord } from './types.js';

export const PROPERTY_KEY_MAX_CHARS = 255;
export const PROPERTY_VALUE_MAX_BYTES = 32_768;

export interface PropertyInput {
  key: string;
  value?: unknown;
}

export const PROPERTY_MESSAGES = {
  keyTooLong: `The property key cannot be longer than ${PROPERTY_KEY_MAX_CHARS} characters.`,
  emptyKey: 'The property key cannot be empty.',
  valueTooLong: `The property value cannot be longer than ${PROPERTY_VALUE_MAX_BYTES} bytes.`,
  emptyValue: 'The property value cannot be empty.',
  notFound: (key: string): string => `The property with key '${key}' does not exist.`,
} as const;

export function checkPropertyKey(key: string): void {
  if (key.length === 0) throw JiraError.badRequest(PROPERTY_MESSAGES.emptyKey);
  if (key.length > PROPERTY_KEY_MAX_CHARS) throw JiraError.badRequest(PROPERTY_MESSAGES.keyTooLong);
}

/** The value's size as Jira measures it: UTF-8 bytes of its JSON text. */
export function propertyValueBytes(json: string): number {
  return Buffer.byteLength(json, 'utf8');
}

/**
 * Validates `properties` sent with a create or edit (IssueUpdateDetails) or a comment, and
 * returns them as stored values (deep copies, so later changes by the caller do not leak in).
 * Throws before anything is written.
 */
export function checkProperties(properties: readonly PropertyInput[] | undefined): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const property of properties ?? []) {
    checkPropertyKey(property.key);
    if (property.value === undefined) throw JiraError.badRequest(PROPERTY_MESSAGES.emptyValue);
    const json = JSON.stringify(property.value);
    if (propertyValueBytes(json) > PROPERTY_VALUE_MAX_BYTES) {
      throw JiraError.badRequest(PROPERTY_MESSAGES.valueTooLong);
    }
    // A key given twice keeps the last value, as setting it twice in a row would.
    out.set(property.key, JSON.parse(json) as unknown);
  }
  return out;
}

export function storeProperties(target: Map<string, unknown>, values: ReadonlyMap<string, unknown>): void {
  for (const [key, value] of values) target.set(key, value);
}

/**
 * setIssueProperty: the caller has already been checked for browse (404) and edit (403).
 * No changelog entry, no `updated` change and no issue event: an entity property is not a
 * field. Jira announces it as `avi:jira:set:issue-property` (docs/contracts/forge-platform.md § Jira events);
 * its payload here is [unverified].
 */
export function setIssueProperty(
  ctx: SimContext,
  actorId: string,
  issue: IssueRecord,
  key: string,
  value: unknown,
): 'created' | 'updated' {
  const existed = issue.properties.has(key);
  issue.properties.set(key, value);
  ctx.events.emit({
    eventType: 'avi:jira:set:issue-property',
    atlassianId: actorId,
    issue: { id: issue.id, key: issue.key },
    property: { key, value },
  });
  return existed ? 'updated' : 'created';
}

/**
 * The comment property Jira Service Management reads to keep a comment internal (agents only,
 * not on the customer portal) when the comment is written through the platform API.
 */
export const SERVICE_DESK_COMMENT_PROPERTY = 'sd.public.comment';

/**
 * `jsdPublic` of a comment: false only on a service project's issue whose comment carries
 * `sd.public.comment` `{"internal": true}`; everywhere else the platform API's default, true
 * (Comment.jsdPublic [spec]: "Defaults to true … when the project isn't a Jira Service Desk
 * project"). Read at render time, so an edit of the property or a move of the issue shows.
 */
export function commentJsdPublic(state: JiraState, comment: CommentRecord): boolean {
  const issue = state.issues.get(comment.issueId);
  if (issue === undefined || state.projectOf(issue).projectTypeKey !== 'service_desk') return true;
  const flag = comment.properties.get(SERVICE_DESK_COMMENT_PROPERTY);
  const internal =
    flag !== null && typeof flag === 'object' && (flag as Record<string, unknown>).internal === true;
  return !internal;
}
