/**
 * The issue panel's resolver (PanelApi in src/domain/rpc.ts). Every call, in this order:
 * license (an inactive production license is refused; development installs pass), strict
 * zod parsing of the payload (unknown keys such as an `issueId` are refused: the issue comes
 * from the invocation context only), the issue and the caller's access to it (asUser
 * mypermissions in one request: BROWSE_PROJECTS to read, EDIT_ISSUES to link/unlink,
 * ADMINISTER for details), then the Zendesk connection. Every answer is a Result; nothing is thrown to the client. Error details
 * (upstream bodies, field ids) reach Jira admins only; everyone else gets plain words.
 */
import Resolver from '@forge/resolver';
import { z } from 'zod';
import { itemIdSchema as itemId, zendeskIdSchema } from '../domain/ids';
import type { LinkOutcome, PanelApi, PanelCard, PanelState, Result } from '../domain/rpc';
import { agentError, agentLink, hasAdminDetails } from '../panel/agentErrors';
import { getPanel } from '../panel/getPanel';
import { linkRecord } from '../panel/link';
import { refreshLink } from '../panel/refresh';
import { searchRecords } from '../panel/searchRecords';
import { MAX_QUERY_LENGTH } from '../panel/searchQuery';
import { openSession, type Need, type PanelSession, type SessionDeps } from '../panel/session';
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
    // The fingerprint of the link preview the user accepted (src/panel/linkPreview.ts).
    confirm: z
      .string()
      .regex(/^sha256:[A-Za-z0-9_-]{43}$/, 'must be the fingerprint of a link preview')
      .optional(),
  }),
  unlink: z.strictObject({ itemId }),
  refresh: z.strictObject({ itemId }),
} as const;

type Key = keyof PanelApi;
type DataOf<K extends Key> = ReturnType<PanelApi[K]> extends Result<infer T> ? T : never;

function plainCard(card: PanelCard): PanelCard {
  return card.link && card.link.problems.length > 0 ? { ...card, link: agentLink(card.link) } : card;
}

/**
 * Problems on cards are in plain words for callers who are not Jira admins (agentErrors.ts).
 * Whether the caller is one came with the session's permission check (ADMINISTER).
 */
function forCaller<K extends Key>(name: K, data: DataOf<K>, session: PanelSession): DataOf<K> {
  if (session.access.admin) return data;
  if (name === 'getPanel') {
    const state = data as PanelState;
    return { ...state, cards: state.cards.map(plainCard) } as DataOf<K>;
  }
  if (name === 'link') {
    const outcome = data as LinkOutcome;
    return (outcome.kind === 'linked' ? { ...outcome, card: plainCard(outcome.card) } : outcome) as DataOf<K>;
  }
  if (name === 'unlink' || name === 'refresh') return plainCard(data as PanelCard) as DataOf<K>;
  return data;
}

/** The panel's answers and refusals in plain words for a caller who is not a Jira admin. */
function forPanelCaller<K extends Key>(name: K): Presenter<{ session: PanelSession }, DataOf<K>> {
  return {
    data: async (data, { session }) => forCaller(name, data, session),
    error: async (rpc, { session }) =>
      hasAdminDetails(rpc) && !session.access.admin ? agentError(rpc) : rpc,
  };
}

type InputOf<K extends Key> = z.output<(typeof panelPayloadSchemas)[K]>;

function panelCall<K extends Key>(
  name: K,
  need: Need,
  work: (input: InputOf<K>, session: PanelSession) => Promise<DataOf<K>>,
  deps: SessionDeps,
): (request: ResolverRequest) => Promise<Result<DataOf<K>>> {
  return answering<{ input: InputOf<K>; session: PanelSession }, DataOf<K>>(`panel.${name}`, {
    open: async ({ context, license, payload }) => {
      const input = parsePayload(panelPayloadSchemas[name], payload) as InputOf<K>;
      return { input, session: await openSession(context, license, need, deps) };
    },
    work: ({ input, session }) => work(input, session),
    present: forPanelCaller(name),
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
      'search',
      (input, session) => searchRecords(session, input.itemId, input.query),
      deps,
    ),
    link: panelCall(
      'link',
      'edit',
      (input, session) => linkRecord(session, input.itemId, input.recordId, input.confirm),
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
