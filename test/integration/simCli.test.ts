/**
 * `npm run sim` as a user runs it: one JSON line on stdout, and those URLs and
 * credentials work with a plain HTTP client, as against the real services.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';

const root = resolve(import.meta.dirname, '../..');
const Announcement = z.object({
  zendesk: z.object({ url: z.string().url(), subdomain: z.string(), email: z.string(), token: z.string() }),
  jira: z.object({
    url: z.string().url(),
    users: z.array(
      z.object({ accountId: z.string(), email: z.string(), apiToken: z.string(), role: z.string() }),
    ),
  }),
});

let child: ChildProcess | undefined;
afterAll(() => {
  child?.kill('SIGTERM');
});

function basic(user: string, secret: string): string {
  return 'Basic ' + Buffer.from(`${user}:${secret}`).toString('base64');
}

describe('npm run sim', () => {
  it('prints one JSON line whose URLs and credentials work with a plain HTTP client', async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'sandbox/sim.ts'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: child.stdout! });
    const first = await new Promise<string>((ok, fail) => {
      lines.once('line', ok);
      child!.once('exit', (code) => fail(new Error(`sim exited with ${code}`)));
    });
    const sim = Announcement.parse(JSON.parse(first));
    expect(sim.jira.users.map((u) => u.role).sort()).toEqual(['admin', 'agent', 'browse', 'none']);

    const me = await fetch(`${sim.zendesk.url}/api/v2/users/me.json`, {
      headers: { authorization: basic(`${sim.zendesk.email}/token`, sim.zendesk.token) },
    });
    expect(me.status).toBe(200);
    const meBody = (await me.json()) as { user: { id: number | null; email: string } };
    expect(meBody.user.id).not.toBeNull();
    expect(meBody.user.email).toBe(sim.zendesk.email);

    const agent = sim.jira.users.find((u) => u.role === 'agent')!;
    const myself = await fetch(`${sim.jira.url}/rest/api/3/myself`, {
      headers: { authorization: basic(agent.email, agent.apiToken) },
    });
    expect(myself.status).toBe(200);
    expect(((await myself.json()) as { accountId: string }).accountId).toBe(agent.accountId);

    const wrong = await fetch(`${sim.jira.url}/rest/api/3/myself`, {
      headers: { authorization: basic(agent.email, 'nope') },
    });
    expect(wrong.status).toBe(401);
  });
});
