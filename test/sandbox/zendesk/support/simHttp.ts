/**
 * Plain-fetch helpers for the simulator tests. Requests go to the loopback URL with the host the
 * app would have used in `x-forwarded-host`, exactly as the Forge emulator forwards them.
 */
import {
  startZendeskSimulator,
  type ZendeskSimulator,
  type ZendeskSimulatorOptions,
} from '../../../../sandbox/zendesk/index';
import { afterAll } from 'vitest';
import { useForFile } from '../../../support/lateBound';

export type Who = 'admin' | 'agent' | 'endUser' | 'none' | { email: string; token: string } | { raw: string };

export interface CallOptions {
  method?: string;
  body?: unknown;
  rawBody?: Buffer | string;
  as?: Who;
  host?: string;
  headers?: Record<string, string>;
  redirect?: 'manual' | 'follow';
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body, or undefined when the body is not JSON. */
  json: unknown;
}

export function basic(email: string, token: string): string {
  return `Basic ${Buffer.from(`${email}/token:${token}`).toString('base64')}`;
}

function authHeader(sim: ZendeskSimulator, who: Who): string | undefined {
  if (who === 'none') return undefined;
  if (typeof who === 'object') return 'raw' in who ? who.raw : basic(who.email, who.token);
  const cred = sim.credentials[who];
  if (!cred) throw new Error(`no ${who} credentials`);
  return basic(cred.email, cred.token);
}

export async function call(sim: ZendeskSimulator, path: string, opts: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { 'x-forwarded-host': opts.host ?? sim.apiHost, ...opts.headers };
  const auth = authHeader(sim, opts.as ?? 'admin');
  if (auth) headers.authorization = auth;
  let body: Uint8Array<ArrayBuffer> | string | null = null;
  if (opts.rawBody !== undefined)
    body = typeof opts.rawBody === 'string' ? opts.rawBody : Uint8Array.from(opts.rawBody);
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${sim.url}${path}`, {
    method: opts.method ?? 'GET',
    headers,
    body,
    redirect: opts.redirect ?? 'manual',
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** Direct loopback call to the /__sim control API (no x-forwarded-host, no credentials). */
export async function control(
  sim: ZendeskSimulator,
  path: string,
  method = 'GET',
  body?: unknown,
): Promise<CallResult> {
  const res = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? null : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    text,
    json: text ? (JSON.parse(text) as unknown) : undefined,
  };
}

/** The simulator for one test file: started before its first test, closed after its last. */
export function useSim(options: ZendeskSimulatorOptions = {}): ZendeskSimulator {
  return useForFile(
    'simulator',
    () => startSim(options),
    (sim) => sim.close(),
  );
}

/**
 * Simulators started on demand (`start(options)`), each on top of `defaults`, all closed after
 * the file's last test: for files whose tests each want a simulator of their own.
 */
export function simulators(
  defaults: ZendeskSimulatorOptions,
): (options?: ZendeskSimulatorOptions) => Promise<ZendeskSimulator> {
  const started: ZendeskSimulator[] = [];
  afterAll(async () => {
    await Promise.all(started.map((s) => s.close()));
  });
  return async (options = {}) => {
    const sim = await startSim({ ...defaults, ...options });
    started.push(sim);
    return sim;
  };
}

export function startSim(options: ZendeskSimulatorOptions = {}): Promise<ZendeskSimulator> {
  return startZendeskSimulator(options);
}

/** Narrow an unknown JSON value to an object for property access in assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new Error(`expected an object, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`expected an array, got ${JSON.stringify(value)}`);
  return value;
}

/** Walks an incremental export from start_time to end_of_stream; returns every page's tickets. */
export async function walkExport(
  sim: ZendeskSimulator,
  startTime: number,
  perPage?: number,
): Promise<{ tickets: Record<string, unknown>[]; pages: number; lastCursor: string }> {
  const tickets: Record<string, unknown>[] = [];
  let path = `/api/v2/incremental/tickets/cursor.json?start_time=${startTime}${perPage ? `&per_page=${perPage}` : ''}`;
  let pages = 0;
  for (;;) {
    const res = await call(sim, path);
    if (res.status !== 200) throw new Error(`export answered ${res.status}: ${res.text}`);
    const body = obj(res.json);
    pages++;
    tickets.push(...arr(body.tickets).map(obj));
    const cursor = String(body.after_cursor);
    if (body.end_of_stream === true) return { tickets, pages, lastCursor: cursor };
    path = `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(cursor)}${perPage ? `&per_page=${perPage}` : ''}`;
  }
}
