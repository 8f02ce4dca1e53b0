/**
 * A scheduled pass and a Jira event handler working on the same link at the same time.
 *
 * Forge runs them independently: the five-minute trigger does not wait for event deliveries,
 * and an event may arrive in the middle of a pass. Each loads the link state, talks to Zendesk
 * and Jira, and saves. A slow Zendesk answer (latency injected in the simulator) stretches one
 * of them so the other starts and finishes inside it, every time: whichever saves last must
 * not undo what the other recorded.
 */
import { describe, expect, it } from 'vitest';
import {
  checkConversation,
  checkFields,
  perform,
  setUpPairs,
  type Action,
  type Model,
} from './support/convergence';
import { converge, settle, useWorld } from './support/world';

const world = useWorld();

async function act(model: Model, actions: Action[]): Promise<void> {
  for (const [i, a] of actions.entries()) await perform(world, model, a, i);
}

/** A scheduled run and the held events at once; `startRunAfterMs` lets the event go first. */
async function overlap(startRunAfterMs: number): Promise<void> {
  world.events.release();
  world.stack.emulator.clock.advance(5 * 60_000);
  world.stack.zendesk.control.advanceClock(61_000);
  await Promise.all([
    (async () => {
      await new Promise((r) => setTimeout(r, startRunAfterMs));
      await world.stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    })(),
    settle(world),
  ]);
  await settle(world);
}

/** Pair A after both sides changed: reference R1 in Jira, an agent's public reply in Zendesk. */
async function editedOnBothSides({ file }: { file: boolean }): Promise<Model> {
  const model = setUpPairs(world);
  await converge(world);
  await act(model, [
    { k: 'jiraField', i: 'A', field: 'reference', value: 'R1' },
    { k: 'zdComment', t: 'A', public: true, asRequester: false, file },
  ]);
  return model;
}

describe('a scheduled pass and a Jira event on the same link at the same time', () => {
  it('a slow event handler saving its older state makes no comment reach Jira twice', async () => {
    const model = await editedOnBothSides({ file: true });
    // The event handler loads the state, then waits on its Zendesk PUT while the pass copies
    // the comment and its file and saves; the handler saves afterwards.
    world.stack.zendesk.faults.delay('/api/v2/tickets/*', 800, { method: 'PUT', times: 1 });
    await overlap(100);
    await converge(world);
    expect(checkConversation(world, model)).toEqual([]);
    expect(checkFields(world, model)).toEqual([]);
  });

  it('a slow pass saving its older state does not let the next pass overwrite a newer Jira edit', async () => {
    const model = await editedOnBothSides({ file: false });
    // The pass loads the state, then waits on the ticket's comments while the event pushes R1
    // to Zendesk and records it; the pass saves afterwards.
    world.stack.zendesk.faults.delay('/api/v2/tickets/*/comments', 800, { times: 1 });
    await overlap(0);
    // A person changes the field again in Jira; the next run sees the ticket changed (by the
    // event's push) before that event arrives.
    await act(model, [
      { k: 'jiraField', i: 'A', field: 'reference', value: 'R2' },
      { k: 'schedule' },
      { k: 'deliver', order: 'fifo', seed: 0 },
    ]);
    await converge(world);
    expect(checkFields(world, model)).toEqual([]);
    expect(checkConversation(world, model)).toEqual([]);
  });
});
