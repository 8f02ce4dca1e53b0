/**
 * The request loop: host → faults → rate limit → auth → route → response, with every request logged.
 *
 * Hosts: requests arrive on loopback with the host the client meant in `x-forwarded-host`:
 * `{subdomain}.zendesk.com` (API) or `{subdomain}.zdusercontent.com` (attachment downloads). A
 * request without the header is a direct call: the API, or the /__sim control API. A subdomain
 * other than the simulated one gets Zendesk's "No help desk at …" 404 (see errors.noHelpDesk).
 */
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorize, identify } from './auth';
import type { SimClock } from './clock';
import {
  invalidEndpoint,
  noHelpDesk,
  NotFoundError,
  RecordInvalidError,
  recordInvalid,
  recordNotFound,
  tooManyRequests,
} from './errors';
import type { FaultInjector, FaultPlan } from './faults';
import { BadRequestError, type Identity, type SimRequest, type SimResponse } from './http';
import type { RequestLog } from './log';
import { accountHeaders, type MinuteLimiter } from './rateLimit';
import { normalizePath, type Router } from './router';
import { downloadAttachment } from './routes/uploads';
import type { ZendeskState } from './state';
import { UpdateConflictError } from './ticketsDomain';

/** Larger than Zendesk's 50 MB upload limit so the route, not the reader, refuses big files. */
const MAX_BODY_BYTES = 60 * 1024 * 1024;

export interface ServerDeps {
  state: ZendeskState;
  clock: SimClock;
  api: Router;
  control: Router;
  log: RequestLog;
  faults: FaultInjector;
  accountLimiter: MinuteLimiter;
}

type HostKind =
  { kind: 'api' } | { kind: 'attachments' } | { kind: 'control' } | { kind: 'unknown'; host: string };

function classifyHost(state: ZendeskState, forwarded: string | undefined, path: string): HostKind {
  if (!forwarded)
    return path === '/__sim' || path.startsWith('/__sim/') ? { kind: 'control' } : { kind: 'api' };
  const host = forwarded.split(',')[0]?.trim().toLowerCase().replace(/:\d+$/, '') ?? '';
  if (host === `${state.subdomain}.zendesk.com`) return { kind: 'api' };
  if (host === `${state.subdomain}.zdusercontent.com`) return { kind: 'attachments' };
  return { kind: 'unknown', host };
}

let knownPaths: { pattern: RegExp; literals: number }[] | null = null;

/**
 * How specific the most specific Zendesk path (per its OpenAPI file) matching this one is: its
 * count of literal segments, or -1 when Zendesk has no such path. A real path the simulator does
 * not implement answers 501, not 404 — also when a `:id` route would otherwise catch it
 * (`/api/v2/tickets/update_many` is not ticket "update_many").
 */
