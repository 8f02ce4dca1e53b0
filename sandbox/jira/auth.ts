/**
 * Authentication as Jira Cloud does it for REST clients: `Basic base64(email:apiToken)`
 * for API tokens, and `Bearer <accessToken>` (standing in for the tokens Forge's
 * product-request proxy uses for asApp/asUser). Anonymous access is off on this site.
 */
import { MESSAGES, JiraError, PlainTextError } from './errors.js';
import type { JiraState } from './state.js';
import type { SimAccount } from './types.js';

export function authenticate(state: JiraState, header: string | undefined): SimAccount {
  if (header === undefined || header.trim() === '') {
    throw new JiraError(401, [MESSAGES.unauthenticated]);
  }
  const [scheme, ...rest] = header.trim().split(/\s+/);
  const credential = rest.join(' ');
  const refuse = (): PlainTextError =>
    // The auth filter answers a wrong credential before any resource runs, in plain text
    // [3p github.com/atlassian/gajira-login/issues/59: 401, body "Client must be authenticated…"].
    new PlainTextError(401, MESSAGES.badCredentials, { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' });
  if (scheme?.toLowerCase() === 'basic') {
    const decoded = Buffer.from(credential, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) throw refuse();
    const email = decoded.slice(0, colon).toLowerCase();
    const token = decoded.slice(colon + 1);
    for (const account of state.accounts.values()) {
      if (account.email !== null && account.email.toLowerCase() === email && account.apiToken === token)
        return account;
    }
    throw refuse();
  }
  if (scheme?.toLowerCase() === 'bearer') {
    for (const account of state.accounts.values()) if (account.accessToken === credential) return account;
    throw refuse();
  }
  throw refuse();
}
