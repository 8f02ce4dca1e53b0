/**
 * Records shared by the backend, the admin page and the issue panel, each described once as a
 * zod schema with its type inferred from it: storage validates what it reads with these, the
 * UIs parse answers with them, and resolver payloads are `.pick()`/`.strict()` variants
 * (docs/architecture.md § Records).
 */
import { z } from 'zod';
import { autoCreateConditionsSchema } from './autoCreateRules';
import { commentVisibilitySchema } from './commentVisibility';
import { errorCodeSchema, problemCodeSchema, upstreamSchema } from './errors';
import { itemIdSchema, jiraObjectIdSchema, zendeskFieldIdSchema } from './ids';
import { itemNameSchema } from './itemNames';

export const SYNC_MODES = ['none', 'oneWay', 'twoWay'] as const;
export type SyncMode = (typeof SYNC_MODES)[number];

export const ZENDESK_OBJECTS = ['ticket', 'user', 'organization'] as const;
export type ZendeskObject = (typeof ZENDESK_OBJECTS)[number];

/** Labels the UIs show for each Zendesk object ("user" is a customer in the product's words). */
export const ZENDESK_OBJECT_LABELS: Record<ZendeskObject, string> = {
  ticket: 'Ticket',
  user: 'Customer',
  organization: 'Organization',
};

export const syncFeaturesSchema = z.object({
  autoCreate: z.boolean(),
  statusSync: z.boolean(),
  commentSync: z.boolean(),
  attachmentSync: z.boolean(),
});
export type SyncFeatures = z.infer<typeof syncFeaturesSchema>;

export const NO_FEATURES: SyncFeatures = {
  autoCreate: false,
  statusSync: false,
  commentSync: false,
  attachmentSync: false,
};

/**
 * One Zendesk field chosen by the admin. Identity is the Zendesk field id
 * (standard fields: the attribute name such as "subject" or "priority"; custom
 * fields: the numeric id as a string). The label is display data only, so two
 * custom fields with the same title never hide each other.
 */
export const fieldMappingSchema = z.object({
  zendeskFieldId: zendeskFieldIdSchema,
  zendeskFieldLabel: z.string(),
  /** For custom user/organization fields: the key under user_fields / organization_fields. */
  zendeskFieldKey: z.string().exactOptional(),
  /** Jira field the value is synced to (sync modes only), e.g. "summary", "priority", "customfield_10050". */
  jiraFieldId: jiraObjectIdSchema.exactOptional(),
  jiraFieldName: z.string().exactOptional(),
  /** Shown in the issue panel's preview table. */
  preview: z.boolean(),
  /**
   * Zendesk value → Jira value for priority and select targets (src/domain/valueMaps.ts).
   * Absent on mappings saved before value tables existed: priority then follows the site's
   * catalog by default (defaultPriorityMap), options match by name.
   */
  valueMap: z
    .record(z.string().min(1).max(200), z.string().max(255))
    .refine((m) => Object.keys(m).length <= 500, 'has too many entries')
    .exactOptional(),
});
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

