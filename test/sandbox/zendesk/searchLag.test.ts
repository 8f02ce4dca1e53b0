/**
 * Search index lag: with a lag set, search sees each ticket as it was that long ago
 * (simulated time), so new tickets are missing and changed ones keep their old values
 * until the clock passes the lag. Off by default.
 */
import { describe, expect, it } from 'vitest';
import { arr, call, control, obj, useSim } from './support/simHttp';

const sim = useSim({ seed: false });

async function subjects(query: string): Promise<string[]> {
  const res = await call(sim, `/api/v2/search.json?query=${encodeURIComponent(query)}`);
  expect(res.status).toBe(200);
  return arr(obj(res.json).results).map((r) => String(obj(r).subject));
}

const idOf = (json: unknown): number => Number(obj(json).id);

describe('search lag', () => {
  it('is off by default: a new ticket is found at once', async () => {
    sim.control.createTicket({ subject: 'Instant kumquat' });
    expect(await subjects('kumquat')).toEqual(['Instant kumquat']);
  });

  it('hides a new ticket and shows old values until the lag has passed', async () => {
    const kept = idOf(sim.control.createTicket({ subject: 'Lagging walrus', tags: ['before'] }));
    expect((await control(sim, '/__sim/search-lag', 'POST', { ms: 60_000 })).json).toEqual({
      searchLagMs: 60_000,
    });
    sim.control.createTicket({ subject: 'Fresh walrus' });
    sim.control.editTicket(kept, { tags: ['after'], subject: 'Renamed walrus' });
    expect(await subjects('walrus')).toEqual(['Lagging walrus']);
    expect(await subjects('tags:before')).toEqual(['Lagging walrus']);
    expect(await subjects('tags:after')).toEqual([]);

    sim.control.advanceClock(59_000);
    expect(await subjects('walrus')).toEqual(['Lagging walrus']);
    sim.control.advanceClock(1_000);
    expect((await subjects('walrus')).sort()).toEqual(['Fresh walrus', 'Renamed walrus']);
    expect(await subjects('tags:after')).toEqual(['Renamed walrus']);
    expect(await subjects('tags:before')).toEqual([]);
  });

  it('shows a ticket read directly at once: only search lags', async () => {
    const id = idOf(sim.control.createTicket({ subject: 'Direct read narwhal' }));
    expect(await subjects('narwhal')).toEqual([]);
    const res = await call(sim, `/api/v2/tickets/${id}.json`);
    expect(obj(obj(res.json).ticket).subject).toBe('Direct read narwhal');
  });

  it('turns off again: everything is current', async () => {
    sim.control.setSearchLag(0);
    expect(await subjects('narwhal')).toEqual(['Direct read narwhal']);
  });
});
