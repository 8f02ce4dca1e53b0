/**
 * What the web host needs from the running sandbox stack (sandbox/stack.ts): the Forge
 * emulator, the Zendesk simulator and the Jira simulator's address and users. Typed
 * structurally so tests can start the pieces themselves.
 */
import { z } from 'zod';
import type { ForgeEmulator } from '../../forge';
import type { ZendeskSimulator } from '../../zendesk';

export interface HostedStack {
  emulator: ForgeEmulator;
  zendesk: Pick<ZendeskSimulator, 'url' | 'subdomain' | 'credentials' | 'clock' | 'state'>;
  jira: { url: string; users: unknown };
}

/** A Jira simulator user the shell can act as (Basic auth with the user's API token). */
export interface HostUser {
  key: string;
  accountId: string;
  displayName: string;
  email: string;
  apiToken: string;
  role: string;
}

const simUserSchema = z.object({
  accountId: z.string().min(1),
  email: z.string().min(1),
  displayName: z.string(),
  apiToken: z.string().min(1),
  role: z.string().optional(),
});

const ROLE_LABELS: Record<string, string> = {
  admin: 'Jira admin',
  agent: 'Agent',
  browse: 'Browse only',
  none: 'No access',
};

const ROLE_ORDER = ['admin', 'agent', 'browse', 'none'];

/** The Jira simulator lists its users either as an array with roles or keyed by role; both are accepted. */
export function hostUsers(raw: unknown): HostUser[] {
  const parsed = z.union([z.array(simUserSchema), z.record(z.string(), simUserSchema)]).parse(raw);
  const entries: [string, z.infer<typeof simUserSchema>][] = Array.isArray(parsed)
    ? parsed.map((user, index) => [user.role ?? `user${index + 1}`, user])
    : Object.entries(parsed);
  return entries
    .map(([key, user]) => ({
      key: user.role ?? key,
      accountId: user.accountId,
      displayName: user.displayName,
      email: user.email,
      apiToken: user.apiToken,
      role: ROLE_LABELS[user.role ?? key] ?? user.role ?? key,
    }))
    .sort((a, b) => rank(a.key) - rank(b.key));
}

function rank(key: string): number {
  const index = ROLE_ORDER.indexOf(key);
  return index < 0 ? ROLE_ORDER.length : index;
}
