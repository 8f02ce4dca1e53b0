/**
 * `fetch` as an app sees it inside an invocation. The allow-list decision is made before any
 * socket is opened; allowed URLs never leave the machine: they are rewritten to the simulator
 * registered in `egressRoutes`, with the original host in `x-forwarded-host` (and scheme in
 * `x-forwarded-proto`).
 *
 * Refusal: in today's Forge runtime a blocked backend fetch does not throw; the egress proxy
 * answers 403 with the text "URL not included in the external fetch backend permissions: <url>.
 * Visit go.atlassian.com/forge-egress for more information." (the wording of @forge/api's
 * ExternalEndpointNotAllowedError). Reported from production by
 * https://dev.to/mihai_leanzero/forge-egress-backend-ignores-your-url-path-client-enforces-it-2mhk
 * ("A blocked backend fetch does not throw. It returns a real Response with status 403") and in
 * an app's field notes quoting that 403 body verbatim. The emulator answers the same way.
 *
 * Redirects are egress too (https://developer.atlassian.com/platform/forge/runtime-egress-permissions/),
 * so they are followed here, hop by hop, through the same check, never by the underlying fetch.
 */
import { EmulatorConfigError } from './errors';
import { egressAllows, egressRefusalMessage, findRoute, type EgressRoute, type EgressRule } from './egress';

export interface EgressDeps {
  readonly rules: readonly EgressRule[];
  readonly routes: readonly EgressRoute[];
  readonly realFetch: typeof fetch;
}

export interface EgressHop {
  readonly url: string;
  readonly method: string;
  readonly status: number;
  readonly refused?: string;
  readonly routedTo?: string;
}

export interface EgressOutcome {
  readonly response: Response;
  /** One entry per request attempted (the first plus each redirect followed). */
  readonly hops: readonly EgressHop[];
}

const MAX_REDIRECTS = 20;

export function refusalResponse(url: string): Response {
  return new Response(egressRefusalMessage(url), {
    status: 403,
    statusText: 'Forbidden',
    headers: { 'content-type': 'text/plain; charset=utf-8' },
  });
}

export async function egressFetch(
  deps: EgressDeps,
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<EgressOutcome> {
  // Normalises every accepted input form exactly as fetch would (and throws the same TypeErrors).
  const request = new Request(input, init);
  const redirectMode = request.redirect;
  let method = request.method.toUpperCase();
  let body: ArrayBuffer | undefined =
    method === 'GET' || method === 'HEAD' ? undefined : await request.arrayBuffer();
  const headers = new Headers(request.headers);
  let url = new URL(request.url);
  const hops: EgressHop[] = [];

  for (let redirects = 0; ; redirects++) {
    if (!egressAllows(deps.rules, url)) {
      hops.push({ url: url.href, method, status: 403, refused: 'egress not allowed by manifest' });
      return { response: refusalResponse(url.href), hops };
    }
    const route = findRoute(deps.routes, url.host);
    if (!route) {
      throw new EmulatorConfigError(
        `Egress to ${url.host} is allowed by manifest.yml but no egressRoutes entry routes it to a simulator; ` +
          'the emulator never sends app traffic to the real network',
      );
    }
    const target = new URL(route.target);
    const routedUrl = `${target.origin}${target.pathname.replace(/\/$/, '')}${url.pathname}${url.search}`;
    const hopHeaders = new Headers(headers);
    hopHeaders.set('x-forwarded-host', url.host);
    // Lets a simulator build absolute links (pagination, redirects) on the host the app asked for.
    hopHeaders.set('x-forwarded-proto', url.protocol.replace(/:$/, ''));
    const response = await deps.realFetch(routedUrl, {
      method,
      headers: hopHeaders,
      ...(body !== undefined ? { body } : {}),
      redirect: 'manual',
      signal: request.signal,
    });
    hops.push({ url: url.href, method, status: response.status, routedTo: routedUrl });

    const location = response.headers.get('location');
    if (!isRedirect(response.status) || !location || redirectMode === 'manual') return { response, hops };
    if (redirectMode === 'error')
      throw new TypeError(`fetch failed: redirect from ${url.href} with redirect mode "error"`);
    if (redirects >= MAX_REDIRECTS)
      throw new TypeError(`fetch failed: more than ${MAX_REDIRECTS} redirects from ${request.url}`);
    // Relative locations are relative to the URL the app asked for, not to the loopback address.
    const next = new URL(location, url);
    if (
      response.status === 303 ||
      ((response.status === 301 || response.status === 302) && method === 'POST')
    ) {
      method = 'GET';
      body = undefined;
      headers.delete('content-type');
      headers.delete('content-length');
    }
    if (next.origin !== url.origin) headers.delete('authorization');
    await response.body?.cancel();
    url = next;
  }
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}
