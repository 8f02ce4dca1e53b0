/**
 * `npm run sim`: the Zendesk and Jira simulators alone, with seeded demo data. Prints one
 * JSON line with their URLs and credentials so any HTTP client can work against them:
 *   {"zendesk":{"url","subdomain","email","token"},"jira":{"url","users":[{accountId,email,apiToken,role}]}}
 * Flags: --port-zendesk N, --port-jira N. Stops on SIGINT/SIGTERM.
 */
import { parseArgs } from 'node:util';
import { startZendeskSimulator } from './zendesk';
import { startJiraSimulator } from './jira';

const { values } = parseArgs({
  options: { 'port-zendesk': { type: 'string' }, 'port-jira': { type: 'string' } },
});

function port(value: string | undefined, flag: string): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${flag} must be a port number, got ${value}`);
  return n;
}

const zendesk = await startZendeskSimulator({ port: port(values['port-zendesk'], '--port-zendesk') });
const jira = await startJiraSimulator({ port: port(values['port-jira'], '--port-jira'), seed: 'demo' });

process.stdout.write(
  JSON.stringify({
    zendesk: {
      url: zendesk.url,
      subdomain: zendesk.subdomain,
      email: zendesk.credentials.admin.email,
      token: zendesk.credentials.admin.token,
    },
    jira: {
      url: jira.url,
      users: jira.users.map(({ accountId, email, apiToken, role }) => ({ accountId, email, apiToken, role })),
    },
  }) + '\n',
);

const stop = async (): Promise<void> => {
  await Promise.all([zendesk.close(), jira.close()]);
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
