import { beforeEach, describe, expect, it } from 'vitest';
import type { ZendeskSimulator } from '../../../sandbox/zendesk/index';
import { arr, call, obj, simulators, walkExport } from './support/simHttp';

const sim = simulators({ exportRateLimitPerMinute: 1000 });

const nowSeconds = (s: ZendeskSimulator) => Math.floor(s.clock.now() / 1000);

describe('incremental ticket export (cursor)', () => {
  let s: ZendeskSimulator;
  beforeEach(async () => {
    s = await sim({ seed: { tickets: 25 } });
  });

  it('walks every ticket to end_of_stream, in generated_timestamp order, with cursor fields', async () => {
    const { tickets, pages } = await walkExport(s, 0, 10);
    expect(pages).toBe(3);
    expect(tickets.map((t) => t.id).sort((a, b) => Number(a) - Number(b))).toEqual(
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    const stamps = tickets.map((t) => Number(t.generated_timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
    const first = obj(
      (await call(s, '/api/v2/incremental/tickets/cursor.json?start_time=0&per_page=10')).json,
    );
    expect(typeof first.after_cursor).toBe('string');
    expect(String(first.after_url)).toBe(
      `https://acme.zendesk.com/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(String(first.after_cursor))}`,
    );
    expect(first).toHaveProperty('before_cursor');
    expect(first).toHaveProperty('before_url');
    expect(first.end_of_stream).toBe(false);
  });

  it('defaults to 1000 tickets per page', async () => {
    const big = await sim({ seed: { tickets: 1200, commentsPerTicket: 1, attachments: 0 } });
    const page = obj((await call(big, '/api/v2/incremental/tickets/cursor.json?start_time=0')).json);
    expect(arr(page.tickets)).toHaveLength(1000);
    expect(page.end_of_stream).toBe(false);
  });

  it('refuses a start_time less than a minute old', async () => {
    const res = await call(s, `/api/v2/incremental/tickets/cursor.json?start_time=${nowSeconds(s) - 30}`);
    expect(res.status).toBe(422);
    expect(obj(res.json).error).toBe('InvalidValue');
    expect(String(obj(res.json).description)).toContain('Too recent start_time');
    expect(
      (await call(s, `/api/v2/incremental/tickets/cursor.json?start_time=${nowSeconds(s) - 61}`)).status,
    ).toBe(200);
    expect((await call(s, '/api/v2/incremental/tickets/cursor.json')).status).toBe(422);
  });

  it('never returns the last minute, then returns it once it has aged', async () => {
    const { lastCursor } = await walkExport(s, 0);
    s.control.editTicket(2, { priority: 'urgent' });
    const fresh = obj(
      (await call(s, `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(lastCursor)}`))
        .json,
    );
    expect(arr(fresh.tickets)).toEqual([]);
    expect(fresh.end_of_stream).toBe(true);
    expect(fresh.after_cursor).toBe(lastCursor);
    s.clock.advance(61_000);
    const later = obj(
      (await call(s, `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(lastCursor)}`))
        .json,
    );
    const tickets = arr(later.tickets).map(obj);
    expect(tickets.map((t) => t.id)).toEqual([2]);
    expect(tickets[0]?.priority).toBe('urgent');
  });

  it('reports every kind of change: fields, status, comments, via API and control alike', async () => {
    const { lastCursor } = await walkExport(s, 0);
    s.control.editTicket(1, { subject: 'Renamed by an agent' });
    // Ticket 5 is pending, 4 solved, 3 closed (seed order).
    s.control.addComment(5, { body: 'customer reply', as: 'requester' });
    await call(s, '/api/v2/tickets/4', {
      method: 'PUT',
      body: { ticket: { comment: { body: 'from the app', public: true } } },
    });
    s.control.deleteTicket(6);
    s.clock.advance(61_000);
    const res = obj(
      (await call(s, `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(lastCursor)}`))
        .json,
    );
    const byId = new Map(arr(res.tickets).map((t) => [obj(t).id, obj(t)]));
    expect([...byId.keys()].sort()).toEqual([1, 4, 5, 6]);
    expect(byId.get(1)?.subject).toBe('Renamed by an agent');
    expect(byId.get(5)?.status).toBe('open');
    expect(byId.get(6)?.status).toBe('deleted');
    const withoutDeleted = obj(
      (
        await call(
          s,
          `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(lastCursor)}&exclude_deleted=true`,
        )
      ).json,
    );
    expect(
      arr(withoutDeleted.tickets)
        .map((t) => obj(t).id)
        .sort(),
    ).toEqual([1, 4, 5]);
  });

  it('returns a ticket changed again after export once more, at its latest state', async () => {
    const { lastCursor } = await walkExport(s, 0);
    s.control.editTicket(7, { subject: 'first change' });
    s.clock.advance(61_000);
    const first = obj(
      (await call(s, `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(lastCursor)}`))
        .json,
    );
    expect(arr(first.tickets).map((t) => obj(t).id)).toEqual([7]);
    s.control.editTicket(7, { subject: 'second change' });
    s.clock.advance(61_000);
    const second = obj(
      (
        await call(
          s,
          `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(String(first.after_cursor))}`,
        )
      ).json,
    );
    const tickets = arr(second.tickets).map(obj);
    expect(tickets.map((t) => t.id)).toEqual([7]);
    expect(tickets[0]?.subject).toBe('second change');
  });

  it('honours its own 10-per-minute limit with 429 and Retry-After', async () => {
    const limited = await sim({ seed: { tickets: 2 }, exportRateLimitPerMinute: 10 });
    // Start at the beginning of a rate-limit window so the burst cannot straddle two windows.
    limited.clock.advance(60_000 - (limited.clock.now() % 60_000) + 10);
    const start = nowSeconds(limited) - 3600;
    for (let i = 0; i < 10; i++) {
      const ok = await call(limited, `/api/v2/incremental/tickets/cursor.json?start_time=${start}`);
      expect(ok.status).toBe(200);
      expect(ok.headers.get('zendesk-ratelimit-incremental-exports')).toMatch(
        /^total=10; remaining=\d+; resets=\d+$/,
      );
    }
    const refused = await call(limited, `/api/v2/incremental/tickets/cursor.json?start_time=${start}`);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Other endpoints keep working: the export budget is separate.
    expect((await call(limited, '/api/v2/tickets/1')).status).toBe(200);
    limited.clock.advance(retryAfter * 1000);
    expect((await call(limited, `/api/v2/incremental/tickets/cursor.json?start_time=${start}`)).status).toBe(
      200,
    );
  });

  it('rejects a malformed cursor', async () => {
    expect((await call(s, '/api/v2/incremental/tickets/cursor.json?cursor=bm9wZQ')).status).toBe(422);
  });
});
