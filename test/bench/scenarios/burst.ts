/**
 * Jira burst: Jira users make N changes on two-way linked issues within one minute (one product
 * event each). Measured: the app's event handlers (`on-issue-updated`, `on-comment-created`,
 * `on-attachment-created`) pushing them to Zendesk, then the next scheduled run, which sees
 * those tickets change in Zendesk and must recognize its own echo. The naive baseline polls
 * every linked issue once and pushes what differs.
 */
import { CLOCK_SLACK_MS } from '../../../src/sync/toZendesk/payloadIssue';
import { BACKGROUND_SHARE } from '../../../src/zendesk/pacing';
import { makeJiraBurst, type ChangeKind } from '../changes';
import { drainEvents, driveSync, FIVE_MINUTES } from '../driver';
import { Meter } from '../meter';
import { echoMinimum, echoTight, jiraToZendeskMinimum } from '../minimum';
import { NaiveJiraToZendesk } from '../naiveJira';
import type { BenchOptions } from '../options';
import { applyRuns, emptyResult, finish, type ScenarioResult } from '../result';
import { verifyInZendesk } from '../verify';
import type { World } from '../world';

export const BURST_MIX: Record<ChangeKind, number> = { field: 4, status: 2, comment: 3, attachment: 1 };

/**
 * @param main the main plan's burst also measures the run after it (burst-echo) and the naive
 *   baseline; the other plans' bursts measure the event handlers only.
 */
