// The real @forge/kvs SDK against the emulator's Custom Entity Store (entities declared in the fixture manifest).
import { beforeEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../../../sandbox/forge';
import { useFixtureEmulator } from '../support/fixtureEmulator';
import {
  Filter,
  FilterConditions,
  ForgeKvsAPIError,
  kvs,
  MetadataField,
  Sort,
  WhereConditions,
} from '@forge/kvs';
import { kvsError } from '../support/recordingServer';

const emu = useFixtureEmulator();

interface Employee {
  surname: string;
  age: number;
  score?: number;
  active?: boolean;
  tags?: unknown;
}
const employees = kvs.entity<Employee>('employee');

describe('entity get/set/delete', () => {
  it('batchGet reads entity items beside plain keys, each from its own store', async () => {
    await employees.set('b1', { surname: 'Batch', age: 40 });
    await kvs.set('b1', 'plain');
    const got = await kvs.batchGet([
      { key: 'b1', entityName: 'employee' },
      { key: 'b1' },
      { key: 'b2', entityName: 'employee' },
    ]);
    expect(got.successfulKeys).toEqual([
      { key: 'b1', entityName: 'employee', value: { surname: 'Batch', age: 40 } },
      { key: 'b1', value: 'plain' },
    ]);
    expect(got.failedKeys).toMatchObject([
      { key: 'b2', entityName: 'employee', error: { code: 'KEY_NOT_FOUND' } },
    ]);
    await employees.delete('b1');
    await kvs.delete('b1');
  });

  it('round-trips a declared entity, apart from plain keys of the same name', async () => {
    await employees.set('e1', { surname: 'Scott', age: 30, score: 1.5, active: true, tags: ['x', { y: 1 }] });
    await kvs.set('e1', 'plain');
    expect(await employees.get('e1')).toEqual({
      surname: 'Scott',
      age: 30,
      score: 1.5,
      active: true,
      tags: ['x', { y: 1 }],
    });
    expect(await kvs.get('e1')).toBe('plain');
    expect(await kvs.entity('lease').get('e1')).toBeUndefined();
    await employees.delete('e1');
    expect(await employees.get('e1')).toBeUndefined();
    await expect(employees.delete('e1')).resolves.toBeUndefined();
    expect(emu.counters.byKind).toMatchObject({ entitySet: 1, entityGet: 3, entityDelete: 2 });
  });

  it('refuses an undeclared entity, undeclared attributes and values of the wrong type', async () => {
    const undeclared = await kvsError(kvs.entity('ghost').set('k', { a: 1 }));
    expect([undeclared.responseDetails.status, undeclared.code]).toEqual([400, 'BAD_REQUEST']);
    expect(undeclared.message).toContain("'ghost' is not declared");
    await expect(kvs.entity('ghost').get('k')).rejects.toBeInstanceOf(ForgeKvsAPIError);

    const bad: [string, unknown][] = [
      ['extra attribute', { surname: 'S', age: 1, salary: 3 }],
      ['string for integer', { surname: 'S', age: '30' }],
      ['fraction for integer', { surname: 'S', age: 30.5 }],
      ['integer above 32 bits', { surname: 'S', age: 2_147_483_648 }],
      ['empty string', { surname: '', age: 1 }],
      ['whitespace string', { surname: '   ', age: 1 }],
      ['number for boolean', { surname: 'S', age: 1, active: 1 }],
      ['float below 1E-130', { surname: 'S', age: 1, score: 1e-131 }],
      ['null for any', { surname: 'S', age: 1, tags: null }],
      ['not an object', ['S', 1]],
    ];
    for (const [why, value] of bad) {
      const err = await kvsError(employees.set('bad', value as Employee));
      expect([why, err.responseDetails.status]).toEqual([why, 400]);
    }
    expect(emu.storage.dumpEntity('employee')).toEqual({});
    // The edges that are allowed.
    const edges = { surname: ' S', age: -2_147_483_648, score: -1e-130, active: false, tags: [null] };
    await employees.set('ok', edges);
    expect(await employees.get('ok')).toEqual(edges);
  });

  it('honours FAIL_IF_EXISTS, returnValue and TTL on entities, expiring on the emulator clock', async () => {
    const before = emu.clock.now();
    const lease = kvs.entity<{ owner: string; expiresAt: number }>('lease');
    await lease.set(
      'l1',
      { owner: 'a', expiresAt: 5 },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 10, unit: 'SECONDS' } },
    );
    const taken = await kvsError(
      lease.set('l1', { owner: 'b', expiresAt: 6 }, { keyPolicy: 'FAIL_IF_EXISTS' }),
    );
    expect([taken.responseDetails.status, taken.code]).toEqual([409, 'KEY_CONFLICT']);
    const got = await lease.get('l1', { metadataFields: [MetadataField.EXPIRE_TIME] });
    expect(got).toMatchObject({ key: 'l1', value: { owner: 'a' } });
    const expireAt = Date.parse((got as { expireTime: string }).expireTime);
    expect(expireAt).toBeGreaterThanOrEqual(before + 10_000);
    expect(expireAt).toBeLessThanOrEqual(emu.clock.now() + 10_000);
    emu.clock.advance(10_001);
    expect(await lease.get('l1')).toBeUndefined();
    await expect(
      lease.set('l1', { owner: 'b', expiresAt: 6 }, { keyPolicy: 'FAIL_IF_EXISTS' }),
    ).resolves.toBeUndefined();
    const prev = await lease.set(
      'l1',
      { owner: 'c', expiresAt: 7 },
      { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' },
    );
    expect(prev).toMatchObject({ key: 'l1', value: { owner: 'b', expiresAt: 6 } });
  });
});

