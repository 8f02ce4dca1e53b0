/**
 * What each admin-page call accepts (AdminApi in src/domain/rpc.ts): strict zod schemas, parsed
 * before any work runs (src/resolvers/guard.ts). Records are the `.pick()`/`.strict()` variants
 * of their schemas in src/domain; the rest are the secrets and names only a payload carries.
 */
import { z } from 'zod';
import { problemCodeSchema } from '../domain/errors';
import { AGENT_EMAIL_PATTERN, itemIdSchema, jiraObjectIdSchema, KEY_SAFE_ID_PATTERN } from '../domain/ids';
import { saveItemInputSchema, ZENDESK_OBJECTS } from '../domain/types';

const agentEmail = z
  .string()
  .trim()
  .max(254)
  .regex(AGENT_EMAIL_PATTERN, 'must be the agent’s full email address');
// Zendesk API tokens are printable ASCII; anything else could only break the auth header.
const apiToken = z
  .string()
  .min(1, 'is required')
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be the API token exactly as Zendesk shows it (no spaces)');

const oauthClient = z.strictObject({
  subdomain: z.string().max(100),
  // Zendesk's "Identifier" of an OAuth client: letters, digits, '_', '-' and '.'.
  clientId: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/, 'must be the OAuth client’s Identifier exactly as Zendesk shows it'),
  clientSecret: z
    .string()
    .min(1, 'is required')
    .max(200)
    .regex(/^[\x21-\x7e]+$/, 'must be the client secret exactly as Zendesk shows it (no spaces)'),
});

const issueId = z.string().regex(KEY_SAFE_ID_PATTERN, 'must be a Jira issue id');
/** A recorded change (a work mark's source, a problem's subject). */
const source = z.string().regex(KEY_SAFE_ID_PATTERN, 'must be a recorded change id');
const linkOf = { itemId: itemIdSchema, issueId };
const none = z.strictObject({});

export const adminPayloadSchemas = {
  getAdminState: none,
  saveConnection: z.strictObject({ subdomain: z.string().max(100), email: agentEmail, apiToken }),
  rotateApiToken: z.strictObject({ email: agentEmail, apiToken }),
  testConnection: none,
  revokeConnection: none,
  decideAccountChange: z.strictObject({ keepLinks: z.boolean() }),
  getItemEditorMetadata: z.strictObject({
    zendeskObject: z.enum(ZENDESK_OBJECTS),
    projectId: jiraObjectIdSchema.exactOptional(),
    issueTypeId: jiraObjectIdSchema.exactOptional(),
  }),
  checkItem: saveItemInputSchema,
  saveItem: saveItemInputSchema,
  deleteItem: z.strictObject({ id: itemIdSchema }),
  getActivity: none,
  getOAuthSetup: none,
  beginOAuth: oauthClient,
  getOAuthAttempt: z.strictObject({
    attemptId: z.string().regex(/^[A-Za-z0-9-]{1,100}$/, 'must be an attempt id'),
  }),
  connectClientCredentials: oauthClient,
  setItemPaused: z.strictObject({ itemId: itemIdSchema, paused: z.boolean() }),
  retryLink: z.strictObject(linkOf),
  dismissChange: z.strictObject({
    ...linkOf,
    target: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('pending'), direction: z.enum(['toJira', 'toZendesk']), source }),
      z.strictObject({
        kind: z.literal('problem'),
        code: problemCodeSchema,
        subject: source.exactOptional(),
      }),
    ]),
  }),
  syncNow: none,
} as const;