function knownPathLiterals(path: string): number {
  if (!knownPaths) {
    const raw: unknown = JSON.parse(readFileSync(new URL('./openapi-subset.json', import.meta.url), 'utf8'));
    const paths =
      raw && typeof raw === 'object' && 'paths' in raw && Array.isArray(raw.paths)
        ? (raw.paths as unknown[])
        : [];
    knownPaths = paths
      .filter((p): p is string => typeof p === 'string')
      .map((p) => normalizePath(p))
      .map((p) => ({
        pattern: new RegExp(`^${p.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
        literals: p.split('/').filter((s) => s !== '' && !s.startsWith('{')).length,
      }));
  }
  let best = -1;
  for (const known of knownPaths) if (known.pattern.test(path)) best = Math.max(best, known.literals);
  return best;
}

function templateLiterals(template: string): number {
  return template.split('/').filter((s) => s !== '' && !s.startsWith(':')).length;
}

function notSimulatedResponse(method: string, path: string): SimResponse {
  return {
    status: 501,
    body: { error: 'NotSimulated', description: `${method} ${path} exists in Zendesk but is not simulated` },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else parts.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function identityLabel(id: Identity): string {
  return id.kind === 'user' ? id.user.email : id.kind;
}

function faultResponse(plan: FaultPlan): SimResponse | null {
  if (plan.error) {
    const body = plan.error.body ?? {
      error: plan.error.status === 503 ? 'ServiceUnavailable' : 'InternalServerError',
      description: 'Injected fault',
    };
    return { status: plan.error.status, body };
  }
  if (plan.rateLimit) return tooManyRequests(plan.rateLimit.retryAfterSeconds);
  return null;
}

async function runHandler(handler: () => SimResponse | Promise<SimResponse>): Promise<SimResponse> {
  try {
    return await handler();
  } catch (e) {
    if (e instanceof RecordInvalidError) return recordInvalid(e.details);
    if (e instanceof NotFoundError) return recordNotFound();
    if (e instanceof BadRequestError)
      return { status: e.status, body: { error: 'BadRequest', description: e.message } };
    if (e instanceof UpdateConflictError)
      // 409 Conflict: https://developer.zendesk.com/api-reference/ticketing/ticket-management/tags/#safe-update
      // ("the request returns a 409 Conflict error"); the error code and text are [unverified].
      return { status: 409, body: { error: 'UpdateConflict', description: e.message } };
    console.error('[zendesk-sim] handler failed:', e);
    return {
      status: 500,
      body: { error: 'InternalServerError', description: e instanceof Error ? e.message : String(e) },
    };
  }
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const { state, clock, log, faults } = deps;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedReal = Date.now();
    // When the request reaches Zendesk: after its simulated latency, the moment the account
    // budget counts it, so the request log and the limiter agree on its minute.
    let at = clock.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = normalizePath(url.pathname);
    const forwardedHeader = req.headers['x-forwarded-host'];
    const forwarded = Array.isArray(forwardedHeader) ? forwardedHeader[0] : forwardedHeader;
    const hostKind = classifyHost(state, forwarded, path);
    const host =
      hostKind.kind === 'unknown'
        ? hostKind.host
        : hostKind.kind === 'attachments'
          ? `${state.subdomain}.zdusercontent.com`
          : hostKind.kind === 'control'
            ? (req.headers.host ?? 'loopback')
            : `${state.subdomain}.zendesk.com`;
    const authHeader = typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined;
    let identity: Identity = { kind: 'anonymous' };
    let ruleIds: string[] = [];

    const finish = (status: number, dropped: boolean) => {
      log.add({
        method,
        path,
        query: Object.fromEntries(url.searchParams),
        host,
        status,
        identity: identityLabel(identity),
        hadAuthorization: authHeader !== undefined,
        at,
        durationMs: Date.now() - startedReal,
        faults: ruleIds,
        dropped,
      });
    };
    const drop = () => {
      req.socket.destroy();
      finish(0, true);
    };
    const send = async (response: SimResponse, extraHeaders: Record<string, string> = {}) => {
      // Date follows the simulated clock, so a client reading server time sees the account's time.
      const headers: Record<string, string> = {
        date: new Date(clock.now()).toUTCString(),
        ...extraHeaders,
        ...response.headers,
      };
      let payload: Buffer | string | undefined;
      if (response.stream === undefined) {
        if (response.raw !== undefined) payload = response.raw;
        else if (response.body !== undefined && response.status !== 204) {
          payload = JSON.stringify(response.body);
          headers['content-type'] ??= 'application/json; charset=utf-8';
        }
        if (payload !== undefined) headers['content-length'] ??= String(Buffer.byteLength(payload));
      }
      res.writeHead(response.status, headers);
      if (response.stream) {
        const stream = response.stream();
        await new Promise<void>((resolve) => {
          stream.on('error', () => {
            res.destroy();
            resolve();
          });
          res.on('close', resolve);
          stream.pipe(res);
        });
      } else {
        res.end(method === 'HEAD' ? undefined : payload);
      }
      finish(response.status, false);
    };

    const body = await readBody(req);
    if (body === null) {
      await send({
        status: 413,
        body: { error: 'RequestTooLarge', description: 'Request body is too large' },
      });
      return;
    }

    const simRequest = (params: SimRequest['params']): SimRequest => ({
      method,
      path,
      query: url.searchParams,
      headers: req.headers,
      body,
      params,
      identity,
    });

    if (hostKind.kind === 'control') {
      const match = deps.control.match(method, path);
      if (!match || 'methodMismatch' in match)
        return send({
          status: 404,
          body: { error: 'NotFound', description: `No control route ${method} ${path}` },
        });
      const simReq = simRequest(match.params);
      return send(await runHandler(() => match.route.handler(simReq)));
    }
    if (hostKind.kind === 'unknown') return send(noHelpDesk(hostKind.host));

    const plan = faults.evaluate(method, path);
    ruleIds = plan.ruleIds;
    if (plan.latencyMs > 0) {
      await sleep(plan.latencyMs);
      at = clock.now();
    }
    for (const arrived of plan.onArrival) arrived();
    if (plan.drop === 'before') return drop();
    const injected = faultResponse(plan);

    if (hostKind.kind === 'attachments') {
      if (injected) return send(injected);
      const response = downloadAttachment(state, path, method);
      if (plan.drop === 'after') return drop();
      return send(response);
    }

    identity = identify(state, authHeader, clock.now());
    // The account budget applies to every API call and is reported on every API response.
    const decision = deps.accountLimiter.take();
    const rateHeaders = accountHeaders(decision);
    if (injected) return send(injected, rateHeaders);
    if (!decision.allowed) return send(tooManyRequests(decision.resetSeconds), rateHeaders);

    const match = deps.api.match(method, path);
    const known = knownPathLiterals(path);
    if (!match || 'methodMismatch' in match) {
      // A path Zendesk has, asked with a method the simulator lacks, is also "not simulated".
      if (known >= 0) return send(notSimulatedResponse(method, path), rateHeaders);
      return send(invalidEndpoint(), rateHeaders);
    }
    if (known > templateLiterals(match.route.template)) {
      return send(notSimulatedResponse(method, path), rateHeaders);
    }
    const simReq = simRequest(match.params);
    const refusal = authorize(simReq, match.route.access);
    if (refusal) return send(refusal, rateHeaders);
    const response = await runHandler(() => match.route.handler(simReq));
    if (plan.drop === 'after') return drop();
    return send(response, rateHeaders);
  }

  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error('[zendesk-sim] request failed:', e);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'InternalServerError' }));
    });
  };
}
