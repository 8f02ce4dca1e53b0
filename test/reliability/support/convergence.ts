/**
 * The convergence property's world, actions and rules (test/reliability/convergence.test.ts).
 *
 * Two links, set up and synchronized before the random part starts:
 *   A: ticket ↔ issue of the two-way item (all features);
 *   B: ticket ↔ issue of the one-way item (all features).
 * People then edit both sides; Forge delivers the Jira events whenever the action list says
 * (in order, reversed or shuffled, and again later); scheduled runs happen when it says;
 * 429 bursts, 5xx bursts and crashes hit whatever runs next. Every comment and file carries a
 * unique token, so "exactly once on each side" is a count.
 */
import fc from 'fast-check';
import { adfToText } from '../../../src/jira/adf';
import type { LinkRecord } from '../../../src/domain/types';
import {
  converge,
  JIRA_REFERENCE_FIELD,
  LINKED_SYNC,
  makeItem,
  manualLink,
  oneWayItem,
  resetWorld,
  scheduledRun,
  settle,
  ZD_REFERENCE_FIELD,
  type World,
} from './world';
import { linkKey } from '../../../src/storage/keys';

export type Side = 'A' | 'B';
export type ZdField = 'subject' | 'priority' | 'tags' | 'reference';
export type JiraFieldName = 'summary' | 'priority' | 'labels' | 'reference';
type EventFn = 'scheduled-sync' | 'on-issue-updated' | 'on-comment-created' | 'on-attachment-created';

export type Action =
  | { k: 'zdField'; t: Side; field: ZdField; value: string | string[] }
  | { k: 'zdStatus'; t: Side; status: 'open' | 'pending' | 'hold' | 'solved' }
  | { k: 'zdComment'; t: Side; public: boolean; asRequester: boolean; file: boolean }
  | { k: 'jiraField'; i: Side; field: JiraFieldName; value: string | string[] }
  | { k: 'jiraTransition'; i: Side; status: 'To Do' | 'In Progress' | 'Waiting for customer' | 'Done' }
  | { k: 'jiraComment'; i: Side }
  | { k: 'jiraFile'; i: Side }
  | { k: 'deliver'; order: 'fifo' | 'reverse' | 'shuffle'; seed: number }
  | { k: 'redeliver'; pick: number }
  | { k: 'schedule' }
  /** A scheduled run while the held events are delivered: two invocations at the same time. */
  | { k: 'overlap'; slow: 'none' | 'zendeskPut' | 'zendeskComments'; runFirst: boolean }
  | { k: 'rateLimit'; side: 'zendesk' | 'jira'; times: number }
  | { k: 'serverError'; side: 'zendesk' | 'jira'; times: number }
  /**
   * An outage: every call of the app to that side answers 503 for `runs` scheduled runs (five
   * minutes each) while the held events are delivered too — far beyond Forge's five deliveries
   * of an event and any client retry. Durable work must carry it.
   */
  | { k: 'outage'; side: 'zendesk' | 'jira'; runs: number }
  /** The next Zendesk or Jira write of that method is applied but its answer never arrives. */
  | { k: 'lostResponse'; side: 'zendesk' | 'jira'; method: 'POST' | 'PUT' }
  | { k: 'crash'; fn: EventFn; after: number };

/**
 * Fault sizes. None is capped below what the platform does: a burst may outlast Forge's five
 * deliveries of an event and the client's retries, an outage may last two hours (the work
 * back-off tops out at 30 minutes, so longer outages repeat the same schedule), and a crash may
 * come after any write an invocation makes (no invocation here makes more than 40).
 */
