/**
 * zod schemas for what the panel resolver sends back. The panel trusts nothing it did not
 * parse: a response that drifts from the contract in src/domain/rpc.ts becomes a readable
 * error on the card that asked, instead of a crash somewhere in the render tree.
 *
 * Each schema is annotated with the domain type, so the compiler keeps the two in step.
 */
import { z } from 'zod';
import type { LinkOutcome, LinkPreview, PanelCard, PanelState, SearchResult } from '../../domain/rpc';
import { syncFeaturesSchema, syncProblemSchema } from '../../domain/rpcSchemas';
import type { LinkRecord, PreviewValue, ZendeskLinkRegistration } from '../../domain/types';
import { SYNC_MODES, ZENDESK_OBJECTS } from '../../domain/types';

export { rpcErrorSchema } from '../../domain/rpcSchemas';

const previewValueSchema: z.ZodType<PreviewValue> = z.object({
  fieldId: z.string(),
  label: z.string(),
  value: z.string(),
});

const zendeskLinkSchema: z.ZodType<ZendeskLinkRegistration> = z.discriminatedUnion('state', [
  z.object({ state: z.literal('registered'), linkId: z.number() }),
  z.object({ state: z.literal('forbidden'), message: z.string() }),
  z.object({ state: z.literal('failed'), message: z.string() }),
  z.object({ state: z.literal('not-applicable') }),
]);

const linkRecordSchema: z.ZodType<LinkRecord> = z.object({
  itemId: z.string(),
  issueId: z.string(),
  issueKey: z.string(),
  zendeskObject: z.enum(ZENDESK_OBJECTS),
  recordId: z.string(),
  origin: z.enum(['manual', 'auto']),
  createdAt: z.string(),
  updatedAt: z.string(),
  zendeskLink: zendeskLinkSchema,
  preview: z.array(previewValueSchema),
  previewAt: z.string().exactOptional(),
  problems: z.array(syncProblemSchema),
});

export const panelCardSchema: z.ZodType<PanelCard> = z.object({
  item: z.object({
    id: z.string(),
    name: z.string(),
    syncMode: z.enum(SYNC_MODES),
    zendeskObject: z.enum(ZENDESK_OBJECTS),
    features: syncFeaturesSchema,
  }),
  link: linkRecordSchema.nullable(),
  openUrl: z.string().nullable(),
  canUnlink: z.boolean(),
});

export const panelStateSchema: z.ZodType<PanelState> = z.object({
  license: z.enum(['active', 'inactive', 'development']),
  connected: z.boolean(),
  canEdit: z.boolean(),
  cards: z.array(panelCardSchema),
});

export const searchResultsSchema: z.ZodType<SearchResult[]> = z.array(
  z.object({
    id: z.string(),
    title: z.string(),
    detail: z.string(),
    linkedTo: z
      .array(z.object({ issueKey: z.string(), itemName: z.string(), thisIssue: z.boolean() }))
      .exactOptional(),
  }),
);

const linkPreviewSchema: z.ZodType<LinkPreview> = z.object({
  recordId: z.string(),
  title: z.string(),
  issueKey: z.string(),
  changes: z.array(
    z.object({
      fieldId: z.string(),
      field: z.string(),
      from: z.string(),
      current: z.string(),
      next: z.string(),
    }),
  ),
  status: z.object({ current: z.string(), next: z.string(), transition: z.string() }).nullable(),
  statusBlocked: z.string().nullable(),
  left: z.array(z.object({ field: z.string(), reason: z.string() })),
  importsComments: z.boolean(),
  internalNotesFor: z.string().nullable(),
  skipsDescription: z.boolean(),
  importsAttachments: z.boolean(),
  twoWay: z.boolean(),
  fingerprint: z.string(),
});

export const linkOutcomeSchema: z.ZodType<LinkOutcome> = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('linked'), card: panelCardSchema }),
  z.object({ kind: z.literal('confirm'), preview: linkPreviewSchema, changed: z.boolean() }),
]);
