import { describe, expect, it } from 'vitest';
import { decodeIds, encodeIds } from '../../../../src/sync/fromZendesk/idList';

describe('the compact ticket id list', () => {
  it('reads back every id, ascending and once', () => {
    const ids = ['1302', '1298', '1299', '99999999', '1298'];
    const list = encodeIds(ids);
    expect(list).toBe('102,1,3,1njbhl');
    expect(decodeIds(list)).toEqual(['1298', '1299', '1302', '99999999']);
  });

  it('is empty for no ids', () => {
    expect(encodeIds([])).toBe('');
    expect(decodeIds('')).toEqual([]);
  });
});
