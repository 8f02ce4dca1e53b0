/**
 * Site-wide configuration of the simulated Jira: status categories, statuses,
 * workflows, issue types, priorities and fields. Ids follow what a classic Jira
 * Cloud site uses (priorities 1–5, categories 2/4/3, custom fields customfield_1xxxx).
 */
import type {
  FieldDef,
  IssueTypeDef,
  PriorityDef,
  StatusCategoryDef,
  StatusDef,
  WorkflowDef,
} from './types.js';

// Ids and keys real sites answer: 2 new, 4 indeterminate, 3 done
// (docs/contracts/jira-api.md § Status categories).
export const STATUS_CATEGORIES: StatusCategoryDef[] = [
  { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  { id: 3, key: 'done', name: 'Done', colorName: 'green' },
];

export const STATUSES: StatusDef[] = [
  { id: '10000', name: 'To Do', description: '', categoryId: 2 },
  {
    id: '3',
    name: 'In Progress',
    description: 'This issue is being actively worked on at the moment by the assignee.',
    categoryId: 4,
  },
  {
    id: '10002',
    name: 'Waiting for customer',
    description: 'Waiting for a reply from the customer.',
    categoryId: 4,
  },
  { id: '10001', name: 'Done', description: '', categoryId: 3 },
  { id: '10003', name: 'Backlog', description: '', categoryId: 2 },
  { id: '10004', name: 'In Development', description: '', categoryId: 4 },
  { id: '10005', name: 'In Review', description: '', categoryId: 4 },
  {
    id: '6',
    name: 'Closed',
    description: 'The issue is considered finished, the resolution is correct.',
    categoryId: 3,
  },
];

export const WORKFLOWS: WorkflowDef[] = [
  {
    // Every category reachable from every status, and back.
    name: 'Support workflow',
    initialStatusId: '10000',
    statusIds: ['10000', '3', '10002', '10001'],
    transitions: [
      { id: '11', name: 'Start progress', from: ['10000', '10002'], to: '3' },
      { id: '21', name: 'Wait for customer', from: ['3'], to: '10002' },
      { id: '31', name: 'Done', from: ['10000', '3', '10002'], to: '10001' },
      { id: '41', name: 'Back to to do', from: ['3', '10002'], to: '10000' },
      { id: '51', name: 'Reopen', from: ['10001'], to: '10000' },
    ],
  },
  {
    // Deliberately incomplete: from Backlog nothing reaches the done category, and from
    // Closed nothing reaches "indeterminate", so callers meet "no transition available".
    name: 'Engineering workflow',
    initialStatusId: '10003',
    statusIds: ['10003', '10004', '10005', '6'],
    transitions: [
      { id: '11', name: 'Start development', from: ['10003'], to: '10004' },
      { id: '21', name: 'Request review', from: ['10004'], to: '10005' },
      { id: '31', name: 'Back to development', from: ['10005'], to: '10004' },
      { id: '41', name: 'Close', from: ['10004', '10005'], to: '6' },
      { id: '51', name: 'Back to backlog', from: ['10004', '6'], to: '10003' },
    ],
  },
];

export const ISSUE_TYPES: IssueTypeDef[] = [
  { id: '10001', name: 'Task', description: 'A small, distinct piece of work.', avatarId: 10318 },
  { id: '10002', name: 'Bug', description: 'A problem or error.', avatarId: 10303 },
];

// Jira Cloud's default priority scheme (ids 1–5, Medium is the default).
export const PRIORITIES: PriorityDef[] = [
  {
    id: '1',
    name: 'Highest',
    description: 'This problem will block progress.',
    statusColor: '#d04437',
    isDefault: false,
  },
  {
    id: '2',
    name: 'High',
    description: 'Serious problem that could block progress.',
    statusColor: '#f15C75',
    isDefault: false,
  },
  {
    id: '3',
    name: 'Medium',
    description: 'Has the potential to affect progress.',
    statusColor: '#f79232',
    isDefault: true,
  },
  {
    id: '4',
    name: 'Low',
    description: 'Minor problem or easily worked around.',
    statusColor: '#707070',
    isDefault: false,
  },
  {
    id: '5',
    name: 'Lowest',
    description: 'Trivial problem with little or no impact on progress.',
    statusColor: '#999999',
    isDefault: false,
  },
];

export const RESOLUTION_DONE = { id: '10000', name: 'Done' } as const;

const CUSTOM = 'com.atlassian.jira.plugin.system.customfieldtypes:';

function system(
  id: string,
  name: string,
  kind: FieldDef['kind'],
  schema: Omit<FieldDef['schema'], 'system'>,
  extra: Partial<FieldDef> = {},
): FieldDef {
  return {
    id,
    name,
    custom: false,
    kind,
    schema: { ...schema, system: id },
    clauseNames: [id],
    navigable: true,
    orderable: kind !== 'readonly',
    searchable: true,
    ...extra,
  };
}

function custom(
  num: number,
  name: string,
  kind: FieldDef['kind'],
  type: string,
  customType: string,
  extra: Partial<FieldDef> = {},
): FieldDef {
  return {
    id: `customfield_${num}`,
    name,
    custom: true,
    kind,
    schema: {
      type,
      custom: `${CUSTOM}${customType}`,
      customId: num,
      ...(type === 'array' ? { items: 'string' } : {}),
    },
    clauseNames: [`cf[${num}]`, name],
    navigable: true,
    orderable: true,
    searchable: true,
    ...extra,
  };
}

export const FIELDS: FieldDef[] = [
  system(
    'issuekey',
    'Key',
    'readonly',
    { type: 'string' },
    { clauseNames: ['id', 'issue', 'issuekey', 'key'], orderable: false },
  ),
  system('summary', 'Summary', 'summary', { type: 'string' }),
  system('description', 'Description', 'adf', { type: 'string' }),
  system('environment', 'Environment', 'adf', { type: 'string' }),
  system('project', 'Project', 'readonly', { type: 'project' }),
  system(
    'issuetype',
    'Issue Type',
    'readonly',
    { type: 'issuetype' },
    { clauseNames: ['issuetype', 'type'] },
  ),
  system('status', 'Status', 'readonly', { type: 'status' }),
  system('statusCategory', 'Status Category', 'readonly', { type: 'statusCategory' }, { navigable: false }),
  system('priority', 'Priority', 'priority', { type: 'priority' }),
  system('labels', 'Labels', 'labels', { type: 'array', items: 'string' }),
  system('assignee', 'Assignee', 'user', { type: 'user' }),
  system('reporter', 'Reporter', 'user', { type: 'user' }),
  system('creator', 'Creator', 'readonly', { type: 'user' }),
  system('duedate', 'Due date', 'date', { type: 'date' }, { clauseNames: ['due', 'duedate'] }),
  system('created', 'Created', 'readonly', { type: 'datetime' }, { clauseNames: ['created', 'createdDate'] }),
  system('updated', 'Updated', 'readonly', { type: 'datetime' }, { clauseNames: ['updated', 'updatedDate'] }),
  system('resolution', 'Resolution', 'readonly', { type: 'resolution' }),
  system(
    'resolutiondate',
    'Resolved',
    'readonly',
    { type: 'datetime' },
    { clauseNames: ['resolutiondate', 'resolved'] },
  ),
  system('statuscategorychangedate', 'Status Category Changed', 'readonly', { type: 'datetime' }),
  system(
    'attachment',
    'Attachment',
    'readonly',
    { type: 'array', items: 'attachment' },
    { clauseNames: ['attachments'] },
  ),
  system('comment', 'Comment', 'readonly', { type: 'comments-page' }, { navigable: false }),
  custom(10040, 'External reference', 'text', 'string', 'textfield'),
  custom(10041, 'Customer impact', 'option', 'option', 'select', {
    options: [
      { id: '10100', value: 'Low' },
      { id: '10101', value: 'Medium' },
      { id: '10102', value: 'High' },
      { id: '10103', value: 'Critical' },
    ],
  }),
  custom(10042, 'Affected users', 'number', 'number', 'float'),
  custom(10043, 'Target date', 'date', 'date', 'datepicker'),
  custom(10044, 'Support tags', 'labels', 'array', 'labels'),
  custom(10045, 'Steps to reproduce', 'adf', 'string', 'textarea'),
];

export const FIELD_IDS = {
  externalReference: 'customfield_10040',
  customerImpact: 'customfield_10041',
  affectedUsers: 'customfield_10042',
  targetDate: 'customfield_10043',
  supportTags: 'customfield_10044',
  stepsToReproduce: 'customfield_10045',
} as const;
