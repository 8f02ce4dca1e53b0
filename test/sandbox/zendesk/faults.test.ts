import { afterEach, describe, expect, it } from 'vitest';
import { call, obj, startSim, useSim } from './support/simHttp';

const sim = useSim({ seed: { tickets: 4 }, faultSeed: 7 });

afterEach(() => {
  sim.faults.clear();
});

describe('account rate limit', () => {
  it('logs a request at the moment its minute counts it: after its latency, not before', async () => {
    const limited = await startSim({ seed: false, rateLimitPerMinute: 5 });
    try {
      limited.clock.advance(60_000 - (limited.clock.now() % 60_000) - 10_000);
      const minuteBefore = Math.floor(limited.clock.now() / 60_000);
      limited.faults.delay('/api/v2/users/me', 150, { times: 1 });
      // The request is on its way when the minute turns.
      setTimeout(() => limited.clock.advance(20_000), 50);
      const res = await call(limited, '/api/v2/users/me');
      // The new minute's budget counted it…
      expect(res.headers.get('x-rate-limit-remaining')).toBe('4');
      // …and the log places it in that minute too (a meter of requests per minute reads the log).
      const logged = limited.log.last({ pathPrefix: '/api/v2/users/me' });
      expect(Math.floor((logged?.at ?? 0) / 60_000)).toBe(minuteBefore + 1);
    } finally {
      await limited.close();
    }
  });

  it('sends X-Rate-Limit headers and answers 429 with Retry-After over the limit', async () => {
    const limited = await startSim({ seed: false, rateLimitPerMinute: 5 });
    try {
      limited.clock.advance(60_000 - (limited.clock.now() % 60_000) + 10);
      for (let i = 0; i < 5; i++) {
        const res = await call(limited, '/api/v2/users/me');
        expect(res.status).toBe(200);
        expect(res.headers.get('x-rate-limit')).toBe('5');
        expect(res.headers.get('x-rate-limit-remaining')).toBe(String(4 - i));
      }
      const refused = await call(limited, '/api/v2/users/me');
      expect(refused.status).toBe(429);
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(refused.headers.get('x-rate-limit-remaining')).toBe('0');
      limited.clock.advance(retryAfter * 1000);
      expect((await call(limited, '/api/v2/users/me')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe('fault injection', () => {
  it('fails a route a fixed number of times, then recovers', async () => {
    const id = sim.faults.fail('/api/v2/tickets/*', { times: 2, status: 503 });
    expect((await call(sim, '/api/v2/tickets/1.json')).status).toBe(503);
    expect((await call(sim, '/api/v2/tickets/2')).status).toBe(503);
    expect((await call(sim, '/api/v2/tickets/1')).status).toBe(200);
    expect(sim.faults.hits(id)).toBe(2);
    // Other routes were never affected.
    expect((await call(sim, '/api/v2/users/me')).status).toBe(200);
  });

  it('fails by probability, reproducibly with the same seed', async () => {
    const run = async () => {
      sim.faults.seed(42);
      sim.faults.fail('/api/v2/users/me', { probability: 0.5, status: 500 });
      const statuses: number[] = [];
      for (let i = 0; i < 12; i++) statuses.push((await call(sim, '/api/v2/users/me')).status);
      sim.faults.clear();
      return statuses;
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a).toContain(500);
    expect(a).toContain(200);
  });

  it('adds latency to matching requests and globally', async () => {
    sim.faults.delay('/api/v2/users/me', 150, { times: 1 });
    let t = Date.now();
    await call(sim, '/api/v2/users/me');
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    sim.faults.globalLatencyMs = 100;
    t = Date.now();
    await call(sim, '/api/v2/tickets/1');
    expect(Date.now() - t).toBeGreaterThanOrEqual(90);
  });

  it('drops the connection before the write: the client errors and nothing changed', async () => {
    sim.faults.drop('/api/v2/tickets/*', 'before', { method: 'PUT', times: 1 });
    const before = sim.state.tickets.get(1)?.subject;
    await expect(
      call(sim, '/api/v2/tickets/1', { method: 'PUT', body: { ticket: { subject: 'lost before' } } }),
    ).rejects.toThrow();
    expect(sim.state.tickets.get(1)?.subject).toBe(before);
    expect(sim.log.last({ pathPrefix: '/api/v2/tickets/1' })?.dropped).toBe(true);
  });

  it('drops the connection after the write: the client errors but the change was applied', async () => {
    sim.faults.drop('/api/v2/tickets/*', 'after', { method: 'PUT', times: 1 });
    const comments = sim.state.tickets.get(1)?.commentIds.length ?? 0;
    await expect(
      call(sim, '/api/v2/tickets/1', {
        method: 'PUT',
        body: { ticket: { subject: 'applied', comment: { body: 'lost response' } } },
      }),
    ).rejects.toThrow();
    expect(sim.state.tickets.get(1)?.subject).toBe('applied');
    expect(sim.state.tickets.get(1)?.commentIds.length).toBe(comments + 1);
  });

  it('injects a burst of 429s with Retry-After', async () => {
    sim.faults.rateLimitBurst('/api/v2/**', 2, 3);
    for (let i = 0; i < 2; i++) {
      const res = await call(sim, '/api/v2/users/me');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('3');
    }
    expect((await call(sim, '/api/v2/users/me')).status).toBe(200);
  });

  it('can fail attachment downloads too', async () => {
    const att = [...sim.state.attachments.values()].find((a) => a.size < 100_000);
    if (!att) throw new Error('no small attachment');
    sim.faults.fail('/attachments/**', { times: 1, status: 502 });
    expect(
      (await call(sim, `/attachments/token/${att.token}/`, { host: sim.attachmentHost, as: 'none' })).status,
    ).toBe(502);
    expect(
      (await call(sim, `/attachments/token/${att.token}/`, { host: sim.attachmentHost, as: 'none' })).status,
    ).toBe(200);
  });

  it('counts requests in the log by method and path prefix', async () => {
    sim.log.clear();
    await call(sim, '/api/v2/tickets/1');
    await call(sim, '/api/v2/tickets/2');
    await call(sim, '/api/v2/tickets/1', { method: 'PUT', body: { ticket: { tags: ['x'] } } });
    expect(sim.log.count({ pathPrefix: '/api/v2/tickets' })).toBe(3);
    expect(sim.log.count({ method: 'PUT' })).toBe(1);
    const entry = sim.log.last({ method: 'PUT' });
    expect(entry?.status).toBe(200);
    expect(entry?.identity).toBe(sim.credentials.admin.email);
    expect(obj(entry?.query ?? {})).toEqual({});
  });
});
