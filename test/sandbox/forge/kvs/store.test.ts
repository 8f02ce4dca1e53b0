// Storage persisted to a JSON file: shared by two emulator instances, and never silently reset;
// and the store's key order under any mix of writes, deletes, expiry and queries.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createForgeEmulator, StorageFileCorrupt } from '../../../../sandbox/forge';
import { KvsStore } from '../../../../sandbox/forge/kvs/store';
import { kvs } from '@forge/kvs';
import { FIXTURE_APP } from '../support/recordingServer';

const dir = mkdtempSync(join(tmpdir(), 'forge-emu-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('file-backed storage and bookkeeping', () => {
  it('survives into a second emulator instance, secrets included and still separate', async () => {
    const file = join(dir, 'nested', 'kvs.json');
    const first = createForgeEmulator({ appDir: FIXTURE_APP, storage: { file } });
    await kvs.set('connection', { subdomain: 'acme' });
    await kvs.setSecret('zendesk-api-token', 't0k3n');
    await kvs
      .transact()
      .set('item:1', { n: 1 })
      .set('ticket:7', [{ itemId: '1' }])
      .execute();
    await kvs.delete('item:1');
    await kvs.entity('lease').set('link-1', { owner: 'a' }, { ttl: { value: 1, unit: 'DAYS' } });
    first.close();

    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as {
      entries: Record<string, unknown>;
      secrets: Record<string, unknown>;
    };
    expect(Object.keys(onDisk.entries).sort()).toEqual(['connection', 'ticket:7']);
    expect(Object.keys(onDisk.secrets)).toEqual(['zendesk-api-token']);

    const second = createForgeEmulator({ appDir: FIXTURE_APP, storage: { file } });
    expect(await kvs.get('connection')).toEqual({ subdomain: 'acme' });
    expect(await kvs.getSecret('zendesk-api-token')).toBe('t0k3n');
    expect((await kvs.query().getMany()).results.map((r) => r.key)).toEqual(['connection', 'ticket:7']);
    expect(await kvs.entity('lease').get('link-1')).toEqual({ owner: 'a' });
    // The TTL travels with the entity: it still frees itself after a restart.
    second.clock.advance(86_400_001);
    expect(await kvs.entity('lease').get('link-1')).toBeUndefined();
    expect(second.storage.file).toBe(file);
    second.close();
  });

  it('refuses to start on a corrupt file and names it', () => {
    const file = join(dir, 'corrupt.json');
    writeFileSync(file, '{"format":"forge-emulator-kvs","version":1,"entries":{');
    expect(() => createForgeEmulator({ appDir: FIXTURE_APP, storage: { file } })).toThrow(StorageFileCorrupt);
    expect(() => createForgeEmulator({ appDir: FIXTURE_APP, storage: { file } })).toThrow(file);
    // Valid JSON of the wrong shape is just as corrupt.
    const wrongShape = join(dir, 'wrong.json');
    writeFileSync(wrongShape, JSON.stringify({ hello: 'world' }));
    expect(() => createForgeEmulator({ appDir: FIXTURE_APP, storage: { file: wrongShape } })).toThrow(
      /wrong\.json is corrupt/,
    );
    expect(readFileSync(file, 'utf8')).toBe('{"format":"forge-emulator-kvs","version":1,"entries":{');
  });

  it('keeps the call log bounded while counters keep counting', async () => {
    const emu = createForgeEmulator({ appDir: FIXTURE_APP, callLogLimit: 2 });
    for (const k of ['a', 'b', 'c']) await kvs.set(`bounded:${k}`, k);
    expect(emu.calls.map((c) => [c.seq, c.target])).toEqual([
      [2, 'bounded:b'],
      [3, 'bounded:c'],
    ]);
    expect(emu.counters.writes).toBe(3);
    // Past twice the limit the log trims in one step; what it shows is still the newest two.
    for (const k of ['d', 'e', 'f', 'g']) await kvs.set(`bounded:${k}`, k);
    expect(emu.calls.map((c) => [c.seq, c.target])).toEqual([
      [6, 'bounded:f'],
      [7, 'bounded:g'],
    ]);
    expect(emu.counters.writes).toBe(7);
    emu.close();
  });
});

/*
 * A prefix scan returns the live keys in ascending order, each once, whatever came before (the
 * store merges keys added and removed since the last query lazily; sandbox/forge/kvs/store.ts).
 */
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
