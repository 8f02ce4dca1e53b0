import { afterEach, describe, expect, it } from 'vitest';
import { createZendeskClient, type ZendeskFetch } from '../../../src/zendesk/client';
import { forgetGauges, RateGauge, ZendeskPacedError } from '../../../src/zendesk/pacing';

const headers = (h: Record<string, string>) => new Headers(h);
const T0 = 1_800_000_000_000;

describe('the rate gauge', () => {
  it('lets background work use half of the account window, then holds it until the window ends', () => {
    const gauge = new RateGauge();
    gauge.observe(
      headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '8', 'ratelimit-reset': '30' }),
      T0,
    );
    // 8 left: two more requests leave half of 10 for the agents plus one for a blind request
    // (7, 6 … then held).
    expect(gauge.holdSeconds(['account'], T0)).toBeNull();
    expect(gauge.holdSeconds(['account'], T0)).toBeNull();
    expect(gauge.holdSeconds(['account'], T0 + 1_000)).toBe(29);
    // The window is over: what it said no longer holds anything back.
    expect(gauge.holdSeconds(['account'], T0 + 30_000)).toBeNull();
  });

  it('after a wait forgets only what was seen before it, not what another invocation saw since', () => {
    const gauge = new RateGauge();
    gauge.observe(
      headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '2', 'ratelimit-reset': '50' }),
      T0,
    );
    gauge.forget(T0);
    expect(gauge.holdSeconds(['account'], T0 + 1)).toBeNull();
    gauge.observe(
      headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': '3', 'ratelimit-reset': '40' }),
      T0 + 5,
    );
    gauge.forget(T0);
    expect(gauge.holdSeconds(['account'], T0 + 10)).toBe(40);
  });

  it('lowers every answer by the requests still in flight, so overlapping invocations do not pass on an older count', () => {
    const gauge = new RateGauge();
    const window = (remaining: number) =>
      headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': String(remaining), 'ratelimit-reset': '30' });
    gauge.observe(window(9), T0);
    // Three requests go out at once (9 → 6 by the gauge's count); the share is then used.
    for (let i = 0; i < 3; i++) expect(gauge.holdSeconds(['account'], T0)).toBeNull();
    expect(gauge.holdSeconds(['account'], T0)).toBe(30);
    // The first answer comes back: Zendesk had counted only it (8 left), the two others are
    // still on their way and will be counted too.
    gauge.observe(window(8), T0 + 10, ['account']);
    expect(gauge.holdSeconds(['account'], T0 + 10)).toBe(30);
    // Both others answered: nothing is in flight, the count is Zendesk's own.
    gauge.observe(window(6), T0 + 20, ['account']);
    gauge.observe(window(6), T0 + 20, ['account']);
    expect(gauge.holdSeconds(['account'], T0 + 20, false)).toBe(30);
    gauge.observe(window(9), T0 + 40);
    expect(gauge.holdSeconds(['account'], T0 + 40, false)).toBeNull();
  });

  it('keeps one request of the share back for the first request of a gauge that forgot the window', () => {
    const gauge = new RateGauge();
    const limit = 10;
    let used = 0;
    const answer = () =>
      headers({
        'ratelimit-limit': String(limit),
        'ratelimit-remaining': String(limit - used),
        'ratelimit-reset': '30',
      });
    gauge.observe(answer(), T0);
    // Background work spends what the gauge lets go, one answered request after the other …
    while (gauge.holdSeconds(['account'], T0) === null) {
      used += 1;
      gauge.observe(answer(), T0, ['account']);
    }
    // … then a scheduled run starts unknowing (forget) and sends its first request blind.
    gauge.forget();
    expect(gauge.holdSeconds(['account'], T0)).toBeNull();
    used += 1;
    expect(used).toBeLessThanOrEqual(limit / 2);
  });

  it('at a scheduled run forgets what was seen before the previous run began, and keeps what was seen since', () => {
    const gauge = new RateGauge();
    const window = (remaining: number) =>
      headers({ 'ratelimit-limit': '10', 'ratelimit-remaining': String(remaining), 'ratelimit-reset': '50' });
    gauge.observe(window(2), T0);
    // The container's first run knows no earlier run: it forgets all and sends its first request blind.
    gauge.scheduledRunBegins(T0 + 1);
    expect(gauge.holdSeconds(['account'], T0 + 1)).toBeNull();
    gauge.observe(window(5), T0 + 2, ['account']);
    // A second run in the same window keeps that answer: no second blind request.
    gauge.scheduledRunBegins(T0 + 3);
    expect(gauge.holdSeconds(['account'], T0 + 3)).toBe(50);
    // The next one forgets it, seen before the previous run began.
    gauge.scheduledRunBegins(T0 + 4);
    expect(gauge.holdSeconds(['account'], T0 + 4, false)).toBeNull();
  });

  it('reads X-Rate-Limit when the ratelimit-* trio is absent, assuming a one-minute window', () => {
    const gauge = new RateGauge();
    gauge.observe(headers({ 'x-rate-limit': '200', 'x-rate-limit-remaining': '90' }), T0);
    expect(gauge.holdSeconds(['account'], T0)).toBe(60);
  });

  it("holds ticket updates once nine tenths of Update Ticket's own budget are used, while the account budget is fine", () => {
    const gauge = new RateGauge();
    gauge.observe(
      headers({
        'ratelimit-limit': '700',
        'ratelimit-remaining': '690',
        'ratelimit-reset': '40',
        'zendesk-ratelimit-tickets-update': 'total=100; remaining=10; resets=12',
      }),
      T0,
    );
    expect(gauge.holdSeconds(['account'], T0)).toBeNull();
    expect(gauge.holdSeconds(['account', 'ticketUpdates'], T0)).toBe(12);
    gauge.forget();
    expect(gauge.holdSeconds(['account', 'ticketUpdates'], T0)).toBeNull();
  });
});

