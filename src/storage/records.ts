/**
 * Reading stored records: every repository validates what it reads with the record's schema
 * (src/domain/types.ts); a corrupt value is reported as STATE_INVALID, never trusted.
 */
import type { z } from 'zod';
import { AppError } from '../util/errors';

/** Parses a stored value or throws STATE_INVALID naming the key (never echoing the value). */
export function parseStored<S extends z.ZodType>(schema: S, key: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
    throw new AppError('STATE_INVALID', `The stored record "${key}" is unreadable (${where})`);
  }
  return parsed.data;
}
