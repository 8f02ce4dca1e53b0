/**
 * The consent page Zendesk shows at /oauth/authorizations/new: the client asks for access, the
 * signed-in user chooses Allow or Deny. The simulator has no login, so the page lets the person
 * pick which agent or admin is "signed in". Plain HTML, no script; the form posts to a relative
 * URL so it works behind the sandbox web host's proxy as well as directly.
 */
import type { SimResponse } from '../http';
import type { UserRecord } from '../types';

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const html = (status: number, body: string): SimResponse => ({
  status,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
  raw: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Zendesk</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 3rem auto; line-height: 1.5">${body}</body></html>`,
});

export function errorPage(message: string): SimResponse {
  return html(400, `<h1>Authorization error</h1><p data-testid="oauth-error">${esc(message)}</p>`);
}

export function consentPage(
  clientId: string,
  query: URLSearchParams,
  scopes: string[],
  users: UserRecord[],
): SimResponse {
  const hidden = [...query]
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const options = users
    .map((u) => `<option value="${u.id}">${esc(u.name)} (${esc(u.email)}, ${esc(u.role)})</option>`)
    .join('');
  return html(
    200,
    `<h1>Allow <span data-testid="oauth-client">${esc(clientId)}</span> to access your Zendesk account?</h1>
<p>It asks for: <strong data-testid="oauth-scopes">${esc(scopes.join(' '))}</strong></p>
<form method="post" action="../authorizations">${hidden}
<label>Signed in as <select name="user_id" data-testid="oauth-user">${options}</select></label>
<p><button type="submit" name="decision" value="allow" data-testid="oauth-allow">Allow</button>
<button type="submit" name="decision" value="deny" data-testid="oauth-deny">Deny</button></p></form>`,
  );
}
