/**
 * The minimum number of calls each scenario's work needs, derived from what actually changed
 * (snapshots before and after, not from intentions). The model is a connector that remembers
 * everything it has seen and written, but learns about Zendesk only through Zendesk's API and
 * about Jira only through Jira's API and events, using the same endpoints the app uses:
 *
 * Zendesk → Jira, per run:
 * - Zendesk: ⌈changed tickets / 1000⌉ incremental-export pages (at least 1: the idle check).
 *   When comment or attachment sync is on and tickets changed, ⌈updates / 1000⌉ pages of the
 *   incremental ticket event export with the `comment_events` side-load: neither the export nor
 *   the ticket says whether a comment was added, the event export carries every update's new
 *   comments with their files, for all tickets at once. Authors come side-loaded with the
 *   export (`include=users`), so no user lookups. Per new file ≤ 10 MB, 1 download.
 * - Jira: per ticket whose mapped fields changed, 1 edit (all fields in one request); per status
 *   category change, 1 transition, after ⌈status changes / 100⌉ bulk reads of the issues'
 *   status with the transitions available from it (POST /issue/bulkfetch with
 *   `expand=transitions`, 100 issues a request); per new comment, 1; per new file, 1 upload;
 *   per ticket with new files, 1 note comment (the traceability note of
 *   docs/contracts/connector-rules.md § Attachments). No other reads of the issue: memory says
 *   what Jira holds.
 * - KVS: 2 per run (connection + cursor in one batch get, the token secret), 1 cursor write when
 *   the cursor moved; per changed linked ticket 3 (the ticket's link index, its link and state in
 *   one batch get, the state write).
 *
 * Jira → Zendesk, per product event carrying a change to a two-way link:
 * - Zendesk: 1 ticket update per field edit, transition or comment; 2 per attachment (upload,
 *   then the update that attaches it). Jira: 1 per attachment (its content); the event itself
 *   carries the issue's summary, priority and status and the comment body. KVS: 4 per event (the
 *   token, the items, connection + link + state in one batch get, the state write).
 *
 * The TIGHT minimum is the same work done with the cheapest documented tools, the floor of any
 * design rather than of today's:
 * - Zendesk: the incremental ticket event export alone (its events carry each update's field
 *   changes too, so no ticket export):
 *   GET /api/v2/incremental/ticket_events.json?include=comment_events, up to 1000 events a page,
 *   https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-event-export
 *   and #side-loading: ⌈updates / 1000⌉ pages (at least 1) plus 1 download per new file. Jira is
 *   as in the design minimum.
 * - KVS batched: Forge KVS reads and writes up to 25 keys in one request (batchGet/batchSet,
 *   https://developer.atlassian.com/platform/forge/storage-reference/batchops-entities), so per
 *   run 2 reads + 1 cursor write + ⌈n/25⌉ link-index gets + ⌈2n/25⌉ link + state gets +
 *   ⌈n/25⌉ state writes for n changed tickets.
 * Events from Jira arrive one invocation each, so the burst's tight minimum is its design minimum.
 *
 * Jira points (jiraPoints.ts) of a minimum: 1 per write, 1 + objects returned per read; its only
 * reads are the bulk status reads (objects: each issue and the transitions the workflow offers
 * it, counted from the simulator's workflow before the run) and file content (1 object).
 */
import type { JiraChange, TicketDelta } from './changes';
import type { Calls } from './meter';

export const EXPORT_PAGE = 1000;
export const RUN_KVS = 2;
export const TICKET_KVS = 3;
export const EVENT_KVS = 4;
export const KVS_BATCH = 25;
const batches = (keys: number): number => Math.ceil(keys / KVS_BATCH);

export interface Minimum extends Calls {
  /** One line per term, for the detailed report. */
  terms: string[];
  /** The Zendesk and Jira part by endpoint, in the meter's route labels. */
  byRoute: Record<string, number>;
  /** Jira points (1 per write, 1 + objects per read). */
  jiraPoints: number;
}

