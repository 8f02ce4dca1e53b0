/** Item names: unique ignoring case and spacing (server-side), and one stable order. */
import { describe, expect, it } from 'vitest';
import { compareItems, nameKey, sameNamedItem } from '../../src/domain/itemNames';
import { checkUniqueName } from '../../src/admin/itemRules';

const items = [
  { id: 'b2', name: 'Support tickets' },
  { id: 'a1', name: 'Escalations' },
  { id: 'c3', name: 'customers' },
];

describe('item names', () => {
  it('compares names ignoring case, width and runs of spaces', () => {
    expect(nameKey('  Support   Tickets ')).toBe('support tickets');
    expect(nameKey('ＳＵＰＰＯＲＴ tickets')).toBe('support tickets');
    expect(sameNamedItem('SUPPORT  tickets', undefined, items)?.id).toBe('b2');
    expect(sameNamedItem('Support tickets 2', undefined, items)).toBeUndefined();
  });

  it('refuses a second item with the same name, but lets an item keep (or recase) its own', () => {
    expect(() => checkUniqueName('support TICKETS', undefined, items)).toThrow(
      expect.objectContaining({
        code: 'DUPLICATE_NAME',
        message:
          'Another Smart Connected Item is already named "Support tickets". Item names must be unique (capitals and spaces do not count); choose a different name.',
      }),
    );
    expect(() => checkUniqueName('Support Tickets', 'b2', items)).not.toThrow();
    expect(() => checkUniqueName('Customers', 'a1', items)).toThrow(/already named "customers"/);
    expect(() => checkUniqueName('Organizations', undefined, items)).not.toThrow();
  });

  it('orders by name (case-insensitive, numbers numerically), then id, whatever the input order', () => {
    const mixed = [
      { id: 'z', name: 'item 10' },
      { id: 'y', name: 'Item 9' },
      { id: 'x', name: 'alpha' },
      { id: 'b', name: 'Beta' },
      { id: 'a', name: 'beta' },
    ];
    const expected = ['x', 'a', 'b', 'y', 'z'];
    expect([...mixed].sort(compareItems).map((i) => i.id)).toEqual(expected);
    expect(
      [...mixed]
        .reverse()
        .sort(compareItems)
        .map((i) => i.id),
    ).toEqual(expected);
  });
});
