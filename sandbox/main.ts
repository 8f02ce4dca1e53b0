/**
 * `npm start`: the whole connector on this machine, no Atlassian or Zendesk account needed.
 * Boots on 127.0.0.1, in this one process: the Zendesk and Jira simulators, the Forge
 * emulator running the app (storage persisted to .sandbox-data/storage.json), the scheduled
 * sync every five minutes, continuous delivery of Jira events to the app's triggers, and the
 * web host (Jira shell, admin page, issue panel, Zendesk view). Prints the URL and the demo
 * Zendesk credentials to paste into the admin page.
 *
 * Flags: --port N (web host, default 3000; 0 picks a free port), --no-build (serve whatever
 * builds exist instead of building stale ones), --fresh (start with empty storage).
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { startStack, type Stack } from './stack';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ADMIN_BUNDLE, SHELL_BUNDLE, ensureBundles } from './web/server/builds';
import { SANDBOX_OAUTH_CLIENT } from './web/server/oauthRoutes';
import { startWebHost, type WebHost } from './web/server/webHost';

const FIVE_MINUTES_MS = 5 * 60 * 1000;
const repoRoot = resolve(import.meta.dirname, '..');
const dataFile = join(repoRoot, '.sandbox-data', 'storage.json');

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '3000' },
    'no-build': { type: 'boolean', default: false },
    fresh: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  process.stdout.write('Usage: npm start -- [--port N] [--no-build] [--fresh]\n');
  process.exit(0);
}

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write(`--port must be a port number, got ${values.port}\n`);
  process.exit(2);
}

const log = (line: string) => process.stdout.write(`[sandbox] ${line}\n`);

let stack: Stack | undefined;
let host: WebHost | undefined;
let stopping = false;

async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping…`);
  // The host first: it stops the scheduler and waits for a run in progress, so storage is
  // written completely (the emulator rewrites the storage file after every write).
  await host?.close().catch((error: unknown) => log(`web host: ${String(error)}`));
  await stack?.close().catch((error: unknown) => log(`stack: ${String(error)}`));
  log(`stopped; storage kept in ${dataFile}`);
  process.exit(0);
}

process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

try {
  if (values.fresh) await rm(dataFile, { force: true });
  await mkdir(join(repoRoot, '.sandbox-data'), { recursive: true });

  if (values['no-build']) log('--no-build: serving the existing builds');
  else await ensureBundles([ADMIN_BUNDLE, SHELL_BUNDLE], log);

  stack = await startStack({ dataFile });
  host = await startWebHost({ stack, port, sync: { scheduleEveryMs: FIVE_MINUTES_MS } });

  const { zendesk } = stack;
  const admin = stack.user('admin');
  // The web host registered the demo OAuth client with the app's web trigger as Redirect URL.
  const redirect = stack.emulator.webTriggerUrl('zendesk-oauth-callback') ?? '';
  const oauthClient = SANDBOX_OAUTH_CLIENT;
  process.stdout.write(
    [
      '',
      `  Zendesk Connector for Jira — sandbox running at ${host.url}`,
      '',
      `  Admin page:   ${host.url}/admin   (signed in as ${admin.displayName}; switch users at the top right)`,
      `  Issues:       ${host.url}/issues`,
      `  Zendesk view: ${host.url}/zendesk`,
      '',
      '  Demo Zendesk OAuth client (recommended; "Connect with Zendesk" on the admin page):',
      `    Subdomain:     ${zendesk.subdomain}`,
      `    Client id:     ${oauthClient.identifier}`,
      `    Client secret: ${oauthClient.secret}`,
      `    Redirect URL:  ${redirect}`,
      '  Demo API token (ends 2027-04-30 at Zendesk):',
      `    Agent email: ${zendesk.credentials.admin.email}`,
      `    API token:   ${zendesk.credentials.admin.token}`,
      '',
      `  Scheduled sync every 5 minutes (or "Run sync now"); storage in ${dataFile}`,
      `  Simulators: Zendesk ${zendesk.url}, Jira ${stack.jira.url}`,
      '  Ctrl+C to stop.',
      '',
    ].join('\n') + '\n',
  );
} catch (error) {
  process.stderr.write(
    `[sandbox] failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  await host?.close().catch(() => undefined);
  await stack?.close().catch(() => undefined);
  process.exit(1);
}
