// Handlers of the fixture app invoked the way Forge invokes each module kind.
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { createForgeEmulator, InvocationTimedOut, SimulatedCrash } from '../../../sandbox/forge';
import { kvs } from '@forge/kvs';
import { FIXTURE_APP } from './support/recordingServer';

const APP_ACCOUNT = 'app-account-0001';
const emu = createForgeEmulator({
  appDir: FIXTURE_APP,
  jira: { baseUrl: 'http://127.0.0.1:9', appAccountId: APP_ACCOUNT, accessTokenFor: () => undefined },
});
afterAll(() => emu.close());
beforeEach(async () => {
  emu.storage.clear();
  emu.faults.clear();
  emu.clearCalls();
  await emu.drain();
});

function valueOf(result: Awaited<ReturnType<typeof emu.invoke>>): unknown {
  if (result.status !== 'ok') throw new Error(`expected ok, got ${result.status}: ${String(result.error)}`);
  return result.value;
}

describe('resolvers', () => {
  it('receive accountId, license and installContext from the backend payload, plus the client context', async () => {
    const out = await emu.callResolver(
      'admin-resolver',
      { functionKey: 'whoami' },
      { accountId: 'user-1', license: { isActive: true }, extension: { type: 'jira:adminPage' } },
    );
    expect(out).toEqual({
      accountId: 'user-1',
      license: { isActive: true },
      installContext: `ari:cloud:jira::site/${emu.cloudId}`,
      moduleKey: 'fixture-admin',
      extension: { type: 'jira:adminPage' },
      cloudId: emu.cloudId,
    });
  });

  it('have no license in development unless one is given, and no accountId without a user', async () => {
    const out = (await emu.callResolver('admin-resolver', { functionKey: 'whoami' })) as Record<
      string,
      unknown
    >;
    expect(out.license).toBeNull();
    expect(out.accountId).toBeNull();
  });

  it('pass the issue panel extension (issue and project) through', async () => {
    const extension = {
      issue: { id: '10001', key: 'SUP-1', type: 'Task' },
      project: { id: '100', key: 'SUP', type: 'software' },
    };
    const out = await emu.callResolver(
      'panel-resolver',
      { functionKey: 'where' },
      { accountId: 'user-2', extension },
    );
    expect(out).toEqual({
      moduleKey: 'fixture-panel',
      extension: { type: 'jira:issuePanel', ...extension },
      accountId: 'user-2',
    });
  });

  it('see their own remaining time, bounded by the 25 s resolver limit, and the environment', async () => {
    const out = (await emu.callResolver(
      'admin-resolver',
      { functionKey: 'appContext' },
      { environmentType: 'PRODUCTION', license: { isActive: false } },
    )) as Record<string, unknown>;
    expect(out.environmentType).toBe('PRODUCTION');
    expect(out.license).toEqual({ isActive: false });
    expect(out.remainingMs).toBeGreaterThan(20_000);
    expect(out.remainingMs).toBeLessThanOrEqual(25_000);
  });

  it('report an unknown resolver key as a failed invocation', async () => {
    const result = await emu.invokeResolver('admin-resolver', { functionKey: 'nope' });
    expect(result.status).toBe('error');
    expect(result.status === 'error' && (result.error as Error).message).toBe(
      "Resolver has no definition for 'nope'.",
    );
  });

  it('keep concurrent invocations apart', async () => {
    const outs = await Promise.all(
      ['a', 'b', 'c'].map((u) =>
        emu.callResolver('panel-resolver', { functionKey: 'where' }, { accountId: `user-${u}` }),
      ),
    );
    expect(outs.map((o) => (o as { accountId: string }).accountId)).toEqual(['user-a', 'user-b', 'user-c']);
  });
});

