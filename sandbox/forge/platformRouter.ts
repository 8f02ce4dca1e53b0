/**
 * Serves `__forge_fetch__` and guarded `fetch` calls: picks the service from the descriptor the
 * SDK passed (docs/contracts/forge-platform.md § Runtime globals), gates the call on the invocation still
 * being alive, records it, and counts writes for crash faults.
 */
import { z } from 'zod';
import type { CallLog, PlatformCall } from './callLog';
import type { EmulatorClock } from './clock';
import { egressFetch, type EgressDeps } from './egressFetch';
import { EmulatorConfigError } from './errors';
import type { Invocation } from './invocation';
import type { Faults } from './faults';
import { handleKvs, kvsOpFor } from './kvs/wire';
import { failures } from './kvs/limits';
import type { EntityCatalog } from './kvs/entities';
import type { KvsStore } from './kvs/store';
import type { ConsumerDef } from './manifest';
import { productFetch, type JiraWiring } from './productFetch';
import { handleQueueRequest, isQueuePath } from './queueWire';
import type { WorkQueue } from './workQueue';
import { answerWebTriggerGraphql } from './webtrigger';

const descriptorSchema = z.object({
  type: z.string(),
  provider: z.string().optional(),
  remote: z.string().optional(),
  accountId: z.string().optional(),
  contextAri: z.string().optional(),
});

export interface RouterDeps {
  readonly store: KvsStore;
  readonly entities: EntityCatalog;
  readonly faults: Faults;
  readonly log: CallLog;
  readonly work: WorkQueue;
  readonly clock: EmulatorClock;
  readonly consumers: readonly ConsumerDef[];
  readonly realFetch: typeof fetch;
  jira(): JiraWiring | undefined;
  egress(): EgressDeps;
  /** The URL of a webtrigger module, or null when the manifest has none by that key. */
  webTriggerUrl(key: string): string | null;
}

/**
 * Jira reads sent as POST because their request body is large (issue ids, JQL): they change
 * nothing, so a crash "after a write" does not count them (Jira platform OpenAPI:
 * bulkFetchIssues, searchAndReconsileIssuesUsingJqlPost, getBulkChangelogs).
 */
const JIRA_READS_BY_POST = new Set([
  '/rest/api/3/issue/bulkfetch',
  '/rest/api/3/search/jql',
  '/rest/api/3/changelog/bulkfetch',
]);

function isJiraReadByPost(method: string, path: string): boolean {
  return method === 'POST' && JIRA_READS_BY_POST.has(path.split('?')[0] ?? '');
}

export class PlatformRouter {
  constructor(private readonly deps: RouterDeps) {}

  async forgeFetch(
    inv: Invocation | undefined,
    rawDescriptor: unknown,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    inv?.admitCall();
    const parsed = descriptorSchema.safeParse(rawDescriptor);
    if (!parsed.success)
      throw new EmulatorConfigError(
        `Unrecognised __forge_fetch__ descriptor: ${JSON.stringify(rawDescriptor)}`,
      );
    const d = parsed.data;
    if (d.type === 'kvs') return this.kvs(inv, path, init);
    if (d.type === 'fpp' && d.remote === 'jira') return this.jira(inv, d, path, init);
    if (d.type === 'fpp' && d.remote === 'stargate' && isQueuePath(path)) return this.queue(inv, path, init);
    if (d.type === 'fpp' && d.remote === 'stargate' && path === '/graphql') {
      const answer = answerWebTriggerGraphql(await bodyText(init?.body), (key) =>
        this.deps.webTriggerUrl(key),
      );
      if (answer) {
        this.record(inv, {
          kind: 'jira',
          method: 'POST',
          target: '/graphql',
          status: answer.status,
          write: false,
        });
        return jsonResponse(answer.status, answer.body);
      }
    }
    throw new EmulatorConfigError(
      `Not emulated: ${d.type}/${d.remote ?? '-'} ${path} (only KVS, requestJira, the async-events queue and webTrigger.getUrl are)`,
    );
  }

