/**
 * The browser side of the OAuth connect in the sandbox:
 * - `/zendesk-oauth/…` → the Zendesk simulator's `/oauth/…` (consent page and its form) as
 *   `{subdomain}.zendesk.com`; the admin page's `router.open` of a `https://{sub}.zendesk.com/oauth/…`
 *   URL is mapped here by the bridge (sandbox/web/shell/src/bridge/hostCalls.ts).
 * - `/webtrigger/x1/{id}` → the app's web trigger in the Forge emulator, which is how Zendesk's
 *   redirect reaches the app (the emulator's web trigger URLs point at this host).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ForgeEmulator } from '../../forge';
import type { ZendeskSimulator } from '../../zendesk';
import { forward } from './proxy';

export const OAUTH_PROXY = '/zendesk-oauth';
export const WEBTRIGGER_PREFIX = '/webtrigger';

export interface OAuthRouteDeps {
  emulator: ForgeEmulator;
  zendesk: { url: string; subdomain: string };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('web trigger body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Serves the two prefixes; false when the path is not one of them. */
export async function serveOAuthRoute(
  deps: OAuthRouteDeps,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const path = url.pathname;
  if (path.startsWith(`${OAUTH_PROXY}/`)) {
    await forward(req, res, {
      base: deps.zendesk.url,
      path: `/oauth${path.slice(OAUTH_PROXY.length)}${url.search}`,
      headers: { 'x-forwarded-host': `${deps.zendesk.subdomain}.zendesk.com` },
    });
    return true;
  }
  if (path.startsWith(`${WEBTRIGGER_PREFIX}/x1/`)) {
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers[name] = value;
    const answer = await deps.emulator.invokeWebTrigger({
      method: req.method ?? 'GET',
      path: path.slice(WEBTRIGGER_PREFIX.length),
      query: url.searchParams,
      headers,
      body: await readBody(req),
    });
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('No such web trigger');
      return true;
    }
    const out: Record<string, string> = {};
    for (const [name, values] of Object.entries(answer.headers)) out[name] = values.join(', ');
    res.writeHead(answer.statusCode, out).end(answer.body);
    return true;
  }
  return false;
}

/** The OAuth client the sandbox registers in the Zendesk simulator (shown on the admin page). */
export const SANDBOX_OAUTH_CLIENT = {
  identifier: 'jira-connector',
  secret: 'sandbox-oauth-secret-0123456789abcdef',
};

/**
 * Registers the sandbox's OAuth client as an admin would in Zendesk Admin Center: confidential,
 * owned by the demo admin, redirecting to the app's web trigger. The simulator keeps OAuth state in
 * memory only, so after a restart a stored OAuth connection asks to be reconnected.
 */
export function registerSandboxOAuthClient(
  emulator: ForgeEmulator,
  zendesk: Pick<ZendeskSimulator, 'state' | 'credentials'>,
): string {
  const redirect = emulator.webTriggerUrl('zendesk-oauth-callback') ?? '';
  const owner = [...zendesk.state.users.values()].find((u) => u.email === zendesk.credentials.admin.email);
  zendesk.state.oauth.registerClient({
    ...SANDBOX_OAUTH_CLIENT,
    kind: 'confidential',
    redirectUris: [redirect],
    userId: owner?.id ?? 0,
  });
  return redirect;
}
