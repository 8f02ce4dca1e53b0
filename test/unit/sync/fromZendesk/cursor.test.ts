import { describe, expect, it } from 'vitest';
import type { ProblemCode } from '../../../../src/domain/errors';
import type { SyncProblem } from '../../../../src/domain/types';
import type { RetryEntry } from '../../../../src/storage/cursor';
import {
  cursorLagSeconds,
  initialStartTime,
  newCursorRecord,
  recentStartTime,
  pruneRetry,
} from '../../../../src/sync/fromZendesk/cursor';
import { mergeProblems, withProblem } from '../../../../src/sync/core/problems';
import { fingerprint } from '../../../../src/sync/core/state';

describe('export start time', () => {
  const now = Date.parse('2026-11-25T12:00:00Z');

  it('starts at the connection time', () => {
    expect(initialStartTime('2026-11-25T10:00:00Z', now)).toBe(Date.parse('2026-11-25T10:00:00Z') / 1000);
  });

  it('is never less than a minute old (Zendesk refuses newer start times)', () => {
    expect(initialStartTime('2026-11-25T11:59:30Z', now)).toBe(now / 1000 - 60);
    expect(initialStartTime('not a date', now)).toBe(now / 1000 - 60);
  });

  it("takes a recent start a minute older than Zendesk requires, for the clocks' skew", () => {
    expect(recentStartTime(now + 999)).toBe(now / 1000 - 120);
  });

  it('reports the lag behind Zendesk once caught up', () => {
    const record = newCursorRecord('2026-11-25T10:00:00Z', now);
    expect(cursorLagSeconds(record, now)).toBeNull();
    expect(cursorLagSeconds({ ...record, caughtUpAt: '2026-11-25T11:59:00Z' }, now)).toBe(120);
  });
});

describe('retry list', () => {
  const entry = (lastAt: string, parked = false): RetryEntry => ({
    attempts: 1,
    firstAt: lastAt,
    lastAt,
    ...(parked ? { parked: true } : {}),
  });

  it('drops parked entries first, then the oldest, when over the bound', () => {
    const retry = {
      a: entry('2026-01-03'),
      b: entry('2026-01-01'),
      c: entry('2026-01-05', true),
      d: entry('2026-01-04'),
    };
    const { kept, dropped } = pruneRetry(retry, 2);
    expect(dropped).toEqual(['c', 'b']);
    expect(Object.keys(kept).sort()).toEqual(['a', 'd']);
    expect(pruneRetry(retry, 10).dropped).toEqual([]);
  });
});

describe('link problems', () => {
  const p = (
    code: ProblemCode,
    message: string,
    kind: SyncProblem['kind'] = 'limitation',
    at = '2026-01-01T00:00:00Z',
  ): SyncProblem => ({ kind, code, message, at });

  it('replaces this direction’s problems, keeps the other direction’s and unchanged ones’ first time', () => {
    const existing = [
      p('STATUS_NO_TRANSITION', 'no way', 'limitation', 'first'),
      p('TO_ZENDESK_FAILED', 'other side'),
      p('FIELD_MISSING', 'gone'),
    ];
    const merged = mergeProblems(existing, [p('STATUS_NO_TRANSITION', 'no way', 'limitation', 'second')]);
    expect(merged).toEqual([
      p('TO_ZENDESK_FAILED', 'other side'),
      p('STATUS_NO_TRANSITION', 'no way', 'limitation', 'first'),
    ]);
  });

  it('keeps attachment skips across passes, without doubles, newest five', () => {
    let problems: SyncProblem[] = [];
    for (let i = 0; i < 7; i++) problems = mergeProblems(problems, [p('ATTACHMENT_SKIPPED', `file ${i}`)]);
    problems = mergeProblems(problems, [p('ATTACHMENT_SKIPPED', 'file 6')]);
    expect(problems.map((x) => x.message)).toEqual(['file 2', 'file 3', 'file 4', 'file 5', 'file 6']);
  });

  it('adds one failure without touching the rest', () => {
    const existing = [p('FIELD_MISSING', 'gone'), p('SYNC_FAILED', 'old', 'error')];
    expect(withProblem(existing, p('SYNC_FAILED', 'new', 'error')).map((x) => x.message)).toEqual([
      'gone',
      'new',
    ]);
  });
});

describe('fingerprints', () => {
  it('are stable across key order and short for long values', () => {
    expect(fingerprint({ b: 1, a: [1, 'x'] })).toBe(fingerprint({ a: [1, 'x'], b: 1 }));
    expect(fingerprint('short')).toBe('"short"');
    const long = fingerprint('x'.repeat(10_000));
    expect(long.startsWith('sha256:')).toBe(true);
    expect(long.length).toBeLessThan(40);
    expect(fingerprint('x'.repeat(10_000))).toBe(long);
    expect(fingerprint('y'.repeat(10_000))).not.toBe(long);
  });
});
