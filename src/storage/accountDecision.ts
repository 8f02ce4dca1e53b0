/**
 * The admin's decision after connecting another Zendesk account while links exist
 * (src/storage/accountBinding.ts):
 *
 * - keep: the same account under a new subdomain (a rename). Links, state, work and the
 *   export cursor stay and follow the new subdomain.
 * - clear: a different account. Every link record, link state, ticket index entry, pending
 *   work mark, waiting batch, hand-off record, carried comments and the cursor are deleted — in storage only: the links' Zendesk
 *   side lives in the old account and the new credentials must never touch it.
 *
 * Clearing is resumable: each call deletes what its time allows and says whether it is done;
 * the connection stays suspended until it is.
 */
import { kvs } from '@forge/kvs';
import type { ConnectionRecord } from '../domain/types';
import { writeBinding } from './accountBinding';
import { deleteCursor, rebindCursor } from './cursor';
import {
  CARRY_PREFIX,
  CONNECTION_KEY,
  HANDOFF_PREFIX,
  LINK_PREFIX,
  LINK_STATE_PREFIX,
  PROBLEM_INDEX_KEY,
  TICKET_INDEX_PREFIX,
  WAITING_BATCH_PREFIX,
  WORK_PREFIX,
} from './keys';
import { queryKeys } from './query';

/** Every prefix that holds per-ticket data of the bound account. */
const ACCOUNT_PREFIXES = [
  LINK_PREFIX,
  LINK_STATE_PREFIX,
  TICKET_INDEX_PREFIX,
  WORK_PREFIX,
  WAITING_BATCH_PREFIX,
  // Window comments of the old account's tickets (the sync ignores them, but they are its data).
  HANDOFF_PREFIX,
  CARRY_PREFIX,
];

async function unsuspend(connection: ConnectionRecord): Promise<ConnectionRecord> {
  const { suspendedFrom: _old, ...rest } = connection;
  await writeBinding(rest.subdomain);
  await kvs.set(CONNECTION_KEY, rest);
  return rest;
}

/** Keep the links: the new subdomain is the same account. */
export async function keepLinksForAccount(connection: ConnectionRecord): Promise<ConnectionRecord> {
  await rebindCursor(connection.subdomain);
  return unsuspend(connection);
}

/** Clear the links; `done: false` when the time ran out (call again). */
export async function clearLinksForAccount(
  connection: ConnectionRecord,
  hasTime: () => boolean,
): Promise<{ done: boolean; deleted: number; connection: ConnectionRecord }> {
  let deleted = 0;
  for (const prefix of ACCOUNT_PREFIXES) {
    for (;;) {
      if (!hasTime()) return { done: false, deleted, connection };
      const keys = await queryKeys(prefix, 20);
      if (keys.length === 0) break;
      await kvs.batchDelete(keys.map((key) => ({ key })));
      deleted += keys.length;
    }
  }
  await deleteCursor();
  await kvs.delete(PROBLEM_INDEX_KEY);
  return { done: true, deleted, connection: await unsuspend(connection) };
}
