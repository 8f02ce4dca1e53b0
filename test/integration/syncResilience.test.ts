/**
 * The scheduled sync under pressure: a backlog larger than one run's budget goes through the
 * queue consumer, rate limits stop a run and the work resumes later, a ticket that keeps
 * failing is parked without blocking the others, and overlapping runs never work at once.
 */
// The stack installs the Forge platform globals; it must load before anything imports @forge/api.
import { useStack } from '../support/stack';
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SyncRunSummary } from '../../src/domain/rpc';
import type { LinkRecord, SmartItem } from '../../src/domain/types';
import type { CursorRecord } from '../../src/storage/cursor';
import type { ScheduledOutcome } from '../../src/sync/run/scheduler';
import { fieldMapping as map, NO_FEATURES, supportTicketItem, zendeskHoursAgo } from '../support/items';
import { storeManualLink } from '../support/manualLink';
import { connectedWorld, runScheduledSync } from '../support/world';
import { forgetGauges, gaugeFor } from '../../src/zendesk/pacing';
import {
  CURSOR_KEY,
  linkKey,
  linkWorkPrefix,
  RUN_LEASE_KEY,
  SYNC_LOG_HEAD_KEY,
  SYNC_LOG_PREFIX,
  ticketIndexKey,
  WORK_PREFIX,
} from '../../src/storage/keys';

const stack = useStack({ zendesk: { seed: false, clockOffsetMs: -6 * 3_600_000 }, jira: { seed: false } });

beforeAll(() => {
  // A crashed invocation's leftover code finds the platform gone and says so on stderr.
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});

/** A one-way item copying the subject, made an hour before the Zendesk simulator's now. */
const item = (id: string, overrides: Partial<SmartItem> = {}): SmartItem =>
  supportTicketItem(id, zendeskHoursAgo(stack), {
    syncMode: 'oneWay',
    fields: [map('subject', 'summary')],
    features: NO_FEATURES,
    ...overrides,
  });

const reset = (items: SmartItem[]) => connectedWorld(stack, ...items);

function manualLink(itemId: string, ticketId: number, issueSummary: string): string {
  return storeManualLink(stack, itemId, ticketId, issueSummary).issueId;
}

const run = (options: { timeoutMs?: number } = {}) => runScheduledSync(stack, options);

function summary(issueId: string): unknown {
  return stack.jira.state.issues.get(issueId)?.values.summary;
}

function runs(): SyncRunSummary[] {
  return stack.emulator.storage
    .keys(SYNC_LOG_PREFIX)
    .filter((k) => k !== SYNC_LOG_HEAD_KEY)
    .map((k) => stack.emulator.storage.get(k) as { seq: number; run: SyncRunSummary })
    .sort((a, b) => a.seq - b.seq)
    .map((e) => e.run);
}

describe('backlog', () => {
  const TICKETS = 150;

  beforeEach(() => {
    reset([
      item('auto', {
        features: { autoCreate: true, statusSync: true, commentSync: true, attachmentSync: false },
      }),
    ]);
  });

  it('hands what one run cannot process to the queue, which finishes it exactly once', async () => {
    const ids: number[] = [];
    for (let i = 0; i < TICKETS; i++) {
      ids.push(
        (stack.zendesk.control.createTicket({ subject: `Backlog ${i}`, body: `Body ${i}` }) as { id: number })
          .id,
      );
    }
    // Every Jira request takes 10 ms, so the whole backlog needs several seconds; a 3 s
    // invocation processes what fits and hands the rest over.
    const slow = stack.jira.faults.delay('*', 10, { times: Number.POSITIVE_INFINITY });
    const outcome = await run({ timeoutMs: 3_000 });
    stack.jira.faults.remove(slow);
    // The export said end of stream, and every ticket on the page is done or queued.
    expect(outcome.status).toBe('done');
    expect(outcome.queued).toBeGreaterThan(0);
    expect(outcome.processed + outcome.queued).toBe(TICKETS);
    // The cursor already moved past the whole page: every ticket is either done or queued.
    const cursor = stack.emulator.storage.get(CURSOR_KEY) as CursorRecord;
    expect(cursor.cursor).not.toBeNull();
    const pushes = stack.emulator.calls.filter((c) => c.kind === 'queue');
    expect(pushes.length).toBeGreaterThan(0);

    await stack.emulator.drain();
    const linked = ids.filter(
      (id) => ((stack.emulator.storage.get(ticketIndexKey(String(id))) ?? []) as unknown[]).length === 1,
    );
    expect(linked).toHaveLength(TICKETS);
    // One issue per ticket: nothing processed twice into a duplicate.
    expect(stack.jira.state.issues.size).toBe(TICKETS);
    expect(runs().filter((r) => r.trigger === 'queue').length).toBeGreaterThan(0);

    // Caught up: the next run has nothing to do.
    const before = stack.emulator.calls[stack.emulator.calls.length - 1]?.seq ?? 0;
    const idle = await run();
    expect(idle).toMatchObject({ status: 'done', processed: 0, queued: 0 });
    expect(stack.emulator.calls.filter((c) => c.seq > before && c.kind === 'jira')).toHaveLength(0);
  });
});

