/**
 * The emulator store's key order under any mix of writes, deletes, expiry and queries: what a
 * prefix scan returns is always the live keys in ascending order, each once (the store merges
 * keys added and removed since the last query lazily; sandbox/forge/kvs/store.ts).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KvsStore } from '../../../../sandbox/forge/kvs/store';

type Op =
  | { op: 'put'; key: string; ttl: number | undefined }
  | { op: 'remove'; key: string }
  | { op: 'tick'; ms: number }
  | { op: 'scan'; prefix: string; after: string | undefined; limit: number };

const key = fc.constantFrom('a', 'a1', 'ab', 'b', 'ba', 'é');
const ops: fc.Arbitrary<Op[]> = fc.array(
  fc.oneof(
    fc.record({
      op: fc.constant('put' as const),
      key,
      ttl: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    }),
    fc.record({ op: fc.constant('remove' as const), key }),
    fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 3 }) }),
    fc.record({
      op: fc.constant('scan' as const),
      prefix: fc.constantFrom('', 'a', 'b', 'c', 'z'),
      after: fc.option(key, { nil: undefined }),
      limit: fc.integer({ min: 1, max: 12 }),
    }),
  ),
  { maxLength: 60 },
);

describe('the store keeps its keys in order', () => {
  it('a scan returns the live keys after the cursor, ascending, each once, whatever came before', () => {
    fc.assert(
      fc.property(ops, (script) => {
        let now = 0;
        const store = new KvsStore(() => now, undefined);
        const model = new Map<string, number>(); // key → expireAt (Infinity without TTL)
        for (const step of script) {
          if (step.op === 'put') {
            store.put('kvs', step.key, step.key, step.ttl);
            model.set(step.key, step.ttl === undefined ? Number.POSITIVE_INFINITY : now + step.ttl);
          } else if (step.op === 'remove') {
            store.remove('kvs', step.key);
            model.delete(step.key);
          } else if (step.op === 'tick') {
            now += step.ms;
          } else {
            const live = [...model]
              .filter(([, expireAt]) => expireAt > now)
              .map(([k]) => k)
              .filter(
                (k) =>
                  k.startsWith(step.prefix) &&
                  (step.after === undefined || step.after < step.prefix || k > step.after),
              )
              .sort();
            const got = store.scan(step.prefix, step.after, step.limit);
            expect(got.keys).toEqual(live.slice(0, step.limit));
            expect(got.more).toBe(live.length > step.limit);
          }
        }
        const listed = [...model]
          .filter(([, e]) => e > now)
          .map(([k]) => k)
          .sort();
        expect(store.listKeys('kvs')).toEqual(listed);
      }),
      { numRuns: 1000 },
    );
  });
});
