/**
 * What a sync run reads before anything else, in one batch request: the connection, the export
 * cursor, the run log's head, the pending-work flag and the catalog cache. An idle run on an
 * install without pending work costs this one read and nothing more.
 */
import { kvs } from '@forge/kvs';
import { type ConnectionRecord, connectionRecordSchema } from '../domain/types';
import { parseCatalogCache, type CatalogCache } from './catalogCache';
import { parseCursorValue, type CursorRecord } from './cursor';
import { CATALOG_CACHE_KEY, CONNECTION_KEY, CURSOR_KEY, PENDING_FLAG_KEY, SYNC_LOG_HEAD_KEY } from './keys';
import { parseStored } from './records';
import { logHeadFrom } from './syncLog';

export interface RunStartRecords {
  /** Null when Zendesk is not connected; STATE_INVALID is thrown when it is unreadable. */
  connection: ConnectionRecord | null;
  /** The stored cursor record: null when none, 'invalid' when unreadable. */
  cursor: CursorRecord | null | 'invalid';
  /** The sync log's head sequence number (null if unreadable). */
  logHead: number | null;
  /** Pending work or waiting batches were recorded since the last drain. */
  pending: boolean;
  /** Empty when absent or unreadable: it is only a cache. */
  catalogs: CatalogCache;
}

export async function readRunStart(): Promise<RunStartRecords> {
  const res = await kvs.batchGet<unknown>([
    { key: CONNECTION_KEY },
    { key: CURSOR_KEY },
    { key: SYNC_LOG_HEAD_KEY },
    { key: PENDING_FLAG_KEY },
    { key: CATALOG_CACHE_KEY },
  ]);
  const values = new Map(res.successfulKeys.map((k) => [k.key, k.value]));
  return {
    connection: values.has(CONNECTION_KEY)
      ? parseStored(connectionRecordSchema, CONNECTION_KEY, values.get(CONNECTION_KEY))
      : null,
    cursor: parseCursorValue(values.has(CURSOR_KEY), values.get(CURSOR_KEY)),
    logHead: logHeadFrom(values.has(SYNC_LOG_HEAD_KEY), values.get(SYNC_LOG_HEAD_KEY)),
    pending: values.has(PENDING_FLAG_KEY),
    catalogs: parseCatalogCache(values.get(CATALOG_CACHE_KEY)),
  };
}
