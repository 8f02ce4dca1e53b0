/** The one list cutter every batched call uses (KVS batches, show_many, Jira bulk fetch). */
import { describe, expect, it } from 'vitest';
import { slices } from '../../../src/util/slices';

describe('slices', () => {
  it('cuts a list into consecutive runs of at most the size, in order', () => {
    expect(slices([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(slices([1, 2], 2)).toEqual([[1, 2]]);
    expect(slices([], 25)).toEqual([]);
  });

  it('refuses a size that would never advance or cut nothing', () => {
    for (const size of [0, -1, 1.5, Number.NaN]) expect(() => slices([1], size)).toThrow(RangeError);
  });
});
