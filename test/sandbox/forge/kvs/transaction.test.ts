// Transactions with entity conditions and checks, TTL inside transactions, racing writers and crash faults,
// all through the real @forge/kvs SDK against the emulator.
import { describe, expect, it } from 'vitest';
import { useFixtureEmulator } from '../support/fixtureEmulator';
import { Filter, FilterConditions, kvs, type PolicySetOptions } from '@forge/kvs';
// The filter builders' common base type, which the package index does not re-export.
import type { BaseFilter } from '@forge/kvs/out/entity-query';
import { kvsError } from '../support/recordingServer';

const emu = useFixtureEmulator();

interface Lease {
  owner: string;
  expiresAt: number;
}
interface Employee {
  surname: string;
  age: number;
  active?: boolean;
  tags?: unknown;
}
const leases = kvs.entity<Lease>('lease');
const heldBy = (owner: string) => new Filter<Lease>().and('owner', FilterConditions.equalTo(owner));

describe('conditional transactions', () => {
  it('applies a conditional set with its plain-key companions only when the condition holds', async () => {
    await leases.set('link-1', { owner: 'a', expiresAt: 10 });
    const tx = (owner: string) =>
      kvs
        .transact()
        .set('link-1', { owner: 'b', expiresAt: 20 }, { entityName: 'lease', conditions: heldBy(owner) })
        .set('audit', owner)
        .execute();
    const err = await kvsError(tx('someone-else'));
    expect([err.responseDetails.status, err.code]).toEqual([409, 'CONDITION_FAILED']);
    expect(await leases.get('link-1')).toEqual({ owner: 'a', expiresAt: 10 });
    expect(emu.storage.get('audit')).toBeUndefined();

    await tx('a');
    expect(await leases.get('link-1')).toEqual({ owner: 'b', expiresAt: 20 });
    expect(emu.storage.get('audit')).toBe('a');
  });

  it('fails the whole transaction on a failed check, and a check on an absent key fails', async () => {
    await leases.set('link-1', { owner: 'a', expiresAt: 10 });
    const withCheck = (key: string, owner: string) =>
      kvs
        .transact()
        .set('claim', 1)
        .check(key, { entityName: 'lease', conditions: heldBy(owner) })
        .execute();
    expect((await kvsError(withCheck('link-1', 'b'))).code).toBe('CONDITION_FAILED');
    expect((await kvsError(withCheck('link-2', 'a'))).code).toBe('CONDITION_FAILED');
    expect(emu.storage.get('claim')).toBeUndefined();
    await withCheck('link-1', 'a');
    expect(emu.storage.get('claim')).toBe(1);
  });

  it('deletes conditionally, and conditions see an absent entity as empty', async () => {
    await leases.set('link-1', { owner: 'a', expiresAt: 10 });
    const del = (owner: string) =>
      kvs
        .transact()
        .delete('link-1', { entityName: 'lease', conditions: heldBy(owner) })
        .execute();
    expect((await kvsError(del('b'))).code).toBe('CONDITION_FAILED');
    await del('a');
    expect(await leases.get('link-1')).toBeUndefined();
    // Absent now: EQUAL_TO fails, NOT_EXISTS holds.
    expect((await kvsError(del('a'))).code).toBe('CONDITION_FAILED');
    const free = new Filter<Lease>().and('owner', FilterConditions.notExists());
    await kvs
      .transact()
      .set('link-1', { owner: 'c', expiresAt: 1 }, { entityName: 'lease', conditions: free })
      .execute();
    expect(await leases.get('link-1')).toEqual({ owner: 'c', expiresAt: 1 });
  });

  it('honours FAIL_IF_EXISTS and TTL inside a transaction', async () => {
    const failIfExists: PolicySetOptions = {
      keyPolicy: 'FAIL_IF_EXISTS',
      ttl: { value: 30, unit: 'SECONDS' },
    };
    const create = (v: string) =>
      kvs.transact().set('once', v, undefined, failIfExists).set('side', v).execute();
    await create('first');
    const err = await kvsError(create('second'));
    expect([err.responseDetails.status, err.code]).toEqual([409, 'KEY_CONFLICT']);
    expect([emu.storage.get('once'), emu.storage.get('side')]).toEqual(['first', 'first']);
    emu.clock.advance(30_001);
    expect(emu.storage.get('once')).toBeUndefined();
    await create('third');
    expect(emu.storage.get('once')).toBe('third');
  });

  it('refuses unknown operators, undeclared attributes, conditions on plain keys, and the size limits', async () => {
    const bogus = {
      filters: () => [{ property: 'owner', condition: 'IS_NOT_EMPTY', values: [] }],
      operator: () => 'and',
    };
    const unknownOp = await kvsError(
      kvs
        .transact()
        .check('k', { entityName: 'lease', conditions: bogus as unknown as Filter<Lease> })
        .execute(),
    );
    expect([unknownOp.responseDetails.status, unknownOp.code]).toEqual([400, 'BAD_REQUEST']);
    const undeclared = new Filter<{ holder: string }>().and('holder', FilterConditions.exists());
    expect(
      (await kvsError(kvs.transact().check('k', { entityName: 'lease', conditions: undeclared }).execute()))
        .code,
    ).toBe('BAD_REQUEST');
    const plainWithCondition = { entityName: undefined as unknown as string, conditions: heldBy('a') };
    expect(
      (
        await kvsError(
          kvs
            .transact()
            .set('k', 1, plainWithCondition as never)
            .execute(),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    expect(
      (
        await kvsError(
          kvs
            .transact()
            .check('k', { entityName: 'ghost', conditions: heldBy('a') })
            .execute(),
        )
      ).code,
    ).toBe('BAD_REQUEST');
    const noConditions = { entityName: 'lease' } as Parameters<ReturnType<typeof kvs.transact>['check']>[1];
    expect((await kvsError(kvs.transact().check('k', noConditions).execute())).code).toBe('BAD_REQUEST');
    let big = kvs.transact();
    for (let i = 0; i < 26; i++) big = big.set(`k${i}`, i);
    expect((await kvsError(big.execute())).responseDetails.status).toBe(400);
    // "Each key can only be used once", whichever store it lives in.
    const twice = kvs.transact().set('same', 1).delete('same', { entityName: 'lease' });
    expect((await kvsError(twice.execute())).responseDetails.status).toBe(400);
    expect(emu.storage.keys()).toEqual([]);
  });
});

describe('every FilterConditions operator', () => {
  const stored: Employee = { surname: 'Scott', age: 30, active: true, tags: ['red', 'blue'] };
  const cases: [
    keyof Employee,
    ReturnType<(typeof FilterConditions)[keyof typeof FilterConditions]>,
    boolean,
  ][] = [
    ['surname', FilterConditions.equalTo('Scott'), true],
    ['surname', FilterConditions.equalTo('scott'), false],
    ['age', FilterConditions.equalTo('30'), false],
    ['surname', FilterConditions.notEqualTo('Smith'), true],
    ['surname', FilterConditions.notEqualTo('Scott'), false],
    ['active', FilterConditions.notEqualTo(true), false],
    ['surname', FilterConditions.beginsWith('Sc'), true],
    ['surname', FilterConditions.beginsWith('co'), false],
    ['age', FilterConditions.between(30, 31), true],
    ['age', FilterConditions.between(31, 40), false],
    ['surname', FilterConditions.between('Sa', 'Sd'), true],
    ['age', FilterConditions.greaterThan(29), true],
    ['age', FilterConditions.greaterThan(30), false],
    ['age', FilterConditions.greaterThan('29'), false],
    ['age', FilterConditions.greaterThanEqualTo(30), true],
    ['age', FilterConditions.greaterThanEqualTo(31), false],
    ['age', FilterConditions.lessThan(31), true],
    ['age', FilterConditions.lessThan(30), false],
    ['age', FilterConditions.lessThanEqualTo(30), true],
    ['age', FilterConditions.lessThanEqualTo(29), false],
    ['surname', FilterConditions.contains('cot'), true],
    ['tags', FilterConditions.contains('red'), true],
    ['tags', FilterConditions.contains('re'), false],
    ['surname', FilterConditions.notContains('x'), true],
    ['tags', FilterConditions.notContains('blue'), false],
    ['active', FilterConditions.exists(), true],
    ['active', FilterConditions.notExists(), false],
  ];

  it.each(cases)('%s %j → %s', async (property, clause, expected) => {
    await kvs.entity<Employee>('employee').set('e1', stored);
    const conditions = new Filter<Employee>().and(property, clause);
    const run = kvs.transact().check('e1', { entityName: 'employee', conditions }).execute();
    if (expected) await expect(run).resolves.toBeUndefined();
    else expect((await kvsError(run)).code).toBe('CONDITION_FAILED');
  });

  it('combines with and/or, and treats a missing attribute as absent', async () => {
    await kvs.entity<Employee>('employee').set('e2', { surname: 'Davis', age: 41 });
    const check = (conditions: BaseFilter<Employee>) =>
      kvs.transact().check('e2', { entityName: 'employee', conditions }).execute();
    const none = new Filter<Employee>();
    await expect(
      check(none.or('surname', FilterConditions.equalTo('x')).or('age', FilterConditions.greaterThan(40))),
    ).resolves.toBeUndefined();
    await kvsError(
      check(none.and('surname', FilterConditions.equalTo('Davis')).and('age', FilterConditions.lessThan(40))),
    );
    await expect(check(none.and('active', FilterConditions.notExists()))).resolves.toBeUndefined();
    await expect(check(none.and('active', FilterConditions.notEqualTo(true)))).resolves.toBeUndefined();
    await kvsError(check(none.and('active', FilterConditions.equalTo(false))));
    await kvsError(check(none.and('tags', FilterConditions.contains('red'))));
  });
});
