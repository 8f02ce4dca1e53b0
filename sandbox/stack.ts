/**
 * The whole local platform in one call: the Forge runtime emulator running this app,
 * wired to the Zendesk and Jira simulators. Integration tests, `npm start` and the
 * benchmark all start the app this way, so they exercise the same wiring.
 *
 * Wiring, as on Forge:
 * - `fetch` to `*.zendesk.com` and the attachment hosts (manifest egress) → Zendesk simulator;
 * - `requestJira` as the app or as the invoking user → Jira simulator (Bearer per account);
 * - Jira product events → the app's `trigger` handlers (the emulator honours `ignoreSelf`).
 */
import { resolve } from 'node:path';
import {
  createForgeEmulator,
  type ForgeEmulator,
  type DrainReport,
  type License,
  type EnvironmentType,
} from './forge';
import { startZendeskSimulator, type ZendeskSimulator, type ZendeskSimulatorOptions } from './zendesk';
import {
  startJiraSimulator,
  type JiraSimulator,
  type JiraSimulatorOptions,
  type Role,
  type SimUser,
} from './jira';

export interface StackOptions {
  /** Directory with manifest.yml and src/ (default: this repository). */
  appDir?: string;
  /** Persist Forge storage to this file (default: in memory). */
  dataFile?: string;
  zendesk?: ZendeskSimulatorOptions;
  jira?: JiraSimulatorOptions;
  environmentType?: EnvironmentType;
  license?: License;
}

export interface Stack {
  emulator: ForgeEmulator;
  zendesk: ZendeskSimulator;
  jira: JiraSimulator;
  /** The Jira simulator's human accounts by role. */
  user(role: Role): SimUser;
  /**
   * Waits for Jira events in flight to reach the emulator, then runs every pending
   * trigger and queue delivery, repeating until nothing new arrives.
   */
  settle(): Promise<DrainReport[]>;
  close(): Promise<void>;
}

const repoRoot = resolve(import.meta.dirname, '..');

/** Lets setImmediate-scheduled simulator events reach their listeners. */
async function flushImmediates(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
}

/**
 * Jira's rate limits count on the emulator's clock, as the app does: a test or bench that moves
 * the clock on an hour finds the points quota renewed, and a Retry-After means simulated seconds.
 */
function jiraOnEmulatorTime(
  options: JiraSimulatorOptions | undefined,
  clock: () => Date,
): JiraSimulatorOptions {
  const limits = options?.rateLimits;
  return { ...options, rateLimits: limits === false ? false : { clock, ...limits } };
}

export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const emulator = createForgeEmulator({
    appDir: options.appDir ?? repoRoot,
    ...(options.dataFile ? { storage: { file: options.dataFile } } : {}),
    ...(options.environmentType ? { environmentType: options.environmentType } : {}),
    ...(options.license ? { license: options.license } : {}),
  });
  const [zendesk, jira] = await Promise.all([
    startZendeskSimulator(options.zendesk),
    startJiraSimulator(jiraOnEmulatorTime(options.jira, () => new Date(emulator.clock.now()))),
  ]);

  const tokens = new Map<string, string>(jira.users.map((u) => [u.accountId, u.accessToken]));
  tokens.set('app', jira.appAccount.accessToken);
  tokens.set(jira.appAccount.accountId, jira.appAccount.accessToken);
  emulator.configure({
    jira: {
      baseUrl: jira.url,
      appAccountId: jira.appAccount.accountId,
      accessTokenFor: (accountId) => tokens.get(accountId),
    },
    // Any *.zendesk.com host reaches the simulator, which answers unknown subdomains the
    // way Zendesk answers for an account that does not exist.
    egressRoutes: [
      { host: '*.zendesk.com', target: zendesk.url },
      { host: zendesk.attachmentHost, target: zendesk.url },
    ],
  });

  const stopEvents = jira.events.on((event) => {
    // Spread: the simulator's event interfaces carry no index signature.
    emulator.deliverProductEvent({ ...event });
  });

  const user = (role: Role): SimUser => {
    const found = jira.users.find((u) => u.role === role);
    if (!found) throw new Error(`no Jira simulator user with role ${role}`);
    return found;
  };

  const settle = async (): Promise<DrainReport[]> => {
    const reports: DrainReport[] = [];
    // Bounded: each round either delivers something or ends the loop.
    for (let round = 0; round < 100; round++) {
      await flushImmediates();
      if (emulator.pendingDeliveries().length === 0) return reports;
      reports.push(await emulator.drain());
    }
    throw new Error('stack did not settle after 100 rounds of deliveries (a delivery loop?)');
  };

  return {
    emulator,
    zendesk,
    jira,
    user,
    settle,
    async close() {
      stopEvents();
      await Promise.all([zendesk.close(), jira.close()]);
      emulator.close();
    },
  };
}
