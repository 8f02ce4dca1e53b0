/**
 * The simulated account's OAuth clients, authorization codes and token pairs, per Zendesk's docs:
 * - clients: Admin Center > Apps and integrations > APIs > OAuth clients; `identifier` is the
 *   client_id, `secret` the client_secret, `kind` public or confidential, `redirect_uri` a list
 *   (https://developer.zendesk.com/api-reference/ticketing/oauth/oauth_clients/).
 * - a code is valid for 120 seconds and single use
 *   (https://developer.zendesk.com/api-reference/ticketing/oauth/grant_type_tokens/).
 * - a refresh returns a new pair and deletes the previous access and refresh tokens; TTLs default
 *   to 30 min / 30 days, within 5 min–48 h / 7–90 days
 *   (https://support.zendesk.com/hc/en-us/articles/9182123625370).
 */
import { createHash, randomBytes } from 'node:crypto';

export interface OAuthClientRecord {
  identifier: string;
  secret: string;
  kind: 'public' | 'confidential';
  redirectUris: string[];
  /** The admin who created the client: client_credentials tokens act as this user. */
  userId: number;
}

export interface CodeRecord {
  clientId: string;
  userId: number;
  redirectUri: string;
  scopes: string[];
  challenge: string | null;
  expiresAt: number;
  used: boolean;
}

export interface AccessRecord {
  token: string;
  clientId: string;
  userId: number;
  scopes: string[];
  expiresAt: number | null;
  refreshToken: string | null;
}

export interface RefreshRecord {
  token: string;
  clientId: string;
  userId: number;
  scopes: string[];
  expiresAt: number;
  accessToken: string;
}

export const CODE_TTL_MS = 120_000;
export const DEFAULT_ACCESS_TTL_S = 30 * 60;
export const DEFAULT_REFRESH_TTL_S = 30 * 24 * 3600;
export const ACCESS_TTL_RANGE_S = [5 * 60, 48 * 3600] as const;
export const REFRESH_TTL_RANGE_S = [7 * 24 * 3600, 90 * 24 * 3600] as const;

const token = (): string => randomBytes(32).toString('hex');

export class OAuthStore {
  clients = new Map<string, OAuthClientRecord>();
  codes = new Map<string, CodeRecord>();
  access = new Map<string, AccessRecord>();
  refresh = new Map<string, RefreshRecord>();
  /** Counters for tests: how many pairs each grant issued. */
  issued = { authorization_code: 0, refresh_token: 0, client_credentials: 0 };

  /** Fault: every `n` Bearer requests, all live access tokens expire (null: never). */
  private expireEvery: number | null = null;
  private sinceExpiry = 0;

  expireAccessEvery(n: number | null): void {
    this.expireEvery = n;
    this.sinceExpiry = 0;
  }

  /** Counts one Bearer-authenticated request; applies the expiry fault when it is due. */
  tick(now: number): void {
    if (this.expireEvery === null || ++this.sinceExpiry < this.expireEvery) return;
    this.sinceExpiry = 0;
    for (const a of this.access.values()) a.expiresAt = now;
  }

  /** Fault: every refresh token expires now (as after 30 idle days). */
  expireRefreshTokens(now: number): void {
    for (const r of this.refresh.values()) r.expiresAt = now;
  }

  /** Account reset: codes, tokens and faults go; registered clients stay (they are admin config). */
  clearGrants(): void {
    this.expireEvery = null;
    this.codes.clear();
    this.access.clear();
    this.refresh.clear();
    this.issued = { authorization_code: 0, refresh_token: 0, client_credentials: 0 };
  }

  registerClient(input: Omit<OAuthClientRecord, 'secret'> & { secret?: string }): OAuthClientRecord {
    const record: OAuthClientRecord = { ...input, secret: input.secret ?? token() };
    this.clients.set(record.identifier, record);
    return record;
  }

  newCode(record: CodeRecord): string {
    const code = token();
    this.codes.set(code, record);
    return code;
  }

  issue(
    clientId: string,
    userId: number,
    scopes: string[],
    now: number,
    ttl: { access: number; refresh: number | null },
  ): { access: AccessRecord; refresh: RefreshRecord | null } {
    const refresh: RefreshRecord | null =
      ttl.refresh === null
        ? null
        : { token: token(), clientId, userId, scopes, expiresAt: now + ttl.refresh * 1000, accessToken: '' };
    const access: AccessRecord = {
      token: token(),
      clientId,
      userId,
      scopes,
      expiresAt: now + ttl.access * 1000,
      refreshToken: refresh?.token ?? null,
    };
    if (refresh) {
      refresh.accessToken = access.token;
      this.refresh.set(refresh.token, refresh);
    }
    this.access.set(access.token, access);
    return { access, refresh };
  }

  /** Deletes an access token and the refresh token issued with it. */
  revokeAccess(accessToken: string): boolean {
    const record = this.access.get(accessToken);
    if (!record) return false;
    this.access.delete(accessToken);
    if (record.refreshToken) this.refresh.delete(record.refreshToken);
    return true;
  }

  revokeAll(): number {
    const n = this.access.size;
    this.access.clear();
    this.refresh.clear();
    return n;
  }
}

/** S256: BASE64URL(SHA256(verifier)) (RFC 7636 § 4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
