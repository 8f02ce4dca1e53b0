/** Smart Connected Items under `item:{id}`. */
import { kvs } from '@forge/kvs';
import { type SmartItem, smartItemSchema } from '../domain/types';
import { AppError } from '../util/errors';
import { ITEM_PREFIX, itemKey } from './keys';
import { parseStored } from './records';
import { queryAll, type CorruptRecord } from './query';

export async function getItem(id: string): Promise<SmartItem | null> {
  const key = itemKey(id);
  const raw = await kvs.get<unknown>(key);
  if (raw === undefined) return null;
  return parseStored(smartItemSchema, key, raw);
}

/** Every item, in key order; unreadable records are returned separately, not trusted. */
export async function listItems(): Promise<{ items: SmartItem[]; corrupt: CorruptRecord[] }> {
  const { records, corrupt } = await queryAll(ITEM_PREFIX, smartItemSchema);
  return { items: records.map((r) => r.value), corrupt };
}

export async function saveItem(item: SmartItem): Promise<SmartItem> {
  const parsed = smartItemSchema.safeParse(item);
  if (!parsed.success) throw new AppError('INTERNAL', 'Refusing to store an invalid Smart Connected Item');
  await kvs.set(itemKey(item.id), parsed.data);
  return parsed.data;
}

export async function deleteItem(id: string): Promise<void> {
  await kvs.delete(itemKey(id));
}
