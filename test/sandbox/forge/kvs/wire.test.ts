// The real @forge/kvs SDK against the emulator's KVS wire protocol.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createForgeEmulator } from '../../../../sandbox/forge';
import { kvs, MetadataField, WhereConditions } from '@forge/kvs';
import { FIXTURE_APP, kvsError } from '../support/recordingServer';

const emu = createForgeEmulator({ appDir: FIXTURE_APP });
afterAll(() => emu.close());
beforeEach(() => {
  emu.storage.clear();
  emu.counters.reset();
  emu.clearCalls();
});

describe('basic get/set/delete', () => {
  it('round-trips JSON values and reports missing keys as undefined', async () => {
    await kvs.set('connection', { subdomain: 'acme', n: 1, tags: ['a'] });
    expect(await kvs.get('connection')).toEqual({ subdomain: 'acme', n: 1, tags: ['a'] });
    expect(await kvs.get('missing')).toBeUndefined();
    await kvs.delete('connection');
    expect(await kvs.get('connection')).toBeUndefined();
    // Deleting a missing key is not an error for the SDK (404 KEY_NOT_FOUND is swallowed).
    await expect(kvs.delete('connection')).resolves.toBeUndefined();
    expect(emu.counters.byKind).toMatchObject({ set: 1, get: 3, delete: 2 });
  });

  it('returns metadata when asked', async () => {
    await kvs.set('meta', 'x');
    const got = await kvs.get('meta', {
      metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT],
    });
    expect(got).toMatchObject({ key: 'meta', value: 'x' });
    expect(typeof (got as { createdAt?: unknown }).createdAt).toBe('number');
  });

  it('honours keyPolicy FAIL_IF_EXISTS and returnValue PREVIOUS', async () => {
    await kvs.set('once', 1, { keyPolicy: 'FAIL_IF_EXISTS' });
    const err = await kvsError(kvs.set('once', 2, { keyPolicy: 'FAIL_IF_EXISTS' }));
    expect([err.responseDetails.status, err.code]).toEqual([409, 'KEY_CONFLICT']);
    const prev = await kvs.set('once', 3, { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' });
    expect(prev).toMatchObject({ key: 'once', value: 1 });
    expect(await kvs.get('once')).toBe(3);
  });

  it('expires TTL entries on the emulator clock', async () => {
    await kvs.set('short', 'v', { ttl: { value: 5, unit: 'SECONDS' } });
    expect(await kvs.get('short')).toBe('v');
    emu.clock.advance(5_001);
    expect(await kvs.get('short')).toBeUndefined();
  });
});

describe('limits answer with the platform error codes', () => {
  it('rejects keys that are too long, empty or outside the allowed characters', async () => {
    expect((await kvsError(kvs.set('k'.repeat(501), 1))).code).toBe('KEY_TOO_LONG');
    await expect(kvs.set('k'.repeat(500), 1)).resolves.toBeUndefined();
    expect((await kvsError(kvs.set('', 1))).code).toBe('KEY_TOO_SHORT');
    const invalid = await kvsError(kvs.set('item/1', 1));
    expect(invalid.code).toBe('INVALID_KEY');
    expect(invalid.responseDetails.status).toBe(400);
    expect((await kvsError(kvs.set('   ', 1))).code).toBe('INVALID_KEY');
    await expect(kvs.set('link:item-1:10001 #a.b_c', 1)).resolves.toBeUndefined();
  });

  it('rejects values over 240 KiB and deeper than 31 levels', async () => {
    const big = 'x'.repeat(240 * 1024); // plus the JSON quotes: just over the limit
    expect((await kvsError(kvs.set('big', big))).code).toBe('MAX_SIZE');
    await expect(kvs.set('fits', 'x'.repeat(240 * 1024 - 2))).resolves.toBeUndefined();
    const nest = (depth: number): unknown => (depth === 0 ? 1 : { a: nest(depth - 1) });
    await expect(kvs.set('deep31', nest(31))).resolves.toBeUndefined();
    expect((await kvsError(kvs.set('deep32', nest(32)))).code).toBe('MAX_DEPTH');
    expect(emu.storage.keys()).toEqual(['deep31', 'fits']);
  });

  it('rejects secrets over 128 KiB', async () => {
    expect((await kvsError(kvs.setSecret('s', 'x'.repeat(128 * 1024)))).code).toBe('MAX_SIZE');
  });
});

describe('query', () => {
  it('pages through a prefix with cursors, in key order, without other prefixes', async () => {
    for (let i = 0; i < 25; i++) await kvs.set(`item:${String(i).padStart(2, '0')}`, i);
    await kvs.set('itemz', 'other prefix');
    await kvs.set('link:1', 'unrelated');
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      let q = kvs.query().where('key', WhereConditions.beginsWith('item:')).limit(10);
      if (cursor) q = q.cursor(cursor);
      const page = await q.getMany();
      pages += 1;
      seen.push(...page.results.map((r) => r.key));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `item:${String(i).padStart(2, '0')}`));
    expect(emu.counters.queries).toBe(3);
  });

  it('returns 10 results by default and refuses a limit above 20', async () => {
    for (let i = 0; i < 12; i++) await kvs.set(`q:${i}`, i);
    const first = await kvs.query().where('key', WhereConditions.beginsWith('q:')).getMany();
    expect(first.results).toHaveLength(10);
    expect(first.nextCursor).toBeDefined();
    expect((await kvsError(kvs.query().limit(21).getMany())).code).toBe('LIST_QUERY_LIMIT_EXCEEDED');
    expect(await kvs.query().where('key', WhereConditions.beginsWith('q:1')).getOne()).toEqual({
      key: 'q:1',
      value: 1,
    });
  });

  it('never shows secrets, which live apart from normal keys', async () => {
    await kvs.setSecret('zendesk-api-token', 'sekret');
    await kvs.set('zendesk-visible', 1);
    const all = await kvs.query().limit(20).getMany();
    expect(all.results.map((r) => r.key)).toEqual(['zendesk-visible']);
    expect(await kvs.getSecret('zendesk-api-token')).toBe('sekret');
    expect(await kvs.get('zendesk-api-token')).toBeUndefined();
    expect(emu.storage.dump()).toEqual({ 'zendesk-visible': 1 });
    expect(emu.storage.dumpSecrets()).toEqual({ 'zendesk-api-token': 'sekret' });
    await kvs.deleteSecret('zendesk-api-token');
    expect(await kvs.getSecret('zendesk-api-token')).toBeUndefined();
  });
});

