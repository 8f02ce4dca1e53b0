import { randomUUID } from 'node:crypto';

/** Opaque id for app records (items, runs). UUIDs satisfy the KVS key character set. */
export function newId(): string {
  return randomUUID();
}

export function nowIso(): string {
  return new Date().toISOString();
}
