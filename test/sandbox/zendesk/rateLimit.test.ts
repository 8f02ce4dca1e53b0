/**
 * Update Ticket limits (100 per minute per account, 30 per 10 minutes per user per ticket)
 * and the headers every API response carries (rate-limit budget, Date on the simulated clock).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ZendeskSimulator } from '../../../sandbox/zendesk/index';
import { call, obj, startSim } from './support/simHttp';

let sim: ZendeskSimulator;

beforeEach(async () => {
  sim = await startSim({ seed: false });
});
afterEach(async () => {
  await sim.close();
});

const newTicket = (subject: string): number => Number(obj(sim.control.createTicket({ subject })).id);
const update = (id: number, as: 'admin' | 'agent' = 'agent', tag = 'x') =>
  call(sim, `/api/v2/tickets/${id}.json`, {
    method: 'PUT',
    as,
    body: { ticket: { additional_tags: [tag], tags: [tag] } },
  });

describe('Update Ticket limits', () => {
  it('allows 30 updates of one ticket per user in 10 minutes when switched on, then 429 with Retry-After', async () => {
    await sim.close();
    sim = await startSim({ seed: false, ticketUpdatesPerUserPerTicket: 30 });
    const id = newTicket('Busy ticket');
    for (let i = 0; i < 30; i++) expect((await update(id, 'agent', `t${i}`)).status).toBe(200);
    const refused = await update(id);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(600);
    // Another user, and another ticket, still have room.
    expect((await update(id, 'admin')).status).toBe(200);
    expect((await update(newTicket('Quiet ticket'))).status).toBe(200);
    sim.control.advanceClock(10 * 60_000);
    expect((await update(id)).status).toBe(200);
  });

  it('allows 100 updates per minute across the account', async () => {
    const ids = Array.from({ length: 4 }, (_, i) => newTicket(`Ticket ${i}`));
    // Fixed one-minute windows: start at the top of one so the burst stays inside it.
    sim.control.advanceClock(60_000 - (sim.clock.now() % 60_000));
    let ok = 0;
    for (let i = 0; i < 100; i++)
      if ((await update(ids[i % 4] ?? 0, i % 8 < 4 ? 'agent' : 'admin', `u${i}`)).status === 200) ok++;
    expect(ok).toBe(100);
    const refused = await update(ids[0] ?? 0, 'admin');
    expect(refused.status).toBe(429);
    expect(refused.text).toBe('Number of allowed API requests per minute exceeded');
    sim.control.advanceClock(60_000);
    expect((await update(ids[0] ?? 0, 'admin')).status).toBe(200);
  });
});

describe('per-ticket limit default', () => {
  it('is off unless asked for', async () => {
    const id = newTicket('Many updates');
    for (let i = 0; i < 31; i++) expect((await update(id, 'agent', `d${i}`)).status).toBe(200);
  });
});

describe('rate-limit headers', () => {
  it('reports the account budget on every API response in both header styles', async () => {
    const res = await call(sim, '/api/v2/users/me.json');
    expect(res.headers.get('x-rate-limit')).toBe('700');
    expect(res.headers.get('ratelimit-limit')).toBe('700');
    expect(Number(res.headers.get('ratelimit-remaining'))).toBe(
      Number(res.headers.get('x-rate-limit-remaining')),
    );
    const reset = Number(res.headers.get('ratelimit-reset'));
    expect(reset).toBeGreaterThanOrEqual(1);
    expect(reset).toBeLessThanOrEqual(60);
  });
});

describe('Date header', () => {
  it('follows the simulated clock', async () => {
    sim.control.advanceClock(3 * 86_400_000);
    const res = await call(sim, '/api/v2/users/me.json');
    const date = Date.parse(res.headers.get('date') ?? '');
    expect(Math.abs(date - sim.clock.now())).toBeLessThan(1000);
    expect(date - Date.now()).toBeGreaterThan(2 * 86_400_000);
  });
});

describe('real endpoints the simulator lacks', () => {
  it('answer 501 NotSimulated, also where a :id route would catch them or the method differs', async () => {
    for (const [method, path] of [
      ['PUT', '/api/v2/tickets/1/mark_as_spam.json'],
      ['GET', '/api/v2/tickets/count.json'],
      ['DELETE', '/api/v2/tickets/1.json'],
      ['GET', '/api/v2/incremental/organizations.json?start_time=0'],
    ] as const) {
      const res = await call(sim, path, { method, ...(method === 'PUT' ? { body: { ticket: {} } } : {}) });
      expect(res.status, `${method} ${path}`).toBe(501);
      expect(obj(res.json).error).toBe('NotSimulated');
    }
    expect((await call(sim, '/api/v2/no_such_thing.json')).status).toBe(404);
  });
});
