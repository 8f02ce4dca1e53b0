/**
 * Rate-limit storms: sustained 429s with Retry-After from Zendesk or from Jira, during the
 * scheduled runs, the queue hand-off and the Jira event handlers of the full scenario
 * (support/scenario.ts).
 *
 * - A Retry-After that fits the run's wait budget is waited out inside the run.
 * - A longer one ends the work at once: the scheduled run stops (the next five-minute run
 *   resumes from the saved cursor), a queue batch is pushed again with the delay Zendesk or
 *   Jira asked for, an event handler returns an InvocationError with that `retryAfter`.
 * - Once the storm is over the end state equals the no-storm run's: nothing lost, nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffSnapshots, snapshot, type Snapshot } from './support/observe';
import { runScenario, type FaultPlan, type InvocationRecord } from './support/scenario';
import { converge, useWorld, type World } from './support/world';

const world = useWorld();
let reference: Snapshot;
let referenceInvocations: InvocationRecord[] = [];
const totals = { storms: 0, zendesk429: 0, jira429: 0 };

/** Index of the reference invocation of `step` (the plan is armed right before it). */
function invocationOf(step: string): { index: number; functionKey: string } {
  const index = referenceInvocations.findIndex((i) => i.step === step);
  const inv = referenceInvocations[index];
  if (!inv) throw new Error(`no step ${step} in the reference run`);
  return { index, functionKey: inv.functionKey };
}

type Storm = { side: 'zendesk' | 'jira'; times: number; retryAfter: number };

function stormPlan(step: string, storms: Storm[]): FaultPlan {
  const { index, functionKey } = invocationOf(step);
  return {
    invocation: index,
    functionKey,
    arm: (w) => {
      for (const s of storms) {
        if (s.side === 'zendesk') w.stack.zendesk.faults.rateLimitBurst('/api/v2/**', s.times, s.retryAfter);
        else
          w.stack.jira.faults.rateLimitBurst('*', s.times, s.retryAfter, {
            accountId: w.stack.jira.appAccount.accountId,
          });
      }
    },
  };
}

/** The scheduled-sync invocations of the scenario's first scheduled run (it may take several). */
function firstRunInvocations(invocations: InvocationRecord[]): InvocationRecord[] {
  return invocations.filter((i) => i.step === 'first scheduled run' && i.functionKey === 'scheduled-sync');
}

/** One run did everything, and it slept as told (two 429s, each with Retry-After: 1). */
function expectOneRunThatWaited(invocations: InvocationRecord[]): void {
  const first = firstRunInvocations(invocations);
  expect(first.map((i) => i.outcome)).toEqual(['done']);
  expect(first[0]?.durationMs ?? 0).toBeGreaterThanOrEqual(2_000);
}

function count429(): { zendesk: number; jira: number } {
  return {
    zendesk: world.stack.zendesk.log.entries().filter((e) => e.status === 429).length,
    jira: world.stack.jira.log.count({ status: 429 }),
  };
}

/** The scenario under `plan`, then quiet; returns its invocations and the 429s answered. */
async function weather(
  plan: FaultPlan,
  alsoArm?: (w: World) => void,
): Promise<{ invocations: InvocationRecord[]; zendesk429: number; jira429: number }> {
  const before = count429();
  const base = plan;
  if (alsoArm) {
    plan = {
      ...base,
      arm: (w) => {
        base.arm(w);
        alsoArm(w);
      },
    };
  }
  const run = await runScenario(world, plan);
  const after = count429();
  const storm = { zendesk: after.zendesk - before.zendesk, jira: after.jira - before.jira };
  await converge(world);
  const diff = diffSnapshots(reference, snapshot(world));
  expect(diff).toEqual([]);
  totals.storms += 1;
  totals.zendesk429 += storm.zendesk;
  totals.jira429 += storm.jira;
  return { invocations: run.invocations, zendesk429: storm.zendesk, jira429: storm.jira };
}

beforeAll(async () => {
  referenceInvocations = (await runScenario(world)).invocations;
  await converge(world);
  reference = snapshot(world);
});

afterAll(async () => {
  console.info(
    `[reliability] storms: ${totals.storms} storms weathered, ${totals.zendesk429} Zendesk and ${totals.jira429} Jira 429 answers`,
  );
});

