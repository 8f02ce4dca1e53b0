/**
 * The sandbox web host: one node:http server on 127.0.0.1 that serves
 * - the Jira shell SPA (sandbox/web/build) and its hidden UI Kit panel frame,
 * - the app's real admin Custom UI build at /admin-ui/, with the sandbox bridge injected,
 * - /api/...: the bridge's `invoke` (resolvers run in the Forge emulator), the session
 *   (user and license switches), "Run sync now", the Zendesk clock, sync activity,
 * - /proxy/jira/rest/api/3/... → the Jira simulator as the selected user,
 * - /proxy/zendesk/api/v2/... (reads) and /proxy/zendesk/__sim/... (the control API) → the Zendesk simulator.
 */
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { InvocationResult } from '../../forge';
import { activityViewSchema } from '../../../src/domain/rpcSchemas';
import {
  clockAdvanceSchema,
  invokeRequestSchema,
  sessionUpdateSchema,
  type ActivityResponse,
  type InvokeResponse,
  type LicenseSwitch,
  type Session,
} from '../protocol';
import { basicAuth, forward } from './proxy';
import {
  SANDBOX_OAUTH_CLIENT,
  WEBTRIGGER_PREFIX,
  registerSandboxOAuthClient,
  serveOAuthRoute,
} from './oauthRoutes';
import { HostSession } from './session';
import { hostUsers, type HostedStack } from './stack';
import { resolveFile, sendFile } from './static';
import { createSyncRunner, type SyncRunner, type SyncRunnerOptions } from './syncRunner';

const here = fileURLToPath(new URL('.', import.meta.url));
export const DEFAULT_SHELL_DIR = join(here, '..', 'build');
export const DEFAULT_ADMIN_DIR = join(here, '..', '..', '..', 'static', 'admin', 'build');

/** The script the host puts in front of the admin page's own bundle. */
export const ADMIN_BRIDGE_PATH = '/admin-bridge.js';

/**
 * Forge serves Custom UI under a CSP that allows scripts from the app's own origin only and
 * inline styles when the manifest asks (Atlaskit needs them); the host uses the same, so a
 * page that works here does not rely on anything Forge would block.
 */
export const FORGE_LIKE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'self'",
].join('; ');

const MAX_JSON_BODY = 2 * 1024 * 1024;
const JIRA_PROXY = '/proxy/jira';
const ZENDESK_PROXY = '/proxy/zendesk';

export interface WebHostOptions {
  stack: HostedStack;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  shellDir?: string;
  adminDir?: string;
  initialUser?: string;
  initialLicense?: LicenseSwitch;
  /** Timers of the sync runner (scheduled runs off by default; deliveries every 400 ms). */
  sync?: Pick<SyncRunnerOptions, 'scheduleEveryMs' | 'deliverEveryMs'>;
}

export interface WebHost {
  url: string;
  port: number;
  session: HostSession;
  sync: SyncRunner;
  close(): Promise<void>;
}

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  // A JSON content type cannot be sent cross-origin without a CORS preflight, which this host never grants.
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
    throw new HttpProblem(415, 'Send application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_JSON_BODY) throw new HttpProblem(413, 'Request body too large');
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? (JSON.parse(text) as unknown) : {};
  } catch {
    throw new HttpProblem(400, 'Body is not JSON');
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new HttpProblem(400, z.prettifyError(parsed.error));
  return parsed.data;
}

function failureText(result: InvocationResult): string {
  if (result.status === 'ok') return '';
  const error = result.error;
  const detail = error instanceof Error ? error.message : String(error);
  return result.status === 'timeout'
    ? `The function timed out: ${detail}`
    : `The function failed (${result.status}): ${detail}`;
}

const manifestTitlesSchema = z.object({
  modules: z
    .record(z.string(), z.array(z.looseObject({ key: z.string(), title: z.string().optional() })))
    .optional(),
});

