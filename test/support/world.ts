/**
 * Shared steps of the integration suites that drive the scheduled run: a clean world between
 * tests, and "the next scheduled run" (five minutes later, the export's one-minute holdback
 * passed, events and queue deliveries settled).
 */
import type { Stack } from '../../sandbox/stack';
import { elapse, FIVE_MINUTES_MS } from './time';

/** Empty simulators and storage, no faults left over. */
export function resetWorld(stack: Stack): void {
  stack.zendesk.control.reset(false);
  stack.jira.control.reset();
  stack.emulator.storage.clear();
  stack.zendesk.faults.clear();
  stack.jira.faults.clear();
}

/** One scheduled run, five minutes after the previous one; returns its outcome. */
export async function nextScheduledRun(stack: Stack): Promise<{ status: string }> {
  stack.emulator.clock.advance(FIVE_MINUTES_MS);
  elapse(stack, FIVE_MINUTES_MS);
  stack.zendesk.control.advanceClock(61_000);
  const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
  if (result.status !== 'ok') throw new Error(`scheduled-sync ended with ${result.status}`);
  await stack.settle();
  return result.value as { status: string };
}