  async egressFetch(
    inv: Invocation,
    input: RequestInfo | URL,
    init: RequestInit | undefined,
  ): Promise<Response> {
    inv.admitCall();
    let outcome;
    try {
      outcome = await egressFetch(this.deps.egress(), input, init);
    } catch (e) {
      this.record(inv, {
        kind: 'egress',
        method: init?.method ?? 'GET',
        target: describeInput(input),
        status: 0,
        write: false,
        refused: (e as Error).message,
      });
      throw e;
    }
    let wrote = false;
    for (const hop of outcome.hops) {
      const write = hop.refused === undefined && hop.method !== 'GET' && hop.method !== 'HEAD';
      wrote ||= write;
      this.record(inv, {
        kind: 'egress',
        method: hop.method,
        target: hop.url,
        status: hop.status,
        write,
        ...(hop.refused !== undefined ? { refused: hop.refused } : {}),
      });
    }
    if (wrote) inv.noteWrite();
    return outcome.response;
  }

  private async kvs(
    inv: Invocation | undefined,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    const body = await bodyText(init?.body);
    const kind = kvsOpFor(path);
    if (kind) await this.deps.faults.arriveKvs(kind);
    if (kind && this.deps.faults.takeKvsFailure(kind, body)) {
      this.record(inv, {
        kind: 'kvs',
        method: kind,
        target: '',
        status: 500,
        write: false,
        refused: 'failKvs',
      });
      return jsonResponse(500, failures.internal());
    }
    const out = handleKvs(this.deps.store, this.deps.entities, path, init?.method ?? 'GET', body);
    this.deps.log.countKvs(out.op, out.keys.length);
    this.record(inv, {
      kind: 'kvs',
      method: out.op,
      target: out.keys.join(','),
      status: out.status,
      write: out.wrote,
    });
    if (out.wrote) inv?.noteWrite();
    return jsonResponse(out.status, out.body);
  }

  private async jira(
    inv: Invocation | undefined,
    d: z.infer<typeof descriptorSchema>,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    const method = (init?.method ?? 'GET').toUpperCase();
    const external = async (url: URL): Promise<Response> => {
      if (!inv)
        throw new EmulatorConfigError(
          `A product redirect to ${url.href} outside an invocation cannot be egress-checked`,
        );
      return this.egressFetch(inv, url, { method: 'GET' });
    };
    let out;
    try {
      out = await productFetch(
        this.deps.jira(),
        this.deps.realFetch,
        { provider: d.provider, accountId: d.accountId },
        inv?.identity.accountId,
        path,
        init,
        external,
      );
    } catch (e) {
      this.record(inv, {
        kind: 'jira',
        method,
        target: path,
        status: 0,
        write: false,
        refused: (e as Error).message,
      });
      throw e;
    }
    const write =
      out.refused === undefined && method !== 'GET' && method !== 'HEAD' && !isJiraReadByPost(method, path);
    this.record(inv, {
      kind: 'jira',
      method,
      target: path,
      status: out.response.status,
      write,
      ...(out.refused !== undefined ? { refused: out.refused } : {}),
    });
    if (write) inv?.noteWrite();
    return out.response;
  }

  private async queue(
    inv: Invocation | undefined,
    path: string,
    init: RequestInit | undefined,
  ): Promise<Response> {
    const r = handleQueueRequest(path, await bodyText(init?.body), {
      queue: this.deps.work,
      consumers: this.deps.consumers,
      now: this.deps.clock.now(),
    });
    this.record(inv, {
      kind: 'queue',
      method: r.action,
      target: r.queueName,
      status: r.status,
      write: false,
    });
    return jsonResponse(r.status, r.body);
  }

  private record(
    inv: Invocation | undefined,
    call: Omit<PlatformCall, 'seq' | 'invocationId' | 'functionKey'>,
  ): void {
    this.deps.log.record({ ...call, invocationId: inv?.id, functionKey: inv?.identity.functionKey });
  }
}

function describeInput(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  if (input instanceof URL) return input.href;
  return input.url;
}

async function bodyText(body: BodyInit | null | undefined): Promise<string> {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  return new Response(body).text();
}

export function jsonResponse(status: number, body: unknown): Response {
  // Some SDK paths read a trace id from the response headers when reporting errors.
  const headers: Record<string, string> = { 'x-trace-id': 'forge-emulator' };
  if (status === 204 || body === undefined || body === '') return new Response(null, { status, headers });
  headers['content-type'] = 'application/json';
  return new Response(JSON.stringify(body), { status, headers });
}
