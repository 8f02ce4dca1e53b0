/**
 * zod schemas for the contract records more than one UI reads: the admin page, the issue
 * panel and the sandbox host parse the same RpcError, SyncProblem and ActivityView, so one
 * definition keeps them from drifting apart. Each is annotated with its contract type, so a
 * contract change the schema misses fails the type check.
 */
import { z } from 'zod';
import type { ActivityView, AdminAction, ItemHealth, ProblemLink, RpcError, SyncRunSummary } from './rpc';
import type { SyncFeatures, SyncProblem } from './types';

const upstreamSchema = z.object({
  service: z.enum(['zendesk', 'jira']),
  status: z.number(),
  message: z.string(),
});

export const rpcErrorSchema: z.ZodType<RpcError> = z.object({
  code: z.string(),
  message: z.string(),
  upstream: upstreamSchema.exactOptional(),
});

export const syncFeaturesSchema: z.ZodType<SyncFeatures> = z.object({
  autoCreate: z.boolean(),
  statusSync: z.boolean(),
  commentSync: z.boolean(),
  attachmentSync: z.boolean(),
});

export const syncProblemSchema: z.ZodType<SyncProblem> = z.object({
  kind: z.enum(['error', 'limitation']),
  code: z.string(),
  message: z.string(),
  upstream: upstreamSchema.exactOptional(),
  at: z.string(),
  subject: z.string().max(200).exactOptional(),
});

export const syncRunSummarySchema: z.ZodType<SyncRunSummary> = z.object({
  runId: z.string(),
  trigger: z.enum(['scheduled', 'queue', 'refresh', 'event', 'manual']),
  startedAt: z.string(),
  finishedAt: z.string().exactOptional(),
  stopped: z.boolean().exactOptional(),
  failedItems: z.array(z.string()).exactOptional(),
  progress: z.object({ pages: z.number(), processed: z.number(), queued: z.number() }).exactOptional(),
  ticketsSeen: z.number(),
  issuesCreated: z.number(),
  fieldsApplied: z.number(),
  statusesApplied: z.number(),
  commentsCopied: z.number(),
  attachmentsCopied: z.number(),
  skipped: z.number(),
  limitations: z.number(),
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

/** Item settings stored with the item and sent to the admin page (src/domain/types.ts). */
const idList = z.array(z.string().min(1).max(200)).max(100).optional();

export const autoCreateConditionsSchema = z.object({
  groupIds: idList,
  brandIds: idList,
  formIds: idList,
  tags: idList,
  priorities: idList,
  channels: idList,
});

export const commentVisibilitySchema = z.object({
  jiraToZendesk: z.enum(['public', 'internal']),
  internalNotes: z.object({ type: z.enum(['role', 'group']), value: z.string().min(1).max(255) }).optional(),
});
