/**
 * The sandbox web host's own HTTP API (/api/...), shared by the server and the browser
 * code: zod schemas for every request and response body, so both ends parse what they read.
 */
import { z } from 'zod';
import { activityViewSchema } from '../../src/domain/rpcSchemas';

export const LICENSE_STATES = ['active', 'inactive', 'development'] as const;
export type LicenseSwitch = (typeof LICENSE_STATES)[number];

export const sandboxUserSchema = z.object({
  /** The Jira simulator's user key: admin, agent, browse, none. */
  key: z.string(),
  accountId: z.string(),
  displayName: z.string(),
  /** What the user can do, for the switcher ("Jira admin", "Browse only", …). */
  role: z.string(),
});
export type SandboxUser = z.infer<typeof sandboxUserSchema>;

export const sessionSchema = z.object({
  users: z.array(sandboxUserSchema),
  user: z.string(),
  license: z.enum(LICENSE_STATES),
  site: z.object({ cloudId: z.string(), siteUrl: z.string() }),
  modules: z.object({
    admin: z.object({ key: z.string(), title: z.string() }),
    panel: z.object({ key: z.string(), title: z.string() }),
  }),
  /** What to paste into the admin page's connection form. */
  zendesk: z.object({
    subdomain: z.string(),
    email: z.string(),
    apiToken: z.string(),
    agentUrl: z.string(),
    oauthClientId: z.string(),
    oauthClientSecret: z.string(),
  }),
  /** The Zendesk simulator's clock (ISO); the export never returns its most recent minute. */
  zendeskNow: z.string(),
  scheduler: z.object({
    intervalSeconds: z.number(),
    lastRun: z
      .object({
        startedAt: z.string(),
        finishedAt: z.string().optional(),
        ok: z.boolean(),
        message: z.string().optional(),
      })
      .nullable(),
    running: z.boolean(),
  }),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionUpdateSchema = z
  .object({ user: z.string().min(1).optional(), license: z.enum(LICENSE_STATES).optional() })
  .strict();
export type SessionUpdate = z.infer<typeof sessionUpdateSchema>;

const entityRefSchema = z.object({ id: z.string().min(1), key: z.string().min(1), type: z.string() });

export const extensionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('jira:adminPage') }),
  z.object({ type: z.literal('jira:issuePanel'), issue: entityRefSchema, project: entityRefSchema }),
]);
export type ExtensionContext = z.infer<typeof extensionSchema>;

export const invokeRequestSchema = z.object({
  module: z.enum(['admin', 'panel']),
  functionKey: z.string().min(1).max(200),
  payload: z.unknown(),
  extension: extensionSchema,
});
export type InvokeRequest = z.infer<typeof invokeRequestSchema>;

/** The resolver's own return value, or why the invocation itself failed (Forge rejects `invoke` then). */
export const invokeResponseSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: z.string() }),
]);
export type InvokeResponse = z.infer<typeof invokeResponseSchema>;

export const syncRunResponseSchema = z.object({
  ok: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string(),
  message: z.string().optional(),
  /** Jira events and queued batches delivered after the run. */
  delivered: z.number().optional(),
});
export type SyncRunResponse = z.infer<typeof syncRunResponseSchema>;

export const clockAdvanceSchema = z
  .object({
    seconds: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 3600),
  })
  .strict();

export const errorBodySchema = z.object({ error: z.string() });

/** One run of the scheduled trigger or of the event/queue delivery, as the host saw it. */
export const hostRunSchema = z.object({
  kind: z.enum(['scheduled', 'manual', 'events']),
  startedAt: z.string(),
  finishedAt: z.string(),
  ok: z.boolean(),
  message: z.string().optional(),
});
export type HostRun = z.infer<typeof hostRunSchema>;

export const activityResponseSchema = z.object({
  activity: activityViewSchema.nullable(),
  /** Why the activity could not be read (not connected, resolver error, …). */
  error: z.string().optional(),
  hostRuns: z.array(hostRunSchema),
});
export type ActivityResponse = z.infer<typeof activityResponseSchema>;