export const smartItemSchema = z.object({
  id: itemIdSchema,
  name: itemNameSchema,
  syncMode: z.enum(SYNC_MODES),
  projectId: jiraObjectIdSchema,
  projectKey: z.string(),
  projectName: z.string(),
  issueTypeId: jiraObjectIdSchema.exactOptional(),
  issueTypeName: z.string().exactOptional(),
  zendeskObject: z.enum(ZENDESK_OBJECTS),
  fields: z.array(fieldMappingSchema).max(100),
  features: syncFeaturesSchema,
  /**
   * When auto-create was last turned on: only tickets created from then on are "new" for this
   * item (never tickets that existed before, whatever happens to the connection since).
   */
  autoCreateSince: z.string().exactOptional(),
  /** Which new tickets auto-create (src/domain/autoCreateRules.ts); absent = every new ticket. */
  autoCreateConditions: autoCreateConditionsSchema.exactOptional(),
  /** Two-way comment visibility (src/domain/commentVisibility.ts); absent = the product defaults. */
  commentVisibility: commentVisibilitySchema.exactOptional(),
  /**
   * Set while an admin has paused synchronization of this item: no sync path writes to Jira
   * or Zendesk for it; what changes meanwhile is kept as pending work until it is resumed.
   */
  paused: z.object({ at: z.string(), by: z.string() }).exactOptional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type SmartItem = z.infer<typeof smartItemSchema>;

/**
 * What the admin page sends to check or save an item (checkItem, saveItem): the item's own
 * settings, strict at every level. The server fills in the rest (names, labels, dates) from Jira,
 * the Zendesk catalog and the stored item.
 */
export const saveItemInputSchema = smartItemSchema
  .pick({
    name: true,
    syncMode: true,
    projectId: true,
    issueTypeId: true,
    zendeskObject: true,
  })
  .extend({
    id: itemIdSchema.exactOptional(),
    fields: z
      .array(
        fieldMappingSchema
          .pick({ zendeskFieldId: true, jiraFieldId: true, preview: true, valueMap: true })
          .strict(),
      )
      .max(100),
    features: syncFeaturesSchema.strict(),
    autoCreateConditions: autoCreateConditionsSchema.strict().exactOptional(),
    commentVisibility: commentVisibilitySchema.strict().exactOptional(),
  })
  .strict();
export type SaveItemInput = z.infer<typeof saveItemInputSchema>;

/**
 * Outcome of registering the link with Zendesk's Jira links API (docs/contracts/zendesk-api.md § Jira links).
 */
export const zendeskLinkRegistrationSchema = z.discriminatedUnion('state', [
  z.object({ state: z.literal('registered'), linkId: z.number().int() }),
  z.object({ state: z.literal('forbidden'), message: z.string() }),
  z.object({ state: z.literal('failed'), message: z.string() }),
  z.object({ state: z.literal('not-applicable') }),
]);
export type ZendeskLinkRegistration = z.infer<typeof zendeskLinkRegistrationSchema>;

export const previewValueSchema = z.object({ fieldId: z.string(), label: z.string(), value: z.string() });
export type PreviewValue = z.infer<typeof previewValueSchema>;

export const syncProblemSchema = z.object({
  kind: z.enum(['error', 'limitation']),
  /** From the typed lists in src/domain/errors.ts; with `subject`, what identifies the problem. */
  code: problemCodeSchema,
  message: z.string(),
  /** Upstream HTTP status and message when the problem came from Zendesk or Jira. */
  upstream: upstreamSchema.exactOptional(),
  at: z.string(),
  /**
   * What the problem is about (the pending work's source such as `comment-10001`, a mapped
   * field), so it is cleared when exactly that change is delivered, never by an unrelated
   * success, and never found by its message text.
   */
  subject: z.string().max(200).exactOptional(),
});
export type SyncProblem = z.infer<typeof syncProblemSchema>;

/**
 * A Jira issue ↔ Zendesk record link for one Smart Connected Item, modelled on
 * Zendesk's Jira link (docs/contracts/zendesk-api.md § Jira links): the Jira issue id is the identity; the
 * key is display data corrected when the issue moves.
 */
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
  preview: z.array(previewValueSchema),
  previewAt: z.string().exactOptional(),
  problems: z.array(syncProblemSchema),
});
export type LinkRecord = z.infer<typeof linkRecordSchema>;
export type LinkOrigin = LinkRecord['origin'];

/**
 * How the connector authenticates to Zendesk (no secret here: tokens and the client secret live
 * only in Forge secret storage). Absent on records written before OAuth existed: API token.
 */
export const connectionAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('apiToken') }),
  z.object({
    kind: z.literal('oauth'),
    grant: z.enum(['authorization_code', 'client_credentials']),
    clientId: z.string().min(1),
    scope: z.string(),
    /** Atlassian account id of the Jira admin who connected. */
    connectedBy: z.string(),
  }),
]);
export type ConnectionAuth = z.infer<typeof connectionAuthSchema>;

/** The stored connection; the API token lives only in secret storage. */
export const connectionRecordSchema = z.object({
  subdomain: z.string().min(1),
  email: z.string().min(1),
  agent: z.object({ id: z.number().int(), name: z.string(), email: z.string(), role: z.string() }),
  connectedAt: z.string().min(1),
  auth: connectionAuthSchema.exactOptional(),
  /**
   * Set when this connection points at a different Zendesk account than the one the links
   * were made in (that account's subdomain): every link is suspended — no sync reads or
   * writes — until the admin keeps the links (same account, renamed) or clears them.
   */
  suspendedFrom: z.string().min(1).exactOptional(),
});
export type ConnectionRecord = z.infer<typeof connectionRecordSchema>;

/**
 * Zendesk stopped accepting the stored OAuth authorization: what the admin page shows until
 * the admin reconnects (stored by src/storage/oauth.ts).
 */
export const authProblemSchema = z.object({ code: errorCodeSchema, message: z.string(), at: z.string() });
export type AuthProblem = z.infer<typeof authProblemSchema>;

/** Zendesk's published end of API tokens (developer.zendesk.com, "Migrating from API tokens to OAuth access tokens"). */
export const API_TOKEN_END_DATE = '2027-04-30';
