/**
 * Jira points: Jira Cloud's points-based rate limit charges every request a base cost of 1
 * point, plus 1 point per object a read returns; writes cost the base point only
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting, "Points are calculated
 * based on the type of API request and the objects affected").
 *
 * The Jira simulator's request log has the requests but not what they returned, so the bench
 * puts this loopback proxy between every Jira client (the app through the emulator, the
 * baselines through fetch) and the simulator. It forwards each request unchanged and records
 * the objects in each answer. Request counts still come from the simulator's own log.
 *
 * Objects in an answer: a top-level array counts its elements; a page (`values`, `comments`,
 * `transitions`, `worklogs`) counts its elements, a page of `issues` (search, bulk fetch) each
 * issue as below; a permission map counts its permissions; an issue counts 1 plus the comments
 * and attachments embedded in its fields and the transitions it was expanded with; any other
 * JSON object counts 1; errors, empty bodies and file content count 0 (content is one object:
 * the file, counted 1 when the answer is 2xx).
 *
 * Reads sent as POST because their body is large (POST /issue/bulkfetch, POST /search/jql) are
 * charged as reads: 1 + the objects they return.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const LIST_KEYS = ['values', 'comments', 'transitions', 'worklogs'] as const;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const READS_BY_POST = new Set(['/rest/api/3/issue/bulkfetch', '/rest/api/3/search/jql']);

/** Whether a request changes something (reads sent as POST do not). */
export function isWrite(method: string, path: string): boolean {
  return WRITES.has(method.toUpperCase()) && !READS_BY_POST.has(path.split('?')[0] ?? '');
}

export interface PointTally {
  requests: number;
  reads: number;
  writes: number;
  objects: number;
  points: number;
}

export const ZERO_POINTS: PointTally = { requests: 0, reads: 0, writes: 0, objects: 0, points: 0 };

function len(v: unknown): number {
  return Array.isArray(v) ? v.length : 0;
}

/** Objects in one JSON answer (see the file comment). */
/** An issue: itself, plus what it embeds (comments, attachments) or was expanded with (transitions). */
function issueObjects(o: Record<string, unknown>): number {
  const f = o.fields as { comment?: { comments?: unknown }; attachment?: unknown };
  return 1 + len(f.comment?.comments) + len(f.attachment) + len(o.transitions);
}

export function objectsIn(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (body === null || typeof body !== 'object') return 0;
  const o = body as Record<string, unknown>;
  if (isIssue(o)) return issueObjects(o);
  if (Array.isArray(o.issues))
    return (o.issues as unknown[]).reduce<number>(
      (n, issue) => n + (isIssue(issue) ? issueObjects(issue as Record<string, unknown>) : 1),
      0,
    );
  for (const key of LIST_KEYS) if (Array.isArray(o[key])) return len(o[key]);
  if (o.permissions !== null && typeof o.permissions === 'object') return Object.keys(o.permissions).length;
  return 1;
}

function isIssue(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return false;
  const o = v as Record<string, unknown>;
  return typeof o.key === 'string' && o.fields !== null && typeof o.fields === 'object';
}

/** Points one answered request costs. */
export function pointsFor(method: string, status: number, objects: number, path = ''): number {
  if (isWrite(method, path)) return 1;
  return status >= 200 && status < 400 ? 1 + objects : 1;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

class PointCounter {
  tally: PointTally = { ...ZERO_POINTS };

  record(method: string, path: string, status: number, objects: number): void {
    const t = this.tally;
    t.requests += 1;
    if (isWrite(method, path)) t.writes += 1;
    else t.reads += 1;
    t.objects += objects;
    t.points += pointsFor(method, status, objects, path);
  }
}

export class JiraPointsProxy {
  private constructor(
    private readonly server: Server,
    private readonly counter: PointCounter,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<JiraPointsProxy> {
    const counter = new PointCounter();
    const server = createServer((req, res) => {
      void (async () => {
        const body = await readBody(req);
        const headers = new Headers();
        for (const [k, v] of Object.entries(req.headers))
          if (!HOP.has(k) && v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
        const method = req.method ?? 'GET';
        const answer = await fetch(`${target}${req.url ?? '/'}`, {
          method,
          headers,
          ...(body.length > 0 ? { body: new Uint8Array(body) } : {}),
          redirect: 'manual',
        });
        const bytes = Buffer.from(await answer.arrayBuffer());
        const type = answer.headers.get('content-type') ?? '';
        let objects = 0;
        if (answer.ok && type.includes('json') && bytes.length > 0) {
          try {
            objects = objectsIn(JSON.parse(bytes.toString('utf8')));
          } catch {
            objects = 0;
          }
        } else if (answer.ok && bytes.length > 0) objects = 1;
        counter.record(method, req.url ?? '/', answer.status, objects);
        const out: Record<string, string> = {};
        answer.headers.forEach((v, k) => {
          if (!HOP.has(k) && k !== 'content-encoding') out[k] = v;
        });
        res.writeHead(answer.status, { ...out, 'content-length': String(bytes.length) });
        res.end(bytes);
      })().catch((error: unknown) => {
        res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`jira points proxy: ${String(error)}`);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    return new JiraPointsProxy(server, counter, `http://127.0.0.1:${port}`);
  }

  reset(): void {
    this.counter.tally = { ...ZERO_POINTS };
  }

  read(): PointTally {
    return { ...this.counter.tally };
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
