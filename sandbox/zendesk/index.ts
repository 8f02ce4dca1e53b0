/**
 * Zendesk Support API simulator: `startZendeskSimulator(options)` binds a node:http server on
 * 127.0.0.1 and returns handles for tests and the sandbox (state, control API, clock, request log,
 * fault injector). What is simulated and how to extend it: sandbox/zendesk/README.md.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClock, type SimClock } from './clock';
import type { SimContext } from './context';
import { createControl, type SimControl } from './control';
import { FaultInjector } from './faults';
import { IdempotencyStore } from './idempotency';
import { JobQueue } from './jobs';
import { RequestLog } from './log';
import { MinuteLimiter, TicketUpdateLimiter } from './rateLimit';
import { Router } from './router';
import { registerAccountRoutes } from './routes/account';
import { registerControlRoutes } from './routes/control';
import { registerExportRoutes } from './routes/export';
import { registerJiraLinkRoutes } from './routes/jiraLinks';
import { registerPeopleRoutes } from './routes/people';
import { registerSearchRoutes } from './routes/search';
import { registerTicketBulkRoutes } from './routes/ticketsBulk';
import { registerTicketRoutes } from './routes/tickets';
import { registerUploadRoutes } from './routes/uploads';
import { registerOAuthRoutes } from './oauth/routes';
import { SearchEngine } from './search';
import { emptySeed, generateSeed, type SeedOptions } from './seed';
import { createRequestHandler } from './server';
import { ZendeskState, type SeedCredentials } from './state';

export type { SeedOptions } from './seed';
export type {
  SimControl,
  ControlAttachment,
  ControlTicketInput,
  ControlTicketEdit,
  ControlCommentInput,
} from './control';
export type { FaultSpec } from './faults';
export type { RequestLogEntry, LogFilter } from './log';
export type { SimClock } from './clock';
export { FaultInjector } from './faults';
export { RequestLog } from './log';
export { ZendeskState } from './state';
export { generateSeed, emptySeed, DEFAULT_SEED, LARGE_ATTACHMENT_SIZE } from './seed';

export interface ZendeskSimulatorOptions {
  /** Port on 127.0.0.1 (default 0: any free port). */
  port?: number;
  /** Account subdomain (default "acme"): the simulator answers for {subdomain}.zendesk.com. */
  subdomain?: string;
  /** Seed options, or false for an account with only an admin, an agent and an end user. */
  seed?: SeedOptions | false;
  /** Account-wide requests per minute (default 700, Enterprise). */
  rateLimitPerMinute?: number;
  /** Update Ticket requests per minute per account (Zendesk: 100). */
  ticketUpdatesPerMinute?: number;
  /**
   * Updates per 10 minutes per user per ticket. Off by default: the figure (30) comes from a
   * third-party summary, and with it on the reliability suite's 3000-comment ticket cannot finish
   * (see README "Limits"). Pass 30 to study it.
   */
  ticketUpdatesPerUserPerTicket?: number;
  /** Incremental export requests per minute (default 10). */
  exportRateLimitPerMinute?: number;
  /** Initial offset of simulated time from real time, in ms. */
  clockOffsetMs?: number;
  /** Seed for the fault injector's RNG (default 1). */
  faultSeed?: number;
  /** Latency added to every Zendesk request, for benchmarks (default 0). */
  latencyMs?: number;
}

export interface ZendeskSimulator {
  /** Loopback base URL, e.g. http://127.0.0.1:54321. Send `x-forwarded-host` to pick the host. */
  url: string;
  subdomain: string;
  /** Public hosts the simulator answers for. */
  apiHost: string;
  attachmentHost: string;
  /** Demo credentials (API token auth); all three share the account's API token. */
  readonly credentials: SeedCredentials;
  state: ZendeskState;
  control: SimControl;
  clock: SimClock;
  log: RequestLog;
  faults: FaultInjector;
  limits: { account: MinuteLimiter; export: MinuteLimiter; ticketUpdates: TicketUpdateLimiter };
  close(): Promise<void>;
}

export async function startZendeskSimulator(
  options: ZendeskSimulatorOptions = {},
): Promise<ZendeskSimulator> {
  const subdomain = options.subdomain ?? 'acme';
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(subdomain)) throw new Error(`invalid subdomain: ${subdomain}`);
  const clock = createClock(options.clockOffsetMs ?? 0);
  const state = new ZendeskState(subdomain);
  const seedFor = (seed: SeedOptions | false | undefined) =>
    seed === false
      ? emptySeed(subdomain, clock.now())
      : generateSeed({ ...seed, subdomain, now: seed?.now ?? clock.now() });
  state.load(seedFor(options.seed));

  const accountLimiter = new MinuteLimiter(clock, options.rateLimitPerMinute ?? 700);
  const exportLimiter = new MinuteLimiter(clock, options.exportRateLimitPerMinute ?? 10);
  const ticketUpdates = new TicketUpdateLimiter(
    clock,
    options.ticketUpdatesPerMinute ?? 100,
    options.ticketUpdatesPerUserPerTicket ?? Number.POSITIVE_INFINITY,
  );
  const ctx: SimContext = {
    state,
    clock,
    search: new SearchEngine(state),
    idempotency: new IdempotencyStore(clock),
    exportLimiter,
    ticketUpdates,
    jobs: new JobQueue(clock, state.apiBase),
  };
  const log = new RequestLog();
  const faults = new FaultInjector(options.faultSeed ?? 1);
  faults.globalLatencyMs = options.latencyMs ?? 0;

  const control = createControl(ctx, (seed) => {
    state.load(seedFor(seed === undefined ? options.seed : seed));
    ctx.search = new SearchEngine(state);
    ctx.idempotency.clear();
    ctx.jobs.clear();
    accountLimiter.reset();
    exportLimiter.reset();
    ticketUpdates.reset();
  });

  const api = new Router();
  registerPeopleRoutes(api, ctx);
  registerAccountRoutes(api, ctx);
  registerTicketBulkRoutes(api, ctx);
  registerTicketRoutes(api, ctx);
  registerSearchRoutes(api, ctx);
  registerExportRoutes(api, ctx);
  registerUploadRoutes(api, ctx);
  registerJiraLinkRoutes(api, ctx);
  registerOAuthRoutes(api, ctx);
  const controlRouter = new Router();
  registerControlRoutes(controlRouter, control, state);

  const server = createServer(
    createRequestHandler({ state, clock, api, control: controlRouter, log, faults, accountLimiter }),
  );
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    subdomain,
    apiHost: `${subdomain}.zendesk.com`,
    attachmentHost: `${subdomain}.zdusercontent.com`,
    get credentials() {
      return state.credentials;
    },
    state,
    control,
    clock,
    log,
    faults,
    limits: { account: accountLimiter, export: exportLimiter, ticketUpdates },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
