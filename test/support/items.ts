/**
 * Smart Connected Items on the Jira simulator's Support project (its Task issue type), as the
 * admin page stores them, for tests whose subject is the sync rather than the item editor:
 * the project and type ids of the simulator's seed, the feature sets the suites use, one
 * item builder, one field-mapping builder, and storing the items a scenario runs with.
 */
import type { Stack } from '../../sandbox/stack';
import type { FieldMapping, SaveItemInput, SmartItem, SyncFeatures } from '../../src/domain/types';
import { ITEM_PREFIX, itemKey } from '../../src/storage/keys';

/** The demo site's Support project and its Task issue type (Jira simulator seed). */
export const SUP = { id: '10000', key: 'SUP' } as const;
export const TASK = '10001';

export const NO_FEATURES: SyncFeatures = {
  autoCreate: false,
  statusSync: false,
  commentSync: false,
  attachmentSync: false,
};
export const ALL_FEATURES: SyncFeatures = {
  autoCreate: true,
  statusSync: true,
  commentSync: true,
  attachmentSync: true,
};
/** Comments and files both ways, nothing else: the delivery suites' item. */
export const CONVERSATION: SyncFeatures = { ...NO_FEATURES, commentSync: true, attachmentSync: true };

export function supportTicketItem(id: string, at: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return {
    id,
    name: id,
    syncMode: 'twoWay',
    projectId: SUP.id,
    projectKey: SUP.key,
    projectName: 'Support',
    issueTypeId: TASK,
    issueTypeName: 'Task',
    zendeskObject: 'ticket',
    fields: [],
    features: CONVERSATION,
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}

/** What the item editor sends to checkItem or saveItem: a ticket item on the Support project. */
export function itemInput(
  name: string,
  syncMode: SaveItemInput['syncMode'],
  extra: Partial<SaveItemInput> = {},
): SaveItemInput {
  return {
    name,
    syncMode,
    projectId: SUP.id,
    zendeskObject: 'ticket',
    fields: [],
    features: NO_FEATURES,
    ...extra,
  };
}

/** A mapping of one Zendesk field to one Jira field, labelled by the Zendesk field's id. */
export function fieldMapping(
  zendeskFieldId: string,
  jiraFieldId: string,
  extra: Partial<FieldMapping> = {},
): FieldMapping {
  return { zendeskFieldId, zendeskFieldLabel: zendeskFieldId, jiraFieldId, preview: false, ...extra };
}

/** The items the app has: exactly these, any stored before are gone. */
export function saveItems(stack: Stack, ...items: SmartItem[]): void {
  for (const key of stack.emulator.storage.keys(ITEM_PREFIX)) stack.emulator.storage.delete(key);
  for (const i of items) stack.emulator.storage.set(itemKey(i.id), i);
}

/** A time on the Zendesk simulator's clock, `hours` before its now (items that predate tickets). */
export function zendeskHoursAgo(stack: Stack, hours = 1): string {
  return new Date(stack.zendesk.clock.now() - hours * 3_600_000).toISOString();
}
