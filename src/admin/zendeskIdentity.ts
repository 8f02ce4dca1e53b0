/**
 * Checks the identity a new Zendesk credential acts as (users/me) before any connect is saved:
 * an anonymous answer means the credential did not authenticate, and the connector needs an
 * active admin (see below why an agent is not enough). Shared by the API-token form, the OAuth consent callback and the
 * client-credentials connect.
 */
import type { ConnectionRecord } from '../domain/types';
import { AppError } from '../util/errors';
import type { ZendeskMe } from '../zendesk/schemas';

export function agentFromMe(me: ZendeskMe, fallbackEmail: string, what: string): ConnectionRecord['agent'] {
  // users/me answers 200 with an anonymous user when credentials do not authenticate
  // (docs/contracts/zendesk-api.md § Current user).
  if (me.id === null) {
    throw new AppError(
      'INVALID_CREDENTIALS',
      `Zendesk did not accept these credentials (it answered as an anonymous user). Check ${what}.`,
    );
  }
  if (me.role !== 'agent' && me.role !== 'admin') {
    throw new AppError(
      'NOT_AN_AGENT',
      `The Zendesk account ${me.email ?? fallbackEmail} is a ${me.role ?? 'non-agent'} user; the connector needs an agent or admin account.`,
    );
  }
  if (me.suspended === true || me.active === false) {
    throw new AppError(
      'AGENT_INACTIVE',
      `The Zendesk account ${me.email ?? fallbackEmail} is suspended or inactive.`,
    );
  }
  // The incremental export and the Jira links API are for admins only
  // (https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/
  // and https://developer.zendesk.com/api-reference/ticketing/jira/links/, "Allowed for: Admins"):
  // an agent would connect, then every scheduled run would fail with 403.
  if (me.role !== 'admin') {
    throw new AppError(
      'NOT_AN_ADMIN',
      `The Zendesk account ${me.email ?? fallbackEmail} is an agent, not an admin. The connector reads Zendesk's incremental ticket export and registers Jira links, which Zendesk allows to admins only: connect with a Zendesk admin account.`,
    );
  }
  return { id: me.id, name: me.name ?? '', email: me.email ?? fallbackEmail, role: me.role };
}