describe('the queue consumer', () => {
  function batchEvent(ticketIds: number[]) {
    return {
      body: { ticketIds: ticketIds.map(String), runId: 'test' },
      queueName: 'zendesk-sync-batches',
      jobId: 'job-1',
      eventId: 'event-1',
    };
  }

  it('pushes what it cannot finish as a new event, which completes it', async () => {
    reset([
      item('auto', {
        features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: false },
      }),
    ]);
    const ids: number[] = [];
    for (let i = 0; i < 60; i++)
      ids.push(
        (stack.zendesk.control.createTicket({ subject: `Queued ${i}`, body: 'x' }) as { id: number }).id,
      );
    const slow = stack.jira.faults.delay('*', 15, { times: Number.POSITIVE_INFINITY });
    const result = await stack.emulator.invoke('sync-batch-worker', batchEvent(ids), { timeoutMs: 2_000 });
    stack.jira.faults.remove(slow);
    expect(result.status).toBe('ok');
    const outcome = (result.status === 'ok' ? result.value : null) as {
      status: string;
      processed: number;
      requeued: number;
    };
    expect(outcome.status).toBe('requeued');
    expect(outcome.processed + outcome.requeued).toBe(60);
    expect(outcome.requeued).toBeGreaterThan(0);
    await stack.emulator.drain();
    expect(stack.jira.state.issues.size).toBe(60);
  });

  it("sends nothing while the container's gauge shows the share of the window used, and waits for the window's end", async () => {
    reset([
      item('auto', {
        features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: false },
      }),
    ]);
    const ids = [0, 1].map(
      (i) => (stack.zendesk.control.createTicket({ subject: `Paced ${i}`, body: 'x' }) as { id: number }).id,
    );
    // An earlier batch of this container used the app's share of the current window.
    const gauge = gaugeFor(stack.zendesk.subdomain);
    gauge.observe(
      new Headers({ 'ratelimit-limit': '700', 'ratelimit-remaining': '300', 'ratelimit-reset': '40' }),
      Date.now(),
    );
    try {
      stack.zendesk.log.clear();
      for (const id of ids) {
        const result = await stack.emulator.invoke('sync-batch-worker', batchEvent([id]));
        expect(result.status === 'ok' ? (result.value as { status: string }).status : result.status).toBe(
          'requeued',
        );
      }
      // No request went blind: each batch waits for the window's end, marked with when its wait began.
      expect(stack.zendesk.log.entries()).toHaveLength(0);
      const pending = stack.emulator.pendingDeliveries();
      expect(pending).toHaveLength(2);
      for (const p of pending) {
        expect(p.kind === 'queue' ? p.delayInSeconds : 0).toBeGreaterThan(0);
        expect(p.kind === 'queue' ? p.body.waitFrom : undefined).toEqual(expect.any(Number));
      }
      // After the wait they forget what was seen before it and finish.
      await stack.emulator.drain();
      expect(stack.jira.state.issues.size).toBe(2);
    } finally {
      forgetGauges();
    }
  });

  it('waits for the lease holder instead of working beside it', async () => {
    reset([
      item('auto', {
        features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: false },
      }),
    ]);
    const id = (stack.zendesk.control.createTicket({ subject: 'Waiting', body: 'x' }) as { id: number }).id;
    stack.emulator.storage.setEntity('lease', RUN_LEASE_KEY, {
      owner: 'someone',
      kind: 'scheduled',
      acquiredAt: new Date().toISOString(),
      expiresAt: Date.now() + 120_000,
    });
    const result = await stack.emulator.invoke('sync-batch-worker', batchEvent([id]));
    expect(result.status === 'ok' ? (result.value as { status: string }).status : result.status).toBe('busy');
    expect(stack.jira.state.issues.size).toBe(0);
    const pending = stack.emulator.pendingDeliveries();
    expect(pending).toHaveLength(1);
    expect((pending[0] as { delayInSeconds?: number }).delayInSeconds).toBe(30);
    stack.emulator.storage.deleteEntity('lease', RUN_LEASE_KEY);
    await stack.emulator.drain();
    expect(stack.jira.state.issues.size).toBe(1);
  });
});

