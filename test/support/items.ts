/**
 * A Smart Connected Item on the Jira simulator's Support project (its Task issue type), as the
 * admin page stores it, for tests whose subject is the sync rather than the item editor.
 */
import type { SmartItem } from '../../src/domain/types';

export function supportTicketItem(id: string, at: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return {
    id,
    name: id,
    syncMode: 'twoWay',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Support',
    issueTypeId: '10001',
    issueTypeName: 'Task',
    zendeskObject: 'ticket',
    fields: [],
    features: { autoCreate: false, statusSync: false, commentSync: true, attachmentSync: true },
    createdAt: at,
    updatedAt: at,
    ...overrides,
  };
}
