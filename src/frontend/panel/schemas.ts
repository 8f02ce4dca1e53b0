/**
 * zod schemas for what the panel resolver sends back. The panel trusts nothing it did not
 * parse: a response that drifts from the contract in src/domain/rpc.ts becomes a readable
 * error on the card that asked, instead of a crash somewhere in the render tree.
 *
 * Each schema is annotated with the domain type, so the compiler keeps the two in step.
 */
import { z } from 'zod';
import type { LinkOutcome, LinkPreview, PanelCard, PanelState, SearchResult } from '../../domain/rpc';
import { linkRecordSchema, SYNC_MODES, syncFeaturesSchema, ZENDESK_OBJECTS } from '../../domain/types';

export { rpcErrorSchema } from '../../domain/rpcSchemas';

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
