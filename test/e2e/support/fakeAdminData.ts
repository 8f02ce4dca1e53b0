/**
 * Catalogues the fake admin backend answers with: shaped like what the real resolver
 * derives from Jira (projects, issue types, fields) and Zendesk (ticket/user/organization
 * fields). Includes the awkward cases the UI must handle: two Zendesk fields with the same
 * title, option labels, and a title containing HTML.
 */
import type { ItemEditorMetadata, JiraFieldInfo, ZendeskFieldInfo } from '../../../src/domain/rpc';
import type { SmartItem, ZendeskObject } from '../../../src/domain/types';
import { fieldOptions } from '../../support/zendeskFields';

export const VALID_CREDENTIALS = { subdomain: 'acme', email: 'agent@acme.test', apiToken: 'zd-token-ok' };

export const AGENT = { id: 9001, name: 'Avery Agent', email: VALID_CREDENTIALS.email, role: 'admin' };

export const HTML_LABEL = '<img src=x onerror="window.__xss=1">Severity';

export const PROJECTS: ItemEditorMetadata['projects'] = [
  { id: '10000', key: 'SUP', name: 'Customer Support' },
  { id: '10010', key: 'ENG', name: 'Engineering' },
];

export const ISSUE_TYPES: Record<string, ItemEditorMetadata['issueTypes']> = {
  '10000': [
    { id: '10001', name: 'Task' },
    { id: '10004', name: 'Bug' },
  ],
  '10010': [{ id: '10002', name: 'Story' }],
};

export const ZENDESK_FIELDS: Record<ZendeskObject, ZendeskFieldInfo[]> = {
  ticket: [
    { id: 'subject', label: 'Subject', type: 'subject', custom: false },
    {
      id: 'priority',
      label: 'Priority',
      type: 'priority',
      custom: false,
      options: fieldOptions({ low: 'Low', normal: 'Normal', high: 'High', urgent: 'Urgent' }),
    },
    { id: 'status', label: 'Status', type: 'status', custom: false },
    {
      id: '360001',
      label: 'Region',
      type: 'tagger',
      custom: true,
      options: fieldOptions({ emea: 'EMEA', amer: 'Americas' }),
    },
    { id: '360002', label: 'Region', type: 'text', custom: true },
    {
      id: '360003',
      label: HTML_LABEL,
      type: 'tagger',
      custom: true,
      options: fieldOptions({ sev_1: 'Sev 1 <b>critical</b>' }),
    },
  ],
  user: [
    { id: 'name', label: 'Name', type: 'text', custom: false },
    { id: 'email', label: 'Email', type: 'text', custom: false },
    {
      id: '7001',
      label: 'Tier',
      key: 'tier',
      type: 'dropdown',
      custom: true,
      options: fieldOptions({ gold: 'Gold', silver: 'Silver' }),
    },
  ],
  organization: [
    { id: 'name', label: 'Name', type: 'text', custom: false },
    { id: '8001', label: 'Plan', key: 'plan', type: 'text', custom: true },
  ],
};

/** The site's priority scheme, renamed as many teams do (read from Jira, never assumed). */
export const PRIORITIES = ['P1 - Blocker', 'P2 - Major', 'P3 - Normal', 'P4 - Minor', 'P5 - Trivial'];

/** Fields settable on the create screens (read-only ones such as Created are never offered). */
export const JIRA_FIELDS: JiraFieldInfo[] = [
  { id: 'summary', name: 'Summary', type: 'string', custom: false, kind: 'summary' },
  {
    id: 'priority',
    name: 'Priority',
    type: 'priority',
    custom: false,
    kind: 'priority',
    allowedValues: PRIORITIES,
  },
  { id: 'description', name: 'Description', type: 'string', custom: false, kind: 'rich' },
  { id: 'duedate', name: 'Due date', type: 'date', custom: false, kind: 'date' },
  {
    id: 'customfield_10050',
    name: 'Severity',
    type: 'option',
    custom: true,
    kind: 'option',
    allowedValues: ['EMEA', 'Sev 1', 'Sev 2'],
  },
  { id: 'customfield_10060', name: 'Region', type: 'string', custom: true, kind: 'text' },
  { id: 'customfield_10070', name: 'Story points', type: 'number', custom: true, kind: 'number' },
];

/** Project roles (for restricting Jira copies of Zendesk internal notes). */
export const ROLES = ['Administrators', 'Developers', 'Service Desk Team'];

/** Fields Jira requires at create time beyond summary (which the connector fills from the ticket subject). */
export const REQUIRED_CREATE_FIELDS: Record<string, string[]> = {
  '10004': ['customfield_10050'],
};

/** A stored item of the fake site: a two-way ticket item on Customer Support (Task) unless `overrides` say. */
export function fakeItem(id: string, name: string, overrides: Partial<SmartItem> = {}): SmartItem {
  return {
    id,
    name,
    syncMode: 'twoWay',
    projectId: '10000',
    projectKey: 'SUP',
    projectName: 'Customer Support',
    issueTypeId: '10001',
    issueTypeName: 'Task',
    zendeskObject: 'ticket',
    fields: [],
    features: { autoCreate: false, statusSync: true, commentSync: true, attachmentSync: false },
    createdAt: '2025-01-15T10:00:00.000Z',
    updatedAt: '2025-01-15T10:00:00.000Z',
    ...overrides,
  };
}