export const MAX_BURST = 8;
export const MAX_OUTAGE_RUNS = 24;
export const MAX_CRASH_AFTER_WRITES = 40;
/** Which side a fault hits, how many answers a burst spoils, how many runs an outage lasts. */
const SIDE = fc.constantFrom('zendesk', 'jira') as fc.Arbitrary<'zendesk' | 'jira'>;
const BURST = fc.integer({ min: 1, max: MAX_BURST });
const OUTAGE_RUNS = fc.integer({ min: 1, max: MAX_OUTAGE_RUNS });
/** Scheduled runs allowed to reach quiet: 3 hours, past the longest back-off after the worst burst. */
const QUIET_RUNS = 36;
/** Latency that lets one invocation start and finish inside another (see `overlap`). */
const OVERLAP_LATENCY_MS = 250;
/** Long enough that no client sleeps on it: the run yields and the next run (or redelivery) resumes. */
export const STORM_RETRY_AFTER_SECONDS = 120;

const SUBJECTS = ['Login broken', 'Checkout fails', 'Slow search', 'Export: wrong dates'];
/** Sorted, so every generated subset is in the order both sides are compared in. */
const WORDS = ['blue', 'green', 'red'];
const REFERENCES = ['R1', 'R2', 'R3'];
const side = fc.constantFrom<Side>('A', 'B');

const zdFieldValue = fc.oneof(
  fc.record({ field: fc.constant<ZdField>('subject'), value: fc.constantFrom(...SUBJECTS) }),
  fc.record({
    field: fc.constant<ZdField>('priority'),
    value: fc.constantFrom('low', 'normal', 'high', 'urgent'),
  }),
  fc.record({ field: fc.constant<ZdField>('tags'), value: fc.subarray(WORDS) }),
  fc.record({ field: fc.constant<ZdField>('reference'), value: fc.constantFrom(...REFERENCES) }),
);
const jiraFieldValue = fc.oneof(
  fc.record({ field: fc.constant<JiraFieldName>('summary'), value: fc.constantFrom(...SUBJECTS) }),
  fc.record({
    field: fc.constant<JiraFieldName>('priority'),
    value: fc.constantFrom('Lowest', 'Low', 'Medium', 'High', 'Highest'),
  }),
  fc.record({ field: fc.constant<JiraFieldName>('labels'), value: fc.subarray(WORDS) }),
  fc.record({ field: fc.constant<JiraFieldName>('reference'), value: fc.constantFrom(...REFERENCES) }),
);

export const actionArb: fc.Arbitrary<Action> = fc.oneof(
  { weight: 3, arbitrary: fc.tuple(side, zdFieldValue).map(([t, f]): Action => ({ k: 'zdField', t, ...f })) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('zdStatus' as const),
      t: side,
      status: fc.constantFrom('open', 'pending', 'hold', 'solved') as fc.Arbitrary<
        'open' | 'pending' | 'hold' | 'solved'
      >,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      k: fc.constant('zdComment' as const),
      t: side,
      public: fc.boolean(),
      asRequester: fc.boolean(),
      file: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.tuple(side, jiraFieldValue).map(([i, f]): Action => ({ k: 'jiraField', i, ...f })),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('jiraTransition' as const),
      i: side,
      status: fc.constantFrom('To Do', 'In Progress', 'Waiting for customer', 'Done') as fc.Arbitrary<
        'To Do' | 'In Progress' | 'Waiting for customer' | 'Done'
      >,
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('jiraComment' as const), i: side }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('jiraFile' as const), i: side }) },
  {
    weight: 4,
    arbitrary: fc.record({
      k: fc.constant('deliver' as const),
      order: fc.constantFrom('fifo', 'reverse', 'shuffle') as fc.Arbitrary<'fifo' | 'reverse' | 'shuffle'>,
      seed: fc.nat(1000),
    }),
  },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('redeliver' as const), pick: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.constant<Action>({ k: 'schedule' }) },
  {
    weight: 2,
    arbitrary: fc.record({
      k: fc.constant('overlap' as const),
      // A slow Zendesk answer stretches one invocation so the other runs inside it.
      slow: fc.constantFrom('none', 'zendeskPut', 'zendeskComments') as fc.Arbitrary<
        'none' | 'zendeskPut' | 'zendeskComments'
      >,
      runFirst: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rateLimit' as const), side: SIDE, times: BURST }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('outage' as const), side: SIDE, runs: OUTAGE_RUNS }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('serverError' as const), side: SIDE, times: BURST }) },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('lostResponse' as const),
      side: SIDE,
      method: fc.constantFrom('POST', 'PUT') as fc.Arbitrary<'POST' | 'PUT'>,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      k: fc.constant('crash' as const),
      fn: fc.constantFrom(
        'scheduled-sync',
        'on-issue-updated',
        'on-comment-created',
        'on-attachment-created',
      ) as fc.Arbitrary<EventFn>,
      // Mostly early writes (most invocations make a few), but any write up to the largest.
      after: fc.oneof(
        { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) },
        { weight: 1, arbitrary: fc.integer({ min: 1, max: MAX_CRASH_AFTER_WRITES }) },
      ),
    }),
  },
);

