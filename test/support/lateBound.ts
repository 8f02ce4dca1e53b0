import { afterAll, beforeAll } from 'vitest';

/**
 * A stand-in for an object that only exists once a hook has made it: every property read and
 * write goes to the current one; before it exists, `notYet` is thrown.
 */
export function lateBound<T extends object>(current: () => T | undefined, notYet: string): T {
  const live = (): T => {
    const value = current();
    if (value === undefined) throw new Error(notYet);
    return value;
  };
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(live(), key) as unknown,
    set: (_, key, value) => Reflect.set(live(), key, value),
  });
}

/**
 * What one test file shares (the stack, a simulator, a world): `start` makes it before the file's
 * first test and `close` ends it after its last. It is handed back at once as a late-bound
 * stand-in, so touching it at collection time (outside a test or hook) throws.
 */
export function useForFile<T extends object>(
  what: string,
  start: () => Promise<T>,
  close: (started: T) => Promise<void>,
): T {
  let started: T | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(async () => {
    if (started !== undefined) await close(started);
  });
  return lateBound(() => started, `the ${what} starts in beforeAll: use it inside a test or hook`);
}