describe('plain functions and scheduled triggers', () => {
  it('invoke(payload, context) with the plain-function context and the manifest timeout', async () => {
    const out = valueOf(await emu.invoke('inspect', { hello: 1 }, { accountId: 'user-9' })) as Record<
      string,
      unknown
    >;
    expect(out.payload).toEqual({ hello: 1 });
    expect(out.context).toMatchObject({
      installContext: `ari:cloud:jira::site/${emu.cloudId}`,
      principal: { accountId: 'user-9' },
    });
    // `inspect` is used by no module and sets no timeout: the 55 s default applies.
    expect(out.remainingMs).toBeGreaterThan(50_000);
    expect(out.remainingMs).toBeLessThanOrEqual(55_000);
  });

  it('runScheduledTrigger sends {context:{cloudId, moduleKey}, contextToken} and no principal', async () => {
    const result = await emu.runScheduledTrigger('fixture-tick');
    expect(result.status).toBe('ok');
    const stored = (await kvs.get('scheduled:last')) as {
      payload: Record<string, unknown>;
      context: Record<string, unknown>;
    };
    expect(stored.payload.context).toEqual({ cloudId: emu.cloudId, moduleKey: 'fixture-tick' });
    expect(typeof stored.payload.contextToken).toBe('string');
    expect(stored.context.principal).toBeUndefined();
  });
});

describe('product events', () => {
  it('skip triggers with ignoreSelf for events the app caused, and deliver the rest on drain', async () => {
    const self = emu.deliverProductEvent({
      eventType: 'avi:jira:updated:issue',
      atlassianId: APP_ACCOUNT,
      issue: { id: '1' },
    });
    expect(self).toEqual({
      deliveredTo: ['updated-all'],
      skipped: [{ triggerKey: 'updated-not-self', reason: 'ignoreSelf' }],
    });
    const user = emu.deliverProductEvent({
      eventType: 'avi:jira:updated:issue',
      atlassianId: 'user-1',
      issue: { id: '2' },
    });
    expect(user.deliveredTo).toEqual(['updated-not-self', 'updated-all']);
    expect(emu.deliverProductEvent({ eventType: 'avi:jira:created:attachment' }).deliveredTo).toEqual([]);

    const report = await emu.drain();
    expect(report.deliveries.map((d) => d.disposition)).toEqual(['success', 'success', 'success']);
    const seen = (await kvs.get('events:seen')) as {
      moduleKey: string;
      event: { issue: { id: string }; context: unknown };
    }[];
    expect(seen.map((s) => [s.moduleKey, s.event.issue.id])).toEqual([
      ['updated-all', '1'],
      ['updated-not-self', '2'],
      ['updated-all', '2'],
    ]);
    expect(seen[0]?.event.context).toEqual({ cloudId: emu.cloudId, moduleKey: 'updated-all' });
  });
});

describe('async events queue', () => {
  it('delivers pushed events to the consumer as handler(asyncEvent, context)', async () => {
    const { jobId } = (await emu.callResolver('admin-resolver', {
      functionKey: 'enqueue',
      payload: { events: [{ body: { action: 'record', id: 'a' } }, { body: { action: 'record', id: 'b' } }] },
    })) as { jobId: string };
    expect(emu.pendingDeliveries()).toHaveLength(2);
    const report = await emu.drain();
    expect(report.deliveries).toHaveLength(2);
    const a = (await kvs.get('job:a')) as Record<string, unknown>;
    expect(a).toMatchObject({
      queueName: 'fixture-work',
      jobId,
      retryCount: 0,
      moduleKey: 'fixture-consumer',
    });
    expect(typeof a.eventId).toBe('string');
    expect((await kvs.get('job:b')) as Record<string, unknown>).toMatchObject({ jobId });
    expect(await emu.callResolver('admin-resolver', { functionKey: 'jobStats', payload: { jobId } })).toEqual(
      {
        success: 2,
        inProgress: 0,
        failed: 0,
      },
    );
  });

  it('redelivers after an InvocationError with retryContext, honouring retryAfter on the clock', async () => {
    await emu.callResolver('admin-resolver', {
      functionKey: 'enqueue',
      payload: { events: [{ body: { action: 'retry-once', id: 'r' } }] },
    });
    const before = emu.clock.now();
    const report = await emu.drain();
    expect(report.deliveries.map((d) => d.disposition)).toEqual(['retry', 'success']);
    expect(await kvs.get('job:r')).toMatchObject({
      retryCount: 1,
      retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED',
    });
    expect(emu.clock.now() - before).toBeGreaterThanOrEqual(30_000);
  });

  it('holds delayed events until the clock reaches them', async () => {
    await emu.callResolver('admin-resolver', {
      functionKey: 'enqueue',
      payload: { events: [{ body: { action: 'record', id: 'late' }, delayInSeconds: 60 }] },
    });
    const early = await emu.drain({ advanceClock: false });
    expect(early.deliveries).toHaveLength(0);
    expect(early.pending).toBe(1);
    emu.clock.advance(60_000);
    expect((await emu.drain({ advanceClock: false })).deliveries).toHaveLength(1);
    expect(await kvs.get('job:late')).toBeDefined();
  });

  it('runs work that consumers enqueue until quiescent, and marks thrown events failed', async () => {
    const { jobId } = (await emu.callResolver('admin-resolver', {
      functionKey: 'enqueue',
      payload: {
        events: [{ body: { action: 'push-more', id: 'p' } }, { body: { action: 'throw', id: 't' } }],
      },
    })) as { jobId: string };
    const report = await emu.drain();
    expect(
      report.deliveries.map((d) => [
        d.delivery.kind === 'queue' ? (d.delivery.body as { id: string }).id : '',
        d.disposition,
      ]),
    ).toEqual([
      ['p', 'success'],
      ['t', 'failed'],
      ['p-child', 'success'],
    ]);
    expect(await kvs.get('job:p-child')).toBeDefined();
    expect(await emu.callResolver('admin-resolver', { functionKey: 'jobStats', payload: { jobId } })).toEqual(
      { success: 1, inProgress: 0, failed: 1 },
    );
  });
});

