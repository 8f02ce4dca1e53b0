/**
 * How Zendesk requests authenticate. Auth is a strategy (ZendeskAuth) the transport asks for a
 * header on every request: Basic `{email}/token:{token}` for API tokens, or an OAuth Bearer
 * token that is refreshed before expiry and once after a 401 (src/zendesk/oauthCredential.ts).
 * Credentials are never logged; `secrets()` names what every error message must redact.
 */

export interface ApiTokenCredentials {
  subdomain: string;
  email: string;
  token: string;
}

/** How requests authenticate; the client asks for the header on every request. */
export interface ZendeskAuth {
  header(): Promise<string>;
  /** After a 401 answered to `used`: the header to retry with once, or null to give up. */
  renew(used: string): Promise<string | null>;
  /** Values to redact from error messages (the live token among them). */
  secrets(): readonly string[];
}

export interface OAuthCredentials {
  subdomain: string;
  auth: ZendeskAuth;
}

export type ZendeskCredentials = ApiTokenCredentials | OAuthCredentials;

/** Basic auth with an API token (https://developer.zendesk.com/api-reference/introduction/security-and-auth/). */
export function apiTokenAuth(email: string, token: string): ZendeskAuth {
  const header = `Basic ${Buffer.from(`${email}/token:${token}`, 'utf8').toString('base64')}`;
  const secrets = [token, header.slice('Basic '.length)];
  return {
    header: () => Promise.resolve(header),
    renew: () => Promise.resolve(null),
    secrets: () => secrets,
  };
}

/** The strategy credentials stand for: OAuth carries its own, an API token gets Basic auth. */
export function authOf(credentials: ZendeskCredentials): ZendeskAuth {
  return 'auth' in credentials ? credentials.auth : apiTokenAuth(credentials.email, credentials.token);
}
