/**
 * The host side of @forge/bridge calls shared by the admin page frame and the panel host
 * (call names and payloads: docs/contracts/forge-platform.md § Bridge). `invoke` runs the
 * module's resolver in the emulator through /api/invoke; `getContext` answers the context
 * Jira would give this module; theming applies the light theme; every other call is answered
 * harmlessly and logged, so an app feature the sandbox does not emulate is visible in the console.
 */
import { z } from 'zod';
import {
  invokeResponseSchema,
  sessionSchema,
  type ExtensionContext,
  type InvokeRequest,
  type Session,
} from '../../../protocol';

export interface BridgeEnv {
  module: InvokeRequest['module'];
  extension: ExtensionContext;
}

const invokeCallSchema = z.object({
  functionKey: z.string(),
  payload: z.unknown().optional(),
  metadata: z.unknown().optional(),
});

export async function fetchSession(): Promise<Session> {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } });
  if (!response.ok) throw new Error(`Sandbox session unavailable (HTTP ${response.status})`);
  return sessionSchema.parse(await response.json());
}

async function invokeResolver(env: BridgeEnv, raw: unknown): Promise<unknown> {
  const call = invokeCallSchema.parse(raw);
  const request: InvokeRequest = {
    module: env.module,
    functionKey: call.functionKey,
    payload: call.payload ?? {},
    extension: env.extension,
  };
  const response = await fetch('/api/invoke', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
  });
  const answer = invokeResponseSchema.safeParse(await response.json().catch(() => null));
  if (!answer.success) throw new Error(`The sandbox host answered invoke with HTTP ${response.status}`);
  // Forge rejects `invoke` when the resolver function itself failed (threw, timed out).
  if (!answer.data.ok) throw new Error(answer.data.error);
  return answer.data.result;
}

/** Context as a Jira extension sees it (docs/contracts/forge-platform.md § Resolvers). */
export function extensionContext(env: BridgeEnv, session: Session): Record<string, unknown> {
  const module = env.module === 'admin' ? session.modules.admin : session.modules.panel;
  const user = session.users.find((candidate) => candidate.key === session.user);
  return {
    accountId: user?.accountId,
    cloudId: session.site.cloudId,
    siteUrl: session.site.siteUrl,
    localId: `${module.key}-sandbox`,
    moduleKey: module.key,
    environmentType: session.license === 'development' ? 'DEVELOPMENT' : 'PRODUCTION',
    // Only production installs of a paid app carry a license (docs/contracts/forge-platform.md § License).
    license:
      session.license === 'development'
        ? undefined
        : { active: session.license === 'active', isActive: session.license === 'active' },
    locale: navigator.language || 'en-US',
    timezone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    theme: { colorMode: 'light' },
    extension: env.extension,
  };
}

async function enableTheming(): Promise<void> {
  const { setGlobalTheme } = await import('@atlaskit/tokens/set-global-theme');
  await setGlobalTheme({ colorMode: 'light' });
}

/**
 * `router.open`/`router.navigate` (@forge/bridge sends `navigate` with `{url, type}`). A Zendesk
 * consent URL goes to the host's /zendesk-oauth proxy of the Zendesk simulator (no real Zendesk
 * is reachable); other URLs open as they are.
 */
export function sandboxNavigationUrl(target: string): string {
  let url: URL;
  try {
    url = new URL(target, window.location.origin);
  } catch {
    return target;
  }
  if (/^[a-z0-9][a-z0-9-]*\.zendesk\.com$/.test(url.host) && url.pathname.startsWith('/oauth/'))
    return `/zendesk-oauth${url.pathname.slice('/oauth'.length)}${url.search}`;
  return url.toString();
}

const navigateSchema = z.object({ url: z.string(), type: z.enum(['same-tab', 'new-tab']).optional() });

function navigate(payload: unknown): void {
  const { url, type } = navigateSchema.parse(payload);
  const target = sandboxNavigationUrl(url);
  if (type === 'new-tab') window.open(target, '_blank', 'noopener');
  else window.top?.location.assign(target);
}

const HARMLESS = new Set([
  'emitReadyEvent',
  'changeWindowTitle',
  'emitFrontendCustomMetric',
  'trackObjectStoreAction',
]);

export async function answerBridgeCall(env: BridgeEnv, name: string, payload: unknown): Promise<unknown> {
  switch (name) {
    case 'invoke':
      return invokeResolver(env, payload);
    case 'getContext':
      return extensionContext(env, await fetchSession());
    case 'enableTheming':
      await enableTheming();
      return undefined;
    case 'getCookieConsentPreferences':
      return { strictlyNecessary: true, functional: false, analytics: false, marketing: false };
    case 'isRovoEnabled':
      return false;
    case 'navigate':
      navigate(payload);
      return undefined;
    default:
      if (!HARMLESS.has(name))
        console.info(`[sandbox bridge] '${name}' is not emulated by the sandbox host; answered with nothing`);
      return undefined;
  }
}
