/**
 * The reliability suite's world: the whole stack (emulator + both simulators, sandbox/stack.ts)
 * with a clean account on each side, items and links written straight into Forge storage,
 * and a hold on Jira product events so a test decides when, in which order and how often
 * they are delivered (Forge promises none of the three).
 *
 * Time: the Zendesk simulator's clock starts two days behind real time and moves forward
 * on every scheduled run (the export never returns the last minute of changes); the
 * emulator's clock moves five minutes per scheduled run, so a crashed run's lease has
 * expired when the next one starts, as with the real five-minute trigger.
 */
import { elapse, FIVE_MINUTES_MS } from '../../support/time';
import { startStack, type Stack } from '../../../sandbox/stack';
import { vi } from 'vitest';
import { useForFile } from '../../support/lateBound';
import type { DrainReport, InvocationResult, PlatformCall } from '../../../sandbox/forge';
import type { FieldMapping, SmartItem, SyncFeatures } from '../../../src/domain/types';
import type { ScheduledOutcome } from '../../../src/sync/run/scheduler';
import { connectDirect } from '../../support/connection';
import { ALL_FEATURES, fieldMapping, supportTicketItem, zendeskHoursAgo } from '../../support/items';
import { storeManualLink } from '../../support/manualLink';
import { CURSOR_KEY, itemKey, WAITING_BATCH_PREFIX, WORK_PREFIX } from '../../../src/storage/keys';

export const SUP = { id: '10000', key: 'SUP' } as const;
export const TASK = '10001';
/** Zendesk text custom field "Customer reference" ↔ Jira "External reference" (text). */
export const ZD_REFERENCE_FIELD = 2100000019;
export const JIRA_REFERENCE_FIELD = 'customfield_10040';

export const SCHEDULED = 'zendesk-scheduled-sync';
export const SCHEDULED_FN = 'scheduled-sync';
/** Function keys of the Jira event triggers (manifest.yml). */
export const EVENT_FNS = ['on-issue-updated', 'on-comment-created', 'on-attachment-created'] as const;

/** Forge delivers product events at least once, late and in any order: the test holds them. */
export interface ProductEvent {
  eventType: string;
  atlassianId?: string;
  [key: string]: unknown;
}

export class EventHold {
  /** Events emitted by Jira and not yet handed to the emulator. */
  readonly held: ProductEvent[] = [];
  /** Every user-caused event handed to the emulator so far (for redelivery). */
  readonly delivered: ProductEvent[] = [];
  holding = false;
  private readonly deliver: (event: ProductEvent) => unknown;

  constructor(private readonly stack: Stack) {
    const emulator = stack.emulator;
    const original = emulator.deliverProductEvent.bind(emulator);
    this.deliver = original;
    const subscribed = new Set(emulator.manifest.triggers.flatMap((t) => t.events.map((e) => e.eventType)));
    // The stack forwards every simulator event through this method; replacing it on the
    // instance lets the test keep events back without touching the stack's wiring.
    emulator.deliverProductEvent = (event) => {
      const e = event as ProductEvent;
      // The app's own writes (Forge drops them for `ignoreSelf` triggers whenever they arrive)
      // and events no trigger subscribes to go through at once: holding them changes nothing.
      if (e.atlassianId === stack.jira.appAccount.accountId || !subscribed.has(e.eventType))
        return original(event);
      if (this.holding) {
        this.held.push(structuredClone(e));
        return { deliveredTo: [], skipped: [] };
      }
      this.delivered.push(structuredClone(e));
      return original(event);
    };
  }

  /** Hands held events to the emulator in the given order (indexes into `held`), removing them. */
  release(order?: readonly number[]): number {
    const indexes = order ?? this.held.map((_, i) => i);
    const picked = indexes.map((i) => this.held[i]).filter((e): e is ProductEvent => e !== undefined);
    const keep = this.held.filter((_, i) => !indexes.includes(i));
    this.held.length = 0;
    this.held.push(...keep);
    for (const e of picked) {
      this.delivered.push(structuredClone(e));
      this.deliver(structuredClone(e));
    }
    return picked.length;
  }

