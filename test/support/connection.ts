/**
 * Stores a Zendesk connection the way a successful admin "Save connection" does (connection
 * record + token in secret storage), for tests whose subject is not the admin page itself.
 * The admin resolver's own tests connect through the real resolver instead.
 */
import type { Stack } from '../../sandbox/stack';
import type { ConnectionRecord } from '../../src/domain/types';
import { CONNECTION_KEY, TOKEN_SECRET_KEY } from '../../src/storage/keys';

export interface DirectConnection {
  /** Which demo Zendesk account the app acts as (default: the admin). */
  as?: 'admin' | 'agent';
  /** Connection time (default: ten minutes before the Zendesk simulator's now). */
  connectedAt?: string;
}

/** Connects the app to the stack's Zendesk simulator; returns the stored record. */
export function connectDirect(stack: Stack, options: DirectConnection = {}): ConnectionRecord {
  const kind = options.as ?? 'admin';
  const creds = stack.zendesk.credentials[kind];
  const user = [...stack.zendesk.state.users.values()].find((u) => u.email === creds.email);
  if (!user) throw new Error(`the Zendesk simulator has no ${kind} user`);
  const connection: ConnectionRecord = {
    subdomain: stack.zendesk.subdomain,
    email: creds.email,
    agent: { id: user.id, name: user.name, email: user.email, role: user.role },
    connectedAt: options.connectedAt ?? new Date(stack.zendesk.clock.now() - 600_000).toISOString(),
  };
  stack.emulator.storage.set(CONNECTION_KEY, connection);
  stack.emulator.storage.setSecret(TOKEN_SECRET_KEY, creds.token);
  return connection;
}

/** The admin page's "Save connection" payload with the simulator admin's API token. */
export function apiTokenConnection(stack: Stack): { subdomain: string; email: string; apiToken: string } {
  const { email, token } = stack.zendesk.credentials.admin;
  return { subdomain: stack.zendesk.subdomain, email, apiToken: token };
}
