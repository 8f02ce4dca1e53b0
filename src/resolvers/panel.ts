/**
 * The issue panel's resolver (PanelApi in src/domain/rpc.ts). Every call, in this order:
 * license (an inactive production license is refused; development installs pass), strict
 * zod parsing of the payload (unknown keys such as an `issueId` are refused: the issue comes
 * from the invocation context only), the issue and the caller's access to it (asUser
 * mypermissions: BROWSE_PROJECTS to read, EDIT_ISSUES to link/unlink), then the Zendesk
 * connection. Every answer is a Result; nothing is thrown to the client.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import type { PanelApi, Result } from '../domain/rpc';
import { getPanel } from '../panel/getPanel';
import { linkRecord } from '../panel/link';
import { PanelError } from '../panel/errors';
import { refreshLink } from '../panel/refresh';
import { searchRecords } from '../panel/searchRecords';
import { MAX_QUERY_LENGTH } from '../panel/searchQuery';
import { openSession, type PanelSession, type SessionDeps } from '../panel/session';
import { startSyncForManualLink } from '../panel/syncStart';
import { unlinkRecord } from '../panel/unlink';
import { parsePayload, requireLicense, type ResolverRequest } from './guard';
import { logUnexpected, ok, toRpcError } from './result';

const itemId = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a Smart Connected Item id');

export const panelPayloadSchemas = {
  getPanel: z.strictObject({}),
  search: z.strictObject({
    itemId,
    query: z.string().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`),
  }),
  link: z.strictObject({
    itemId,
    recordId: z.string().regex(/^[1-9]\d{0,18}$/, 'must be a Zendesk record id (digits)'),
  }),
  unlink: z.strictObject({ itemId }),
  refresh: z.strictObject({ itemId }),
} as const;

type Key = keyof PanelApi;
type DataOf<K extends Key> = ReturnType<PanelApi[K]> extends Result<infer T> ? T : never;

function panelCall<K extends Key>(
  name: K,
  need: 'browse' | 'edit',
  work: (input: z.output<(typeof panelPayloadSchemas)[K]>, session: PanelSession) => Promise<DataOf<K>>,
  deps: SessionDeps,
): (request: ResolverRequest) => Promise<Result<DataOf<K>>> {
  return async (request) => {
    try {
      const context =
        request && typeof request.context === 'object' && request.context !== null ? request.context : {};
      const license = requireLicense(context);
      const input = parsePayload(panelPayloadSchemas[name], request?.payload) as z.output<
        (typeof panelPayloadSchemas)[K]
      >;
      const session = await openSession(context, license, need, deps);
      return ok(await work(input, session));
    } catch (error) {
      if (error instanceof PanelError) return { ok: false, error: error.toRpc() };
      const rpc = toRpcError(error);
      if (rpc.code === 'INTERNAL') logUnexpected(`panel.${name}`, error);
      return { ok: false, error: rpc };
    }
  };
}

/** The five handlers, by PanelApi key; `deps` replaces clients (tests only). */
export function panelHandlers(deps: SessionDeps = {}): {
  [K in Key]: (request: ResolverRequest) => Promise<Result<DataOf<K>>>;
} {
  return {
    getPanel: panelCall('getPanel', 'browse', (_input, session) => getPanel(session), deps),
    search: panelCall(
      'search',
      'browse',
      (input, session) => searchRecords(session, input.itemId, input.query),
      deps,
    ),
    link: panelCall(
      'link',
      'edit',
      (input, session) =>
        linkRecord(session, input.itemId, input.recordId, { afterLink: startSyncForManualLink }),
      deps,
    ),
    unlink: panelCall('unlink', 'edit', (input, session) => unlinkRecord(session, input.itemId), deps),
    refresh: panelCall('refresh', 'browse', (input, session) => refreshLink(session, input.itemId), deps),
  };
}

const resolver = new Resolver();
const handlers = panelHandlers();
for (const key of Object.keys(handlers) as Key[]) {
  // @forge/resolver types the request loosely; ResolverRequest is the part we rely on.
  resolver.define(key, (request) => handlers[key](request as unknown as ResolverRequest));
}

export const panelHandler = resolver.getDefinitions();
