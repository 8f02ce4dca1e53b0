/**
 * Jira Cloud REST v3 simulator on loopback. See README.md for what is simulated.
 *
 *   const jira = await startJiraSimulator({ seed: 'demo' });
 *   fetch(`${jira.url}/rest/api/3/myself`, { headers: { authorization: `Bearer ${jira.users[0].accessToken}` } });
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { validator as compileAdfSchema } from './adfSchema.js';
import { createControl, type JiraControl } from './control.js';
import { ProductEventBus, type EventListener, type ForgeProductEvent } from './events.js';
import { FaultInjector } from './faults.js';
import { RequestLog } from './log.js';
import type { SimContext } from './mutations.js';
import { JiraRateLimits, type JiraRateLimitOptions } from './rateLimit.js';
import { Router } from './router.js';
import { attachmentRoutes } from './routes/attachments.js';
import { commentRoutes } from './routes/comments.js';
import { controlRoutes } from './routes/control.js';
import { bulkRoutes } from './routes/bulk.js';
import { issueActionRoutes } from './routes/issueActions.js';
import { remoteLinkRoutes } from './routes/remoteLinks.js';
import { siteRoutes } from './routes/site.js';
import { issueRoutes } from './routes/issues.js';
import { metaRoutes } from './routes/meta.js';
import { permissionRoutes } from './routes/permissions.js';
import { projectRoutes } from './routes/projects.js';
import { propertyRoutes } from './routes/properties.js';
import { searchRoutes } from './routes/search.js';
import { transitionRoutes } from './routes/transitions.js';
import { APP_ACCOUNT, USERS, resolveSeed, seedSite, type JiraSeedOptions } from './seed.js';
import { SearchIndex } from './searchIndex.js';
import { createPipeline } from './server.js';
import { JiraState } from './state.js';
import type { Role, SimUser } from './types.js';

export type { JiraControl, ActorRef, IssueSummary, AttachmentInput } from './control.js';
export type { ForgeProductEvent, EventListener } from './events.js';
export type { Fault, FaultRule, FaultOptions } from './faults.js';
export { FaultInjector } from './faults.js';
export type { JiraRateLimits, JiraRateLimitOptions } from './rateLimit.js';
export { DEFAULT_PER_ISSUE_WRITES, DEFAULT_POINTS_PER_HOUR } from './rateLimit.js';
export type { RequestLogEntry, RequestLogFilter } from './log.js';
export { RequestLog } from './log.js';
export type { JiraSeedOptions } from './seed.js';
export type { JiraState } from './state.js';
export type { Role, SimUser } from './types.js';
export type { PermissionKey } from './permissions.js';

export interface JiraSimulatorOptions {
  /** Port on 127.0.0.1; 0 or absent picks a free one. */
  port?: number;
  /** 'demo' (default), false (projects and users, no issues), or finer options. */
  seed?: 'demo' | false | JiraSeedOptions;
  /** Burst limit per route and method, per second; off when absent (Jira publishes no figure). */
  rateLimitPerSecond?: number;
  /**
   * The points quota (on by default: 65,000 points per hour for app traffic) and the per-issue
   * write limits (off unless given, e.g. DEFAULT_PER_ISSUE_WRITES); see rateLimit.ts.
   * `false` turns both off.
   */
  rateLimits?: Omit<JiraRateLimitOptions, 'burstPerSecond'> | false;
  /** Added to every REST request. */
  latencyMs?: number;
}

export interface JiraSimulator {
  url: string;
  /** The four human accounts: admin, agent, browse, none (in that order). */
  users: SimUser[];
  appAccount: { accountId: string; accessToken: string };
  state: JiraState;
  control: JiraControl;
  log: RequestLog;
  faults: FaultInjector;
  /** The rate limits in force (points spent, configured figures). */
  limits: JiraRateLimits;
  events: { on(listener: (event: ForgeProductEvent) => void): () => void };
  close(): Promise<void>;
}

export async function startJiraSimulator(options: JiraSimulatorOptions = {}): Promise<JiraSimulator> {
  compileAdfSchema();
  const state = new JiraState('http://127.0.0.1');
  const events = new ProductEventBus();
  const searchIndex = new SearchIndex();
  const sim: SimContext = { state, events, now: () => new Date(), searchIndex };
  events.onWrite = (event) => {
    const issueId = 'issue' in event ? event.issue.id : event.attachment.issueId;
    const issue = state.issue(issueId);
    if (issue !== undefined) searchIndex.written(issue, sim.now());
  };
  const seed = resolveSeed(options.seed);
  const reseed = (): void => {
    // Demo history is spread over the last three days rather than stamped all at once.
    let tick = Date.now() - 3 * 24 * 3_600_000;
    const now = sim.now;
    sim.now = () => new Date((tick = Math.min(tick + 7 * 60_000, Date.now() - 1000)));
    events.muted = true;
    try {
      seedSite(sim, seed);
    } finally {
      events.muted = false;
      sim.now = now;
    }
    events.clearHistory();
    searchIndex.reindexAll(state.issues.values());
  };

  const roles = Object.fromEntries([
    ...USERS.map((u) => [u.role, u.accountId]),
    ['app', APP_ACCOUNT.accountId],
  ]) as Record<Role | 'app', string>;
  const users: SimUser[] = USERS.map(({ accountId, email, displayName, apiToken, accessToken, role }) => ({
    accountId,
    email,
    displayName,
    apiToken,
    accessToken,
    role,
  }));
  const appAccount = { accountId: APP_ACCOUNT.accountId, accessToken: APP_ACCOUNT.accessToken };
  const log = new RequestLog();
  const faults = new FaultInjector();
  const control = createControl({ sim, reseed, roles });

  const limits = new JiraRateLimits({
    ...(options.rateLimits === false ? { pointsPerHour: false, perIssueWrites: false } : options.rateLimits),
    ...(options.rateLimitPerSecond === undefined ? {} : { burstPerSecond: options.rateLimitPerSecond }),
  });

  const rest = new Router();
  rest.addAll([
    ...metaRoutes,
    ...projectRoutes,
    ...issueRoutes,
    ...bulkRoutes,
    ...issueActionRoutes,
    ...remoteLinkRoutes,
    ...siteRoutes,
    ...transitionRoutes,
    ...commentRoutes,
    ...propertyRoutes,
    ...attachmentRoutes,
    ...permissionRoutes,
    ...searchRoutes,
  ]);
  const controlRouter = new Router();
  controlRouter.addAll(controlRoutes({ control, users, appAccount, log, faults }));

  const handler = createPipeline({
    sim,
    rest,
    control: controlRouter,
    log,
    faults,
    limits,
    latencyMs: options.latencyMs ?? 0,
  });
  const server = createServer((req, res) => {
    void handler(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  state.baseUrl = `http://127.0.0.1:${port}`;
  reseed();

  return {
    url: state.baseUrl,
    users,
    appAccount,
    state,
    control,
    log,
    faults,
    limits,
    events: { on: (listener: EventListener) => events.on(listener) },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      }),
  };
}