/** Up to `max` actions. Faults are not budgeted: durable work must carry any number of them. */
export function actionsArb(max: number): fc.Arbitrary<Action[]> {
  return fc.array(actionArb, { minLength: 3, maxLength: max });
}

/** One history: the actions, then how Forge delivers what is still held once people stop. */
export interface History {
  actions: Action[];
  /** Order of the final delivery of the events still held. */
  finalOrder: { order: 'fifo' | 'reverse' | 'shuffle'; seed: number };
  /** Events delivered once more after that (indexes into everything delivered, modulo). */
  redeliveries: number[];
}

export function historyArb(max: number): fc.Arbitrary<History> {
  return fc.record({
    actions: actionsArb(max),
    finalOrder: fc.record({
      order: fc.constantFrom('fifo', 'reverse', 'shuffle') as fc.Arbitrary<'fifo' | 'reverse' | 'shuffle'>,
      seed: fc.nat(1000),
    }),
    redeliveries: fc.array(fc.nat(50), { maxLength: 2 }),
  });
}

/**
 * Quiet: what is held is delivered (in the history's order), some events once more, then
 * scheduled runs until one writes nothing. Faults still armed are not cleared: they hit the
 * quiet phase too; what they make fail waits as durable work for later runs.
 */
export async function quiesce(world: World, history: History): Promise<void> {
  const n = world.events.held.length;
  const { order, seed } = history.finalOrder;
  world.events.release(
    order === 'fifo'
      ? [...Array(n).keys()]
      : order === 'reverse'
        ? [...Array(n).keys()].reverse()
        : shuffled(n, seed),
  );
  await settle(world);
  for (const pick of history.redeliveries) {
    if (world.events.delivered.length === 0) break;
    world.events.redeliver(pick % world.events.delivered.length);
    await settle(world);
  }
  await converge(world, QUIET_RUNS);
}

// ---------- the world of one run ----------

export interface Pair {
  ticketId: number;
  issueId: string;
  issueKey: string;
  twoWay: boolean;
}

/** What people wrote, in order, so the rules can say which value must have won. */
export interface Model {
  pairs: Record<Side, Pair>;
  /** Per link and field: the writes people made, `z` in Zendesk or `j` in Jira, in action order. */
  writes: Record<Side, Record<string, { by: 'z' | 'j'; at: number; value: string | string[] }[]>>;
  /** Action index of the last change people made to each ticket (any kind). */
  lastTicketChange: Record<Side, number>;
  /** Action index of the last Jira status change by a person. */
  lastTransition: Record<Side, number>;
  zendeskComments: { token: string; t: Side }[];
  zendeskFiles: { name: string; t: Side }[];
  jiraComments: { token: string; i: Side }[];
  jiraFiles: { name: string; i: Side }[];
  /** Successful upstream writes (2xx) the app made after the initial sync. */
  writesMade: number;
  counter: number;
}

const JIRA_PRIORITY_TO_ZENDESK: Record<string, string> = {
  Highest: 'urgent',
  High: 'high',
  Medium: 'normal',
  Low: 'low',
  Lowest: 'low',
};
const ZENDESK_PRIORITY_TO_JIRA: Record<string, string> = {
  urgent: 'Highest',
  high: 'High',
  normal: 'Medium',
  low: 'Low',
};

