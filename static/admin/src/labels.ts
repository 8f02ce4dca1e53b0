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
  'Zendesk Connector for Jira needs an active Marketplace license. To buy or renew it, open Jira settings → Apps → Manage apps and choose Zendesk Connector for Jira.';

export const NOT_ADMIN_MESSAGE =
  'Only Jira administrators can configure Zendesk Connector. Ask a Jira administrator for access.';
