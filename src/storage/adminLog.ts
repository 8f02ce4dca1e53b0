/**
 * What admins did in the operations console (pause, resume, retry, dismiss, Sync now, a new
 * token): who, when, and to what, newest first, in one bounded record `admin:log`. Giving a
 * change up is a decision someone must be able to find later, so Dismiss is never silent.
 */
import { kvs } from '@forge/kvs';
import { z } from 'zod';
import type { AdminAction } from '../domain/rpc';
import { adminActionSchema } from '../domain/rpcSchemas';
import { truncate } from '../util/redact';
import { ADMIN_LOG_KEY } from './keys';

/** Entries kept (about 300 bytes each, far below the 240 KiB value limit). */
export const ADMIN_LOG_SIZE = 100;

const logSchema = z.object({ entries: z.array(z.unknown()) });

export async function listAdminActions(): Promise<AdminAction[]> {
  const parsed = logSchema.safeParse(await kvs.get<unknown>(ADMIN_LOG_KEY));
  if (!parsed.success) return [];
  return parsed.data.entries.flatMap((e) => {
    const entry = adminActionSchema.safeParse(e);
    return entry.success ? [entry.data] : [];
  });
}

/**
 * Adds an entry (newest first). Read-then-write: two admins acting in the same instant may
 * lose one line of the log, never the action itself, which is already stored.
 */
export async function recordAdminAction(action: AdminAction): Promise<void> {
  const entry = adminActionSchema.parse({
    ...action,
    who: truncate(action.who, 200),
    detail: truncate(action.detail, 500),
  });
  const entries = [entry, ...(await listAdminActions())].slice(0, ADMIN_LOG_SIZE);
  await kvs.set(ADMIN_LOG_KEY, { entries });
}