/** The two links, both synchronized once, before any random action. */
export function setUpPairs(world: World): Model {
  const two = makeItem(world, 'two', { features: LINKED_SYNC });
  const one = oneWayItem(world);
  resetWorld(world, [two, one]);
  world.events.holding = true;
  const zd = world.stack.zendesk.control;
  const pair = (t: Side, item: string): Pair => {
    const ticket = zd.createTicket({
      subject: `Start ${t}`,
      body: `Description ${t}`,
      status: 'open',
      priority: 'normal',
      tags: ['red'],
      customFields: { [ZD_REFERENCE_FIELD]: 'R0' },
    }) as { id: number };
    const issue = manualLink(world, item, ticket.id, `Start ${t}`);
    return { ticketId: ticket.id, ...issue, twoWay: item === 'two' };
  };
  const pairs = { A: pair('A', 'two'), B: pair('B', 'one') };
  const initial = (t: Side) => ({
    subject: [{ by: 'z' as const, at: -1, value: `Start ${t}` }],
    priority: [{ by: 'z' as const, at: -1, value: 'normal' }],
    tags: [{ by: 'z' as const, at: -1, value: ['red'] }],
    reference: [{ by: 'z' as const, at: -1, value: 'R0' }],
  });
  return {
    pairs,
    writes: { A: initial('A'), B: initial('B') },
    lastTicketChange: { A: -1, B: -1 },
    lastTransition: { A: -2, B: -2 },
    zendeskComments: [],
    zendeskFiles: [],
    jiraComments: [],
    jiraFiles: [],
    writesMade: 0,
    counter: 0,
  };
}

const ZD_TO_MODEL: Record<ZdField, string> = {
  subject: 'subject',
  priority: 'priority',
  tags: 'tags',
  reference: 'reference',
};
const JIRA_TO_MODEL: Record<JiraFieldName, string> = {
  summary: 'subject',
  priority: 'priority',
  labels: 'tags',
  reference: 'reference',
};

function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed + 1;
  for (let i = n - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as number, out[i] as number];
  }
  return out;
}

const flush = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise<void>((r) => setImmediate(r));
};

/** Whether `edit` changed the ticket as the export sees it (an edit to the same value does not). */
function changesTicket(world: World, ticketId: number, edit: () => void): boolean {
  const before = world.stack.zendesk.state.tickets.get(ticketId)?.updatedAt;
  edit();
  return world.stack.zendesk.state.tickets.get(ticketId)?.updatedAt !== before;
}

