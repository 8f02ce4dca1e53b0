/**
 * Drives the OAuth consent the way a browser does, without one: the admin resolver starts it,
 * the Zendesk simulator's consent form answers Allow or Deny, and the redirect lands on the app's
 * web trigger in the emulator. Browser tests do the same through the sandbox web host.
 */
import type { Stack } from '../../sandbox/stack';
import type { WebTriggerAnswer } from '../../sandbox/forge';
import type { Result } from '../../src/domain/rpc';

export const CALLBACK_KEY = 'zendesk-oauth-callback';

/** Registers a confidential OAuth client owned by the Zendesk admin, redirecting to the web trigger. */
export function registerClient(stack: Stack, identifier = 'jira-connector') {
  const redirect = stack.emulator.webTriggerUrl(CALLBACK_KEY);
  if (!redirect) throw new Error('manifest has no OAuth web trigger');
  const admin = [...stack.zendesk.state.users.values()].find(
    (u) => u.email === stack.zendesk.credentials.admin.email,
  );
  if (!admin) throw new Error('no Zendesk admin');
  return stack.zendesk.state.oauth.registerClient({
    identifier,
    kind: 'confidential',
    redirectUris: [redirect],
    userId: admin.id,
  });
}

export async function adminCall<T>(stack: Stack, key: string, payload: unknown, accountId?: string) {
  const result = await stack.emulator.invokeResolver(
    'admin-resolver',
    { functionKey: key, payload },
    { accountId: accountId ?? stack.user('admin').accountId },
  );
  if (result.status !== 'ok') throw new Error(`${key}: ${result.status}`);
  return result.value as Result<T>;
}

/** Posts the consent form; returns the redirect Location Zendesk answers with. */
export async function consent(
  stack: Stack,
  authorizeUrl: string,
  decision: 'allow' | 'deny',
  userEmail?: string,
): Promise<string> {
  const url = new URL(authorizeUrl);
  const form = new URLSearchParams(url.searchParams);
  form.set('decision', decision);
  const email = userEmail ?? stack.zendesk.credentials.admin.email;
  const user = [...stack.zendesk.state.users.values()].find((u) => u.email === email);
  form.set('user_id', String(user?.id ?? 0));
  const res = await fetch(`${stack.zendesk.url}/oauth/authorizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-host': url.host },
    body: form.toString(),
    redirect: 'manual',
  });
  const location = res.headers.get('location');
  if (res.status !== 302 || !location) throw new Error(`consent answered ${res.status}: ${await res.text()}`);
  return location;
}

/** Follows a redirect to the web trigger URL, as the browser would. */
export async function hitCallback(stack: Stack, location: string): Promise<WebTriggerAnswer> {
  const url = new URL(location);
  const answer = await stack.emulator.invokeWebTrigger({
    method: 'GET',
    path: url.pathname,
    query: url.searchParams,
    headers: { accept: 'text/html' },
    body: '',
  });
  if (!answer) throw new Error(`no web trigger at ${url.pathname}`);
  return answer;
}

/** Starts a consent as the admin page does (the stack's Zendesk account); throws on a refusal. */
export async function beginOAuth(stack: Stack, clientSecret: string, clientId = 'jira-connector') {
  const begun = await adminCall<{ attemptId: string; authorizeUrl: string }>(stack, 'beginOAuth', {
    subdomain: stack.zendesk.subdomain,
    clientId,
    clientSecret,
  });
  if (!begun.ok) throw new Error(`beginOAuth: ${begun.error.message}`);
  return begun.data;
}

/** The whole connect with an admin's consent; returns the callback answer and the attempt id. */
export async function connectOAuth(stack: Stack, clientSecret: string, clientId = 'jira-connector') {
  const begun = await beginOAuth(stack, clientSecret, clientId);
  const location = await consent(stack, begun.authorizeUrl, 'allow');
  const answer = await hitCallback(stack, location);
  return { answer, location, ...begun };
}