async function moduleTitles(appDir: string): Promise<Map<string, string>> {
  const text = await readFile(join(appDir, 'manifest.yml'), 'utf8');
  const parsed = manifestTitlesSchema.parse(parseYaml(text));
  const titles = new Map<string, string>();
  for (const entries of Object.values(parsed.modules ?? {})) {
    for (const entry of entries) if (entry.title) titles.set(entry.key, entry.title);
  }
  return titles;
}

/** The admin page's index.html with the bridge script placed before its first script. */
export function injectBridge(html: string, scriptPath = ADMIN_BRIDGE_PATH): string {
  const tag = `<script type="module" src="${scriptPath}"></script>`;
  const firstScript = html.search(/<script\b/i);
  if (firstScript >= 0) return `${html.slice(0, firstScript)}${tag}\n    ${html.slice(firstScript)}`;
  const headEnd = html.search(/<\/head>/i);
  if (headEnd >= 0) return `${html.slice(0, headEnd)}${tag}\n${html.slice(headEnd)}`;
  throw new Error('The admin page has neither a <script> nor a </head>: cannot inject the bridge');
}

const MISSING_BUILD = (what: string, dir: string) =>
  `<!doctype html><meta charset="utf-8"><title>Not built</title><body style="font-family:sans-serif;padding:2em">` +
  `<h1>${what} is not built</h1><p>Expected a build in <code>${dir}</code>. Run <code>npm start</code> ` +
  `(it builds what is missing) or <code>npm run build</code>.</p>`;

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const { stack } = options;
  const { emulator, zendesk } = stack;
  const shellDir = options.shellDir ?? DEFAULT_SHELL_DIR;
  const adminDir = options.adminDir ?? DEFAULT_ADMIN_DIR;
  const users = hostUsers(stack.jira.users);
  const session = new HostSession(emulator, users, {
    ...(options.initialUser ? { user: options.initialUser } : {}),
    ...(options.initialLicense ? { license: options.initialLicense } : {}),
  });
  const sync = createSyncRunner({ emulator, ...options.sync });
  const titles = await moduleTitles(emulator.appDir);
  const uiModule = (kind: 'admin' | 'panel') => {
    const type = kind === 'admin' ? 'jira:adminPage' : 'jira:issuePanel';
    const found = emulator.manifest.uiModules.find((m) => m.type === type);
    if (!found) throw new HttpProblem(500, `manifest.yml has no ${type} module`);
    return found;
  };
  const adminUser = users.find((u) => u.key === 'admin') ?? users[0];

  const sessionBody = (): Session => {
    const admin = uiModule('admin');
    const panel = uiModule('panel');
    const last = sync.lastRun();
    return {
      users: users.map(({ key, accountId, displayName, role }) => ({ key, accountId, displayName, role })),
      user: session.user.key,
      license: session.license,
      site: { cloudId: emulator.cloudId, siteUrl: 'https://emulated-site.atlassian.net' },
      modules: {
        admin: { key: admin.key, title: titles.get(admin.key) ?? admin.key },
        panel: { key: panel.key, title: titles.get(panel.key) ?? panel.key },
      },
      // The connector's incremental export and Jira links need an admin's token (Zendesk "Allowed For: Admins").
      zendesk: {
        subdomain: zendesk.subdomain,
        email: zendesk.credentials.admin.email,
        apiToken: zendesk.credentials.admin.token,
        agentUrl: `https://${zendesk.subdomain}.zendesk.com/agent`,
        oauthClientId: SANDBOX_OAUTH_CLIENT.identifier,
        oauthClientSecret: SANDBOX_OAUTH_CLIENT.secret,
      },
      zendeskNow: new Date(zendesk.clock.now()).toISOString(),
      scheduler: {
        intervalSeconds: sync.intervalSeconds,
        lastRun: last
          ? {
              startedAt: last.startedAt,
              finishedAt: last.finishedAt,
              ok: last.ok,
              ...(last.message ? { message: last.message } : {}),
            }
          : null,
        running: sync.running(),
      },
    };
  };

  const invoke = async (req: IncomingMessage, res: ServerResponse) => {
    const request = parseWith(invokeRequestSchema, await readJson(req));
    const ui = uiModule(request.module);
    if (request.extension.type !== ui.type)
      throw new HttpProblem(400, `extension ${request.extension.type} does not match module ${ui.type}`);
    if (!ui.resolverFunction) throw new HttpProblem(500, `module ${ui.key} has no resolver function`);
    const result = await emulator.invokeResolver(
      ui.resolverFunction,
      { functionKey: request.functionKey, payload: request.payload },
      { accountId: session.user.accountId, moduleKey: ui.key, extension: request.extension },
    );
    const body: InvokeResponse =
      result.status === 'ok'
        ? { ok: true, result: result.value ?? null }
        : { ok: false, error: failureText(result) };
    sendJson(res, result.status === 'ok' ? 200 : 500, body);
  };

  const activity = async (res: ServerResponse) => {
    const admin = uiModule('admin');
    const body: ActivityResponse = { activity: null, hostRuns: sync.history() };
    if (!admin.resolverFunction || !adminUser) {
      body.error = 'No admin resolver or admin user to read activity with';
    } else {
      const result = await emulator.invokeResolver(
        admin.resolverFunction,
        { functionKey: 'getActivity', payload: {} },
        { accountId: adminUser.accountId, moduleKey: admin.key, extension: { type: admin.type } },
      );
      if (result.status !== 'ok') {
        body.error = failureText(result);
      } else {
        const answer = z
          .union([
            z.object({ ok: z.literal(true), data: activityViewSchema }),
            z.object({ ok: z.literal(false), error: z.object({ message: z.string() }) }),
          ])
          .safeParse(result.value);
        if (!answer.success)
          body.error = `getActivity answered something unexpected: ${z.prettifyError(answer.error)}`;
        else if (answer.data.ok) body.activity = answer.data.data;
        else body.error = answer.data.error.message;
      }
    }
    sendJson(res, 200, body);
  };

  const api = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    const method = req.method ?? 'GET';
    if (path === '/api/session' && method === 'GET') return sendJson(res, 200, sessionBody());
    if (path === '/api/session' && method === 'PUT') {
      const problem = session.update(parseWith(sessionUpdateSchema, await readJson(req)));
      if (problem) throw new HttpProblem(400, problem);
      return sendJson(res, 200, sessionBody());
    }
    if (path === '/api/invoke' && method === 'POST') return invoke(req, res);
    if (path === '/api/sync/run' && method === 'POST') {
      await readJson(req);
      return sendJson(res, 200, await sync.runNow('manual'));
    }
    if (path === '/api/clock/advance' && method === 'POST') {
      const { seconds } = parseWith(clockAdvanceSchema, await readJson(req));
      zendesk.clock.advance(seconds * 1000);
      return sendJson(res, 200, { now: new Date(zendesk.clock.now()).toISOString() });
    }
    if (path === '/api/activity' && method === 'GET') return activity(res);
    throw new HttpProblem(404, `No ${method} ${path}`);
  };

  const proxyJira = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (!['GET', 'POST', 'PUT'].includes(req.method ?? '')) throw new HttpProblem(405, 'Method not allowed');
    const user = session.user;
    return forward(req, res, {
      base: stack.jira.url,
      path: `${url.pathname.slice(JIRA_PROXY.length)}${url.search}`,
      headers: { authorization: basicAuth(user.email, user.apiToken) },
    });
  };

  const proxyZendesk = (req: IncomingMessage, res: ServerResponse, url: URL) => {
    const path = url.pathname.slice(ZENDESK_PROXY.length);
    const method = req.method ?? 'GET';
    if (path.startsWith('/__sim/tickets') || (path === '/__sim/jira-links' && method === 'GET')) {
      // The control API: what an agent or a customer does in Zendesk's own interface.
      if (!['GET', 'POST', 'PUT'].includes(method)) throw new HttpProblem(405, 'Method not allowed');
      return forward(req, res, { base: zendesk.url, path: `${path}${url.search}`, headers: {} });
    }
    if (path.startsWith('/api/v2/') && method === 'GET') {
      // Reads as the simulator's agent (not the connector's admin), as a person at the agent desk.
      const agent = zendesk.credentials.agent;
      return forward(req, res, {
        base: zendesk.url,
        path: `${path}${url.search}`,
        headers: {
          authorization: basicAuth(`${agent.email}/token`, agent.token),
          'x-forwarded-host': `${zendesk.subdomain}.zendesk.com`,
        },
      });
    }
    throw new HttpProblem(404, `The sandbox does not proxy ${method} ${path}`);
  };

  const serveAdmin = async (res: ServerResponse, path: string) => {
    const rest = path.slice('/admin-ui'.length) || '/';
    if (rest === '/' || rest === '/index.html') {
      let html: string;
      try {
        html = await readFile(join(adminDir, 'index.html'), 'utf8');
      } catch {
        res
          .writeHead(503, { 'content-type': 'text/html; charset=utf-8' })
          .end(MISSING_BUILD('The admin page', adminDir));
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-store',
        'content-security-policy': FORGE_LIKE_CSP,
      });
      res.end(injectBridge(html));
      return;
    }
    const file = await resolveFile(adminDir, rest);
    if (!file) throw new HttpProblem(404, `No admin asset ${rest}`);
    sendFile(res, file);
  };

  const serveShell = async (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpProblem(405, 'Method not allowed');
    if (path !== '/' && path !== '/index.html') {
      const file = await resolveFile(shellDir, path);
      if (file) {
        sendFile(
          res,
          file,
          path === '/panel-runtime.html' ? { 'content-security-policy': FORGE_LIKE_CSP } : {},
        );
        return;
      }
      if (path.startsWith('/assets/') || path.includes('.')) throw new HttpProblem(404, `No file ${path}`);
    }
    // Client-side routes (/issues, /browse/KEY, …) all load the SPA.
    const index = await resolveFile(shellDir, '/index.html');
    if (!index) {
      res
        .writeHead(503, { 'content-type': 'text/html; charset=utf-8' })
        .end(MISSING_BUILD('The sandbox shell', shellDir));
      return;
    }
    sendFile(res, index);
  };

  let allowedHosts = new Set<string>();
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    // Only requests addressed to this loopback host: a DNS-rebinding page cannot drive the sandbox.
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase()))
      throw new HttpProblem(421, 'Misdirected request');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    if (path.startsWith('/api/')) return api(req, res, path);
    if (path.startsWith(`${JIRA_PROXY}/rest/api/3/`)) return proxyJira(req, res, url);
    if (path.startsWith(`${ZENDESK_PROXY}/`)) return proxyZendesk(req, res, url);
    if (await serveOAuthRoute({ emulator: stack.emulator, zendesk }, req, res, url)) return;
    if (path === '/admin-ui') {
      res.writeHead(301, { location: '/admin-ui/' }).end();
      return;
    }
    if (path.startsWith('/admin-ui/')) return serveAdmin(res, path);
    return serveShell(req, res, path);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      if (status === 500) console.error('[sandbox web]', error);
      if (res.headersSent) {
        res.end();
        return;
      }
      sendJson(res, status, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  server.keepAliveTimeout = 2000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  // Zendesk's consent redirect must reach the app's web trigger through this host.
  stack.emulator.configure({ webTriggerBaseUrl: `http://127.0.0.1:${port}${WEBTRIGGER_PREFIX}` });
  registerSandboxOAuthClient(stack.emulator, stack.zendesk);

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    session,
    sync,
    async close() {
      await sync.stop();
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