/** Route labels as the meter writes them (simulator log: Zendesk paths, Jira route templates). */
export const ROUTES = {
  export: 'GET /api/v2/incremental/tickets/cursor',
  ticketEvents: 'GET /api/v2/incremental/ticket_events',
  download: 'GET (attachment download)',
  ticketUpdate: 'PUT /api/v2/tickets/{id}',
  upload: 'POST /api/v2/uploads',
  search: 'GET /api/v2/search',
  organization: 'GET /api/v2/organizations/{id}',
  editIssue: 'PUT /rest/api/3/issue/{issueIdOrKey}',
  bulkFetch: 'POST /rest/api/3/issue/bulkfetch',
  transition: 'POST /rest/api/3/issue/{issueIdOrKey}/transitions',
  addComment: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
  addAttachment: 'POST /rest/api/3/issue/{issueIdOrKey}/attachments',
  attachmentContent: 'GET /rest/api/3/attachment/content/{id}',
  permissions: 'GET /rest/api/3/mypermissions',
  issue: 'GET /rest/api/3/issue/{issueIdOrKey}',
} as const;

function routes(entries: [string, number][]): Record<string, number> {
  return Object.fromEntries(entries.filter(([, n]) => n > 0));
}

/** Requests of a 100-item bulk read. */
const hundreds = (n: number): number => Math.ceil(n / 100);

/**
 * @param transitionObjects the transitions the workflow offers, summed over the tickets whose
 *   status category changed (what the bulk status reads return besides the issues).
 * @param updates the ticket updates made (the ticket event export's events).
 */
export function zendeskToJiraMinimum(
  deltas: readonly TicketDelta[],
  conversationSync: boolean,
  transitionObjects = 0,
  updates = deltas.length,
): Minimum {
  const changed = deltas.length;
  const pages = Math.max(1, Math.ceil(changed / EXPORT_PAGE));
  const eventPages = conversationSync && changed > 0 ? Math.max(1, Math.ceil(updates / EXPORT_PAGE)) : 0;
  const files = deltas.reduce((n, d) => n + d.newFiles, 0);
  const fieldEdits = deltas.filter((d) => d.fields).length;
  const transitions = deltas.filter((d) => d.status).length;
  const statusReads = hundreds(transitions);
  const comments = deltas.reduce((n, d) => n + d.newComments, 0);
  const notes = deltas.filter((d) => d.newFiles + d.skippedFiles > 0).length;
  const kvs = RUN_KVS + (changed > 0 ? 1 : 0) + TICKET_KVS * changed;
  const jiraWrites = fieldEdits + transitions + comments + files + notes;
  return {
    jiraPoints: jiraWrites + statusReads + transitions + transitionObjects,
    byRoute: routes([
      [ROUTES.export, pages],
      [ROUTES.ticketEvents, eventPages],
      [ROUTES.download, files],
      [ROUTES.editIssue, fieldEdits],
      [ROUTES.bulkFetch, statusReads],
      [ROUTES.transition, transitions],
      [ROUTES.addComment, comments + notes],
      [ROUTES.addAttachment, files],
    ]),
    zendesk: pages + eventPages + files,
    jira: fieldEdits + statusReads + transitions + comments + files + notes,
    kvs,
    terms: [
      `Zendesk: ${pages} export page(s) + ${eventPages} ticket-event page(s) + ${files} downloads`,
      `Jira: ${fieldEdits} field edits + ${statusReads} bulk status read(s) + ${transitions} transitions + ${comments} comments + ${files} uploads + ${notes} file notes`,
      `KVS: ${RUN_KVS} run reads + ${changed > 0 ? 1 : 0} cursor write + ${TICKET_KVS}×${changed} per ticket`,
    ],
  };
}

/** The tight minimum of a Zendesk → Jira run: ticket events alone, batched KVS. */
export function zendeskToJiraTight(
  deltas: readonly TicketDelta[],
  updates: number,
  transitionObjects = 0,
): Minimum {
  const design = zendeskToJiraMinimum(deltas, true, transitionObjects, updates);
  const changed = deltas.length;
  const pages = Math.max(1, Math.ceil(updates / EXPORT_PAGE));
  const files = deltas.reduce((n, d) => n + d.newFiles, 0);
  const kvs = RUN_KVS + (changed > 0 ? 1 : 0) + batches(changed) + batches(2 * changed) + batches(changed);
  return {
    ...design,
    byRoute: {},
    zendesk: pages + files,
    kvs,
    terms: [
      `Zendesk: ${pages} ticket-event page(s) with comment_events + ${files} downloads`,
      `KVS: ${RUN_KVS} run reads + ${changed > 0 ? 1 : 0} cursor write + ⌈${changed}/25⌉ index + ⌈2×${changed}/25⌉ link + state + ⌈${changed}/25⌉ state writes`,
    ],
  };
}

