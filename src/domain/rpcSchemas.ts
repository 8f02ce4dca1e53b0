/**
 * zod schemas for the contract records more than one side reads: the admin page, the issue
 * panel and the sandbox host parse the same RpcError and ActivityView, and the sync log stores
 * the run summaries the activity view shows, so one definition keeps them from drifting apart.
 * The stored records they embed (SyncProblem, …) are described in src/domain/types.ts. Each is annotated with its contract type, so a
 * contract change the schema misses fails the type check.
 */
import { z } from 'zod';
import { errorCodeSchema, upstreamSchema } from './errors';
import type { ActivityView, AdminAction, ItemHealth, ProblemLink, RpcError, SyncRunSummary } from './rpc';
import { syncProblemSchema } from './types';

export const rpcErrorSchema: z.ZodType<RpcError> = z.object({
  code: errorCodeSchema,
  message: z.string(),
  upstream: upstreamSchema.exactOptional(),
});

/** Item ids kept per run; items are few (each is one panel card), so this never cuts in practice. */
export const MAX_FAILED_ITEMS = 100;

const count = z.number().int().nonnegative();

/** A run's summary as the sync log stores it (src/storage/syncLog.ts) and the admin page reads it. */
export const syncRunSummarySchema: z.ZodType<SyncRunSummary> = z.object({
  runId: z.string().min(1).max(200),
  trigger: z.enum(['scheduled', 'queue', 'refresh', 'event', 'manual']),
  startedAt: z.string(),
  finishedAt: z.string().exactOptional(),
  stopped: z.boolean().exactOptional(),
  failedItems: z.array(z.string().max(200)).max(MAX_FAILED_ITEMS).exactOptional(),
  progress: z.object({ pages: count, processed: count, queued: count }).exactOptional(),
  ticketsSeen: count,
  issuesCreated: count,
  fieldsApplied: count,
  statusesApplied: count,
  commentsCopied: count,
  attachmentsCopied: count,
  skipped: count,
  limitations: count,
  errors: z.array(
    z.object({
      ticketId: z.string().exactOptional(),
      issueKey: z.string().exactOptional(),
      message: z.string(),
    }),
  ),
});

const problemLinkSchema: z.ZodType<ProblemLink> = z.object({
  itemId: z.string(),
  issueId: z.string(),
  issueKey: z.string(),
  recordId: z.string(),
  problems: z.array(syncProblemSchema),
  pending: z.array(
    z.object({
      direction: z.enum(['toJira', 'toZendesk']),
      source: z.string(),
      at: z.string(),
      attempts: z.number(),
      nextAt: z.string().exactOptional(),
      lastError: z.string().exactOptional(),
    }),
  ),
});

const itemHealthSchema: z.ZodType<ItemHealth> = z.object({
  itemId: z.string(),
  links: z.number(),
  linksCapped: z.boolean(),
  lastSuccessAt: z.string().nullable(),
  failures: z.number(),
  nextRunAt: z.string().nullable(),
});

export const adminActionSchema: z.ZodType<AdminAction> = z.object({
  at: z.string(),
  accountId: z.string(),
  who: z.string(),
  action: z.enum(['pause', 'resume', 'retry', 'dismiss', 'syncNow', 'rotateToken']),
  itemId: z.string().exactOptional(),
  issueKey: z.string().exactOptional(),
  detail: z.string(),
});

export const activityViewSchema: z.ZodType<ActivityView> = z.object({
  runs: z.array(syncRunSummarySchema),
  problems: z.array(problemLinkSchema),
  cursorLagSeconds: z.number().nullable(),
  items: z.array(itemHealthSchema),
  running: z.object({ since: z.string(), kind: z.string() }).nullable(),
  nextRunAt: z.string().nullable(),
  zendeskBaseUrl: z.string().nullable(),
  actions: z.array(adminActionSchema),
});
