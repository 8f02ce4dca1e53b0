/**
 * Backend egress allow-list matching, with the semantics of Atlassian's own
 * `EgressFilteringService.isValidUrl` (@forge/egress 3.0.0, out/egress/egress-filtering-service.js
 * and url-parser.js; @forge/api's `permissions.canFetchFrom` uses the same service):
 *  - an address without a scheme means `https:`; the request's scheme must equal the entry's,
 *    so `http://…` is refused unless an entry literally declares `http://`;
 *  - the entry's path is ignored (backend egress is host-based);
 *  - the host is compared including any port, so `https://x.zendesk.com:8443` does not match
 *    `*.zendesk.com`;
 *  - `*` inside a host is a glob for any characters, so `*.zendesk.com` matches `a.zendesk.com`
 *    and `a.b.zendesk.com` but never the apex `zendesk.com` (the literal dot must be present);
 *  - a bare `*` entry allows everything.
 * Field observation agreeing with this: https://dev.to/mihai_leanzero/forge-egress-backend-ignores-your-url-path-client-enforces-it-2mhk
 */

export interface EgressRule {
  readonly address: string;
  readonly allowsEverything: boolean;
  readonly protocol: string;
  /** Lower-cased host[:port] pattern. */
  readonly host: string;
  readonly pattern: RegExp | undefined;
}

export function parseEgressAddress(address: string): EgressRule {
  const trimmed = address.trim();
  if (trimmed === '*')
    return { address, allowsEverything: true, protocol: '', host: '*', pattern: undefined };
  const schemeMatch = /^([a-zA-Z][a-zA-Z0-9+.-]*:)/.exec(trimmed);
  const protocol = schemeMatch?.[1]?.toLowerCase() ?? 'https:';
  const rest = (schemeMatch ? trimmed.slice(schemeMatch[1]?.length ?? 0) : trimmed).replace(/^\/*/, '');
  const host = (rest.split(/[/?#]/)[0] ?? '').toLowerCase();
  return {
    address,
    allowsEverything: false,
    protocol,
    host,
    pattern: host.includes('*') ? globToRegExp(host) : undefined,
  };
}

export function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

/** Whether a backend `fetch` to `url` is allowed by the manifest's `external.fetch.backend` list. */
export function egressAllows(rules: readonly EgressRule[], url: URL): boolean {
  const host = url.host.toLowerCase();
  return rules.some(
    (r) =>
      r.allowsEverything ||
      (r.protocol === url.protocol && (r.pattern ? r.pattern.test(host) : r.host === host)),
  );
}

/** Where the emulator sends an allowed egress request: a loopback simulator. */
export interface EgressRoute {
  /** Exact host (`acme.zendesk.com`) or a wildcard (`*.zdusercontent.com`), same glob rules as the manifest. */
  readonly host: string;
  /** Base URL of the simulator, e.g. `http://127.0.0.1:41234`. */
  readonly target: string;
}

/** Exact hosts win over wildcards; among equals the first listed wins. */
export function findRoute(routes: readonly EgressRoute[], host: string): EgressRoute | undefined {
  const h = host.toLowerCase();
  const exact = routes.find((r) => !r.host.includes('*') && r.host.toLowerCase() === h);
  if (exact) return exact;
  return routes.find((r) => r.host.includes('*') && globToRegExp(r.host.toLowerCase()).test(h));
}

/** The message Forge uses for a refused backend fetch (@forge/api 8.3.0 ExternalEndpointNotAllowedError). */
export function egressRefusalMessage(url: string): string {
  return `URL not included in the external fetch backend permissions: ${url}. Visit go.atlassian.com/forge-egress for more information.`;
}
