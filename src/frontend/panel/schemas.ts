/**
 * zod schemas for what the panel resolver sends back. The panel trusts nothing it did not
 * parse: a response that drifts from the contract in src/domain/rpc.ts becomes a readable
 * error on the card that asked, instead of a crash somewhere in the render tree.
 *
 * Each schema is annotated with the domain type, so the compiler keeps the two in step.
 */
import { z } from 'zod';
import type { PanelCard, PanelState, SearchResult } from '../../domain/rpc';
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