  /** Delivers an already delivered event once more (Forge's at-least-once delivery). */
  redeliver(index: number): boolean {
    const e = this.delivered[index];
    if (!e) return false;
    this.deliver(structuredClone(e));
    return true;
  }

  clear(): void {
    this.held.length = 0;
    this.delivered.length = 0;
    this.holding = false;
  }
}

export interface World {
  stack: Stack;
  events: EventHold;
  /** Zendesk user id of the connected agent (the admin the token belongs to). */
  agentId: number;
}

export async function startWorld(): Promise<World> {
  const stack = await startStack({
    zendesk: { seed: false, clockOffsetMs: -48 * 3_600_000 },
    jira: { seed: false },
  });
  const events = new EventHold(stack);
  return { stack, events, agentId: 0 };
}

/**
 * The world for one test file: started before its first test, with the console noise of
 * crashed invocations (their leftover code meeting the dead platform) silenced; closed after
 * its last test.
 */
export function useWorld(): World {
  return useForFile(
    'world',
    () => {
      vi.spyOn(console, 'error').mockImplementation(() => undefined);
      vi.spyOn(console, 'warn').mockImplementation(() => undefined);
      return startWorld();
    },
    (world) => world.stack.close(),
  );
}

export const map = (zendeskFieldId: string, jiraFieldId: string): FieldMapping =>
  fieldMapping(zendeskFieldId, jiraFieldId);

export { ALL_FEATURES };

/** The mappings every scenario uses: standard text, option, list and a custom text field. */
export const MAPPINGS: FieldMapping[] = [
  map('subject', 'summary'),
  map('priority', 'priority'),
  map('tags', 'labels'),
  map(String(ZD_REFERENCE_FIELD), JIRA_REFERENCE_FIELD),
];

export function makeItem(world: World, id: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return supportTicketItem(id, zendeskHoursAgo(world.stack), {
    fields: MAPPINGS,
    features: { ...ALL_FEATURES },
    ...overrides,
  });
}

/** Everything synchronized but auto-create: the scenarios link their tickets themselves. */
export const LINKED_SYNC: SyncFeatures = { ...ALL_FEATURES, autoCreate: false };

/** The scenarios' one-way item `one`. */
export function oneWayItem(world: World): SmartItem {
  return makeItem(world, 'one', { syncMode: 'oneWay', features: LINKED_SYNC });
}

/** Both sides empty, the connection stored, the items configured; no faults, no held events. */
export function resetWorld(world: World, items: SmartItem[]): void {
  const { stack } = world;
  stack.zendesk.control.reset(false);
  stack.jira.control.reset();
  stack.emulator.storage.clear();
  stack.emulator.faults.clear();
  stack.zendesk.faults.clear();
  stack.jira.faults.clear();
  stack.emulator.clearCalls();
  world.events.clear();
  world.agentId = connectDirect(stack).agent.id;
  for (const i of items) stack.emulator.storage.set(itemKey(i.id), i);
}

/** A link made by a person in the panel: stored with its ticket index entry. */
export function manualLink(
  world: World,
  itemId: string,
  ticketId: number,
  summary: string,
): { issueId: string; issueKey: string } {
  return storeManualLink(world.stack, itemId, ticketId, summary);
}

/** The five-minute tick: both clocks move, then the scheduled trigger runs once. */
export async function scheduledRun(
  world: World,
  options: { crashAfter?: number; whileOthersRun?: boolean } = {},
): Promise<InvocationResult> {
  const { stack } = world;
  // The next five-minute tick; unless this run overlaps invocations still in flight: time
  // cannot jump five minutes under a running invocation (its leases would expire under it,
  // which Forge's invocation time limit rules out).
  if (!options.whileOthersRun) {
    stack.emulator.clock.advance(FIVE_MINUTES_MS);
    elapse(stack, FIVE_MINUTES_MS);
  }
  stack.zendesk.control.advanceClock(61_000);
  if (options.crashAfter !== undefined)
    stack.emulator.faults.crashAfterWrites(options.crashAfter, { functionKey: SCHEDULED_FN });
  return noError(await stack.emulator.runScheduledTrigger(SCHEDULED));
}