describe('batch operations and transactions', () => {
  it('batchSet/batchGet/batchDelete report per-key success and failure', async () => {
    const set = await kvs.batchSet<unknown>([
      { key: 'b:1', value: 1 },
      { key: 'b:2', value: { two: 2 } },
      { key: 'bad/key', value: 3 },
    ]);
    expect(set.successfulKeys).toEqual([{ key: 'b:1' }, { key: 'b:2' }]);
    expect(set.failedKeys).toEqual([
      { key: 'bad/key', error: expect.objectContaining({ code: 'INVALID_KEY' }) },
    ]);

    const got = await kvs.batchGet([{ key: 'b:1' }, { key: 'b:2' }, { key: 'b:3' }]);
    expect(got.successfulKeys).toEqual([
      { key: 'b:1', value: 1 },
      { key: 'b:2', value: { two: 2 } },
    ]);
    expect(got.failedKeys).toEqual([
      { key: 'b:3', error: { code: 'KEY_NOT_FOUND', message: 'Key does not exist' } },
    ]);

    const del = await kvs.batchDelete([{ key: 'b:1' }, { key: 'b:3' }]);
    expect(del.successfulKeys).toEqual([{ key: 'b:1' }]);
    expect(emu.storage.keys('b:')).toEqual(['b:2']);
    expect(emu.counters.keysByKind.batchGet).toBe(3);
  });

  it('refuses an empty batch, duplicate keys and more than 25 keys as a whole', async () => {
    expect((await kvsError(kvs.batchSet([]))).responseDetails.status).toBe(400);
    expect(
      (
        await kvsError(
          kvs.batchSet([
            { key: 'd', value: 1 },
            { key: 'd', value: 2 },
          ]),
        )
      ).responseDetails.status,
    ).toBe(400);
    const many = Array.from({ length: 26 }, (_, i) => ({ key: `m:${i}`, value: i }));
    expect((await kvsError(kvs.batchSet(many))).responseDetails.status).toBe(400);
    expect(emu.storage.keys()).toEqual([]);
  });

  it('applies a transaction completely or not at all', async () => {
    await kvs.set('t:old', 1);
    await kvs.transact().set('t:a', 'A').set('t:b', { b: true }).delete('t:old').execute();
    expect(emu.storage.dump()).toEqual({ 't:a': 'A', 't:b': { b: true } });

    const err = await kvsError(
      kvs
        .transact()
        .set('t:c', 'C')
        .set('t:d', 'x'.repeat(241 * 1024))
        .execute(),
    );
    expect(err.code).toBe('MAX_SIZE');
    expect(emu.storage.keys()).toEqual(['t:a', 't:b']);

    const dup = await kvsError(kvs.transact().set('t:e', 1).delete('t:e').execute());
    expect(dup.responseDetails.status).toBe(400);
    expect(emu.storage.get('t:e')).toBeUndefined();
  });
});

describe('call log', () => {
  it('records every KVS call with its key and status', async () => {
    await kvs.set('log:1', 1);
    await kvs.get('log:2');
    expect(emu.calls.map((c) => [c.kind, c.method, c.target, c.status, c.write])).toEqual([
      ['kvs', 'set', 'log:1', 204, true],
      ['kvs', 'get', 'log:2', 404, false],
    ]);
    expect(emu.counters.reads).toBe(1);
    expect(emu.counters.writes).toBe(1);
  });
});
