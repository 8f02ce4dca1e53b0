/**
 * A man-in-the-middle between the Forge emulator's egress and the Zendesk simulator, playing a
 * Zendesk whose data points elsewhere: attachments named in `contentUrls` get that
 * `content_url` (and `mapped_content_url`) in every JSON answer, and downloads of files named
 * in `redirects` answer 302 to that location, and comments whose plain `body` is a key of
 * `htmlBodies` get that `html_body` (past Zendesk's own sanitizer). Everything else passes through unchanged, so
 * the app talks to the real simulator. Also a loopback "canary" that records any request, to
 * prove a URL pointing at it was never fetched.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HostileZendesk {
  url: string;
  /** file_name → content_url served instead of the simulator's. */
  contentUrls: Map<string, string>;
  /** file_name → Location of a 302 answered to the download instead of the file. */
  redirects: Map<string, string>;
  /** Comment `body` → `html_body` served instead of Zendesk's sanitized one. */
  htmlBodies: Map<string, string>;
  /** How many attachments or comments were rewritten. */
  rewrites: number;
  close(): Promise<void>;
}

export interface Canary {
  url: string;
  port: number;
  hits: string[];
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function body(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function rewrite(
  value: unknown,
  urls: ReadonlyMap<string, string>,
  html: ReadonlyMap<string, string>,
): number {
  let count = 0;
  if (Array.isArray(value)) {
    for (const v of value) count += rewrite(v, urls, html);
    return count;
  }
  if (value === null || typeof value !== 'object') return 0;
  const record = value as Record<string, unknown>;
  if (typeof record.body === 'string' && typeof record.html_body === 'string') {
    const replacement = html.get(record.body);
    if (replacement !== undefined) {
      record.html_body = replacement;
      count++;
    }
  }
  const name = record.file_name;
  if (typeof name === 'string' && typeof record.content_url === 'string') {
    const replacement = urls.get(name);
    if (replacement !== undefined) {
      record.content_url = replacement;
      record.mapped_content_url = replacement;
      count++;
    }
  }
  for (const v of Object.values(record)) count += rewrite(v, urls, html);
  return count;
}

export async function startHostileZendesk(simulatorUrl: string): Promise<HostileZendesk> {
  const state: HostileZendesk = {
    url: '',
    contentUrls: new Map(),
    redirects: new Map(),
    htmlBodies: new Map(),
    rewrites: 0,
    close: async () => closeServer(server),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = new URL(req.url ?? '/', simulatorUrl);
    const name = target.searchParams.get('name');
    if (req.method === 'GET' && target.pathname.startsWith('/attachments/token/') && name !== null) {
      const location = state.redirects.get(name);
      if (location !== undefined) {
        res.writeHead(302, { location, 'content-length': '0' }).end();
        return;
      }
    }
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (!HOP_HEADERS.has(k) && typeof v === 'string') headers[k] = v;
    }
    const payload = req.method === 'GET' || req.method === 'HEAD' ? undefined : await body(req);
    const upstream = await fetch(target, {
      method: req.method ?? 'GET',
      headers,
      ...(payload ? { body: new Uint8Array(payload) } : {}),
      redirect: 'manual',
    });
    let out = Buffer.from(await upstream.arrayBuffer());
    const type = upstream.headers.get('content-type') ?? '';
    if (type.includes('json') && out.length > 0) {
      const json: unknown = JSON.parse(out.toString('utf8'));
      const changed = rewrite(json, state.contentUrls, state.htmlBodies);
      if (changed > 0) {
        state.rewrites += changed;
        out = Buffer.from(JSON.stringify(json), 'utf8');
      }
    }
    const responseHeaders: Record<string, string> = {};
    upstream.headers.forEach((v, k) => {
      if (!HOP_HEADERS.has(k) && k !== 'content-encoding') responseHeaders[k] = v;
    });
    responseHeaders['content-length'] = String(out.length);
    res.writeHead(upstream.status, responseHeaders).end(out);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`hostile proxy: ${String(error)}`);
    });
  });
  const port = await listen(server);
  state.url = `http://127.0.0.1:${port}`;
  return state;
}

export async function startCanary(): Promise<Canary> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method ?? '?'} ${req.headers.host ?? ''}${req.url ?? ''}`);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('canary');
  });
  const port = await listen(server);
  return { url: `http://127.0.0.1:${port}`, port, hits, close: () => closeServer(server) };
}