export async function burstScenario(
  world: World,
  options: BenchOptions,
  plan: number,
  main: boolean,
  seed: number,
): Promise<ScenarioResult[]> {
  const count = options.sizes.burstEvents;
  const { bs } = world;
  const name = main ? 'burst' : `burst @${plan}`;
  const r = emptyResult(
    name,
    `Jira burst: ${count} Jira events on two-way links in one minute, Zendesk plan ${plan}/min`,
  );
  const echo = emptyResult('burst-echo', 'Next scheduled run after the burst (its own echo)');
  const links = world.pairs.map((p) => ({ issueId: p.issueId, ticketId: p.ticketId }));
  const naive = new NaiveJiraToZendesk(bs, {
    concurrency: options.naiveConcurrency,
    ignoreAuthor: bs.stack.jira.appAccount.accountId,
  });
  bs.setupConditions();
  naive.rememberCurrentState(links);

  // Simulated time does not move the app's clock nor the Jira simulator's (both are real time):
  // without this pause, a burst right after the world's warm-up would meet the app's own Jira
  // writes of the last two seconds (issueFromPayload's clock slack) and read those issues — a
  // collision the scenario, minutes after the last run, does not have (the full bench's burst,
  // which runs after other scenarios, never meets it).
  await new Promise((resolve) => setTimeout(resolve, CLOCK_SLACK_MS + 100));
  const emittedBefore = bs.stack.jira.control.emittedEvents().length;
  const changes = makeJiraBurst(world, count, BURST_MIX, seed);
  bs.measuredConditions({ ...options.conditions, zendeskPerMinute: plan });
  const meter = new Meter(bs);
  meter.reset();
  const drained = await drainEvents(bs);
  r.wallMs = drained.wallMs;
  const counts = meter.read();
  // The simulator records events when it delivers them, so they are all in the history by now.
  const agentId = bs.stack.user('agent').accountId;
  const events = bs.stack.jira.control
    .emittedEvents()
    .slice(emittedBefore)
    .filter((e) => e.atlassianId === agentId);
  const deliveries = drained.invocations;
  r.maxInvocationShareOfBudget = deliveries.reduce((m, d) => Math.max(m, d.share), 0);
  r.runs = { scheduled: 0, worker: deliveries.length, total: deliveries.length };
  const failed = deliveries.filter((d) => d.disposition !== 'success');
  if (failed.length > 0) {
    const retried = failed.filter((d) => d.disposition === 'retry').length;
    r.detail.notes.push(
      `${failed.length} event deliveries did not succeed (${retried} asked for a redelivery): ${failed
        .slice(0, 3)
        .map((d) => `${d.functionKey} ${d.status} ${d.error ?? ''}`.slice(0, 200))
        .join('; ')}`,
    );
  }
  r.detail.extra.plan = plan;
  r.detail.extra.zendesk429 = counts.zendesk429;
  r.detail.extra.zendeskPeakPerMinute = counts.zendeskPeakPerMinute;
  r.detail.extra.peakShareOfPlan = counts.zendeskPeakPerMinute / plan;
  r.detail.extra.retriedDeliveries = failed.filter((d) => d.disposition === 'retry').length;
  r.detail.extra.simulatedSeconds = Math.round(drained.simulatedMs / 1000);
  // The floor of that time: background work may spend 90 % of Update Ticket's own budget and
  // half of the account's in each rate-limit minute (src/zendesk/pacing.ts); every change is one
  // ticket update, and the design minimum says how many requests they take in all.
  const { limits } = bs.stack.zendesk;
  const updatesPerMinute = Math.floor(limits.ticketUpdates.perMinute.limit * BACKGROUND_SHARE.ticketUpdates);
  const requestsPerMinute = Math.floor(plan * BACKGROUND_SHARE.account);
  const windows = Math.max(
    Math.ceil(changes.length / updatesPerMinute),
    Math.ceil(jiraToZendeskMinimum(changes).zendesk / requestsPerMinute),
  );
  r.detail.extra.rateLimitMinutesAtLeast = windows;
  r.detail.notes.push(
    `The last change arrived after ${r.detail.extra.simulatedSeconds} simulated s. At ${updatesPerMinute} ticket updates and ${requestsPerMinute} requests a minute, the work spans at least ${windows} rate-limit minutes (one-minute windows, the first one partly over when the burst starts).`,
  );
  r.changes = changes.length;
  r.detail.extra.productEvents = events.length;
  r.detail.extra.deliveries = deliveries.length;
  r.verification = verifyInZendesk(bs, changes);
  if (!main) {
    finish(r, counts, jiraToZendeskMinimum(changes), jiraToZendeskMinimum(changes), null);
    return [r];
  }

  // The next scheduled run five minutes later sees the tickets the handlers updated.
  const echoed = new Set(changes.map((c) => c.pair.ticketId)).size;
  bs.advanceClocks(FIVE_MINUTES);
  meter.reset();
  const report = await driveSync(bs, { maxScheduledRuns: 1, singleRun: true });
  const echoCounts = meter.read();
  applyRuns(echo, report);
  echo.wallMs = report.wallMs;
  echo.changes = 0;
  echo.detail.extra.jiraWrites = echoCounts.jiraWrites;
  echo.detail.notes.push(`Jira writes in the echo run (should be 0): ${echoCounts.jiraWrites}`);
  finish(echo, echoCounts, echoMinimum(echoed), echoTight(echoed), null);

  meter.reset();
  const n = await naive.run(links);
  const naiveCounts = meter.read();
  finish(r, counts, jiraToZendeskMinimum(changes), jiraToZendeskMinimum(changes), {
    calls: { zendesk: naiveCounts.zendesk, jira: naiveCounts.jira, kvs: n.calls.kvs },
    counts: naiveCounts,
    wallMs: n.wallMs,
  });
  r.detail.extra.naiveRateLimitWaitMs = n.rateLimitWaitMs;
  // The naive baseline just wrote to these tickets in the shared world, behind the app's back.
  // The app's next scheduled run (unmetered) sees those writes, as it would five minutes later
  // in production; without it, the next plan's burst would start from link memories a third
  // party had overtaken for hundreds of tickets at once, and pay a 409 and a read for each.
  bs.setupConditions();
  bs.advanceClocks(FIVE_MINUTES);
  await driveSync(bs, { maxScheduledRuns: 1, singleRun: true });
  return [r, echo];
}