export function jiraToZendeskMinimum(changes: readonly JiraChange[]): Minimum {
  const files = changes.filter((c) => c.kind === 'attachment').length;
  const others = changes.length - files;
  return {
    jiraPoints: 2 * files,
    byRoute: routes([
      [ROUTES.ticketUpdate, others + files],
      [ROUTES.upload, files],
      [ROUTES.attachmentContent, files],
    ]),
    zendesk: others + 2 * files,
    jira: files,
    kvs: EVENT_KVS * changes.length,
    terms: [
      `Zendesk: ${others} ticket updates + 2×${files} (upload + update) for files`,
      `Jira: ${files} attachment downloads`,
      `KVS: ${EVENT_KVS}×${changes.length} per event`,
    ],
  };
}

/**
 * The scheduled run after a Jira burst sees every ticket the handlers updated. It must recognize
 * them as its own echo: the export page tells it, and the per-link state it wrote says the
 * ticket's update is its own, so nothing else is read or written.
 */
export function echoMinimum(ticketsEchoed: number): Minimum {
  const pages = Math.max(1, Math.ceil(ticketsEchoed / EXPORT_PAGE));
  return {
    jiraPoints: 0,
    byRoute: routes([[ROUTES.export, pages]]),
    zendesk: pages,
    jira: 0,
    kvs: RUN_KVS + 2 * ticketsEchoed,
    terms: [
      `Zendesk: ${pages} export page(s)`,
      'Jira: nothing',
      `KVS: ${RUN_KVS} run reads + 2×${ticketsEchoed} (index, link + state) per echoed ticket`,
    ],
  };
}

/**
 * The issue panel: opening it, one search and one link (display-only organization item).
 * - open: Jira 1 (may the user browse the issue), KVS 2 (the items query; connection and the
 *   issue's links in one batch get); previews are the ones stored with the links, so Zendesk 0.
 * - search: Zendesk 1 (one search request), Jira 1 (permission), KVS 2 (item + connection, token).
 * - link: Zendesk 1 (the record, for its preview), Jira 2 (may the user edit the issue; the
 *   issue's key, project and type as Jira has them: the key is stored with the link, and for
 *   tickets registered with Zendesk, while the invocation context's key may be stale after a
 *   move; only its id is the issue's identity), KVS 3 (item + connection + current link, token,
 *   the link write). The two Jira reads cannot be one: the first is asked as the user (their
 *   rights), the second as the app, and no permission answer carries the issue's key.
 * Each call's one permission read also answers whether the caller is a Jira admin (ADMINISTER
 * decides whether upstream details may be shown; Jira answers a global permission in the same
 * request, docs/contracts/jira-api.md § Permissions), and open and link whether the caller may
 * edit (the Link/Unlink buttons; the link itself): Jira points count the permissions returned.
 */
/** The echo's tight minimum: the same page, the link index and link + state read in batches. */
export function echoTight(ticketsEchoed: number): Minimum {
  const design = echoMinimum(ticketsEchoed);
  return {
    ...design,
    byRoute: {},
    kvs: RUN_KVS + batches(ticketsEchoed) + batches(2 * ticketsEchoed),
    terms: [`KVS: ${RUN_KVS} run reads + ⌈${ticketsEchoed}/25⌉ index + ⌈2×${ticketsEchoed}/25⌉ link + state`],
  };
}

export function panelMinimum(): Minimum {
  return {
    // Three permission reads (1 point each) returning browse, edit and admin for open and link
    // (3 objects each) and browse and admin for search (2); the link's issue read (1 + 1 object).
    jiraPoints: 3 + (3 + 2 + 3) + 2,
    byRoute: {
      [`open: ${ROUTES.permissions}`]: 1,
      [`search: ${ROUTES.search}`]: 1,
      [`search: ${ROUTES.permissions}`]: 1,
      [`link: ${ROUTES.organization}`]: 1,
      [`link: ${ROUTES.permissions}`]: 1,
      [`link: ${ROUTES.issue}`]: 1,
    },
    zendesk: 0 + 1 + 1,
    jira: 1 + 1 + 2,
    kvs: 2 + 2 + 3,
    terms: ['open: Jira 1, KVS 2', 'search: Zendesk 1, Jira 1, KVS 2', 'link: Zendesk 1, Jira 2, KVS 3'],
  };
}
