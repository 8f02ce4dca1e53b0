/**
 * What a Zendesk URL may contain. Requests only ever go to `https://{subdomain}.zendesk.com/api/...`;
 * the subdomain is validated before anything is sent (docs/contracts/connector-rules.md § Security)
 * and ids in paths must be plain digits, so no caller's value can reshape a URL. Attachment
 * downloads go only to the manifest's egress hosts, over https.
 */
import { SUBDOMAIN_PATTERN, ZENDESK_ID_PATTERN } from '../domain/ids';
import { AppError } from '../util/errors';
import { truncate } from '../util/redact';

export { SUBDOMAIN_PATTERN };

export function isValidSubdomain(value: unknown): value is string {
  return typeof value === 'string' && SUBDOMAIN_PATTERN.test(value);
}

export function assertValidSubdomain(value: unknown): asserts value is string {
  if (!isValidSubdomain(value)) {
    throw new AppError(
      'INVALID_SUBDOMAIN',
      'The Zendesk subdomain must be the part before .zendesk.com: lower-case letters, digits and hyphens only (for example "your-team").',
    );
  }
}

/**
 * Hosts attachments may be downloaded from: the manifest's egress list
 * (docs/contracts/connector-rules.md § Egress hosts).
 */
const ATTACHMENT_HOST_SUFFIXES = ['.zdusercontent.com', '.amazonaws.com', '.cloudfront.net'] as const;

export function isAllowedAttachmentUrl(url: URL, subdomain: string): boolean {
  if (url.protocol !== 'https:') return false;
  if (url.username !== '' || url.password !== '' || url.port !== '') return false;
  const host = url.hostname;
  if (host === `${subdomain}.zendesk.com`) return true;
  return ATTACHMENT_HOST_SUFFIXES.some(
    (suffix) => host.endsWith(suffix) && /^[a-z0-9]/.test(host.slice(0, -suffix.length)),
  );
}

/** A numeric Zendesk id for a path segment; anything else could reshape the URL. */
export function idSegment(id: number | string, what: string): string {
  const s = String(id);
  if (!ZENDESK_ID_PATTERN.test(s))
    throw new AppError('BAD_ID', `Invalid Zendesk ${what} id: ${truncate(s, 40)}`);
  return s;
}

export type AgentUrlKind = 'ticket' | 'user' | 'organization';

/** The agent interface's page of a ticket, user or organization. */
export function agentUrl(origin: string, kind: AgentUrlKind, id: number | string): string {
  const segment = idSegment(id, kind);
  const section = kind === 'ticket' ? 'tickets' : kind === 'user' ? 'users' : 'organizations';
  return `${origin}/agent/${section}/${segment}`;
}
