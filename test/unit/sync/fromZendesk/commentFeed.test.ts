/**
 * The feed state's outstanding list (docs/sync-model.md § Comments from ticket events): it is
 * bounded by its room in the cursor record, not by a count, so a backlog run that leaves several
 * hundred short ids outstanding keeps the feed instead of restarting it (issue #17: the restart
 * made the 10k backlog's next ~2,000 tickets list their comments). A queue batch's settlement
 * also keeps the carried lists (docs/sync-model.md § Carried comments) true.
 */
import { describe, expect, it } from 'vitest';
import type { CommentFeedState } from '../../../../src/storage/cursor';
import {
  OUTSTANDING_MAX_CHARS,
  settleBatch,
  type FeedOutcome,
} from '../../../../src/sync/fromZendesk/commentFeed';
import { decodeIds, encodeIds } from '../../../../src/sync/fromZendesk/idList';

const ids = (from: number, n: number): string[] => Array.from({ length: n }, (_, i) => String(from + i));

function state(outstanding: string[]): CommentFeedState {
  return { since: 1_000, through: 2_000, outstanding };
}

describe('the outstanding list of the comment feed', () => {
  it('keeps 700 five-digit tickets outstanding rather than restarting the feed', () => {
    const next = settleBatch(state(ids(10_000, 699)), new Map([['20000', 'none' as const]]), null);
    expect(next.since).toBe(1_000);
    expect(next.outstanding).toHaveLength(700);
    expect(next.outstanding).toContain('20000');
  });

  it('restarts the feed once the list would outgrow its room in the cursor record', () => {
    const many = ids(1_000_000_000, Math.ceil(OUTSTANDING_MAX_CHARS / 13));
    const next = settleBatch(state(many), new Map([['2000000000', 'none' as const]]), null);
    expect(next).toEqual({ since: 2_000, through: 2_000, outstanding: [] });
  });

  it('never stores a list longer than its room', () => {
    const kept = settleBatch(
      state(ids(1_000_000_000, 499)),
      new Map([['2000000000', 'none' as const]]),
      null,
    );
    expect(kept.outstanding).toHaveLength(500);
    expect(JSON.stringify(kept.outstanding).length).toBeLessThanOrEqual(OUTSTANDING_MAX_CHARS);
  });
});

describe('carried tickets in a queue batch settlement', () => {
  const carrying = (outstanding: string[] = []): CommentFeedState => ({
    ...state(outstanding),
    carried: [encodeIds(['11', '12']), encodeIds(['13'])],
  });

  it('forgets a carried ticket the batch handled through the mark, keeping every part listed', () => {
    const next = settleBatch(
      carrying(),
      new Map<string, FeedOutcome>([
        ['11', 'window'],
        ['13', { through: 2_000 }],
      ]),
      null,
    );
    expect(next.carried?.map(decodeIds)).toEqual([['12'], []]);
  });

  it('keeps carrying a ticket the batch handled only up to a second before the mark', () => {
    const next = settleBatch(carrying(), new Map([['12', { through: 1_999 }]]), null);
    expect(next.carried?.map(decodeIds)).toEqual([['11', '12'], ['13']]);
  });

  it('makes a carried ticket the batch could not finish outstanding', () => {
    const next = settleBatch(carrying(), new Map([['12', 'none' as const]]), null);
    expect(next.outstanding).toEqual(['12']);
  });

  it('lists the parts empty when the feed restarts, so the next run deletes them', () => {
    const many = ids(1_000_000_000, Math.ceil(OUTSTANDING_MAX_CHARS / 13));
    const next = settleBatch(carrying(many), new Map([['2000000000', 'none' as const]]), null);
    expect(next).toEqual({ since: 2_000, through: 2_000, outstanding: [], carried: ['', ''] });
  });
});
