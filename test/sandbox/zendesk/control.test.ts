import { describe, expect, it } from 'vitest';
import { arr, call, control, obj, useSim } from './support/simHttp';

const sim = useSim({ seed: { tickets: 4 } });

async function exportAfter(cursor: string): Promise<Record<string, unknown>[]> {
  const res = await call(sim, `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(cursor)}`);
  expect(res.status).toBe(200);
  return arr(obj(res.json).tickets).map(obj);
}

async function currentCursor(): Promise<string> {
  const res = await call(sim, `/api/v2/incremental/tickets/cursor.json?start_time=0`);
  return String(obj(res.json).after_cursor);
}

describe('control API over HTTP (/__sim)', () => {
  it('creates a ticket as a requester, edits it, adds a reply and an internal note with a file — all visible in the export', async () => {
    sim.clock.advance(61_000);
    const cursor = await currentCursor();
    const created = await control(sim, '/__sim/tickets', 'POST', {
      subject: 'Created in the Zendesk UI',
      body: 'Help me',
      priority: 'normal',
    });
    expect(created.status).toBe(201);
    const ticket = obj(obj(created.json).ticket);
    const id = Number(ticket.id);
    expect(ticket.via).toMatchObject({ channel: 'web' });

    const edited = await control(sim, `/__sim/tickets/${id}`, 'PUT', {
      status: 'pending',
      subject: 'Renamed',
      customFields: {
        [String(sim.state.ticketFields.find((f) => f.title === 'Product')?.id)]: 'product_widget',
      },
    });
    expect(edited.status).toBe(200);
    expect(obj(obj(edited.json).ticket)).toMatchObject({ status: 'pending', subject: 'Renamed' });

    const note = await control(sim, `/__sim/tickets/${id}/comments`, 'POST', {
      body: 'Internal only',
      public: false,
      attachments: [
        {
          fileName: 'trace.txt',
          contentType: 'text/plain',
          base64: Buffer.from('trace data').toString('base64'),
        },
      ],
    });
    expect(note.status).toBe(201);
    const noteJson = obj(obj(note.json).comment);
    expect(noteJson.public).toBe(false);
    const file = obj(arr(noteJson.attachments)[0]);
    const url = new URL(String(file.content_url));
    const download = await fetch(`${sim.url}${url.pathname}${url.search}`, {
      headers: { 'x-forwarded-host': url.host },
    });
    expect(await download.text()).toBe('trace data');

    const reply = await control(sim, `/__sim/tickets/${id}/comments`, 'POST', {
      body: 'Customer answer',
      as: 'requester',
    });
    expect(obj(obj(reply.json).comment).public).toBe(true);
    expect(sim.state.tickets.get(id)?.status).toBe('open');

    expect(await exportAfter(cursor)).toEqual([]);
    sim.clock.advance(61_000);
    const exported = await exportAfter(cursor);
    expect(exported.map((t) => t.id)).toEqual([id]);
    expect(exported[0]).toMatchObject({ subject: 'Renamed', status: 'open' });
  });

  it('refuses edits to a closed ticket with the REST API’s 422', async () => {
    const closed = [...sim.state.tickets.values()].find((t) => t.status === 'closed');
    const res = await control(sim, `/__sim/tickets/${closed?.id}`, 'PUT', { subject: 'nope' });
    expect(res.status).toBe(422);
    expect(() => sim.control.addComment(closed?.id ?? 0, { body: 'nope' })).toThrow(
      /closed prevents ticket update/,
    );
  });

  it('redacts a comment and deletes a ticket, both reported by the export', async () => {
    sim.clock.advance(61_000);
    const cursor = await currentCursor();
    const ticket = sim.state.tickets.get(1);
    const commentId = ticket?.commentIds[0] ?? 0;
    const redacted = await control(sim, `/__sim/tickets/1/comments/${commentId}/redact`, 'PUT', {
      text: 'morning',
    });
    expect(redacted.status).toBe(200);
    expect(String(obj(obj(redacted.json).comment).body)).not.toContain('morning');
    expect((await control(sim, '/__sim/tickets/2', 'DELETE')).status).toBe(204);
    expect((await call(sim, '/api/v2/tickets/2')).status).toBe(404);
    sim.clock.advance(61_000);
    const exported = await exportAfter(cursor);
    expect(exported.map((t) => t.id).sort()).toEqual([1, 2]);
    expect(exported.find((t) => t.id === 2)?.status).toBe('deleted');
  });

  it('advances the clock, lists Jira links and resets', async () => {
    const before = sim.clock.now();
    const advanced = await control(sim, '/__sim/clock/advance', 'POST', { ms: 3_600_000 });
    expect(Number(obj(advanced.json).now)).toBeGreaterThanOrEqual(before + 3_600_000);
    await call(sim, '/api/v2/jira/links', {
      method: 'POST',
      body: { link: { ticket_id: '1', issue_id: '1', issue_key: 'A-1' } },
    });
    expect(arr(obj((await control(sim, '/__sim/jira-links')).json).links)).toHaveLength(1);
    expect((await control(sim, '/__sim/reset', 'POST')).status).toBe(204);
    expect(arr(obj((await control(sim, '/__sim/jira-links')).json).links)).toHaveLength(0);
    expect(sim.state.tickets.get(2)?.deleted).toBe(false);
  });

  it('is not reachable through a forwarded (app) request', async () => {
    const res = await call(sim, '/__sim/reset', { method: 'POST' });
    expect(res.status).toBe(404);
    expect(sim.log.last({ pathPrefix: '/__sim/reset' })?.status).toBe(404);
  });

  it('validates control payloads', async () => {
    expect((await control(sim, '/__sim/tickets', 'POST', { body: 'no subject' })).status).toBe(400);
    expect((await control(sim, '/__sim/tickets/99999', 'PUT', { subject: 'x' })).status).toBe(404);
  });
});