describe('a paced Zendesk client', () => {
  afterEach(() => forgetGauges());

  function transport(remaining: number) {
    let calls = 0;
    const fetch: ZendeskFetch = () => {
      calls += 1;
      return Promise.resolve(
        new Response(
          JSON.stringify({ ticket: { id: 1, status: 'open', created_at: 'x', updated_at: 'y' } }),
          {
            status: 200,
            headers: {
              'content-type': 'application/json',
              'ratelimit-limit': '200',
              'ratelimit-remaining': String(remaining),
              'ratelimit-reset': '20',
            },
          },
        ),
      );
    };
    return { fetch, calls: () => calls };
  }

  it('does not send a background request once the answers show half of the plan used', async () => {
    const t = transport(99);
    const client = createZendeskClient(
      { subdomain: 'paced', email: 'a@b.test', token: 't0123456789abcdef' },
      {
        fetch: t.fetch,
        paced: true,
      },
    );
    await client.getTicket(1);
    const held = await client.getTicket(1).catch((e: unknown) => e);
    expect(held).toBeInstanceOf(ZendeskPacedError);
    expect((held as ZendeskPacedError).retryAfterSeconds).toBeGreaterThan(0);
    expect(t.calls()).toBe(1);
  });

  it('holds back every request it sends to the account host, an attachment download included', async () => {
    const t = transport(99);
    const client = createZendeskClient(
      { subdomain: 'paced', email: 'a@b.test', token: 't0123456789abcdef' },
      { fetch: t.fetch, paced: true },
    );
    await client.getTicket(1);
    const held = await client
      .downloadAttachment('https://paced.zendesk.com/attachments/token/abc/?name=a.txt')
      .catch((e: unknown) => e);
    expect(held).toBeInstanceOf(ZendeskPacedError);
    expect(t.calls()).toBe(1);
  });

  it('never holds back a request a person waits for (the panel)', async () => {
    const t = transport(99);
    const client = createZendeskClient(
      { subdomain: 'panel', email: 'a@b.test', token: 't0123456789abcdef' },
      {
        fetch: t.fetch,
      },
    );
    await client.getTicket(1);
    await client.getTicket(1);
    expect(t.calls()).toBe(2);
  });
});