describe('entity queries', () => {
  beforeEach(async () => {
    const rows: [string, Employee][] = [
      ['e1', { surname: 'Scott', age: 30, active: true }],
      ['e2', { surname: 'Smith', age: 25, active: false }],
      ['e3', { surname: 'Scott', age: 41, active: true }],
      ['e4', { surname: 'Davis', age: 35, active: true }],
      ['e5', { surname: 'Scott', age: 19 }],
    ];
    for (const [k, v] of rows) await employees.set(k, v);
  });

  it('orders by the range attribute, applies where, filters, sort and cursors', async () => {
    const all = await employees.query().index('by-age').getMany();
    expect(all.results.map((r) => r.key)).toEqual(['e5', 'e2', 'e1', 'e4', 'e3']);

    const older = await employees
      .query()
      .index('by-age')
      .where(WhereConditions.greaterThan(29))
      .sort(Sort.DESC)
      .getMany();
    expect(older.results.map((r) => r.key)).toEqual(['e3', 'e4', 'e1']);

    const activeScotts = await employees
      .query()
      .index('by-surname-age', { partition: ['Scott'] })
      .where(WhereConditions.between(20, 50))
      .filters(new Filter<Employee>().and('active', FilterConditions.equalTo(true)))
      .getMany();
    expect(activeScotts.results.map((r) => r.key)).toEqual(['e1', 'e3']);

    const page = (cursor?: string) => {
      const q = employees.query().index('by-age').limit(2);
      return (cursor === undefined ? q : q.cursor(cursor)).getMany();
    };
    const first = await page();
    expect(first.results.map((r) => r.key)).toEqual(['e5', 'e2']);
    await employees.delete('e2'); // the last row served: the cursor still knows where to resume
    const second = await page(first.nextCursor ?? '');
    expect(second.results.map((r) => r.key)).toEqual(['e1', 'e4']);
    const last = await page(second.nextCursor ?? '');
    expect([last.results.map((r) => r.key), last.nextCursor]).toEqual([['e3'], undefined]);
  });

  it('refuses an unknown index, a missing partition, a forged cursor and a limit above 20', async () => {
    const forged = employees.query().index('by-age').cursor('bm90LWEtY3Vyc29y').getMany();
    expect((await kvsError(forged)).responseDetails.status).toBe(400);
    expect((await kvsError(employees.query().index('by-height').getMany())).responseDetails.status).toBe(400);
    expect((await kvsError(employees.query().index('by-surname-age').getMany())).responseDetails.status).toBe(
      400,
    );
    expect((await kvsError(employees.query().index('by-age').limit(21).getMany())).code).toBe(
      'LIST_QUERY_LIMIT_EXCEEDED',
    );
  });
});

describe('manifest declarations', () => {
  const manifestWith = (type: string, index: string): string =>
    [
      'app:',
      '  id: ari:cloud:ecosystem::app/11111111-2222-4333-8444-555555555555',
      '  runtime:',
      '    name: nodejs22.x',
      '  storage:',
      '    entities:',
      '      - name: lease',
      '        attributes:',
      '          owner:',
      `            type: ${type}`,
      '        indexes:',
      `          - ${index}`,
    ].join('\n');

  it('reads app.storage.entities and refuses contradictions', () => {
    expect(
      parseManifest(manifestWith('string', 'owner')).entities.get('lease')?.attributes.get('owner'),
    ).toBe('string');
    expect(() => parseManifest(manifestWith('text', 'owner'))).toThrow(/does not match the manifest schema/);
    expect(() => parseManifest(manifestWith('string', 'holder'))).toThrow(/undeclared attribute 'holder'/);
  });
});
