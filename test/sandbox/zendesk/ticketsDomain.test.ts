import { describe, expect, it } from 'vitest';
import { arr, call, obj, useSim } from './support/simHttp';

const sim = useSim();

function ticketWithStatus(status: string): number {
  const t = [...sim.state.tickets.values()].find((x) => x.status === status && !x.deleted);
  if (!t) throw new Error(`seed has no ${status} ticket`);
  return t.id;
}

/** PUT /api/v2/tickets/{id} with `ticket` as the update. */
const updateTicket = (id: number, ticket: unknown) =>
  call(sim, `/api/v2/tickets/${id}`, { method: 'PUT', body: { ticket } });

function fieldId(title: string, description?: string): number {
  const f = sim.state.ticketFields.find(
    (x) => x.title === title && (description === undefined || x.description === description),
  );
  if (!f) throw new Error(`no field ${title}`);
  return f.id;
}

describe('tickets', () => {
  it('shows a ticket and 404s an unknown one with RecordNotFound', async () => {
    const res = await call(sim, '/api/v2/tickets/1.json');
    expect(res.status).toBe(200);
    const ticket = obj(obj(res.json).ticket);
    expect(ticket.id).toBe(1);
    expect(ticket.url).toBe('https://acme.zendesk.com/api/v2/tickets/1.json');
    expect(ticket.updated_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const missing = await call(sim, '/api/v2/tickets/999999.json');
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ error: 'RecordNotFound', description: 'Not found' });
  });

  it('side-loads users, groups and organizations with include=', async () => {
    const t = sim.state.tickets.get(1);
    const res = obj((await call(sim, '/api/v2/tickets/1.json?include=users,organizations')).json);
    const userIds = arr(res.users).map((u) => obj(u).id);
    expect(userIds).toContain(t?.requesterId);
    if (t?.organizationId) expect(arr(res.organizations).map((o) => obj(o).id)).toEqual([t.organizationId]);
    expect(res).not.toHaveProperty('groups');
    const exported = obj(
      (await call(sim, '/api/v2/incremental/tickets/cursor.json?start_time=0&include=users')).json,
    );
    expect(arr(exported.users).length).toBeGreaterThan(0);
  });

  it('shows many tickets, skipping unknown ids', async () => {
    const res = await call(sim, '/api/v2/tickets/show_many.json?ids=1,2,999999');
    expect(res.status).toBe(200);
    expect(arr(obj(res.json).tickets).map((t) => obj(t).id)).toEqual([1, 2]);
  });

  it('updates fields, tags and adds a comment, returning ticket and audit', async () => {
    const id = ticketWithStatus('open');
    const before = obj(obj((await call(sim, `/api/v2/tickets/${id}`)).json).ticket);
    sim.clock.advance(5_000);
    const product = fieldId('Product');
    const escalated = fieldId('Escalated');
    const res = await call(sim, `/api/v2/tickets/${id}.json`, {
      method: 'PUT',
      body: {
        ticket: {
          subject: 'Updated subject ✓',
          priority: 'urgent',
          tags: ['from_jira'],
          custom_fields: [
            { id: product, value: 'product_gizmo' },
            { id: escalated, value: true },
          ],
          comment: { body: 'Synced from Jira', public: false },
        },
      },
    });
    expect(res.status).toBe(200);
    const body = obj(res.json);
    const ticket = obj(body.ticket);
    expect(ticket.subject).toBe('Updated subject ✓');
    expect(ticket.priority).toBe('urgent');
    expect(ticket.tags).toEqual(expect.arrayContaining(['from_jira', 'product_gizmo', 'escalated']));
    const fields = arr(ticket.custom_fields).map(obj);
    expect(fields.find((f) => f.id === product)?.value).toBe('product_gizmo');
    expect(fields.find((f) => f.id === escalated)?.value).toBe(true);
    expect(Date.parse(String(ticket.updated_at))).toBeGreaterThan(Date.parse(String(before.updated_at)));
    const audit = obj(body.audit);
    const events = arr(audit.events).map(obj);
    const comment = events.find((e) => e.type === 'Comment');
    expect(comment?.public).toBe(false);
    expect(comment?.body).toBe('Synced from Jira');
    expect(
      events.some((e) => e.type === 'Change' && e.field_name === 'priority' && e.value === 'urgent'),
    ).toBe(true);
  });

  it('keeps updated_at when an update changes nothing', async () => {
    const id = ticketWithStatus('pending');
    const before = obj(obj((await call(sim, `/api/v2/tickets/${id}`)).json).ticket);
    sim.clock.advance(5_000);
    const res = await updateTicket(id, { status: before.status });
    expect(res.status).toBe(200);
    expect(obj(obj(res.json).ticket).updated_at).toBe(before.updated_at);
    expect(arr(obj(obj(res.json).audit).events)).toEqual([]);
  });

  it('refuses any update to a closed ticket with the documented 422', async () => {
    const id = ticketWithStatus('closed');
    const res = await updateTicket(id, { comment: { body: 'hello' } });
    expect(res.status).toBe(422);
    const body = obj(res.json);
    expect(body.error).toBe('RecordInvalid');
    expect(body.description).toBe('Record validation errors');
    const status = arr(obj(body.details).status).map(obj);
    expect(status[0]?.description).toBe('Status: closed prevents ticket update');
  });

  it('never lets a ticket go back to new, and rejects unknown status and priority values', async () => {
    const id = ticketWithStatus('open');
    for (const ticket of [
      { status: 'new' },
      { status: 'bogus' },
      { priority: 'critical' },
      { type: 'bug' },
    ]) {
      const res = await updateTicket(id, ticket);
      expect(res.status).toBe(422);
      expect(obj(res.json).error).toBe('RecordInvalid');
    }
    expect(sim.state.tickets.get(id)?.status).toBe('open');
  });

  it('rejects a dropdown value that is not one of the options', async () => {
    const id = ticketWithStatus('open');
    const res = await updateTicket(id, { custom_fields: [{ id: fieldId('Product'), value: 'nope' }] });
    expect(res.status).toBe(422);
  });

  it('tells the two fields titled "Region" apart by id', async () => {
    const id = ticketWithStatus('open');
    const sales = fieldId('Region', 'Sales region');
    const residency = fieldId('Region', 'Data residency region');
    expect(sales).not.toBe(residency);
    const res = await updateTicket(id, {
      custom_fields: [
        { id: sales, value: 'sales_apac' },
        { id: residency, value: 'residency_eu' },
      ],
    });
    const fields = arr(obj(obj(res.json).ticket).custom_fields).map(obj);
    expect(fields.find((f) => f.id === sales)?.value).toBe('sales_apac');
    expect(fields.find((f) => f.id === residency)?.value).toBe('residency_eu');
  });

  it('opens a new ticket when it is assigned, and reopens a pending one on a requester reply', async () => {
    const fresh = ticketWithStatus('new');
    const res = await call(sim, `/api/v2/tickets/${fresh}`, {
      method: 'PUT',
      body: { ticket: { assignee_id: sim.state.userByEmail(sim.credentials.agent.email)?.id } },
    });
    expect(obj(obj(res.json).ticket).status).toBe('open');
    const pending = ticketWithStatus('pending');
    const requester = sim.state.tickets.get(pending)?.requesterId;
    const reply = await call(sim, `/api/v2/tickets/${pending}`, {
      method: 'PUT',
      body: { ticket: { comment: { body: 'still broken', author_id: requester } } },
    });
    expect(obj(obj(reply.json).ticket).status).toBe('open');
  });

  it('puts ticket.metadata into audit metadata.custom and the new comment’s metadata', async () => {
    const id = ticketWithStatus('open');
    const res = await updateTicket(id, {
      metadata: { type: 'jira-attachment-sync', issue: 'PRJ-1' },
      comment: { body: 'with metadata', public: true },
    });
    expect(obj(obj(obj(res.json).audit).metadata).custom).toEqual({
      type: 'jira-attachment-sync',
      issue: 'PRJ-1',
    });
    const comments = arr(
      obj((await call(sim, `/api/v2/tickets/${id}/comments?sort_order=desc&per_page=1`)).json).comments,
    ).map(obj);
    expect(obj(comments[0]?.metadata).custom).toEqual({ type: 'jira-attachment-sync', issue: 'PRJ-1' });
  });

  it('refuses a stale safe_update with 409', async () => {
    const id = ticketWithStatus('open');
    const res = await updateTicket(id, {
      subject: 'x',
      safe_update: true,
      updated_stamp: '2001-01-01T00:00:00Z',
    });
    expect(res.status).toBe(409);
  });

  it("applies a safe_update whose updated_stamp is the ticket's updated_at, and refuses the same stamp once it moved", async () => {
    const id = ticketWithStatus('open');
    const shown = obj(obj((await call(sim, `/api/v2/tickets/${id}.json`)).json).ticket);
    const stamp = String(shown.updated_at);
    sim.clock.advance(2000);
    const ok = await updateTicket(id, { subject: 'Safe one', safe_update: true, updated_stamp: stamp });
    expect(ok.status).toBe(200);
    const after = obj(obj(ok.json).ticket);
    expect(after.subject).toBe('Safe one');
    expect(after.updated_at).not.toBe(stamp);
    const stale = await updateTicket(id, { subject: 'Lost update', safe_update: true, updated_stamp: stamp });
    expect(stale.status).toBe(409);
    expect(obj(stale.json).error).toBe('UpdateConflict');
    expect(sim.state.tickets.get(id)?.subject).toBe('Safe one');
  });

  it('reports the Update Ticket budget in zendesk-ratelimit-tickets-update', async () => {
    const id = ticketWithStatus('open');
    const res = await updateTicket(id, { subject: 'Budget' });
    expect(res.status).toBe(200);
    expect(res.headers.get('zendesk-ratelimit-tickets-update')).toMatch(
      /^total=100; remaining=\d+; resets=\d+$/,
    );
  });

  it('puts comment_count on each ticket object when include=comment_count asks for it', async () => {
    const t = sim.state.tickets.get(1);
    const shown = obj(obj((await call(sim, '/api/v2/tickets/1.json?include=comment_count')).json).ticket);
    expect(shown.comment_count).toBe(t?.commentIds.length);
    const plain = obj(obj((await call(sim, '/api/v2/tickets/1.json')).json).ticket);
    expect(plain).not.toHaveProperty('comment_count');
    const many = arr(
      obj((await call(sim, '/api/v2/tickets/show_many.json?ids=1&include=comment_count')).json).tickets,
    );
    expect(obj(many[0]).comment_count).toBe(t?.commentIds.length);
    const exported = arr(
      obj(
        (await call(sim, '/api/v2/incremental/tickets/cursor.json?start_time=0&include=comment_count')).json,
      ).tickets,
    );
    expect(exported.every((x) => typeof obj(x).comment_count === 'number')).toBe(true);
  });
});

