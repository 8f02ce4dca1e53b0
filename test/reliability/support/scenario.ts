/**
 * The full sync scenario the crash test replays: every kind of work both directions do, as
 * a fixed list of steps, each one invocation of the app (a scheduled run, or one Jira event
 * delivered on its own so the invocation order is the same on every replay).
 *
 *   1. Zendesk: a new ticket (mapped fields, description, public reply, internal note, two
 *      files and one above 10 MB) for the two-way auto-create item; a manually linked ticket
 *      for the one-way item with a reply, a custom field and a status change.
 *   2. Scheduled run: auto-create with mapped fields, comments, notes, attachments; fields,
 *      status and comments of the manual link.
 *   3. Jira (a person, on the auto-created issue): summary, priority and custom field edited,
 *      a transition, a comment, a file — five events, delivered one by one.
 *   4. Zendesk: a tag and status change, another reply and a file on the two-way ticket; an
 *      internal note with a file on the one-way ticket.
 *   5. Scheduled run: all of step 4 to Jira, and step 3's Zendesk writes recognised as the
 *      connector's own (nothing copied back).
 *
 * A fault plan arms something right before one invocation (a crash after its n-th write, a
 * lost response); the step then does what the platform and the next trigger do: a crashed event is delivered again (drain), a crashed
 * scheduled run is followed by the next run.
 */
import type { DrainReport, InvocationResult } from '../../../sandbox/forge';
import {
  makeItem,
  manualLink,
  oneWayItem,
  outcomeOf,
  resetWorld,
  retryBacklog,
  scheduledRun,
  settle,
  SCHEDULED_FN,
  ZD_REFERENCE_FIELD,
  type World,
} from './world';
import { itemLinksPrefix } from '../../../src/storage/keys';

export interface InvocationRecord {
  step: string;
  functionKey: string;
  status: InvocationResult['status'];
  writes: number;
  /** `kind method target` of each write, in order (from the emulator's call log). */
  writePoints: string[];
  /** A scheduled run's outcome status (`done`, `stopped`, …). */
  outcome?: string;
  /** Seconds an InvocationError asked Forge to wait before delivering the event again. */
  retryAfter?: number;
  startedAt: number;
  durationMs: number;
}

/** Something to set up right before one invocation of a replay (a crash, a lost response). */
export interface FaultPlan {
  /** Index into the reference run's invocation list. */
  invocation: number;
  functionKey: string;
  arm(world: World): void;
}

export function crashPlan(invocation: number, functionKey: string, afterWrites: number): FaultPlan {
  return {
    invocation,
    functionKey,
    arm: (world) => world.stack.emulator.faults.crashAfterWrites(afterWrites, { functionKey }),
  };
}

export interface ScenarioRun {
  invocations: InvocationRecord[];
  /** The crashed invocation's result, when a plan was given. */
  crashed: InvocationRecord | null;
}

const TRIGGER_FN: Record<string, string> = {
  'avi:jira:updated:issue': 'on-issue-updated',
  'avi:jira:commented:issue': 'on-comment-created',
  'avi:jira:created:attachment': 'on-attachment-created',
};

function record(world: World, step: string, result: InvocationResult): InvocationRecord {
  const points = world.stack.emulator.calls
    .filter((c) => c.invocationId === result.invocationId && c.write)
    .map((c) => `${c.kind} ${c.method} ${c.target.replace(/^https?:\/\/[^/]+/, '')}`);
  const rec: InvocationRecord = {
    step,
    functionKey: result.functionKey,
    status: result.status,
    writes: result.writes,
    writePoints: points,
    startedAt: Date.now() - result.durationMs,
    durationMs: result.durationMs,
  };
  const value =
    result.status === 'ok'
      ? (result.value as { status?: unknown; retryOptions?: { retryAfter?: unknown } } | null | undefined)
      : undefined;
  if (typeof value?.status === 'string') rec.outcome = value.status;
  if (typeof value?.retryOptions?.retryAfter === 'number') rec.retryAfter = value.retryOptions.retryAfter;
  return rec;
}

export function setUpScenario(world: World): { twoWayTicket: number; oneWayTicket: number } {
  const two = makeItem(world, 'two');
  const one = oneWayItem(world);
  resetWorld(world, [two, one]);
  world.events.holding = true;
  const zd = world.stack.zendesk.control;

  const t1 = zd.createTicket({
    subject: 'Checkout fails',
    body: 'The checkout page shows an error.',
    priority: 'high',
    tags: ['vip', 'billing'],
    customFields: { [ZD_REFERENCE_FIELD]: 'REF-1' },
  }) as { id: number };
  zd.addComment(t1.id, { body: 'Any news?', as: 'requester' });
  zd.addComment(t1.id, { body: 'Escalating to engineering', public: false });
  zd.addComment(t1.id, {
    body: 'Logs attached',
    attachments: [
      { fileName: 'a.txt', data: 'alpha' },
      { fileName: 'b.txt', data: 'bravo bravo' },
      { fileName: 'big.bin', size: 10 * 1024 * 1024 + 10 },
    ],
  });

  const t2 = zd.createTicket({
    subject: 'Manual ticket',
    body: 'Manual description',
    status: 'open',
    tags: ['x'],
  }) as { id: number };
  manualLink(world, 'one', t2.id, 'Old summary');
  zd.addComment(t2.id, { body: 'Customer reply', as: 'requester' });
  zd.editTicket(t2.id, { status: 'solved', customFields: { [ZD_REFERENCE_FIELD]: 'REF-2' } });
  return { twoWayTicket: t1.id, oneWayTicket: t2.id };
}

