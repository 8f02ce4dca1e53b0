/**
 * Jira's built-in permission keys as `GET /rest/api/3/mypermissions` reports them.
 * Ids and names are Jira's long-standing built-in ones (the spec's example shows
 * EDIT_ISSUES with id "12", name "Edit Issues", type PROJECT).
 */
interface PermissionInfo {
  id: string;
  name: string;
  type: 'GLOBAL' | 'PROJECT';
  description: string;
}

export const PERMISSIONS = {
  ADMINISTER: {
    id: '0',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Create and administer projects, issue types, fields, workflows, and schemes for all projects. Users with this permission can perform most administration tasks, except: managing users, importing data, and editing system email settings.',
  },
  SYSTEM_ADMIN: {
    id: '44',
    name: 'Administer Jira',
    type: 'GLOBAL',
    description:
      'Ability to perform most administration functions (including Import & Export, SMTP Configuration, etc.).',
  },
  USER_PICKER: {
    id: '27',
    name: 'Browse users and groups',
    type: 'GLOBAL',
    description:
      'View and select users or groups from the user picker, and share issues. Users with this permission can see the names of all users and groups on your site.',
  },
  CREATE_SHARED_OBJECTS: {
    id: '22',
    name: 'Share dashboards and filters',
    type: 'GLOBAL',
    description: 'Share dashboards and filters with other users.',
  },
  MANAGE_GROUP_FILTER_SUBSCRIPTIONS: {
    id: '24',
    name: 'Manage group filter subscriptions',
    type: 'GLOBAL',
    description: 'Create and delete group filter subscriptions.',
  },
  BULK_CHANGE: {
    id: '33',
    name: 'Make bulk changes',
    type: 'GLOBAL',
    description: 'Modify collections of issues at once. For example, resolve multiple issues in one step.',
  },
  ADMINISTER_PROJECTS: {
    id: '23',
    name: 'Administer Projects',
    type: 'PROJECT',
    description: 'Ability to administer a project in Jira.',
  },
  BROWSE_PROJECTS: {
    id: '10',
    name: 'Browse Projects',
    type: 'PROJECT',
    description: 'Ability to browse projects and the issues within them.',
  },
  VIEW_DEV_TOOLS: {
    id: '29',
    name: 'View Development Tools',
    type: 'PROJECT',
    description:
      'Allows users in a software project to view development-related information on the issue, such as commits, reviews and build information.',
  },
  VIEW_READONLY_WORKFLOW: {
    id: '45',
    name: 'View Read-Only Workflow',
    type: 'PROJECT',
    description: 'Users with this permission may view a read-only version of a workflow.',
  },
  CREATE_ISSUES: {
    id: '11',
    name: 'Create Issues',
    type: 'PROJECT',
    description: 'Ability to create issues.',
  },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', type: 'PROJECT', description: 'Ability to edit issues.' },
  TRANSITION_ISSUES: {
    id: '46',
    name: 'Transition Issues',
    type: 'PROJECT',
    description: 'Ability to transition issues.',
  },
  SCHEDULE_ISSUES: {
    id: '28',
    name: 'Schedule Issues',
    type: 'PROJECT',
    description: "Ability to view or edit an issue's due date.",
  },
  MOVE_ISSUES: {
    id: '25',
    name: 'Move Issues',
    type: 'PROJECT',
    description:
      'Ability to move issues between projects or between workflows of the same project (if applicable). Note the user can only move issues to a project they have the create permission for.',
  },
  ASSIGN_ISSUES: {
    id: '13',
    name: 'Assign Issues',
    type: 'PROJECT',
    description: 'Ability to assign issues to other people.',
  },
  ASSIGNABLE_USER: {
    id: '17',
    name: 'Assignable User',
    type: 'PROJECT',
    description: 'Users with this permission may be assigned to issues.',
  },
  RESOLVE_ISSUES: {
    id: '14',
    name: 'Resolve Issues',
    type: 'PROJECT',
    description: 'Ability to resolve and reopen issues. This includes the ability to set a fix version.',
  },
  CLOSE_ISSUES: {
    id: '18',
    name: 'Close Issues',
    type: 'PROJECT',
    description:
      'Ability to close issues. Often useful where your developers resolve issues, and a QA department closes them.',
  },
  MODIFY_REPORTER: {
    id: '30',
    name: 'Modify Reporter',
    type: 'PROJECT',
    description: 'Ability to modify the reporter when creating or editing an issue.',
  },
  DELETE_ISSUES: {
    id: '16',
    name: 'Delete Issues',
    type: 'PROJECT',
    description: 'Ability to delete issues.',
  },
  LINK_ISSUES: {
    id: '21',
    name: 'Link Issues',
    type: 'PROJECT',
    description:
      'Ability to link issues together and create linked issues. Only useful if issue linking is turned on.',
  },
  SET_ISSUE_SECURITY: {
    id: '26',
    name: 'Set Issue Security',
    type: 'PROJECT',
    description:
      'Ability to set the level of security on an issue so that only people in that security level can see the issue.',
  },
  VIEW_VOTERS_AND_WATCHERS: {
    id: '31',
    name: 'View Voters and Watchers',
    type: 'PROJECT',
    description: 'Ability to view the voters and watchers of an issue.',
  },
  MANAGE_WATCHERS: {
    id: '32',
    name: 'Manage Watchers',
    type: 'PROJECT',
    description: 'Ability to manage the watchers of an issue.',
  },
  ADD_COMMENTS: {
    id: '15',
    name: 'Add Comments',
    type: 'PROJECT',
    description: 'Ability to comment on issues.',
  },
  EDIT_ALL_COMMENTS: {
    id: '34',
    name: 'Edit All Comments',
    type: 'PROJECT',
    description: 'Ability to edit all comments made on issues.',
  },
  EDIT_OWN_COMMENTS: {
    id: '35',
    name: 'Edit Own Comments',
    type: 'PROJECT',
    description: 'Ability to edit own comments made on issues.',
  },
  DELETE_ALL_COMMENTS: {
    id: '36',
    name: 'Delete All Comments',
    type: 'PROJECT',
    description: 'Ability to delete all comments made on issues.',
  },
  DELETE_OWN_COMMENTS: {
    id: '37',
    name: 'Delete Own Comments',
    type: 'PROJECT',
    description: 'Ability to delete own comments made on issues.',
  },
  CREATE_ATTACHMENTS: {
    id: '19',
    name: 'Create Attachments',
    type: 'PROJECT',
    description: 'Users with this permission may create attachments.',
  },
  DELETE_ALL_ATTACHMENTS: {
    id: '38',
    name: 'Delete All Attachments',
    type: 'PROJECT',
    description: 'Users with this permission may delete all attachments.',
  },
  DELETE_OWN_ATTACHMENTS: {
    id: '39',
    name: 'Delete Own Attachments',
    type: 'PROJECT',
    description: 'Users with this permission may delete own attachments.',
  },
  WORK_ON_ISSUES: {
    id: '20',
    name: 'Work On Issues',
    type: 'PROJECT',
    description: 'Ability to log work done against an issue. Only useful if Time Tracking is turned on.',
  },
  EDIT_OWN_WORKLOGS: {
    id: '40',
    name: 'Edit Own Worklogs',
    type: 'PROJECT',
    description: 'Ability to edit own worklogs made on issues.',
  },
  EDIT_ALL_WORKLOGS: {
    id: '41',
    name: 'Edit All Worklogs',
    type: 'PROJECT',
    description: 'Ability to edit all worklogs made on issues.',
  },
  DELETE_OWN_WORKLOGS: {
    id: '42',
    name: 'Delete Own Worklogs',
    type: 'PROJECT',
    description: 'Ability to delete own worklogs made on issues.',
  },
  DELETE_ALL_WORKLOGS: {
    id: '43',
    name: 'Delete All Worklogs',
    type: 'PROJECT',
    description: 'Ability to delete all worklogs made on issues.',
  },
} as const satisfies Record<string, PermissionInfo>;

