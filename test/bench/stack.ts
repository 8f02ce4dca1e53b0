/**
 * The benchmark's platform: `startStack` (the same wiring as the integration tests and
 * `npm start`) with two bench-only knobs:
 *
 * - Time scale. The backlog scenario runs `s` times faster than real Forge: function timeouts
 *   from manifest.yml are divided by `s` (a copy of manifest.yml in a temp app directory whose
 *   `src` is a symlink to this repository's `src`, so the very same modules load), simulated
 *   latency is divided by `s`, and the Zendesk clock runs `s` times faster than real time, so a
 *   Zendesk rate-limit minute lasts 60/s real seconds. CPU time is not scaled, which makes the
 *   scaled runs pessimistic, never optimistic.
 * - Phases. Setup runs with no latency and no rate limits; measured phases switch the
 *   configured latency and limits on (`measuredConditions`).
 */
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { startStack, type Stack } from '../../sandbox/stack';
import { JiraPointsProxy } from './jiraPoints';
import type { SeedOptions } from '../../sandbox/zendesk';

export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');

export interface Conditions {
  zendeskLatencyMs: number;
  jiraLatencyMs: number;
  /** Zendesk account budget per minute (700 on Enterprise). */
  zendeskPerMinute: number;
  /** Incremental export budget per minute (10). */
  exportPerMinute: number;
}

export interface BenchStackOptions {
  /** Divides manifest timeouts and latency; must divide both 240 and 600 (a divisor of 120). */
  timeScale: number;
  zendeskSeed: SeedOptions | false;
  /** Jira burst limit per route per second; off when undefined. */
  jiraPerSecond?: number;
  /** Zendesk clock offset from real time at start. */
  zendeskClockOffsetMs?: number;
}

export interface BenchStack {
  stack: Stack;
  timeScale: number;
  /** Every Jira client goes through this proxy, which tallies Jira points (jiraPoints.ts). */
  points: JiraPointsProxy;
  /** The proxy's URL: the Jira base URL the baselines use, as the app does through the emulator. */
  jiraUrl: string;
  /** Per-function budgets in real milliseconds, as the emulator enforces them (manifest timeout / time scale). */
  budgetsMs: Record<string, number>;
  /** Setup conditions: no latency, no limits. */
  setupConditions(): void;
  /** The configured latency (scaled) and rate limits. */
  measuredConditions(c: Conditions): void;
  /** Emulator and Zendesk clocks run `timeScale` times faster than real time until stopped. */
  startClockWarp(): () => void;
  /** Moves both clocks forward together (emulator queue delays and Zendesk rate-limit windows). */
  advanceClocks(ms: number): void;
  close(): Promise<void>;
}

const UNLIMITED = 1_000_000_000;

function scaledAppDir(timeScale: number): string {
  const text = readFileSync(join(REPO_ROOT, 'manifest.yml'), 'utf8');
  const doc = parseDocument(text);
  const functions = doc.getIn(['modules', 'function']) as { items?: unknown[] } | undefined;
  for (const item of functions?.items ?? []) {
    const node = item as { get(k: string): unknown; set(k: string, v: unknown): void };
    const key = node.get('key');
    const seconds = node.get('timeoutSeconds');
    if (typeof key !== 'string' || typeof seconds !== 'number') continue;
    const scaled = seconds / timeScale;
    if (!Number.isInteger(scaled) || scaled < 1) {
      throw new Error(
        `--time-scale ${timeScale} does not divide the ${seconds} s timeout of ${key} into whole seconds`,
      );
    }
    node.set('timeoutSeconds', scaled);
  }
  const dir = mkdtempSync(join(tmpdir(), 'zc-bench-app-'));
  writeFileSync(join(dir, 'manifest.yml'), doc.toString());
  // Node resolves the symlink to the real path, so handlers are the repository's own modules.
  symlinkSync(join(REPO_ROOT, 'src'), join(dir, 'src'), 'dir');
  return dir;
}

export async function startBenchStack(options: BenchStackOptions): Promise<BenchStack> {
  const scale = options.timeScale;
  const tempDir = scale === 1 ? null : scaledAppDir(scale);
  const appDir = tempDir ?? REPO_ROOT;
  const stack = await startStack({
    appDir,
    zendesk: {
      seed: options.zendeskSeed,
      ...(options.zendeskClockOffsetMs !== undefined ? { clockOffsetMs: options.zendeskClockOffsetMs } : {}),
    },
    jira: {
      seed: false,
      ...(options.jiraPerSecond !== undefined ? { rateLimitPerSecond: options.jiraPerSecond } : {}),
    },
  });
  // The app reaches Jira through the points proxy: same accounts and tokens as startStack wires.
  const points = await JiraPointsProxy.start(stack.jira.url);
  const tokens = new Map<string, string>(stack.jira.users.map((u) => [u.accountId, u.accessToken]));
  tokens.set('app', stack.jira.appAccount.accessToken);
  tokens.set(stack.jira.appAccount.accountId, stack.jira.appAccount.accessToken);
  stack.emulator.configure({
    jira: {
      baseUrl: points.url,
      appAccountId: stack.jira.appAccount.accountId,
      accessTokenFor: (accountId) => tokens.get(accountId),
    },
  });
  const budgets = Object.fromEntries(
    [...stack.emulator.manifest.functions.values()].map((f) => [f.key, f.timeoutSeconds * 1000]),
  );
  let jiraLatencyRule: number | null = null;

  const setLatency = (zendeskMs: number, jiraMs: number): void => {
    stack.zendesk.faults.globalLatencyMs = zendeskMs;
    if (jiraLatencyRule !== null) stack.jira.faults.remove(jiraLatencyRule);
    jiraLatencyRule =
      jiraMs > 0 ? stack.jira.faults.delay('*', jiraMs, { times: Number.POSITIVE_INFINITY }) : null;
  };

  return {
    stack,
    points,
    jiraUrl: points.url,
    timeScale: scale,
    budgetsMs: budgets,
    setupConditions() {
      setLatency(0, 0);
      stack.zendesk.limits.account.limit = UNLIMITED;
      stack.zendesk.limits.export.limit = UNLIMITED;
    },
    measuredConditions(c) {
      setLatency(c.zendeskLatencyMs / scale, c.jiraLatencyMs / scale);
      stack.zendesk.limits.account.limit = c.zendeskPerMinute;
      stack.zendesk.limits.export.limit = c.exportPerMinute;
      // A measured phase starts in a fresh rate-limit minute, as a run five minutes after the last would.
      stack.zendesk.limits.account.reset();
      stack.zendesk.limits.export.reset();
      stack.zendesk.limits.ticketUpdates.reset();
    },
    startClockWarp() {
      if (scale === 1) return () => undefined;
      let last = Date.now();
      const tick = (): void => {
        const now = Date.now();
        const extra = Math.max(0, now - last) * (scale - 1);
        last = now;
        stack.emulator.clock.advance(extra);
        stack.zendesk.clock.advance(extra);
      };
      const timer = setInterval(tick, 5);
      return () => {
        clearInterval(timer);
        tick();
      };
    },
    advanceClocks(ms) {
      if (ms <= 0) return;
      stack.emulator.clock.advance(ms);
      stack.zendesk.clock.advance(ms);
    },
    async close() {
      setLatency(0, 0);
      await points.close();
      await stack.close();
      if (tempDir) rmSync(tempDir, { recursive: true, force: true });
    },
  };
}
