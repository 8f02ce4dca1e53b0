/**
 * OAuth connect security, end to end: the real admin resolver and web trigger in the Forge
 * emulator against the Zendesk simulator's consent page and token endpoint.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AdminState, OAuthAttemptView } from '../../src/domain/rpc';
import { ALL_FEATURES, supportTicketItem, zendeskHoursAgo } from '../support/items';
import { adminCall, beginOAuth, connectOAuth, consent, hitCallback, registerClient } from '../support/oauth';
import {
  CONNECTION_KEY,
  itemKey,
  OAUTH_PENDING_PREFIX,
  OAUTH_TOKENS_SECRET_KEY,
} from '../../src/storage/keys';

const stack = useStack();
let secret: string;

const tokenCalls = () => stack.zendesk.log.entries().filter((e) => e.path === '/oauth/tokens').length;
const stored = () => JSON.stringify(stack.emulator.storage.dump());

beforeEach(() => {
  stack.emulator.storage.clear();
  stack.zendesk.control.reset();
  stack.zendesk.log.clear();
  secret = registerClient(stack).secret;
});

async function attempt(attemptId: string, accountId?: string) {
  return adminCall<OAuthAttemptView>(stack, 'getOAuthAttempt', { attemptId }, accountId);
}

describe('OAuth connect', () => {
  it('connects with the consenting agent, keeps tokens only in secret storage', async () => {
    const { answer, attemptId } = await connectOAuth(stack, secret);
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain('Zendesk is connected');
    const view = await attempt(attemptId);
    expect(view.ok && view.data.status).toBe('connected');
    const state = await adminCall<AdminState>(stack, 'getAdminState', {});
    expect(state.ok && state.data.connection.connection?.agent.email).toBe(
      stack.zendesk.credentials.admin.email,
    );
    expect(state.ok && state.data.connection.connection?.auth).toMatchObject({
      kind: 'oauth',
      scope: 'read write',
    });
    const tokens = stack.emulator.storage.getSecret(OAUTH_TOKENS_SECRET_KEY) as { accessToken: string };
    expect(tokens.accessToken).toMatch(/^[0-9a-f]{64}$/);
    // Neither the token, the secret nor the PKCE verifier is in plain storage or in an answer.
    expect(stored()).not.toContain(tokens.accessToken);
    expect(stored()).not.toContain(secret);
    expect(JSON.stringify(state)).not.toContain(tokens.accessToken);
    expect(stack.emulator.storage.secretKeys(OAUTH_PENDING_PREFIX)).toEqual([]);
  });

  it('refuses a forged state before talking to Zendesk', async () => {
    const begun = await beginOAuth(stack, secret);
    const location = new URL(await consent(stack, begun.authorizeUrl, 'allow'));
    location.searchParams.set('state', 'forged-state-value-that-nobody-issued-0000000');
    const answer = await hitCallback(stack, location.toString());
    expect(answer.statusCode).toBe(400);
    expect(answer.body).toContain('unknown, was already used or has expired');
    expect(tokenCalls()).toBe(0);
    expect(stack.emulator.storage.get(CONNECTION_KEY)).toBeUndefined();
  });

  it('refuses a replayed callback (same state and code): one token request only', async () => {
    const { location } = await connectOAuth(stack, secret);
    const before = stack.emulator.storage.getSecret(OAUTH_TOKENS_SECRET_KEY);
    const replay = await hitCallback(stack, location);
    expect(replay.statusCode).toBe(400);
    expect(tokenCalls()).toBe(1);
    expect(stack.emulator.storage.getSecret(OAUTH_TOKENS_SECRET_KEY)).toEqual(before);
  });

  it('a replayed code under a new state is refused by Zendesk and shown in plain words', async () => {
    const first = await connectOAuth(stack, secret);
    const code = new URL(first.location).searchParams.get('code') ?? '';
    const again = await beginOAuth(stack, secret);
    const url = new URL(await consent(stack, again.authorizeUrl, 'allow'));
    url.searchParams.set('code', code);
    const answer = await hitCallback(stack, url.toString());
    expect(answer.statusCode).toBe(400);
    const view = await attempt(again.attemptId);
    expect(view.ok && view.data).toMatchObject({ status: 'failed' });
    expect(view.ok && view.data.message).toContain('no longer accepts');
  });

  it('a wrong client secret ends in "Zendesk did not accept the OAuth client", nothing stored', async () => {
    const { answer, attemptId } = await connectOAuth(stack, 'not-the-secret-000000');
    expect(answer.statusCode).toBe(400);
    const view = await attempt(attemptId);
    expect(view.ok && view.data.message).toContain('did not accept the OAuth client');
    expect(stack.emulator.storage.get(CONNECTION_KEY)).toBeUndefined();
    expect(stack.emulator.storage.getSecret(OAUTH_TOKENS_SECRET_KEY)).toBeUndefined();
  });

  it('Deny on the consent page is shown as "access was not granted"', async () => {
    const begun = await beginOAuth(stack, secret);
    const answer = await hitCallback(stack, await consent(stack, begun.authorizeUrl, 'deny'));
    expect(answer.body).toContain('was not granted');
    const view = await attempt(begun.attemptId);
    expect(view.ok && view.data.status).toBe('failed');
  });

  it('another Jira admin cannot read the attempt; a non-admin cannot start one', async () => {
    const { attemptId } = await connectOAuth(stack, secret);
    const other = await attempt(attemptId, stack.user('agent').accountId);
    expect(other.ok).toBe(false);
    const begun = await adminCall(
      stack,
      'beginOAuth',
      { subdomain: 'acme', clientId: 'jira-connector', clientSecret: secret },
      stack.user('agent').accountId,
    );
    expect(!begun.ok && begun.error.code).toBe('NOT_ADMIN');
  });

  it('the PKCE verifier is checked by Zendesk: a code without the right verifier is refused', async () => {
    // The consent URL carries only the S256 challenge, never the verifier.
    const begun = await beginOAuth(stack, secret);
    const url = new URL(begun.authorizeUrl);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const code = new URL(await consent(stack, begun.authorizeUrl, 'allow')).searchParams.get('code');
    const res = await fetch(`${stack.zendesk.url}/oauth/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-host': 'acme.zendesk.com' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        code,
        client_id: 'jira-connector',
        client_secret: secret,
        redirect_uri: url.searchParams.get('redirect_uri'),
        code_verifier: 'a'.repeat(43),
      }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_grant' });
  });

  it('client credentials connects without consent, as the client owner', async () => {
    const res = await adminCall<AdminState['connection']>(stack, 'connectClientCredentials', {
      subdomain: 'acme',
      clientId: 'jira-connector',
      clientSecret: secret,
    });
    expect(res.ok && res.data.connection?.auth).toMatchObject({ kind: 'oauth', grant: 'client_credentials' });
    expect(JSON.stringify(res)).not.toContain(secret);
  });

  it('no token, refresh token, client secret or verifier appears outside secret storage across a scenario with refreshes', async () => {
    const issued: string[] = [secret];
    const store = stack.zendesk.state.oauth;
    const issue = store.issue.bind(store);
    store.issue = (...args) => {
      const pair = issue(...args);
      issued.push(pair.access.token, ...(pair.refresh ? [pair.refresh.token] : []));
      return pair;
    };
    const printed: string[] = [];
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        printed.push(args.map(String).join(' '));
      }),
    );
    try {
      const begun = await beginOAuth(stack, secret);
      const pending = Object.values(stack.emulator.storage.dumpSecrets()) as { verifier?: string }[];
      const verifiers = pending.flatMap((p) => (p.verifier ? [p.verifier] : []));
      expect(verifiers).toHaveLength(1);
      issued.push(...verifiers);
      const answer = await hitCallback(stack, await consent(stack, begun.authorizeUrl, 'allow'));
      stack.emulator.storage.set(
        itemKey('auto'),
        supportTicketItem('auto', zendeskHoursAgo(stack), {
          syncMode: 'oneWay',
          fields: [
            {
              zendeskFieldId: 'subject',
              zendeskFieldLabel: 'Subject',
              jiraFieldId: 'summary',
              preview: true,
            },
          ],
          features: ALL_FEATURES,
        }),
      );
      for (let i = 0; i < 5; i++) stack.zendesk.control.createTicket({ subject: `Scan ${i}`, body: 'b' });
      store.expireAccessEvery(2);
      const answers: unknown[] = [answer];
      for (let i = 0; i < 2; i++) {
        stack.zendesk.control.advanceClock(61_000);
        answers.push(await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync'));
        await stack.emulator.drain();
      }
      for (const key of ['getAdminState', 'getActivity', 'getOAuthSetup'])
        answers.push(await adminCall(stack, key, {}));
      answers.push(await adminCall(stack, 'getItemEditorMetadata', { zendeskObject: 'ticket' }));
      store.revokeAll();
      answers.push(await adminCall(stack, 'getItemEditorMetadata', { zendeskObject: 'ticket' }));
      expect(store.issued.refresh_token).toBeGreaterThan(1);
      const exposed = JSON.stringify({
        kvs: stack.emulator.storage.dump(),
        answers,
        printed,
        calls: stack.emulator.calls,
        zendeskLog: stack.zendesk.log.entries(),
      });
      for (const value of issued) expect(exposed).not.toContain(value);
      expect(issued.length).toBeGreaterThan(4);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('a consent answered after the state expired is refused in plain words, without a token request', async () => {
    const begun = await beginOAuth(stack, secret);
    for (const key of stack.emulator.storage.secretKeys(OAUTH_PENDING_PREFIX)) {
      const pending = stack.emulator.storage.getSecret(key) as Record<string, unknown>;
      stack.emulator.storage.setSecret(key, { ...pending, expiresAt: Date.now() - 1 });
    }
    const answer = await hitCallback(stack, await consent(stack, begun.authorizeUrl, 'allow'));
    expect(answer.body).toContain('longer than 10 minutes');
    expect(tokenCalls()).toBe(0);
  });

  it('the web trigger answers only GET with single-valued parameters, and never caches or refers', async () => {
    const path = new URL(stack.emulator.webTriggerUrl('zendesk-oauth-callback') ?? '').pathname;
    const post = await stack.emulator.invokeWebTrigger({
      method: 'POST',
      path,
      query: new URLSearchParams(),
      headers: {},
      body: 'code=x&state=y',
    });
    expect(post?.statusCode).toBe(405);
    const doubled = await stack.emulator.invokeWebTrigger({
      method: 'GET',
      path,
      query: new URLSearchParams('state=a&state=b&code=c'),
      headers: {},
      body: '',
    });
    expect(doubled?.statusCode).toBe(400);
    expect(doubled?.headers['Cache-Control']).toEqual(['no-store']);
    expect(doubled?.headers['Referrer-Policy']).toEqual(['no-referrer']);
    expect(doubled?.headers['Content-Security-Policy']?.[0]).toContain("default-src 'none'");
  });

  it('escapes Zendesk-provided text on the web trigger page', async () => {
    const begun = await beginOAuth(stack, secret);
    const url = new URL(await consent(stack, begun.authorizeUrl, 'deny'));
    url.searchParams.set('error', '<script>alert(1)</script>');
    const answer = await hitCallback(stack, url.toString());
    expect(answer.body).not.toContain('<script>');
    expect(answer.body).toContain('&#60;script&#62;');
  });
});