describe('timeouts', () => {
  it('abandon an invocation at timeoutSeconds and refuse its later platform calls', async () => {
    const fixture = (await import('./fixtures/app/src/index')) as {
      slowObservations: { afterDeadline?: string };
    };
    const started = Date.now();
    const result = await emu.invoke('slow', { ms: 1_400 });
    expect(result.status).toBe('timeout');
    expect(result.status === 'timeout' && result.error).toBeInstanceOf(InvocationTimedOut);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(1_400);
    // Let the abandoned handler wake up and try its late write.
    await new Promise((r) => setTimeout(r, 700));
    expect(fixture.slowObservations.afterDeadline).toBe('InvocationTimedOut');
    expect(emu.storage.dump()).toEqual({ 'slow:before': true });
  });

  it('can be shortened per invocation', async () => {
    const result = await emu.invoke('slow', { ms: 300 }, { timeoutMs: 100 });
    expect(result.status).toBe('timeout');
  });
});

describe('crash faults', () => {
  it('crash right after the n-th write; nothing later is written even if the code swallows errors', async () => {
    emu.faults.crashAfterWrites(2);
    const result = await emu.invoke('write-many', { count: 5, prefix: 'w:', swallow: true });
    expect(result.status).toBe('crash');
    expect(result.status === 'crash' && result.error).toBeInstanceOf(SimulatedCrash);
    expect(result.writes).toBe(2);
    await new Promise((r) => setTimeout(r, 50));
    expect(emu.storage.keys('w:')).toEqual(['w:0', 'w:1']);
    // The fault was for one invocation only.
    expect(emu.faults.armed).toBe(0);
    expect((await emu.invoke('write-many', { count: 3, prefix: 'x:' })).status).toBe('ok');
  });

  it('only hit the named function, and redeliver a crashed queue event', async () => {
    emu.faults.crashAfterWrites(1, { functionKey: 'worker' });
    expect((await emu.invoke('write-many', { count: 2, prefix: 'y:' })).status).toBe('ok');
    await emu.callResolver('admin-resolver', {
      functionKey: 'enqueue',
      payload: { events: [{ body: { action: 'record', id: 'c' } }] },
    });
    const report = await emu.drain();
    expect(report.deliveries.map((d) => [d.result.status, d.disposition])).toEqual([
      ['crash', 'retry'],
      ['ok', 'success'],
    ]);
    expect(await kvs.get('job:c')).toMatchObject({
      retryCount: 1,
      retryReason: 'FUNCTION_PLATFORM_UNKNOWN_ERROR',
    });
  });
});
