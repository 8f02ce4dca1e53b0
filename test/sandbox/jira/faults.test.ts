import { describe, expect, it } from 'vitest';
import { adf, captureEvents, useJiraSim } from './support/setup.js';

describe('burst rate limit (rateLimitPerSecond)', () => {
  const t = useJiraSim({ rateLimitPerSecond: 3 });

  it('answers 429 with Retry-After and X-RateLimit headers, per route and method', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => t.agent.get('/rest/api/3/myself')));
    const limited = results.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(3);
    const first = limited[0];
    expect(first?.headers.get('retry-after')).toBe('1');
    expect(first?.headers.get('x-ratelimit-limit')).toBe('3');
    expect(first?.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Date.parse(first?.headers.get('x-ratelimit-reset') ?? '')).not.toBeNaN();
    expect(first?.headers.get('ratelimit-reason')).toBe('jira-burst-based');
    expect(first?.json<{ errorMessages: string[] }>().errorMessages).toHaveLength(1);
    expect(t.sim.log.count({ route: 'GET /rest/api/3/myself', status: 429 })).toBe(limited.length);
  });

  it('lets requests through again after Retry-After', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await t.agent.get('/rest/api/3/myself')).status).toBe(200);
  });
});

describe('fault injection', () => {
  const t = useJiraSim();

  it('fails the next requests on a route with a 5xx (and Retry-After), then recovers', async () => {
    t.sim.faults.failNext('GET /rest/api/3/issue/{issueIdOrKey}', 503, { times: 2, retryAfterSeconds: 5 });
    const first = await t.agent.get('/rest/api/3/issue/SUP-1?fields=summary');
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('5');
    expect((await t.agent.get('/rest/api/3/issue/SUP-1?fields=summary')).status).toBe(503);
    expect((await t.agent.get('/rest/api/3/issue/SUP-1?fields=summary')).status).toBe(200);
    expect(t.sim.faults.list()).toEqual([]);
  });

  it('does not apply a write that failed with an injected error', async () => {
    t.sim.faults.failNext('POST /rest/api/3/issue/{issueIdOrKey}/comment', 500);
    const before = t.sim.state.issue('SUP-2')?.commentIds.length;
    const events = await captureEvents(t.sim, () =>
      t.agent.post('/rest/api/3/issue/SUP-2/comment', { body: adf('lost') }),
    );
    expect(events).toEqual([]);
    expect(t.sim.state.issue('SUP-2')?.commentIds.length).toBe(before);
  });

  it('adds latency', async () => {
    t.sim.faults.delay('GET /rest/api/3/myself', 150);
    const started = Date.now();
    expect((await t.agent.get('/rest/api/3/myself')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('drops the connection before applying the request', async () => {
    t.sim.faults.drop('POST /rest/api/3/issue/{issueIdOrKey}/comment', 'before');
    const before = t.sim.state.issue('SUP-2')?.commentIds.length;
    await expect(t.agent.post('/rest/api/3/issue/SUP-2/comment', { body: adf('dropped') })).rejects.toThrow();
    expect(t.sim.state.issue('SUP-2')?.commentIds.length).toBe(before);
    expect(t.sim.log.count({ route: 'POST /rest/api/3/issue/{issueIdOrKey}/comment', status: 0 })).toBe(1);
  });

  it('drops the connection after applying a write: the comment exists and its event fired', async () => {
    t.sim.faults.drop('POST /rest/api/3/issue/{issueIdOrKey}/comment', 'after');
    const before = t.sim.state.issue('SUP-2')?.commentIds.length ?? 0;
    const events = await captureEvents(t.sim, async () => {
      await expect(
        t.agent.post('/rest/api/3/issue/SUP-2/comment', { body: adf('applied but unanswered') }),
      ).rejects.toThrow();
    });
    expect(t.sim.state.issue('SUP-2')?.commentIds.length).toBe(before + 1);
    expect(events.map((e) => e.eventType)).toEqual(['avi:jira:commented:issue']);
  });

  it('a 429 burst with Retry-After, then normal service', async () => {
    t.sim.faults.rateLimitBurst('PUT /rest/api/3/issue/{issueIdOrKey}', 2, 3);
    const a = await t.agent.put('/rest/api/3/issue/SUP-2', { fields: { summary: 'Burst' } });
    const b = await t.agent.put('/rest/api/3/issue/SUP-2', { fields: { summary: 'Burst' } });
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(a.headers.get('retry-after')).toBe('3');
    expect((await t.agent.put('/rest/api/3/issue/SUP-2', { fields: { summary: 'Burst' } })).status).toBe(204);
  });

  it('scopes a fault to one account, and `*` matches every route', async () => {
    t.sim.faults.failNext('*', 502, { accountId: t.user('browse').accountId, times: 1 });
    expect((await t.agent.get('/rest/api/3/myself')).status).toBe(200);
    expect((await t.browse.get('/rest/api/3/priority')).status).toBe(502);
    expect((await t.browse.get('/rest/api/3/priority')).status).toBe(200);
  });

  it('can be driven over HTTP through /__sim/faults', async () => {
    const add = await t.http.post('/__sim/faults', {
      route: 'GET /rest/api/3/field',
      fault: { kind: 'error', status: 504 },
      times: 1,
    });
    expect(add.status).toBe(201);
    expect((await t.agent.get('/rest/api/3/field')).status).toBe(504);
    expect((await t.agent.get('/rest/api/3/field')).status).toBe(200);
    await t.http.post('/__sim/faults', {
      route: 'GET /rest/api/3/field',
      fault: { kind: 'error', status: 500 },
      times: 5,
    });
    expect((await t.http.request('DELETE', '/__sim/faults')).status).toBe(204);
    expect((await t.agent.get('/rest/api/3/field')).status).toBe(200);
  });
});

describe('global latency (latencyMs)', () => {
  const t = useJiraSim({ latencyMs: 60 });

  it('delays every REST request', async () => {
    const started = Date.now();
    await t.agent.get('/rest/api/3/myself');
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});
