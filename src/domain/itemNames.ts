/**
 * Smart Connected Item names as people read them: unique ignoring case, width and spacing,
 * and one stable order everywhere (admin table, issue panel): by name, then by id, so two
 * loads of the same items always list them the same way.
 */
import { z } from 'zod';
import type { SmartItem } from './types';

/** The longest item name: the admin editor, the save payload and the stored record agree on it. */
export const ITEM_NAME_MAX = 120;

export const itemNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(ITEM_NAME_MAX, `must be at most ${ITEM_NAME_MAX} characters`);

/** The form two names are compared in: "Support  Tickets" and "support tickets" are the same name. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('en');
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

/** By name (case-insensitive, numbers in numeric order), then by id: a total, stable order. */
export function compareItems(a: Pick<SmartItem, 'id' | 'name'>, b: Pick<SmartItem, 'id' | 'name'>): number {
  return collator.compare(nameKey(a.name), nameKey(b.name)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The other item that already has this name, if any. */
export function sameNamedItem<T extends Pick<SmartItem, 'id' | 'name'>>(
  name: string,
  ownId: string | undefined,
  items: readonly T[],
): T | undefined {
  const key = nameKey(name);
  return items.find((i) => i.id !== ownId && nameKey(i.name) === key);
}
