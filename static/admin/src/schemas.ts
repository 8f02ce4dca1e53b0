/**
 * zod schemas for what the admin resolver sends back. The page trusts nothing that
 * crosses the bridge: a backend answer that does not match the contract in
 * src/domain/rpc.ts becomes a readable error instead of a broken render.
 * Each schema is annotated with the contract type, so a contract change that the
 * schema misses fails the type check.
 */
import { z } from 'zod';
import type {
  AdminState,
  ConnectionCheck,
  ConnectionSummary,
  ItemWarning,
  ItemEditorMetadata,
  OAuthAttemptView,
  OAuthSetup,
  SyncNowOutcome,
} from '../../../src/domain/rpc';
import { activityViewSchema } from '../../../src/domain/rpcSchemas';
import { JIRA_FIELD_KINDS } from '../../../src/domain/fieldCompatibility';
import { authProblemSchema, connectionRecordSchema, smartItemSchema } from '../../../src/domain/types';

export { rpcErrorSchema } from '../../../src/domain/rpcSchemas';

const connectionSummarySchema: z.ZodType<ConnectionSummary> = z.object({
  connection: connectionRecordSchema.nullable(),
  tokenStored: z.boolean(),
  authProblem: authProblemSchema.exactOptional(),
});

const oauthSetupSchema: z.ZodType<OAuthSetup> = z.object({
  redirectUrl: z.string(),
  scope: z.string(),
  apiTokenEndsOn: z.string(),
});

const oauthAttemptSchema: z.ZodType<OAuthAttemptView> = z.object({
  status: z.enum(['waiting', 'connected', 'failed']),
  message: z.string(),
  connection: connectionSummarySchema,
});

const adminStateSchema: z.ZodType<AdminState> = z.object({
  license: z.enum(['active', 'inactive', 'development']),
  connection: connectionSummarySchema,
  items: z.array(smartItemSchema),
});

const metadataSchema: z.ZodType<ItemEditorMetadata> = z.object({
  projects: z.array(z.object({ id: z.string(), key: z.string(), name: z.string() })),
  issueTypes: z.array(z.object({ id: z.string(), name: z.string() })),
  zendeskFields: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      key: z.string().exactOptional(),
      type: z.string(),
      custom: z.boolean(),
      options: z.array(z.object({ value: z.string(), label: z.string() })).exactOptional(),
    }),
  ),
  jiraFields: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      type: z.string(),
      custom: z.boolean(),
      kind: z.enum(JIRA_FIELD_KINDS),
      allowedValues: z.array(z.string()).exactOptional(),
      required: z.boolean().exactOptional(),
    }),
  ),
  priorities: z.array(z.string()),
  roles: z.array(z.string()),
  createIssueType: z.object({ id: z.string(), name: z.string(), chosen: z.boolean() }).exactOptional(),
});

const warningsSchema: z.ZodType<ItemWarning[]> = z.array(
  z.object({
    kind: z.enum(['coverage', 'values', 'overlap']),
    fieldId: z.string().exactOptional(),
    fieldName: z.string().exactOptional(),
    message: z.string(),
  }),
);

const syncNowSchema: z.ZodType<SyncNowOutcome> = z.object({
  status: z.enum(['done', 'stopped', 'busy', 'not-connected', 'suspended']),
  processed: z.number(),
  queued: z.number(),
  message: z.string(),
});

const connectionCheckSchema: z.ZodType<ConnectionCheck> = z.object({
  agent: z.object({ name: z.string(), email: z.string(), role: z.string() }),
  checkedAt: z.string(),
});

/** The data schema for every AdminApi call, keyed like the contract. */
export const responseSchemas = {
  getAdminState: adminStateSchema,
  saveConnection: connectionSummarySchema,
  revokeConnection: connectionSummarySchema,
  decideAccountChange: z.object({ summary: connectionSummarySchema, done: z.boolean() }),
  getItemEditorMetadata: metadataSchema,
  checkItem: warningsSchema,
  saveItem: smartItemSchema,
  deleteItem: z.object({ id: z.string() }),
  getActivity: activityViewSchema,
  getOAuthSetup: oauthSetupSchema,
  beginOAuth: z.object({ attemptId: z.string(), authorizeUrl: z.string() }),
  getOAuthAttempt: oauthAttemptSchema,
  connectClientCredentials: connectionSummarySchema,
  setItemPaused: smartItemSchema,
  retryLink: z.object({ due: z.number() }),
  dismissChange: z.object({ removedWork: z.number(), removedProblems: z.number() }),
  syncNow: syncNowSchema,
  rotateApiToken: connectionSummarySchema,
  testConnection: connectionCheckSchema,
};
