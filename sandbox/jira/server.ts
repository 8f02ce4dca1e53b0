/**
 * The HTTP pipeline: route → authenticate → rate limits → faults → latency →
 * handler → answer, logging every request. `/__sim/...` routes skip auth, limits
 * and faults.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { authenticate } from './auth.js';
import { JiraError, PlainTextError, type SimResponse } from './errors.js';
import type { FaultInjector } from './faults.js';
import { notSimulated, realOperation } from './notSimulated.js';
import type { RequestLog } from './log.js';
import type { SimContext } from './mutations.js';
import { rateLimitError, type JiraRateLimits, type RequestFacts } from './rateLimit.js';
import type { RequestContext, Router } from './router.js';
import type { SimAccount } from './types.js';

/** Larger request bodies are refused outright (attachments have their own, smaller, limit). */
const MAX_BODY_BYTES = 256 * 1024 * 1024;
const INVALID_PAYLOAD = 'Invalid request payload. Refer to the REST API documentation and try again.';

export interface PipelineDeps {
  sim: SimContext;
  rest: Router;
  control: Router;
  log: RequestLog;
  faults: FaultInjector;
  limits: JiraRateLimits;
  latencyMs: number;
}

const limitsNow = (deps: PipelineDeps): Date => deps.limits.clock?.() ?? deps.sim.now();

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): () => Promise<Buffer> {
  let cached: Promise<Buffer> | undefined;
  return () =>
    (cached ??= new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          reject(new JiraError(413, ['The request body is too large.']));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    }));
}

function jsonReader(req: IncomingMessage, body: () => Promise<Buffer>) {
  return async <T>(schema: z.ZodType<T>): Promise<T> => {
    const contentType = String(req.headers['content-type'] ?? '').toLowerCase();
    // Jira's REST layer refuses non-JSON bodies on JSON resources with 415.
    if (!contentType.startsWith('application/json')) {
      throw new JiraError(415, ['Unsupported Media Type: the request body must be application/json.']);
    }
    const raw = (await body()).toString('utf8');
    let parsed: unknown;
    try {
      parsed = raw.trim() === '' ? undefined : JSON.parse(raw);
    } catch {
      throw JiraError.badRequest(INVALID_PAYLOAD);
    }
    const result = schema.safeParse(parsed);
    if (!result.success) throw JiraError.badRequest(INVALID_PAYLOAD);
    return result.data;
  };
}

function write(
  res: ServerResponse,
  response: SimResponse,
  requestId: string,
  accountId: string | null,
): void {
  const headers: Record<string, string> = { 'x-arequestid': requestId, ...(response.headers ?? {}) };
  if (accountId !== null) headers['x-aaccountid'] = accountId;
  let payload: Buffer | string | undefined = response.body;
  if (response.json !== undefined) {
    headers['content-type'] = 'application/json;charset=UTF-8';
    payload = JSON.stringify(response.json);
  }
  if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
  res.writeHead(response.status, headers);
  res.end(payload);
}

function toResponse(error: unknown): SimResponse {
  if (error instanceof JiraError || error instanceof PlainTextError) return error.toResponse();
  console.error('[jira-sim] handler failed', error);
  return new JiraError(500, ['Internal server error']).toResponse();
}

export function createPipeline(deps: PipelineDeps) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const requestId = randomBytes(6).toString('hex');
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', deps.sim.state.baseUrl);
    const isControl = url.pathname.startsWith('/__sim/');
    const router = isControl ? deps.control : deps.rest;
    const match = router.match(method, url.pathname);
    let routeId: string | null = null;
    let account: SimAccount | null = null;
    let status = 0;
    const finish = (response: SimResponse | null): void => {
      if (response === null) {
        res.destroy();
      } else {
        status = response.status;
        write(res, response, requestId, account?.accountId ?? null);
      }
      deps.log.add({
        at: new Date(started),
        method,
        path: url.pathname,
        route: routeId,
        status,
        accountId: account?.accountId ?? null,
        durationMs: Date.now() - started,
      });
    };
    try {
      if (!isControl) {
        // A real operation the simulator lacks answers 501, also when a templated route would catch it.
        const real = realOperation(method, url.pathname);
        const caughtBy = match.kind === 'found' ? match.route.literals : -1;
        if (real !== null && real.literals > caughtBy) {
          return finish(notSimulated(method, real.template).toResponse());
        }
      }
      if (match.kind === 'not-found') {
        return finish(new JiraError(404, [`null for uri: ${url.toString()}`]).toResponse());
      }
      if (match.kind === 'method-not-allowed') {
        return finish({ status: 405, headers: { allow: match.allowed.join(', ') } });
      }
      routeId = match.route.id;
      const body = readBody(req);
      const ctx: RequestContext = {
        req,
        method,
        url,
        params: match.params,
        query: url.searchParams,
        // Control routes run without a Jira account; reading it there is a programming error.
        get account(): SimAccount {
          if (account === null) throw new Error(`${routeId ?? url.pathname} has no authenticated account`);
          return account;
        },
        sim: deps.sim,
        body,
        json: jsonReader(req, body),
      };
      if (isControl) return finish(await match.route.handler(ctx));

      account = authenticate(deps.sim.state, req.headers.authorization);
      const issueParam = match.params.issueIdOrKey;
      const facts: RequestFacts = {
        routeId,
        method,
        // Forge calls (asApp/asUser) arrive with a bearer token; Basic is API-token traffic.
        appTraffic: /^bearer /i.test(String(req.headers.authorization ?? '')),
        issueId:
          issueParam === undefined
            ? null
            : (deps.sim.state.issue(issueParam)?.id ?? issueParam.toUpperCase()),
      };
      const limited = deps.limits.admit(facts, limitsNow(deps));
      if (limited !== null) return finish(limited.toResponse());
      const { latencyMs, fault } = deps.faults.take(routeId, account.accountId);
      if (deps.latencyMs + latencyMs > 0) await sleep(deps.latencyMs + latencyMs);
      if (fault?.kind === 'drop' && fault.when === 'before') return finish(null);
      if (fault?.kind === 'rateLimit')
        return finish(rateLimitError(fault.retryAfterSeconds ?? 1, 0, deps.sim.now()).toResponse());
      if (fault?.kind === 'error') {
        const headers: Record<string, string> =
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
        return finish(
          new JiraError(fault.status, [fault.message ?? 'Simulated failure.'], {}, headers).toResponse(),
        );
      }
      let response: SimResponse;
      try {
        response = await match.route.handler(ctx);
      } catch (error) {
        response = toResponse(error);
      }
      if (fault?.kind === 'drop' && fault.when === 'after') return finish(null);
      const quota = deps.limits.charge(facts, response.status, response.json, limitsNow(deps));
      return finish({ ...response, headers: { ...quota, ...(response.headers ?? {}) } });
    } catch (error) {
      return finish(toResponse(error));
    }
  };
}