/** Results of every invocation the helpers ran or drained, by status (for the suite's figures). */
export const invocationTally: Record<InvocationResult['status'], number> = {
  ok: 0,
  error: 0,
  timeout: 0,
  crash: 0,
};

/**
 * An invocation that threw is a bug, never an expected outcome: the handlers turn every
 * upstream failure into a stored problem, a retry or an InvocationError. Crashes and timeouts
 * are the platform's doing and are expected under fault injection.
 */
export function noError(result: InvocationResult): InvocationResult {
  invocationTally[result.status] += 1;
  if (result.status === 'error') throw new Error(`${result.functionKey} threw: ${String(result.error)}`);
  return result;
}

/** stack.settle(), failing on any delivery whose handler threw. */
export async function settle(world: World): Promise<DrainReport[]> {
  const reports = await world.stack.settle();
  for (const report of reports) for (const d of report.deliveries) noError(d.result);
  return reports;
}

export function outcomeOf(result: InvocationResult): ScheduledOutcome | null {
  return result.status === 'ok' ? (result.value as ScheduledOutcome) : null;
}

/**
 * Scheduled runs until one finishes its whole export (`done`) and the queue is drained. A run
 * stopped by a rate limit or a crash is simply followed by the next one, as in production.
 */
export async function syncUntilDone(world: World, maxRuns = 12): Promise<number> {
  for (let run = 1; run <= maxRuns; run++) {
    const result = await scheduledRun(world);
    await settle(world);
    const outcome = outcomeOf(result);
    if (outcome?.status === 'done' && outcome.queued === 0) return run;
  }
  throw new Error(`the scheduled sync did not finish within ${maxRuns} runs`);
}

export function lastSeq(world: World): number {
  const calls = world.stack.emulator.calls;
  return calls[calls.length - 1]?.seq ?? 0;
}

export function callsSince(world: World, seq: number): PlatformCall[] {
  return world.stack.emulator.calls.filter((c) => c.seq > seq);
}

/** Writes to Jira and Zendesk (not KVS) since `seq`. */
export function upstreamWritesSince(world: World, seq: number): PlatformCall[] {
  return callsSince(world, seq).filter((c) => c.write && (c.kind === 'jira' || c.kind === 'egress'));
}

/** Tickets the scheduler keeps for a retry (`sync:cursor` retry map). */
export function retryBacklog(world: World): string[] {
  const cursor = world.stack.emulator.storage.get(CURSOR_KEY) as
    { retry?: Record<string, unknown> } | undefined;
  return Object.keys(cursor?.retry ?? {});
}

/**
 * Quiescence: scheduled runs (each followed by draining events and queue) until a run finds
 * nothing to retry and writes nothing to Jira or Zendesk. Returns the runs it took.
 */
export async function converge(world: World, maxRuns = 16): Promise<number> {
  let last = '';
  for (let run = 1; run <= maxRuns; run++) {
    const before = lastSeq(world);
    const result = await scheduledRun(world);
    await settle(world);
    const outcome = outcomeOf(result);
    const writes = upstreamWritesSince(world, before);
    // A run a rate limit or crash cut short wrote nothing but did not look at everything.
    if (
      outcome?.status === 'done' &&
      writes.length === 0 &&
      retryBacklog(world).length === 0 &&
      world.events.held.length === 0 &&
      // Durable work all delivered: nothing waits for a later run.
      world.stack.emulator.storage.keys(WORK_PREFIX).length === 0 &&
      world.stack.emulator.storage.keys(WAITING_BATCH_PREFIX).length === 0
    )
      return run;
    last = `${result.status}/${outcome?.status ?? '-'}, ${writes.length} writes: ${writes
      .slice(0, 4)
      .map((c) => `${c.method} ${c.target}`)
      .join(', ')}`;
  }
  throw new Error(
    `no quiescence after ${maxRuns} scheduled runs (last run ${last}; retry backlog: ${retryBacklog(world).join(', ') || 'none'})`,
  );
}
