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