export class ScenarioDriver {
  readonly invocations: InvocationRecord[] = [];
  crashed: InvocationRecord | null = null;

  constructor(
    private readonly world: World,
    private readonly plan: FaultPlan | null,
  ) {}

  private armIfDue(functionKey: string): void {
    const plan = this.plan;
    if (!plan || plan.invocation !== this.invocations.length) return;
    if (plan.functionKey !== functionKey)
      throw new Error(
        `replay diverged: invocation ${plan.invocation} is ${functionKey}, the plan expects ${plan.functionKey}`,
      );
    plan.arm(this.world);
  }

  private note(step: string, result: InvocationResult): void {
    const rec = record(this.world, step, result);
    if (rec.status === 'crash' && this.crashed === null) this.crashed = rec;
    this.invocations.push(rec);
  }

  /** One scheduled run, then more runs (the five-minute trigger) until one finishes. */
  async scheduled(step: string): Promise<void> {
    for (let run = 0; run < 20; run++) {
      this.armIfDue(SCHEDULED_FN);
      const result = await scheduledRun(this.world);
      this.note(step, result);
      this.noteDrain(step, await settle(this.world));
      const outcome = outcomeOf(result);
      // Done = the export is read to its end and no ticket waits for a retry.
      if (outcome?.status === 'done' && retryBacklog(this.world).length === 0) return;
    }
    throw new Error(`step ${step}: the scheduled sync did not finish`);
  }

  /** Delivers the oldest held Jira event on its own and drains (redeliveries included). */
  async nextEvent(step: string): Promise<void> {
    const event = this.world.events.held[0];
    if (!event) throw new Error(`step ${step}: no Jira event is waiting`);
    const fn = TRIGGER_FN[event.eventType];
    if (!fn) throw new Error(`step ${step}: no trigger for ${event.eventType}`);
    this.armIfDue(fn);
    this.world.events.release([0]);
    this.noteDrain(step, await settle(this.world));
  }

  private noteDrain(step: string, reports: DrainReport[]): void {
    for (const report of reports) for (const d of report.deliveries) this.note(step, d.result);
  }
}

/** Runs the whole scenario from a clean world; with a plan, one invocation crashes on the way. */
export async function runScenario(world: World, plan: FaultPlan | null = null): Promise<ScenarioRun> {
  const { twoWayTicket, oneWayTicket } = setUpScenario(world);
  const driver = new ScenarioDriver(world, plan);
  const zd = world.stack.zendesk.control;
  const jira = world.stack.jira.control;

  await driver.scheduled('first scheduled run');

  const link = world.stack.emulator.storage
    .keys(itemLinksPrefix('two'))
    .find(
      (k) => (world.stack.emulator.storage.get(k) as { recordId?: string }).recordId === String(twoWayTicket),
    );
  if (!link) throw new Error('the first run did not auto-create the two-way issue');
  const issueId = link.split(':')[2] ?? '';
  jira.editIssue('agent', issueId, {
    summary: 'Checkout fails for EU cards',
    priority: { name: 'Highest' },
    customfield_10040: 'REF-1-EU',
  });
  jira.transitionIssue('agent', issueId, { status: 'In Progress' });
  jira.addComment('agent', issueId, 'Reproduced on staging, fix in progress.');
  jira.addAttachment('agent', issueId, {
    filename: 'trace.log',
    mimeType: 'text/plain',
    content: 'stack trace line 1\nline 2\n',
  });
  // Events reach the hold on setImmediate.
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
  const expected = [
    'avi:jira:updated:issue',
    'avi:jira:updated:issue',
    'avi:jira:commented:issue',
    'avi:jira:created:attachment',
  ];
  const held = world.events.held.map((e) => e.eventType);
  if (JSON.stringify(held) !== JSON.stringify(expected))
    throw new Error(`unexpected Jira events: ${held.join(', ')}`);
  await driver.nextEvent('Jira fields edited');
  await driver.nextEvent('Jira transition');
  await driver.nextEvent('Jira comment');
  await driver.nextEvent('Jira attachment');

  zd.editTicket(twoWayTicket, { tags: ['vip', 'billing', 'eu'], status: 'pending' });
  zd.addComment(twoWayTicket, {
    body: 'Waiting for the customer to retry',
    attachments: [
      { fileName: 'screen.png', contentType: 'image/png', data: Buffer.from([137, 80, 78, 71, 1, 2, 3]) },
    ],
  });
  zd.addComment(oneWayTicket, {
    body: 'Root cause noted',
    public: false,
    attachments: [{ fileName: 'rca.txt', data: 'root cause' }],
  });
  await driver.scheduled('second scheduled run');

  return { invocations: driver.invocations, crashed: driver.crashed };
}
