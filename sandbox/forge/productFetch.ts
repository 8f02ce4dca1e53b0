/**
 * Product requests (`requestJira`) as the Forge proxy performs them, sent to the Jira simulator
 * with a Bearer token for the acting account.
 *
 * Descriptors come from @forge/api 8.3.0 out/api/fetch.js: `asApp()` → provider 'app';
 * `asUser(id?)` → provider 'user' with `accountId` (undefined means "the invoking user");
 * bare `requestJira` → provider 'none'.
 *
 * asUser without a user: the Forge docs say "If the user initiating the request has not granted
 * permission to the app, the request is made without a valid Authorization header. If the API
 * returns a 401 …" the platform raises the authentication error
 * (https://developer.atlassian.com/platform/forge/apis-reference/fetch-api-product.requestgraph/).
 * The proxy signals that with the `forge-proxy-error: NEEDS_AUTHENTICATION_ERR` header, which
 * @forge/api turns into `NeedsAuthenticationError('Authentication Required')`
 * (out/api/fetch.js handleProxyResponseErrors). The emulator answers exactly that when there is
 * no invoking user, or the simulator has no token for the user, without contacting Jira.
 */
import { EmulatorConfigError } from './errors';

export interface JiraWiring {
  /** Loopback base URL of the Jira simulator, e.g. http://127.0.0.1:40123 */
  readonly baseUrl: string;
  /** The app's own account (the `atlassianId` of writes made with asApp). */
  readonly appAccountId: string;
  /** Bearer token the simulator accepts for an account, or for the app itself. */
  accessTokenFor(accountId: string | 'app'): string | undefined;
}

export interface ProductDescriptor {
  readonly provider: string | undefined;
  readonly accountId: string | undefined;
}

export interface ProductOutcome {
  readonly response: Response;
  /** The account the request acted as ('app', an accountId, or 'none'). */
  readonly actingAs: string;
  readonly refused?: string;
}

const MAX_REDIRECTS = 10;

export function needsAuthentication(): Response {
  return new Response(null, {
    status: 401,
    statusText: 'Unauthorized',
    headers: { 'forge-proxy-error': 'NEEDS_AUTHENTICATION_ERR' },
  });
}

export async function productFetch(
  wiring: JiraWiring | undefined,
  realFetch: typeof fetch,
  descriptor: ProductDescriptor,
  invokingAccountId: string | undefined,
  path: string,
  init: RequestInit | undefined,
  /** Follows a redirect that leaves the product site: that is egress, checked like any app fetch. */
  followExternal: (url: URL) => Promise<Response>,
): Promise<ProductOutcome> {
  if (!wiring)
    throw new EmulatorConfigError(
      'requestJira was called but the emulator has no Jira wiring; pass options.jira or call emu.configure({jira})',
    );
  let actingAs: string;
  let token: string | undefined;
  switch (descriptor.provider) {
    case 'app':
      actingAs = 'app';
      token = wiring.accessTokenFor('app');
      if (!token)
        throw new EmulatorConfigError('jira.accessTokenFor("app") returned no token for the app account');
      break;
    case 'user': {
      const accountId = descriptor.accountId ?? invokingAccountId;
      if (!accountId)
        return { response: needsAuthentication(), actingAs: 'none', refused: 'asUser without a user' };
      actingAs = accountId;
      token = wiring.accessTokenFor(accountId);
      if (!token)
        return { response: needsAuthentication(), actingAs, refused: `no access token for ${accountId}` };
      break;
    }
    case 'none':
    case undefined:
      actingAs = 'none';
      break;
    default:
      throw new EmulatorConfigError(`Unsupported product provider '${String(descriptor.provider)}'`);
  }
  if (!path.startsWith('/')) throw new EmulatorConfigError(`Product path must start with '/': ${path}`);

  const base = new URL(wiring.baseUrl);
  const headers = new Headers(init?.headers);
  if (token) headers.set('authorization', `Bearer ${token}`);
  else headers.delete('authorization');

  let url = new URL(`${base.origin}${base.pathname.replace(/\/$/, '')}${path}`);
  let method = (init?.method ?? 'GET').toUpperCase();
  const isStream = typeof ReadableStream !== 'undefined' && init?.body instanceof ReadableStream;
  let requestInit: RequestInit & { duplex?: 'half' } = {
    ...init,
    method,
    headers,
    redirect: 'manual',
    // Node's fetch refuses a stream body unless the request is declared half-duplex.
    ...(isStream ? { duplex: 'half' as const } : {}),
  };
  for (let redirects = 0; ; redirects++) {
    const response = await realFetch(url, requestInit);
    const location = response.headers.get('location');
    if (![301, 302, 303, 307, 308].includes(response.status) || !location || init?.redirect === 'manual') {
      return { response, actingAs };
    }
    const next = new URL(location, url);
    if (redirects >= MAX_REDIRECTS) return { response, actingAs };
    if (next.origin !== base.origin) {
      // Only same-site hops are product calls; a redirect elsewhere is egress the app must declare
      // (https://developer.atlassian.com/platform/forge/runtime-egress-permissions/), fetched without the token.
      await response.body?.cancel();
      return { response: await followExternal(next), actingAs };
    }
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET';
      const { body: _dropped, ...rest } = requestInit;
      requestInit = { ...rest, method };
    }
    await response.body?.cancel();
    url = next;
  }
}
