/**
 * Forwards a browser request to a simulator on loopback, streaming both bodies. The host
 * adds the credentials and host header; the browser never sees a simulator token.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';

const PASSED_REQUEST_HEADERS = ['content-type', 'accept', 'x-atlassian-token', 'content-length'];
const PASSED_RESPONSE_HEADERS = [
  'content-type',
  'retry-after',
  'location',
  'content-disposition',
  'content-length',
];

export interface ForwardTarget {
  /** Simulator base URL (http://127.0.0.1:port). */
  base: string;
  path: string;
  headers: Record<string, string>;
}

export function forward(req: IncomingMessage, res: ServerResponse, target: ForwardTarget): Promise<void> {
  const url = new URL(target.path, target.base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    // Only loopback simulators are ever proxied (helper-rules: no network but loopback).
    res
      .writeHead(502, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: 'not a loopback target' }));
    return Promise.resolve();
  }
  const headers: Record<string, string> = { ...target.headers };
  for (const name of PASSED_REQUEST_HEADERS) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  return new Promise((resolve) => {
    const upstream = request(url, { method: req.method ?? 'GET', headers }, (answer: IncomingMessage) => {
      const out: Record<string, string> = { 'cache-control': 'no-store' };
      for (const name of PASSED_RESPONSE_HEADERS) {
        const value = answer.headers[name];
        if (typeof value === 'string') out[name] = value;
      }
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
      answer.on('end', () => resolve());
      answer.on('error', () => resolve());
    });
    upstream.on('error', (error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `simulator unreachable: ${error.message}` }));
      resolve();
    });
    req.pipe(upstream);
  });
}

export function basicAuth(user: string, secret: string): string {
  return `Basic ${Buffer.from(`${user}:${secret}`, 'utf8').toString('base64')}`;
}