describe('rate limits', () => {
  it('stops when Jira asks for a longer wait than the run can afford, and the queue resumes after it', async () => {
    reset([item('fields')]);
    const ticketA = (stack.zendesk.control.createTicket({ subject: 'A', body: 'a' }) as { id: number }).id;
    const ticketB = (stack.zendesk.control.createTicket({ subject: 'B', body: 'b' }) as { id: number }).id;
    const issueA = manualLink('fields', ticketA, 'old A');
    const issueB = manualLink('fields', ticketB, 'old B');
    stack.jira.faults.add(
      'PUT /rest/api/3/issue/{issueIdOrKey}',
      { kind: 'rateLimit', retryAfterSeconds: 400 },
      { times: 1 },
    );
    const outcome = await run();
    expect(outcome.status).toBe('stopped');
    expect(summary(issueA)).toBe('old A');
    expect(summary(issueB)).toBe('old B');
    const pending = stack.emulator.pendingDeliveries();
    expect(pending.length).toBe(1);
    // Delayed by the upstream's Retry-After.
    expect((pending[0] as { delayInSeconds?: number }).delayInSeconds).toBe(400);
    await stack.emulator.drain();
    expect(summary(issueA)).toBe('A');
    expect(summary(issueB)).toBe('B');
  });

  it('keeps the cursor when the export itself is rate limited, and resumes next run', async () => {
    reset([item('fields')]);
    const ticket = (stack.zendesk.control.createTicket({ subject: 'Later', body: 'x' }) as { id: number }).id;
    const issue = manualLink('fields', ticket, 'old');
    stack.zendesk.faults.add({
      path: '/api/v2/incremental/**',
      times: 1,
      rateLimit: { retryAfterSeconds: 600 },
    });
    const outcome = await run();
    expect(outcome.status).toBe('stopped');
    expect(runs().at(-1)?.errors[0]?.message).toMatch(/rate limit/i);
    expect(summary(issue)).toBe('old');
    await run();
    expect(summary(issue)).toBe('Later');
  });
});

describe('a link that keeps failing', () => {
  /** Work marks of one link (docs/sync-model.md § Durable work). */
  function marks(issueId: string): { key: string; attempts: number; nextAt?: number }[] {
    return stack.emulator.storage
      .keys(linkWorkPrefix('conv', issueId))
      .map((key) => ({ key, ...(stack.emulator.storage.get(key) as { attempts: number; nextAt?: number }) }));
  }

  /** Time passes beyond every back-off. */
  function backOffElapsed(): void {
    for (const key of stack.emulator.storage.keys(WORK_PREFIX)) {
      const mark = stack.emulator.storage.get(key) as Record<string, unknown>;
      stack.emulator.storage.set(key, { ...mark, nextAt: 0 });
    }
  }

  it('is retried with back-off and never parked, without blocking the others, and delivered once upstream recovers', async () => {
    reset([
      item('conv', {
        features: { autoCreate: false, statusSync: false, commentSync: true, attachmentSync: false },
      }),
    ]);
    const bad = (stack.zendesk.control.createTicket({ subject: 'Bad', body: 'x' }) as { id: number }).id;
    const good = (stack.zendesk.control.createTicket({ subject: 'Good', body: 'y' }) as { id: number }).id;
    const badIssue = manualLink('conv', bad, 'bad');
    const goodIssue = manualLink('conv', good, 'good');
    stack.zendesk.control.addComment(bad, { body: 'The customer waits for this', as: 'requester' });
    // The description and the customer's reply: what Jira must end up with, once each.
    const expected = stack.zendesk.control.comments(bad).length;
    const fault = stack.zendesk.faults.fail(`/api/v2/tickets/${bad}/comments`, { status: 503 });

    for (let attempt = 1; attempt <= 8; attempt++) {
      stack.zendesk.control.addComment(good, { body: `Good ${attempt}`, as: 'requester' });
      backOffElapsed();
      await run();
      // The healthy ticket is synchronized every time.
      expect(stack.jira.state.issues.get(goodIssue)?.commentIds).toHaveLength(attempt + 1);
      // The failing link keeps exactly one mark, counting attempts, never given up.
      expect(marks(badIssue)).toEqual([expect.objectContaining({ attempts: attempt })]);
    }
    const badLink = stack.emulator.storage.get(linkKey('conv', badIssue)) as LinkRecord;
    expect(badLink.problems).toEqual([
      expect.objectContaining({
        code: 'SYNC_FAILED',
        upstream: expect.objectContaining({ service: 'zendesk', status: 503 }),
      }),
    ]);

    // While backing off, the link is left alone.
    stack.zendesk.log.clear();
    await run();
    expect(stack.zendesk.log.entries().filter((e) => e.path.includes(`/tickets/${bad}/`))).toHaveLength(0);

    // Zendesk recovers; the ticket does NOT change again: the mark alone brings the comment over.
    stack.zendesk.faults.remove(fault);
    backOffElapsed();
    await run();
    expect(marks(badIssue)).toEqual([]);
    expect(stack.jira.state.issues.get(badIssue)?.commentIds.length).toBe(expected);
    expect((stack.emulator.storage.get(linkKey('conv', badIssue)) as LinkRecord).problems).toEqual([]);
    // And exactly once.
    backOffElapsed();
    await run();
    expect(stack.jira.state.issues.get(badIssue)?.commentIds.length).toBe(expected);
  });
});