describe('rate-limit storms', () => {
  it('a short Zendesk storm (Retry-After within the wait budget) is waited out inside the run', async () => {
    const started = Date.now();
    const { invocations, zendesk429 } = await weather(
      stormPlan('first scheduled run', [{ side: 'zendesk', times: 2, retryAfter: 1 }]),
    );
    expect(zendesk429).toBe(2);
    expectOneRunThatWaited(invocations);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2_000);
  });

  it('a short Jira storm is waited out inside the run', async () => {
    const { invocations, jira429 } = await weather(
      stormPlan('first scheduled run', [{ side: 'jira', times: 2, retryAfter: 1 }]),
    );
    expect(jira429).toBe(2);
    expectOneRunThatWaited(invocations);
  });

  it('a sustained Zendesk storm stops each run at once; the following runs resume and finish', async () => {
    const { invocations, zendesk429 } = await weather(
      stormPlan('first scheduled run', [{ side: 'zendesk', times: 8, retryAfter: 120 }]),
    );
    expect(zendesk429).toBe(8);
    const runs = firstRunInvocations(invocations);
    expect(runs.filter((r) => r.outcome === 'stopped').length).toBeGreaterThanOrEqual(1);
    expect(runs[runs.length - 1]?.outcome).toBe('done');
    // Yielding means no sleeping on a Retry-After the run cannot afford.
    for (const r of runs) expect(r.durationMs).toBeLessThan(5_000);
    // And no hammering: each stopped run met at most a couple of 429s before it stopped.
    expect(zendesk429).toBeLessThanOrEqual(2 * runs.filter((r) => r.outcome === 'stopped').length);
  });

  it('a sustained Jira storm hands the backlog to the queue with the delay Jira asked for; the queue finishes it', async () => {
    const { invocations, jira429 } = await weather(
      stormPlan('first scheduled run', [{ side: 'jira', times: 8, retryAfter: 120 }]),
    );
    expect(jira429).toBe(8);
    const step = invocations.filter((i) => i.step === 'first scheduled run');
    expect(step.some((i) => i.functionKey === 'sync-batch-worker')).toBe(true);
    for (const r of step) expect(r.durationMs).toBeLessThan(5_000);
  });

  it('storms on both sides at once, from the first run to the second, lose nothing', async () => {
    const plan = stormPlan('first scheduled run', [
      { side: 'zendesk', times: 6, retryAfter: 120 },
      { side: 'jira', times: 6, retryAfter: 120 },
    ]);
    const { zendesk429, jira429 } = await weather(plan);
    expect(zendesk429).toBe(6);
    expect(jira429).toBe(6);
  });

  it('a Zendesk storm during a Jira event: the handler asks Forge to come back after Retry-After', async () => {
    const { invocations, zendesk429 } = await weather(
      stormPlan('Jira comment', [{ side: 'zendesk', times: 4, retryAfter: 120 }]),
    );
    expect(zendesk429).toBe(4);
    const deliveries = invocations.filter((i) => i.step === 'Jira comment');
    expect(deliveries.map((d) => d.retryAfter ?? null)).toEqual([120, 120, 120, 120, null]);
  });

  it('a Jira storm during a Jira event: same, with Jira’s Retry-After', async () => {
    const { invocations, jira429 } = await weather(
      stormPlan('Jira attachment', [{ side: 'jira', times: 3, retryAfter: 300 }]),
    );
    expect(jira429).toBe(3);
    const deliveries = invocations.filter((i) => i.step === 'Jira attachment');
    expect(deliveries.map((d) => d.retryAfter ?? null)).toEqual([300, 300, 300, null]);
  });

  it('a backlog queued during a Jira storm survives a longer Zendesk storm on the queue consumer', async () => {
    // One Jira 429 stops the second run and hands its tickets to the queue; Zendesk then
    // refuses the consumer's ticket read (show_many) more often than Forge would redeliver
    // one event. The batch must wait as told and come back, not be dropped.
    const { invocations, zendesk429 } = await weather(
      stormPlan('second scheduled run', [{ side: 'jira', times: 1, retryAfter: 120 }]),
      (w) => w.stack.zendesk.faults.rateLimitBurst('/api/v2/tickets/show_many', 8, 240),
    );
    expect(zendesk429).toBe(8);
    const batches = invocations.filter((i) => i.functionKey === 'sync-batch-worker');
    expect(batches.length).toBeGreaterThanOrEqual(9);
    expect(batches.filter((b) => b.outcome === 'requeued')).toHaveLength(8);
    expect(batches[batches.length - 1]?.outcome).toBe('done');
  });

  it('a Zendesk outage on the queue consumer longer than Forge redelivers one event: the backlog waits, nothing is dropped', async () => {
    // Four attempts per delivery (the client's own retries of a GET), six deliveries' worth.
    let outage = '';
    const { invocations } = await weather(
      stormPlan('second scheduled run', [{ side: 'jira', times: 1, retryAfter: 120 }]),
      (w) => {
        outage = w.stack.zendesk.faults.fail('/api/v2/tickets/show_many', { status: 503, times: 24 });
      },
    );
    expect(world.stack.zendesk.faults.hits(outage)).toBe(24);
    const batches = invocations.filter((i) => i.functionKey === 'sync-batch-worker');
    expect(batches.filter((b) => b.outcome === 'requeued').length).toBeGreaterThanOrEqual(5);
    expect(batches[batches.length - 1]?.outcome).toBe('done');
  });
});
