/**
 * Ticket list (offset and cursor), external_id lookup, ticket tags, update_many / create_many
 * with job statuses.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { arr, call, obj, useSim } from '../support/simHttp';

const sim = useSim({ seed: { tickets: 30 } });
beforeEach(() => {
  sim.control.reset();
});

const ids = (body: unknown) => arr(obj(body).tickets).map((t) => Number(obj(t).id));

async function jobDone(url: string): Promise<Record<string, unknown>> {
  const path = new URL(url).pathname;
  for (let i = 0; i < 50; i++) {
    const job = obj(obj((await call(sim, path)).json).job_status);
    if (job.status === 'completed') return job;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error('job never completed');
}

describe('list tickets', () => {
  it('pages by offset (100 max, sorted by id) and by cursor, leaving out deleted tickets', async () => {
    sim.control.deleteTicket(3);
    const first = await call(sim, '/api/v2/tickets.json?per_page=10');
    expect(first.status).toBe(200);
    const body = obj(first.json);
    expect(ids(body)).toEqual([1, 2, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(body.count).toBe(29);
    expect(String(body.next_page)).toBe('https://acme.zendesk.com/api/v2/tickets.json?per_page=10&page=2');
    const all: number[] = [];
    let path: string | null = '/api/v2/tickets.json?page[size]=7&sort=-id';
    while (path) {
      const page = obj((await call(sim, path)).json);
      all.push(...ids(page));
      path =
        obj(page.meta).has_more === true
          ? new URL(String(obj(page.links).next)).pathname + new URL(String(obj(page.links).next)).search
          : null;
    }
    expect(all).toHaveLength(29);
    expect(all).toEqual([...all].sort((a, b) => b - a));
    const clamped = obj((await call(sim, '/api/v2/tickets.json?per_page=500')).json);
    expect(ids(clamped)).toHaveLength(29);
    expect((await call(sim, '/api/v2/tickets.json?page[size]=101')).status).toBe(400);
  });

  it('finds tickets by external_id, exactly', async () => {
    const [a, b] = [...sim.state.tickets.values()].filter((t) => t.status !== 'closed').map((t) => t.id);
    for (const id of [a, b]) {
      const put = await call(sim, `/api/v2/tickets/${id}`, {
        method: 'PUT',
        body: { ticket: { external_id: 'JIRA-7' } },
      });
      expect(put.status).toBe(200);
    }
    expect(ids((await call(sim, '/api/v2/tickets.json?external_id=JIRA-7')).json)).toEqual([a, b]);
    expect(ids((await call(sim, '/api/v2/tickets.json?external_id=JIRA')).json)).toEqual([]);
  });

  it('is for agents: an end user gets 403', async () => {
    expect((await call(sim, '/api/v2/tickets.json', { as: 'endUser' })).status).toBe(403);
  });
});

describe('ticket tags', () => {
  it('lists, adds (PUT), replaces (POST 201) and removes (DELETE 204), each an audited update', async () => {
    const open = [...sim.state.tickets.values()].find((t) => t.status === 'open');
    if (!open) throw new Error('no open ticket');
    const path = `/api/v2/tickets/${open.id}/tags.json`;
    const before = arr(obj((await call(sim, path)).json).tags);
    expect(before).toEqual(open.tags);
    const added = await call(sim, path, { method: 'PUT', body: { tags: ['vip', 'needs review'] } });
    expect(added.status).toBe(200);
    expect(arr(obj(added.json).tags)).toEqual(expect.arrayContaining([...before, 'vip', 'needs', 'review']));
    const set = await call(sim, path, { method: 'POST', body: { tags: ['one', 'two'] } });
    expect(set.status).toBe(201);
    expect(obj(set.json).tags).toEqual(['one', 'two']);
    const removed = await call(sim, path, { method: 'DELETE', body: { tags: ['one'] } });
    expect(removed.status).toBe(204);
    expect(obj((await call(sim, path)).json).tags).toEqual(['two']);
    const audits = sim.state.audits.filter(
      (a) => a.ticketId === open.id && a.events.some((e) => e.field_name === 'tags'),
    );
    expect(audits).toHaveLength(3);
  });

  it('refuses a closed ticket with 422 and an unknown one with 404, like ticket updates', async () => {
    const closed = [...sim.state.tickets.values()].find((t) => t.status === 'closed');
    const res = await call(sim, `/api/v2/tickets/${closed?.id}/tags`, {
      method: 'PUT',
      body: { tags: ['x'] },
    });
    expect(res.status).toBe(422);
    expect(obj(obj(res.json).details).status).toEqual([
      { description: 'Status: closed prevents ticket update', error: 'ClosedTicket' },
    ]);
    expect(
      (await call(sim, '/api/v2/tickets/9999/tags', { method: 'PUT', body: { tags: ['x'] } })).status,
    ).toBe(404);
    expect((await call(sim, '/api/v2/tickets/1/tags', { method: 'PUT', body: { tags: 'x' } })).status).toBe(
      400,
    );
  });
});

describe('update_many and create_many', () => {
  it('answers a queued job at once and applies the updates in the background', async () => {
    const open = [...sim.state.tickets.values()].filter((t) => t.status === 'open').slice(0, 2);
    const res = await call(sim, `/api/v2/tickets/update_many.json?ids=${open.map((t) => t.id).join(',')}`, {
      method: 'PUT',
      body: { ticket: { priority: 'urgent' } },
    });
    expect(res.status).toBe(200);
    const queued = obj(obj(res.json).job_status);
    expect(queued).toMatchObject({ status: 'queued', total: 2, results: null, progress: null });
    const done = await jobDone(String(queued.url));
    expect(done.progress).toBe(2);
    expect(arr(done.results)).toEqual(
      open.map((t) => ({ id: t.id, action: 'update', success: true, status: 'Updated' })),
    );
    for (const t of open)
      expect(obj(obj((await call(sim, `/api/v2/tickets/${t.id}`)).json).ticket).priority).toBe('urgent');
  });

  it('reports a refused ticket in the job results, the others still apply', async () => {
    const closed = [...sim.state.tickets.values()].find((t) => t.status === 'closed');
    const open = [...sim.state.tickets.values()].find((t) => t.status === 'open');
    const res = await call(sim, '/api/v2/tickets/update_many', {
      method: 'PUT',
      body: {
        tickets: [
          { id: closed?.id, subject: 'x' },
          { id: open?.id, subject: 'renamed' },
        ],
      },
    });
    const done = await jobDone(String(obj(obj(res.json).job_status).url));
    const [first, second] = arr(done.results).map(obj);
    expect(first).toMatchObject({ index: 0, id: closed?.id, success: false, error: 'TicketUpdateFailed' });
    expect(String(first?.details)).toContain('closed prevents ticket update');
    expect(second).toMatchObject({ id: open?.id, success: true });
    expect(open?.subject).toBe('renamed');
  });

  it('creates many tickets and gives their ids by index', async () => {
    const res = await call(sim, '/api/v2/tickets/create_many', {
      method: 'POST',
      body: {
        tickets: [
          { subject: 'a', comment: { body: 'A' } },
          { subject: 'b', comment: { body: 'B' } },
        ],
      },
    });
    expect(res.status).toBe(200);
    const done = await jobDone(String(obj(obj(res.json).job_status).url));
    const results = arr(done.results).map(obj);
    expect(results.map((r) => r.index)).toEqual([0, 1]);
    for (const r of results) expect(sim.state.liveTicket(Number(r.id))?.subject).toMatch(/^[ab]$/);
  });

  it('refuses more than 100 tickets, and an unknown job is 404', async () => {
    const many = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
    const res = await call(sim, `/api/v2/tickets/update_many?ids=${many}`, {
      method: 'PUT',
      body: { ticket: { priority: 'low' } },
    });
    expect(res.status).toBe(400);
    const create = await call(sim, '/api/v2/tickets/create_many', {
      method: 'POST',
      body: { tickets: Array.from({ length: 101 }, () => ({ subject: 's', comment: { body: 'b' } })) },
    });
    expect(create.status).toBe(400);
    expect((await call(sim, '/api/v2/job_statuses/0123456789abcdef0123456789abcdef')).status).toBe(404);
  });
});