describe('ticket creation and Idempotency-Key', () => {
  const newTicket = (subject: string) => ({
    ticket: { subject, comment: { body: 'My printer is offline.' }, priority: 'high' },
  });

  it('creates a ticket with 201, Location and an audit', async () => {
    const res = await call(sim, '/api/v2/tickets.json', {
      method: 'POST',
      body: newTicket('Created over the API'),
    });
    expect(res.status).toBe(201);
    const ticket = obj(obj(res.json).ticket);
    expect(res.headers.get('location')).toBe(
      `https://acme.zendesk.com/api/v2/tickets/${String(ticket.id)}.json`,
    );
    expect(ticket.status).toBe('new');
    expect(ticket.description).toBe('My printer is offline.');
    expect(res.headers.get('x-idempotency-lookup')).toBeNull();
  });

  it('refuses a ticket without a comment', async () => {
    const res = await call(sim, '/api/v2/tickets', {
      method: 'POST',
      body: { ticket: { subject: 'no body' } },
    });
    expect(res.status).toBe(422);
  });

  it('replays the first response for the same key and body, and creates nothing new', async () => {
    const count = sim.state.tickets.size;
    const create = () =>
      call(sim, '/api/v2/tickets.json', {
        method: 'POST',
        body: newTicket('Printer offline'),
        headers: { 'idempotency-key': 'key-1' },
      });
    const first = await create();
    expect(first.status).toBe(201);
    expect(first.headers.get('x-idempotency-lookup')).toBe('miss');
    const second = await create();
    expect(second.status).toBe(201);
    expect(second.headers.get('x-idempotency-lookup')).toBe('hit');
    expect(second.json).toEqual(first.json);
    expect(sim.state.tickets.size).toBe(count + 1);
  });

  it('refuses the same key with a different body', async () => {
    const headers = { 'idempotency-key': 'key-2' };
    await call(sim, '/api/v2/tickets', { method: 'POST', body: newTicket('one'), headers });
    const res = await call(sim, '/api/v2/tickets', { method: 'POST', body: newTicket('two'), headers });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'IdempotentRequestError',
      description: "Request parameters don't match the given idempotency key",
    });
  });

  it('forgets keys after two hours', async () => {
    const headers = { 'idempotency-key': 'key-3' };
    const first = await call(sim, '/api/v2/tickets', {
      method: 'POST',
      body: newTicket('expiring'),
      headers,
    });
    sim.clock.advance(2 * 60 * 60 * 1000 + 1000);
    const again = await call(sim, '/api/v2/tickets', {
      method: 'POST',
      body: newTicket('expiring'),
      headers,
    });
    expect(again.headers.get('x-idempotency-lookup')).toBe('miss');
    expect(obj(obj(again.json).ticket).id).not.toBe(obj(obj(first.json).ticket).id);
  });

  it('ignores Idempotency-Key on PUT: each retry adds another comment', async () => {
    const id = ticketWithStatus('open');
    const before = sim.state.tickets.get(id)?.commentIds.length ?? 0;
    const headers = { 'idempotency-key': 'put-key' };
    const body = { ticket: { comment: { body: 'retry me' } } };
    const a = await call(sim, `/api/v2/tickets/${id}`, { method: 'PUT', body, headers });
    const b = await call(sim, `/api/v2/tickets/${id}`, { method: 'PUT', body, headers });
    expect([a.status, b.status]).toEqual([200, 200]);
    expect(b.headers.get('x-idempotency-lookup')).toBeNull();
    expect(sim.state.tickets.get(id)?.commentIds.length).toBe(before + 2);
  });
});