/** Performs one action; returns false when the action could not happen (e.g. no such transition). */
export async function perform(world: World, model: Model, action: Action, at: number): Promise<boolean> {
  const { stack } = world;
  const zd = stack.zendesk.control;
  const jira = stack.jira.control;
  // People take a moment between changes; the export's one-minute holdback is handled by the runs.
  stack.zendesk.control.advanceClock(2_000);
  switch (action.k) {
    case 'zdField': {
      const ticketId = model.pairs[action.t].ticketId;
      const edit =
        action.field === 'subject'
          ? { subject: action.value as string }
          : action.field === 'priority'
            ? { priority: action.value as string }
            : action.field === 'tags'
              ? { tags: action.value as string[] }
              : { customFields: { [ZD_REFERENCE_FIELD]: action.value } };
      const changed = changesTicket(world, ticketId, () => zd.editTicket(ticketId, edit));
      model.writes[action.t][ZD_TO_MODEL[action.field]]?.push({ by: 'z', at, value: action.value });
      if (changed) model.lastTicketChange[action.t] = at;
      return true;
    }
    case 'zdStatus': {
      const ticket = stack.zendesk.state.tickets.get(model.pairs[action.t].ticketId);
      if (!ticket || ticket.status === 'closed') return false;
      if (changesTicket(world, ticket.id, () => zd.editTicket(ticket.id, { status: action.status })))
        model.lastTicketChange[action.t] = at;
      return true;
    }
    case 'zdComment': {
      const token = `ZC${++model.counter}`;
      const name = `zf${model.counter}.txt`;
      const publicComment = action.asRequester ? true : action.public;
      zd.addComment(model.pairs[action.t].ticketId, {
        body: `${token} says hello`,
        public: publicComment,
        as: action.asRequester ? 'requester' : 'agent',
        ...(action.file ? { attachments: [{ fileName: name, data: `file ${name}` }] } : {}),
      });
      model.zendeskComments.push({ token, t: action.t });
      if (action.file) model.zendeskFiles.push({ name, t: action.t });
      model.lastTicketChange[action.t] = at;
      return true;
    }
    case 'jiraField': {
      const { issueId } = model.pairs[action.i];
      const fields =
        action.field === 'summary'
          ? { summary: action.value }
          : action.field === 'priority'
            ? { priority: { name: action.value } }
            : action.field === 'labels'
              ? { labels: action.value }
              : { [JIRA_REFERENCE_FIELD]: action.value };
      jira.editIssue('agent', issueId, fields);
      await flush();
      const value =
        action.field === 'priority' ? (JIRA_PRIORITY_TO_ZENDESK[action.value as string] ?? '') : action.value;
      model.writes[action.i][JIRA_TO_MODEL[action.field]]?.push({ by: 'j', at, value });
      return true;
    }
    case 'jiraTransition': {
      try {
        jira.transitionIssue('agent', model.pairs[action.i].issueId, { status: action.status });
      } catch {
        return false; // No transition from the current status there (Support workflow).
      }
      await flush();
      model.lastTransition[action.i] = at;
      return true;
    }
    case 'jiraComment': {
      const token = `JC${++model.counter}`;
      jira.addComment('agent', model.pairs[action.i].issueId, `${token} from Jira`);
      await flush();
      model.jiraComments.push({ token, i: action.i });
      return true;
    }
    case 'jiraFile': {
      const name = `jf${++model.counter}.txt`;
      jira.addAttachment('agent', model.pairs[action.i].issueId, {
        filename: name,
        mimeType: 'text/plain',
        content: `file ${name}`,
      });
      await flush();
      model.jiraFiles.push({ name, i: action.i });
      return true;
    }
    case 'deliver': {
      const n = world.events.held.length;
      if (n === 0) return false;
      const order =
        action.order === 'fifo'
          ? [...Array(n).keys()]
          : action.order === 'reverse'
            ? [...Array(n).keys()].reverse()
            : shuffled(n, action.seed);
      world.events.release(order);
      await settle(world);
      return true;
    }
    case 'redeliver': {
      const n = world.events.delivered.length;
      if (n === 0) return false;
      world.events.redeliver(action.pick % n);
      await settle(world);
      return true;
    }
    case 'schedule': {
      await scheduledRun(world);
      await settle(world);
      return true;
    }
    case 'rateLimit':
      if (action.side === 'zendesk')
        stack.zendesk.faults.rateLimitBurst('/api/v2/**', action.times, STORM_RETRY_AFTER_SECONDS);
      else
        stack.jira.faults.rateLimitBurst('*', action.times, STORM_RETRY_AFTER_SECONDS, {
          accountId: stack.jira.appAccount.accountId,
        });
      return true;
    case 'overlap': {
      if (action.slow === 'zendeskPut')
        stack.zendesk.faults.delay('/api/v2/tickets/*', OVERLAP_LATENCY_MS, { method: 'PUT', times: 1 });
      if (action.slow === 'zendeskComments')
        stack.zendesk.faults.delay('/api/v2/tickets/*/comments', OVERLAP_LATENCY_MS, { times: 1 });
      world.events.release();
      const later = async <T>(f: () => Promise<T>): Promise<T> => {
        await new Promise((r) => setTimeout(r, 30));
        return f();
      };
      if (action.runFirst) await Promise.all([scheduledRun(world), later(() => settle(world))]);
      else await Promise.all([later(() => scheduledRun(world, { whileOthersRun: true })), settle(world)]);
      await settle(world);
      return true;
    }
    case 'lostResponse':
      if (action.side === 'zendesk')
        stack.zendesk.faults.drop('/api/v2/**', 'after', { method: action.method, times: 1 });
      else
        stack.jira.faults.drop(`${action.method} *`, 'after', {
          times: 1,
          accountId: stack.jira.appAccount.accountId,
        });
      return true;
    case 'outage': {
      const stop =
        action.side === 'zendesk'
          ? (() => {
              const id = stack.zendesk.faults.fail('/api/v2/**', { status: 503, times: 1_000_000 });
              return () => stack.zendesk.faults.remove(id);
            })()
          : (() => {
              const id = stack.jira.faults.failNext('*', 503, {
                times: 1_000_000,
                accountId: stack.jira.appAccount.accountId,
              });
              return () => stack.jira.faults.remove(id);
            })();
      world.events.release();
      for (let run = 0; run < action.runs; run++) {
        await scheduledRun(world);
        await settle(world);
      }
      stop();
      return true;
    }
    case 'serverError':
      if (action.side === 'zendesk')
        stack.zendesk.faults.fail('/api/v2/**', { status: 503, times: action.times });
      else
        stack.jira.faults.failNext('*', 503, {
          times: action.times,
          accountId: stack.jira.appAccount.accountId,
        });
      return true;
    case 'crash':
      stack.emulator.faults.crashAfterWrites(action.after, { functionKey: action.fn });
      return true;
  }
}

