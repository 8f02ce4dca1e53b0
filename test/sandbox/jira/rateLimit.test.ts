/**
 * Jira's points quota (app traffic: reads 1 + objects returned, writes 1; on by default)
 * and the per-issue write limit (opt-in), with Jira's 429 headers.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PER_ISSUE_WRITES } from '../../../sandbox/jira/index.js';
import { adf, useJiraSim } from './support/setup.js';

describe('defaults', () => {
  const t = useJiraSim();

  it('puts app traffic under the 65,000-point hourly quota and leaves per-issue writes unlimited', async () => {
    const res = await t.app.get('/rest/api/3/myself');
    expect(res.headers.get('x-ratelimit-limit')).toBe('65000');
    for (let i = 0; i < 25; i++) {
      expect((await t.app.post('/rest/api/3/issue/SUP-1/comment', { body: adf(`free ${i}`) })).status).toBe(
        201,
      );
    }
  });
});

describe('points quota', () => {
  const t = useJiraSim({ rateLimits: { pointsPerHour: 40 } });

  it('charges reads 1 + objects and writes 1, reports the quota, and refuses when it is spent', async () => {
    const now = () => new Date();
    const before = t.sim.limits.pointsSpent(now());
    const search = await t.app.post('/rest/api/3/search/jql', { jql: 'project = SUP', maxResults: 3 });
    expect(search.json<{ issues: unknown[] }>().issues).toHaveLength(3);
    expect(t.sim.limits.pointsSpent(now()) - before).toBe(4);
    expect(search.headers.get('x-ratelimit-limit')).toBe('40');
    expect(Number(search.headers.get('x-ratelimit-remaining'))).toBe(40 - t.sim.limits.pointsSpent(now()));

    const spentBeforeWrite = t.sim.limits.pointsSpent(now());
    expect((await t.app.post('/rest/api/3/issue/SUP-2/comment', { body: adf('one point') })).status).toBe(
      201,
    );
    expect(t.sim.limits.pointsSpent(now()) - spentBeforeWrite).toBe(1);

    // API-token (Basic) traffic is outside the app quota.
    const admin = t.user('admin');
    const basic = t.http.as({ basic: [admin.email, admin.apiToken] });
    const spent = t.sim.limits.pointsSpent(now());
    expect((await basic.get('/rest/api/3/myself')).status).toBe(200);
    expect(t.sim.limits.pointsSpent(now())).toBe(spent);

    let refused;
    for (let i = 0; i < 50 && refused === undefined; i++) {
      const res = await t.app.get('/rest/api/3/issue/SUP-1?fields=summary');
      if (res.status === 429) refused = res;
    }
    expect(refused?.headers.get('ratelimit-reason')).toBe('jira-quota-global-based');
    const reset = Date.parse(refused?.headers.get('x-ratelimit-reset') ?? '');
    expect(new Date(reset).getUTCMinutes()).toBe(0); // the top of the next hour
    expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused?.json()).toEqual({ errorMessages: ['Rate limit exceeded.'], errors: {} });
    // Still refused for the rest of the hour; Basic traffic still served.
    expect((await t.agent.get('/rest/api/3/myself')).status).toBe(429);
    expect((await basic.get('/rest/api/3/myself')).status).toBe(200);
  });
});

describe('points quota on a harness clock', () => {
  // A harness that compresses time (the stack gives the emulator's clock) renews the quota on
  // its own hour: with the wall clock, a bench's Retry-After would be real minutes.
  let at = Date.parse('2026-06-05T05:30:00Z');
  const t = useJiraSim({ rateLimits: { pointsPerHour: 4, clock: () => new Date(at) } });

  it('refuses until the given clock reaches the top of its hour, then serves again', async () => {
    const statuses: number[] = [];
    // A read of one object costs 2 points.
    for (let i = 0; i < 3; i++) statuses.push((await t.app.get('/rest/api/3/myself')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await t.app.get('/rest/api/3/myself');
    expect(refused.headers.get('retry-after')).toBe(String(30 * 60));
    expect(refused.headers.get('x-ratelimit-reset')).toBe('2026-06-05T06:00:00.000Z');
    at = Date.parse('2026-06-05T06:00:01Z');
    expect((await t.app.get('/rest/api/3/myself')).status).toBe(200);
  });
});

describe('per-issue write limit', () => {
  const t = useJiraSim({ rateLimits: { perIssueWrites: DEFAULT_PER_ISSUE_WRITES } });

  it('allows 20 writes to one issue within 2 s, then answers 429 jira-per-issue-on-write', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      statuses.push(
        (await t.app.post('/rest/api/3/issue/SUP-1/comment', { body: adf(`burst ${i}`) })).status,
      );
    }
    expect(statuses.slice(0, 20).every((s) => s === 201)).toBe(true);
    const last = await t.app.post('/rest/api/3/issue/SUP-1/comment', { body: adf('over') });
    expect(last.status).toBe(429);
    expect(last.headers.get('ratelimit-reason')).toBe('jira-per-issue-on-write');
    expect(last.headers.get('retry-after')).toMatch(/^[12]$/);
    // Other issues and reads of this one are not affected.
    expect((await t.app.post('/rest/api/3/issue/SUP-2/comment', { body: adf('elsewhere') })).status).toBe(
      201,
    );
    expect((await t.app.get('/rest/api/3/issue/SUP-1/comment')).status).toBe(200);
    // A different key of the same issue shares the limit.
    expect((await t.app.put('/rest/api/3/issue/10000', { fields: { summary: 'same issue' } })).status).toBe(
      429,
    );
  });
});
