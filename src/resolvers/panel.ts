/**
 * The issue panel's resolver (PanelApi in src/domain/rpc.ts). Every call, in this order:
 * license (an inactive production license is refused; development installs pass), strict
 * zod parsing of the payload (unknown keys such as an `issueId` are refused: the issue comes
 * from the invocation context only), the issue and the caller's access to it (asUser
 * mypermissions: BROWSE_PROJECTS to read, EDIT_ISSUES to link/unlink), then the Zendesk
 * connection. Every answer is a Result; nothing is thrown to the client. Error details
 * (upstream bodies, field ids) reach Jira admins only; everyone else gets plain words.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { itemIdSchema as itemId, zendeskIdSchema } from '../domain/ids';
import type { PanelApi, PanelCard, PanelState, Result } from '../domain/rpc';
import { agentError, agentLink, hasAdminDetails } from '../panel/agentErrors';
import { getPanel } from '../panel/getPanel';
import { linkRecord } from '../panel/link';
import { refreshLink } from '../panel/refresh';
import { searchRecords } from '../panel/searchRecords';
import { MAX_QUERY_LENGTH } from '../panel/searchQuery';
import { openSession, type PanelSession, type SessionDeps } from '../panel/session';
import { startSyncForManualLink } from '../panel/syncStart';
import { unlinkRecord } from '../panel/unlink';
import { answering, parsePayload, type Presenter, type ResolverRequest } from './guard';

export const panelPayloadSchemas = {
  getPanel: z.strictObject({}),
  search: z.strictObject({
    itemId,
    query: z.string().max(MAX_QUERY_LENGTH, `must be at most ${MAX_QUERY_LENGTH} characters`),
  }),
  link: z.strictObject({
    itemId,
    recordId: zendeskIdSchema,
  }),
  unlink: z.strictObject({ itemId }),
  refresh: z.strictObject({ itemId }),
} as const;

type Key = keyof PanelApi;
type DataOf<K extends Key> = ReturnType<PanelApi[K]> extends Result<infer T> ? T : never;

/**
 * Is the caller a Jira admin (ADMINISTER, asked as the caller)? Asked only when an answer
 * carries details for admins; a failed check counts as "no", so details never leak.
 */
async function callerIsAdmin(session: PanelSession): Promise<boolean> {
  try {
    return await session.jiraUser.isJiraAdmin();
  } catch {
    return false;
  }
}

/** Problems on cards are in plain words for non-admins (agentErrors.ts). */
async function forCaller<T>(data: T, session: PanelSession): Promise<T> {
  const cards = panelCardsOf(data);
  if (!cards.some((c) => (c.link?.problems.length ?? 0) > 0)) return data;
  if (await callerIsAdmin(session)) return data;
  const plain = cards.map((c) => (c.link ? { ...c, link: agentLink(c.link) } : c));
  return ('cards' in (data as object) ? { ...data, cards: plain } : plain[0]) as T;
}

function panelCardsOf(data: unknown): PanelCard[] {
  if (typeof data !== 'object' || data === null) return [];
  if ('cards' in data) return (data as PanelState).cards;
  if ('item' in data && 'link' in data) return [data as PanelCard];
  return [];
}

/** The panel's answers in plain words for a caller who is not a Jira admin (agentErrors.ts). */
function forPanelCaller<T>(): Presenter<{ session: PanelSession }, T> {
  return {
    data: (data, { session }) => forCaller(data, session),
    error: async (rpc, { session }) =>
      hasAdminDetails(rpc) && !(await callerIsAdmin(session)) ? agentError(rpc) : rpc,
  };
}

type InputOf<K extends Key> = z.output<(typeof panelPayloadSchemas)[K]>;

function panelCall<K extends Key>(
  name: K,
  need: 'browse' | 'edit',
  work: (input: InputOf<K>, session: PanelSession) => Promise<DataOf<K>>,
  deps: SessionDeps,
): (request: ResolverRequest) => Promise<Result<DataOf<K>>> {
  return answering<{ input: InputOf<K>; session: PanelSession }, DataOf<K>>(`panel.${name}`, {
    open: async ({ context, license, payload }) => {
      const input = parsePayload(panelPayloadSchemas[name], payload) as InputOf<K>;
      return { input, session: await openSession(context, license, need, deps) };
    },
    work: ({ input, session }) => work(input, session),
    present: forPanelCaller<DataOf<K>>(),
  });
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
