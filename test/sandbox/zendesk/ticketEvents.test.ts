/**
 * Incremental ticket events (GET /api/v2/incremental/ticket_events) with and without the
 * comment_events side-load, and the time-based ticket export (GET /api/v2/incremental/tickets).
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ZendeskSimulator } from '../../../sandbox/zendesk/index';
import { arr, call, obj, simulators } from './support/simHttp';

const sim = simulators({ exportRateLimitPerMinute: 1000 });

const nowSeconds = (s: ZendeskSimulator) => Math.floor(s.clock.now() / 1000);

/** Walks a time-based export from start_time to end_of_stream, following next_page. */
async function walk(
  s: ZendeskSimulator,
  first: string,
  key: 'ticket_events' | 'tickets',
): Promise<{ items: Record<string, unknown>[]; pages: number }> {
  const items: Record<string, unknown>[] = [];
  let path = first;
  for (let pages = 1; pages < 1000; pages++) {
    const res = await call(s, path);
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${res.text}`);
    const body = obj(res.json);
    items.push(...arr(body[key]).map(obj));
    expect(body.count).toBe(arr(body[key]).length);
    if (body.end_of_stream === true) return { items, pages };
    const next = new URL(String(body.next_page));
    expect(next.origin).toBe('https://acme.zendesk.com');
    expect(next.searchParams.get('start_time')).toBe(String(body.end_time));
    path = `${next.pathname}${next.search}`;
  }
  throw new Error('export never reached end_of_stream');
}

describe('incremental ticket events', () => {
  let s: ZendeskSimulator;
  beforeEach(async () => {
    s = await sim({ seed: { tickets: 6, commentsPerTicket: 3 } });
  });

  it('gives one Audit event per update; comment_events side-loads the comment itself', async () => {
    const open = [...s.state.tickets.values()].find((t) => t.status === 'open');
    if (!open) throw new Error('seed has an open ticket');
    const before = nowSeconds(s) - 61;
    const priorityBefore = open.priority;
    const put = await call(s, `/api/v2/tickets/${open.id}`, {
      method: 'PUT',
      body: {
        ticket: { priority: 'urgent', comment: { html_body: '<p>Hello <b>there</b></p>', public: false } },
      },
    });
    expect(put.status).toBe(200);
    const auditId = obj(obj(put.json).audit).id;
    // Nothing from the last minute is exported.
    s.clock.advance(30_000);
    const early = obj((await call(s, `/api/v2/incremental/ticket_events.json?start_time=${before}`)).json);
    expect(arr(early.ticket_events).map((e) => obj(e).id)).not.toContain(auditId);
    s.clock.advance(61_000);

    const plain = obj((await call(s, `/api/v2/incremental/ticket_events.json?start_time=${before}`)).json);
    const event = arr(plain.ticket_events)
      .map(obj)
      .find((e) => e.id === auditId);
    expect(event).toMatchObject({
      ticket_id: open.id,
      event_type: 'Audit',
      via: 'Web service',
      updater_id: obj(obj(put.json).audit).author_id,
      merged_ticket_ids: [],
    });
    expect(typeof event?.timestamp).toBe('number');
    const children = arr(event?.child_events).map(obj);
    const comment = children.find((c) => c.event_type === 'Comment');
    expect(comment).toMatchObject({ comment_present: true, comment_public: false });
    expect(comment).not.toHaveProperty('body');
    expect(children.find((c) => 'priority' in c)).toMatchObject({
      event_type: 'Change',
      priority: 'urgent',
      previous_value: priorityBefore,
    });

    const withComments = obj(
      (await call(s, `/api/v2/incremental/ticket_events.json?start_time=${before}&include=comment_events`))
        .json,
    );
    const full = arr(withComments.ticket_events)
      .map(obj)
      .find((e) => e.id === auditId);
    const sideloaded = arr(full?.child_events)
      .map(obj)
      .find((c) => c.event_type === 'Comment');
    expect(sideloaded).toMatchObject({
      type: 'Comment',
      public: false,
      audit_id: auditId,
      attachments: [],
      via: { channel: 'api' },
    });
    expect(String(sideloaded?.html_body)).toContain('<b>there</b>');
    expect(String(sideloaded?.body)).toContain('Hello');
    expect(String(withComments.next_page)).toContain('include=comment_events');
  });

  it('side-loaded comments carry their attachments; seeded comments are events too', async () => {
    const { items } = await walk(
      s,
      '/api/v2/incremental/ticket_events.json?start_time=0&include=comment_events',
      'ticket_events',
    );
    const comments = items.flatMap((e) => arr(e.child_events).map(obj)).filter((c) => c.type === 'Comment');
    expect(comments.length).toBe(s.state.comments.size);
    const withFiles = comments.filter((c) => arr(c.attachments).length > 0);
    expect(withFiles.length).toBeGreaterThan(0);
    const att = obj(arr(withFiles[0]?.attachments)[0]);
    expect(String(att.content_url)).toMatch(/^https:\/\/acme\.zdusercontent\.com\/attachments\/token\//);
  });

  it('pages by time: next_page starts at end_time, items of that second repeat, none is lost', async () => {
    // Three updates in one second, then more later: a page boundary inside a second.
    const ids = [...s.state.tickets.values()].filter((t) => t.status !== 'closed').map((t) => t.id);
    const start = nowSeconds(s) - 1;
    for (const id of ids.slice(0, 3))
      await call(s, `/api/v2/tickets/${id}`, {
        method: 'PUT',
        body: { ticket: { comment: { body: `one ${id}` } } },
      });
    s.clock.advance(5_000);
    for (const id of ids.slice(0, 3))
      await call(s, `/api/v2/tickets/${id}`, {
        method: 'PUT',
        body: { ticket: { comment: { body: `two ${id}` } } },
      });
    s.clock.advance(120_000);
    const { items, pages } = await walk(
      s,
      `/api/v2/incremental/ticket_events.json?start_time=${start}&per_page=2`,
      'ticket_events',
    );
    const unique = new Set(items.map((e) => e.id));
    expect(unique.size).toBe(6);
    expect(items.length).toBeGreaterThan(6); // duplicates at page boundaries, as documented
    expect(pages).toBeGreaterThan(3);
    const stamps = items.map((e) => Number(e.timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });

  it('a full page of one second still moves on', async () => {
    const ids = [...s.state.tickets.values()].filter((t) => t.status !== 'closed').map((t) => t.id);
    const start = nowSeconds(s);
    for (const id of ids.slice(0, 4))
      await call(s, `/api/v2/tickets/${id}`, {
        method: 'PUT',
        body: { ticket: { comment: { body: `same ${id}` } } },
      });
    s.clock.advance(120_000);
    const { items } = await walk(
      s,
      `/api/v2/incremental/ticket_events.json?start_time=${start}&per_page=2`,
      'ticket_events',
    );
    expect(new Set(items.map((e) => e.id)).size).toBe(4);
  });

  it('refuses what Zendesk refuses', async () => {
    const recent = await call(s, `/api/v2/incremental/ticket_events.json?start_time=${nowSeconds(s) - 10}`);
    expect(recent.status).toBe(422);
    expect(recent.json).toEqual({
      error: 'InvalidValue',
      description: 'Too recent start_time. Use a start_time older than 1 minute.',
    });
    expect((await call(s, '/api/v2/incremental/ticket_events.json')).status).toBe(422);
    const agent = await call(s, '/api/v2/incremental/ticket_events.json?start_time=0', { as: 'agent' });
    expect(agent.status).toBe(403);
  });

  it('shares the 10-per-minute incremental export budget', async () => {
    const tight = await sim({ seed: { tickets: 2 }, exportRateLimitPerMinute: 10 });
    for (let i = 0; i < 5; i++)
      expect((await call(tight, '/api/v2/incremental/ticket_events.json?start_time=0')).status).toBe(200);
    for (let i = 0; i < 5; i++)
      expect((await call(tight, '/api/v2/incremental/tickets.json?start_time=0')).status).toBe(200);
    const over = await call(tight, '/api/v2/incremental/ticket_events.json?start_time=0');
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('time-based ticket export', () => {
  it('walks every ticket by generated time, with end_time and next_page', async () => {
    const s = await sim({ seed: { tickets: 25 } });
    const { items, pages } = await walk(
      s,
      '/api/v2/incremental/tickets.json?start_time=0&per_page=10',
      'tickets',
    );
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(new Set(items.map((t) => t.id)).size).toBe(25);
    const stamps = items.map((t) => Number(t.generated_timestamp));
    expect(stamps).toEqual([...stamps].sort((a, b) => a - b));
  });

  it('shows deleted tickets unless exclude_deleted, and refuses a recent start_time', async () => {
    const s = await sim({ seed: { tickets: 3 } });
    s.control.deleteTicket(2);
    s.clock.advance(120_000);
    const all = obj((await call(s, '/api/v2/incremental/tickets.json?start_time=0')).json);
    expect(
      arr(all.tickets)
        .map(obj)
        .find((t) => t.id === 2)?.status,
    ).toBe('deleted');
    const live = obj(
      (await call(s, '/api/v2/incremental/tickets.json?start_time=0&exclude_deleted=true')).json,
    );
    expect(
      arr(live.tickets)
        .map(obj)
        .map((t) => t.id),
    ).not.toContain(2);
    const recent = await call(s, `/api/v2/incremental/tickets.json?start_time=${nowSeconds(s)}`);
    expect(recent.status).toBe(422);
  });
});