// ---------- reading both sides ----------

/** Jira status category ids (2 new, 4 indeterminate, 3 done) → keys. */
const JIRA_CATEGORY: Record<number, string> = { 2: 'new', 4: 'indeterminate', 3: 'done' };

export interface Observed {
  zendesk: { subject: string; priority: string | null; tags: string[]; reference: unknown; status: string };
  jira: {
    subject: unknown;
    priority: string | null;
    tags: string[];
    reference: unknown;
    category: string | undefined;
    status: string | undefined;
  };
  problems: string[];
}

export function observePair(world: World, model: Model, s: Side): Observed {
  const pair = model.pairs[s];
  const ticket = world.stack.zendesk.state.tickets.get(pair.ticketId);
  const issue = world.stack.jira.state.issues.get(pair.issueId);
  if (!ticket || !issue) throw new Error(`pair ${s} vanished`);
  const fields = (world.stack.jira.control.getIssue(pair.issueId) as { fields: Record<string, unknown> })
    .fields;
  const prio = fields.priority as { name?: string } | null | undefined;
  const status = world.stack.jira.state.statuses.get(issue.statusId);
  const link = world.stack.emulator.storage.get(linkKey(pair.twoWay ? 'two' : 'one', pair.issueId)) as
    LinkRecord | undefined;
  const raw = ticket.customFields.get(ZD_REFERENCE_FIELD);
  return {
    zendesk: {
      subject: ticket.subject,
      priority: ticket.priority,
      tags: [...ticket.tags].sort(),
      reference: raw ?? null,
      status: ticket.status,
    },
    jira: {
      subject: issue.values.summary,
      priority: prio?.name ?? null,
      tags: [...((issue.values.labels as string[] | undefined) ?? [])].sort(),
      reference: issue.values[JIRA_REFERENCE_FIELD] ?? null,
      category: status ? JIRA_CATEGORY[status.categoryId] : undefined,
      status: status?.name,
    },
    problems: (link?.problems ?? []).map((p) => p.code),
  };
}

export const ZENDESK_CATEGORY: Record<string, string> = {
  new: 'new',
  open: 'indeterminate',
  pending: 'indeterminate',
  hold: 'indeterminate',
  solved: 'done',
  closed: 'done',
};

/** Zendesk's value of a field in the model's terms (priority as Zendesk names it). */
function zendeskValue(o: Observed, field: string): unknown {
  return o.zendesk[field as 'subject' | 'priority' | 'tags' | 'reference'];
}

