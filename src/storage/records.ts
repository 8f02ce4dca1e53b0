/**
 * zod schemas of the stored records (src/domain/types.ts). Every repository validates on
 * read: a corrupt value is reported as STATE_INVALID, never trusted.
 */
import { z } from 'zod';
import type { ConnectionRecord, LinkRecord, SmartItem } from '../domain/types';
import { SYNC_MODES, ZENDESK_OBJECTS } from '../domain/types';
import { autoCreateConditionsSchema, commentVisibilitySchema } from '../domain/rpcSchemas';
import { AppError } from '../util/errors';

export const connectionRecordSchema = z.object({
  subdomain: z.string().min(1),
  email: z.string().min(1),
  agent: z.object({ id: z.number().int(), name: z.string(), email: z.string(), role: z.string() }),
  connectedAt: z.string().min(1),
  auth: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('apiToken') }),
      z.object({
        kind: z.literal('oauth'),
        grant: z.enum(['authorization_code', 'client_credentials']),
        clientId: z.string().min(1),
        scope: z.string(),
        connectedBy: z.string(),
      }),
    ])
    .exactOptional(),
  suspendedFrom: z.string().min(1).exactOptional(),
});

export const syncFeaturesSchema = z.object({
  autoCreate: z.boolean(),
  statusSync: z.boolean(),
  commentSync: z.boolean(),
  attachmentSync: z.boolean(),
});

export const fieldMappingSchema = z.object({
  zendeskFieldId: z.string().min(1),
  zendeskFieldLabel: z.string(),
  zendeskFieldKey: z.string().exactOptional(),
  jiraFieldId: z.string().exactOptional(),
  jiraFieldName: z.string().exactOptional(),
  preview: z.boolean(),
  valueMap: z.record(z.string(), z.string()).exactOptional(),
});

export const smartItemSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  syncMode: z.enum(SYNC_MODES),
  projectId: z.string().min(1),
  projectKey: z.string(),
  projectName: z.string(),
  issueTypeId: z.string().exactOptional(),
  issueTypeName: z.string().exactOptional(),
  zendeskObject: z.enum(ZENDESK_OBJECTS),
  fields: z.array(fieldMappingSchema),
  features: syncFeaturesSchema,
  autoCreateSince: z.string().exactOptional(),
  autoCreateConditions: autoCreateConditionsSchema.exactOptional(),
  commentVisibility: commentVisibilitySchema.exactOptional(),
  paused: z.object({ at: z.string(), by: z.string() }).exactOptional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

const upstreamSchema = z.object({
  service: z.enum(['zendesk', 'jira']),
  status: z.number().int(),
  message: z.string(),
});

export const syncProblemSchema = z.object({
  kind: z.enum(['error', 'limitation']),
  code: z.string(),
  message: z.string(),
  upstream: upstreamSchema.exactOptional(),
  at: z.string(),
  subject: z.string().max(200).exactOptional(),
});

export const zendeskLinkRegistrationSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('registered'), linkId: z.number().int() }),
  z.object({ state: z.literal('forbidden'), message: z.string() }),
  z.object({ state: z.literal('failed'), message: z.string() }),
  z.object({ state: z.literal('not-applicable') }),
]);

export const linkRecordSchema = z.object({
  itemId: z.string().min(1),
  issueId: z.string().min(1),
  issueKey: z.string(),
  zendeskObject: z.enum(ZENDESK_OBJECTS),
  recordId: z.string().min(1),
  origin: z.enum(['manual', 'auto']),
  createdAt: z.string(),
  updatedAt: z.string(),
  zendeskLink: zendeskLinkRegistrationSchema,
  preview: z.array(z.object({ fieldId: z.string(), label: z.string(), value: z.string() })),
  previewAt: z.string().exactOptional(),
  problems: z.array(syncProblemSchema),
});

// Compile-time checks that the schemas and the shared types describe the same records.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameConnection: Same<z.output<typeof connectionRecordSchema>, ConnectionRecord> = true;
const sameItem: Same<z.output<typeof smartItemSchema>, SmartItem> = true;
const sameLink: Same<z.output<typeof linkRecordSchema>, LinkRecord> = true;
void [sameConnection, sameItem, sameLink];

/** Parses a stored value or throws STATE_INVALID naming the key (never echoing the value). */
export function parseStored<S extends z.ZodType>(schema: S, key: string, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid';
    throw new AppError('STATE_INVALID', `The stored record "${key}" is unreadable (${where})`);
  }
  return parsed.data;
}
