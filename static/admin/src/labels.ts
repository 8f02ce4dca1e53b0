/** Words the admin page shows for contract values. */
import type { SyncFeatures, SyncMode } from '../../../src/domain/types';

export const SYNC_MODE_LABELS: Record<SyncMode, string> = {
  none: 'Display only',
  oneWay: 'One-way sync',
  twoWay: 'Two-way sync',
};

export const FEATURE_LABELS: Record<keyof SyncFeatures, string> = {
  autoCreate: 'Auto-create Jira issues from new tickets',
  statusSync: 'Status sync',
  commentSync: 'Comment sync',
  attachmentSync: 'Attachment sync',
};

/** Shorter names for the items table, where space is tight. */
export const FEATURE_SHORT_LABELS: Record<keyof SyncFeatures, string> = {
  autoCreate: 'Auto-create',
  statusSync: 'Status',
  commentSync: 'Comments',
  attachmentSync: 'Attachments',
};

export const FEATURE_KEYS = [
  'autoCreate',
  'statusSync',
  'commentSync',
  'attachmentSync',
] as const satisfies readonly (keyof SyncFeatures)[];

export const LICENSE_REQUIRED_MESSAGE =
  'A valid Marketplace license is required to use Zendesk Connector. Contact your Jira administrator to buy or renew the license in Atlassian Marketplace.';

export const NOT_ADMIN_MESSAGE =
  'Only Jira administrators can configure Zendesk Connector. Ask a Jira administrator for access.';
