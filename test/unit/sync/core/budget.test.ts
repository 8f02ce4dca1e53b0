import { describe, expect, it } from 'vitest';
import { createBudget } from '../../../../src/sync/core/budget';

/** A clock the test moves: the invocation's remaining time, as the Forge runtime reports it. */
function invocation(totalMs: number) {
  let used = 0;
  return {
    remaining: () => totalMs - used,
    spend: (ms: number) => {
      used += ms;
    },
    used: () => used,
  };
}

/** Processes tickets of the given durations while the budget allows; the time used at the end. */
function runTickets(totalMs: number, durations: (i: number) => number, shape = {}): number {
  const inv = invocation(totalMs);
  const budget = createBudget(inv.remaining, shape);
  for (let i = 0; i < 10_000 && budget.canProcess(); i++) {
    inv.spend(durations(i));
    budget.ticketDone();
  }
  return inv.used() / totalMs;
}

describe('the time budget', () => {
  it('ends inline work at a third of the limit with tickets of steady length', () => {
    const share = runTickets(240_000, () => 1_000);
    expect(share).toBeGreaterThanOrEqual(0.29);
    expect(share).toBeLessThanOrEqual(0.3);
  });

  it('does not start a ticket the longest one so far would carry past the inline line', () => {
    // Every tenth ticket takes 20 s of a 240 s invocation: one more started just under the
    // line would end at 0.3 + 0.08 of it.
    const share = runTickets(240_000, (i) => (i % 10 === 9 ? 20_000 : 500));
    expect(share).toBeLessThanOrEqual(0.3);
  });

  it('keeps the longest invocation within 40 % of its limit with one slow ticket in flight', () => {
    // A ticket twice as slow as any before it is the one in flight at the line.
    const share = runTickets(240_000, (i) => (i === 40 ? 30_000 : 1_500));
    expect(share).toBeLessThanOrEqual(0.4);
  });

  it('leaves cheap work (export pages, pushes) a little longer than inline work', () => {
    const inv = invocation(100_000);
    const budget = createBudget(inv.remaining);
    inv.spend(31_000);
    expect(budget.canProcess()).toBe(false);
    expect(budget.canContinue()).toBe(true);
    inv.spend(4_500);
    expect(budget.canContinue()).toBe(false);
  });
});