export type PermissionKey = keyof typeof PERMISSIONS;

export function isPermissionKey(key: string): key is PermissionKey {
  return Object.prototype.hasOwnProperty.call(PERMISSIONS, key);
}

export const PROJECT_PERMISSION_KEYS = (Object.keys(PERMISSIONS) as PermissionKey[]).filter(
  (key) => PERMISSIONS[key].type === 'PROJECT',
);

/** What a support agent gets in a project: work on issues, not administer them. */
export const AGENT_PERMISSIONS: PermissionKey[] = [
  'BROWSE_PROJECTS',
  'CREATE_ISSUES',
  'EDIT_ISSUES',
  'TRANSITION_ISSUES',
  'SCHEDULE_ISSUES',
  'ASSIGN_ISSUES',
  'ASSIGNABLE_USER',
  'RESOLVE_ISSUES',
  'CLOSE_ISSUES',
  'LINK_ISSUES',
  'VIEW_VOTERS_AND_WATCHERS',
  'ADD_COMMENTS',
  'EDIT_OWN_COMMENTS',
  'DELETE_OWN_COMMENTS',
  'CREATE_ATTACHMENTS',
  'DELETE_OWN_ATTACHMENTS',
  'WORK_ON_ISSUES',
  'EDIT_OWN_WORKLOGS',
  'DELETE_OWN_WORKLOGS',
];

export const BROWSE_ONLY_PERMISSIONS: PermissionKey[] = ['BROWSE_PROJECTS'];