describe('overlapping runs', () => {
  it('lets only one of two simultaneous scheduled runs work', async () => {
    reset([
      item('auto', {
        features: { autoCreate: true, statusSync: false, commentSync: false, attachmentSync: false },
      }),
    ]);
    for (let i = 0; i < 20; i++) stack.zendesk.control.createTicket({ subject: `Twice ${i}`, body: 'x' });
    stack.zendesk.control.advanceClock(61_000);
    const [a, b] = await Promise.all([
      stack.emulator.runScheduledTrigger('zendesk-scheduled-sync'),
      stack.emulator.runScheduledTrigger('zendesk-scheduled-sync'),
    ]);
    const statuses = [a, b]
      .map((r) => (r.status === 'ok' ? (r.value as ScheduledOutcome).status : r.status))
      .sort();
    expect(statuses).toEqual(['busy', 'done']);
    expect(stack.jira.state.issues.size).toBe(20);
    expect(stack.emulator.storage.getEntity('lease', RUN_LEASE_KEY)).toBeUndefined();
  });

  it('keeps to half of the window when two scheduled runs begin in it: only the first sends a request blind', async () => {
    reset([item('fields')]);
    const limiter = stack.zendesk.limits.account;
    const plan = limiter.limit;
    // A fresh rate-limit minute of a 10/min plan, of which queue work used half less the one
    // request kept for a blind request.
    stack.zendesk.clock.advance(61_000 - (stack.zendesk.clock.now() % 60_000));
    limiter.limit = 10;
    limiter.reset();
    for (let i = 0; i < 4; i++) limiter.take();
    forgetGauges();
    stack.zendesk.log.clear();
    try {
      // A run started late (the driver, or Forge delivering the trigger twice) and the next one
      // begin in the same window: the first learns the window from one blind request, the
      // second keeps what the first saw.
      for (let i = 0; i < 2; i++) {
        const result = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
        expect(result.status).toBe('ok');
      }
      expect(stack.zendesk.log.entries()).toHaveLength(1);
      expect(10 - limiter.peek().remaining).toBeLessThanOrEqual(5);
    } finally {
      limiter.limit = plan;
      limiter.reset();
      forgetGauges();
    }
  });

  it('does not stay blocked by the lease of a crashed run once it expires', async () => {
    reset([item('fields')]);
    const ticket = (
      stack.zendesk.control.createTicket({ subject: 'After crash', body: 'x' }) as { id: number }
    ).id;
    const issue = manualLink('fields', ticket, 'old');
    stack.emulator.faults.crashAfterWrites(1, { functionKey: 'scheduled-sync' });
    const crashed = await stack.emulator.runScheduledTrigger('zendesk-scheduled-sync');
    expect(crashed.status).toBe('crash');
    expect(stack.emulator.storage.getEntity('lease', RUN_LEASE_KEY)).toBeDefined();
    expect((await run()).status).toBe('busy');
    stack.emulator.clock.advance(5 * 60_000);
    expect((await run()).status).toBe('done');
    expect(summary(issue)).toBe('After crash');
  });
});