/** Jira's value in Zendesk terms (priority Lowest/Low → low etc.). */
function jiraValueAsZendesk(o: Observed, field: string): unknown {
  if (field === 'priority')
    return o.jira.priority === null ? null : (JIRA_PRIORITY_TO_ZENDESK[o.jira.priority] ?? o.jira.priority);
  return o.jira[field as 'subject' | 'tags' | 'reference'];
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The rules after quiescence; returns every violation found (empty = the property holds).
 *
 * Fields, two-way: both sides hold the same value, and it is the last value a person wrote on
 * one of the sides (which one won a conflict depends on which direction processed last; no
 * older or invented value may win, and a field written on one side only carries that side's
 * last value).
 * Fields, one-way: Zendesk holds the last value people wrote in Zendesk (nothing comes back
 * from Jira); Jira holds it too, unless a person changed the Jira field after the ticket's last
 * change (one-way passes run when the ticket changes) — then Jira holds the person's value or
 * Zendesk's.
 * Status: categories agree, except the documented limitations recorded on the link (no single
 * transition to the category: STATUS_NO_TRANSITION; Jira back in "new" while the ticket cannot
 * return to new: TO_ZENDESK_STATUS_LIMIT), and on one-way a Jira transition after the ticket's
 * last change.
 */
export function checkFields(world: World, model: Model): string[] {
  const out: string[] = [];
  for (const s of ['A', 'B'] as const) {
    const o = observePair(world, model, s);
    const pair = model.pairs[s];
    for (const field of ['subject', 'priority', 'tags', 'reference']) {
      const history = model.writes[s][field] ?? [];
      const lastZ = [...history].reverse().find((w) => w.by === 'z');
      const lastJ = [...history].reverse().find((w) => w.by === 'j');
      const z = zendeskValue(o, field);
      const j = jiraValueAsZendesk(o, field);
      if (pair.twoWay) {
        if (!same(z, j))
          out.push(`${s} ${field}: sides disagree (Zendesk ${JSON.stringify(z)}, Jira ${JSON.stringify(j)})`);
        const candidates = [lastZ, lastJ].filter((w) => w !== undefined).map((w) => w.value);
        const zWroteAfterInit = history.some((w) => w.by === 'z' && w.at >= 0);
        const allowed = zWroteAfterInit || !lastJ ? candidates : [lastJ.value];
        if (!allowed.some((v) => same(v, z)))
          out.push(
            `${s} ${field}: Zendesk has ${JSON.stringify(z)}, expected one of ${JSON.stringify(allowed)}`,
          );
      } else {
        if (!same(z, lastZ?.value))
          out.push(
            `${s} ${field}: one-way Zendesk changed to ${JSON.stringify(z)} (people wrote ${JSON.stringify(lastZ?.value)})`,
          );
        const jiraAfter = history.some((w) => w.by === 'j' && w.at > model.lastTicketChange[s]);
        const okJira = same(j, z) || (jiraAfter && same(j, lastJ?.value));
        if (!okJira)
          out.push(`${s} ${field}: one-way Jira has ${JSON.stringify(j)}, Zendesk ${JSON.stringify(z)}`);
      }
    }
    const zc = ZENDESK_CATEGORY[o.zendesk.status];
    if (zc !== o.jira.category) {
      // Documented limitations, recorded on the link rather than faked: no single Jira
      // transition leads to the category (Support workflow: Done only reopens to To Do), or
      // a ticket cannot return to "new".
      const limitation =
        o.problems.includes('STATUS_NO_TRANSITION') ||
        (pair.twoWay && o.jira.category === 'new' && o.problems.includes('TO_ZENDESK_STATUS_LIMIT'));
      const jiraLater = !pair.twoWay && model.lastTransition[s] > model.lastTicketChange[s];
      if (!limitation && !jiraLater)
        out.push(
          `${s} status: Zendesk ${o.zendesk.status} (${zc}) vs Jira ${o.jira.status} (${o.jira.category}); problems ${o.problems.join(',') || 'none'}`,
        );
    }
    if (
      !pair.twoWay &&
      ZENDESK_PRIORITY_TO_JIRA[String(o.zendesk.priority)] === undefined &&
      o.zendesk.priority !== null
    ) {
      out.push(`${s} priority: unknown Zendesk priority ${String(o.zendesk.priority)}`);
    }
  }
  return out;
}

/** Every comment and file exactly once on each side it belongs to, and nowhere else. */
export function checkConversation(world: World, model: Model): string[] {
  const out: string[] = [];
  const zState = world.stack.zendesk.state;
  const jState = world.stack.jira.state;
  const ticketComments = (s: Side): string[] =>
    (zState.tickets.get(model.pairs[s].ticketId)?.commentIds ?? []).map(
      (id) => zState.comments.get(id)?.plainBody ?? '',
    );
  const ticketFiles = (s: Side): string[] =>
    (zState.tickets.get(model.pairs[s].ticketId)?.commentIds ?? [])
      .flatMap((id) => zState.comments.get(id)?.attachmentIds ?? [])
      .map((id) => zState.attachments.get(id)?.fileName ?? '');
  const issueComments = (s: Side): string[] =>
    (jState.issues.get(model.pairs[s].issueId)?.commentIds ?? []).map((id) =>
      adfToText(jState.comments.get(id)?.body),
    );
  const issueFiles = (s: Side): string[] =>
    (jState.issues.get(model.pairs[s].issueId)?.attachmentIds ?? []).map(
      (id) => jState.attachments.get(id)?.filename ?? '',
    );
  const count = (list: string[], token: string): number =>
    list.filter((t) => new RegExp(`\\b${token}\\b`).test(t)).length;
  const other = (s: Side): Side => (s === 'A' ? 'B' : 'A');

  for (const c of model.zendeskComments) {
    const expect = { zd: 1, jira: 1 };
    const got = { zd: count(ticketComments(c.t), c.token), jira: count(issueComments(c.t), c.token) };
    if (!same(expect, got))
      out.push(`Zendesk comment ${c.token} on ${c.t}: ${JSON.stringify(got)} (expected once on each side)`);
    if (count(issueComments(other(c.t)), c.token) + count(ticketComments(other(c.t)), c.token) > 0)
      out.push(`Zendesk comment ${c.token} leaked to the other link`);
  }
  for (const f of model.zendeskFiles) {
    const got = {
      zd: ticketFiles(f.t).filter((n) => n === f.name).length,
      jira: issueFiles(f.t).filter((n) => n === f.name).length,
    };
    if (!same({ zd: 1, jira: 1 }, got))
      out.push(`Zendesk file ${f.name} on ${f.t}: ${JSON.stringify(got)} (expected once on each side)`);
  }
  for (const c of model.jiraComments) {
    const twoWay = model.pairs[c.i].twoWay;
    const got = { jira: count(issueComments(c.i), c.token), zd: count(ticketComments(c.i), c.token) };
    const expected = { jira: 1, zd: twoWay ? 1 : 0 };
    if (!same(expected, got))
      out.push(
        `Jira comment ${c.token} on ${c.i}: ${JSON.stringify(got)} (expected ${JSON.stringify(expected)})`,
      );
    if (count(issueComments(other(c.i)), c.token) + count(ticketComments(other(c.i)), c.token) > 0)
      out.push(`Jira comment ${c.token} leaked to the other link`);
  }
  for (const f of model.jiraFiles) {
    const twoWay = model.pairs[f.i].twoWay;
    const got = {
      jira: issueFiles(f.i).filter((n) => n === f.name).length,
      zd: ticketFiles(f.i).filter((n) => n === f.name).length,
    };
    const expected = { jira: 1, zd: twoWay ? 1 : 0 };
    if (!same(expected, got))
      out.push(
        `Jira file ${f.name} on ${f.i}: ${JSON.stringify(got)} (expected ${JSON.stringify(expected)})`,
      );
  }
  // The one-way ticket never receives anything from Jira.
  const connectorOnB = (zState.tickets.get(model.pairs.B.ticketId)?.commentIds ?? []).filter(
    (id) => zState.comments.get(id)?.authorId === world.agentId,
  ).length;
  if (connectorOnB > 0) out.push(`one-way ticket B got ${connectorOnB} comments from the connector`);
  return out;
}
