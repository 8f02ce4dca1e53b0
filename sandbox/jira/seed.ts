/**
 * Who uses the simulated site and what is in it. The 'demo' seed has two projects,
 * SUP "Support" (Support workflow; Bug requires "Customer impact", which has no
 * default) and ENG "Engineering" (a workflow with gaps), plus a few issues with
 * comments, an attachment, history and one moved issue.
 */
import { textToAdf } from './adfValidate.js';
import type { SimContext } from './mutations.js';
import {
  addAttachments,
  addComment,
  createIssue,
  editIssue,
  moveIssue,
  transitionIssue,
} from './mutations.js';
import { AGENT_PERMISSIONS, BROWSE_ONLY_PERMISSIONS, PROJECT_PERMISSION_KEYS } from './permissions.js';
import { FIELD_IDS } from './siteConfig.js';
import type { IssueTypeScheme, ProjectDef, Role, SimAccount, SimUser } from './types.js';

export interface JiraSeedOptions {
  /** Create the demo issues (default true). Without them the projects start empty. */
  issues?: boolean;
  /** Extra generated Support tasks, to exercise paging (default 0). */
  bulkIssues?: number;
  /** Grant the app account the ADMINISTER global permission (default false). */
  appIsAdmin?: boolean;
  /** Largest attachment accepted, in bytes (default 10 MiB); larger uploads get 413. */
  attachmentMaxBytes?: number;
}

export type SeedOption = 'demo' | false | JiraSeedOptions;

export function resolveSeed(seed: SeedOption | undefined): Required<JiraSeedOptions> {
  const base: Required<JiraSeedOptions> = {
    issues: true,
    bulkIssues: 0,
    appIsAdmin: false,
    attachmentMaxBytes: 10 * 1024 * 1024,
  };
  if (seed === undefined || seed === 'demo') return base;
  if (seed === false) return { ...base, issues: false };
  return { ...base, ...seed };
}

interface UserSeed extends SimUser {
  role: Role;
}

export const USERS: readonly UserSeed[] = [
  {
    role: 'admin',
    accountId: '60a1f0c2d3e4b5a6c7d8e901',
    email: 'ada.admin@example.com',
    displayName: 'Ada Admin',
    apiToken: 'sim-api-token-admin',
    accessToken: 'sim-access-token-admin',
  },
  {
    role: 'agent',
    accountId: '60a1f0c2d3e4b5a6c7d8e902',
    email: 'alex.agent@example.com',
    displayName: 'Alex Agent',
    apiToken: 'sim-api-token-agent',
    accessToken: 'sim-access-token-agent',
  },
  {
    role: 'browse',
    accountId: '60a1f0c2d3e4b5a6c7d8e903',
    email: 'bea.browser@example.com',
    displayName: 'Bea Browser',
    apiToken: 'sim-api-token-browse',
    accessToken: 'sim-access-token-browse',
  },
  {
    role: 'none',
    accountId: '60a1f0c2d3e4b5a6c7d8e904',
    email: 'nick.noaccess@example.com',
    displayName: 'Nick Noaccess',
    apiToken: 'sim-api-token-none',
    accessToken: 'sim-access-token-none',
  },
];

export const APP_ACCOUNT: SimAccount = {
  accountId: '60a1f0c2d3e4b5a6c7d8e9a0',
  accountType: 'app',
  displayName: 'Zendesk Connector for Jira',
  email: null,
  apiToken: null,
  accessToken: 'sim-access-token-app',
  timeZone: 'Etc/UTC',
  locale: 'en_US',
};

function userByRole(role: Role): UserSeed {
  const user = USERS.find((u) => u.role === role);
  if (user === undefined) throw new Error(`no ${role} user`);
  return user;
}

const TASK_FIELDS = [
  'summary',
  'description',
  'priority',
  'labels',
  'duedate',
  'assignee',
  'reporter',
  FIELD_IDS.externalReference,
  FIELD_IDS.affectedUsers,
  FIELD_IDS.targetDate,
  FIELD_IDS.supportTags,
];
const BUG_FIELDS = [
  'summary',
  'description',
  'environment',
  'priority',
  'labels',
  'assignee',
  'reporter',
  FIELD_IDS.customerImpact,
  FIELD_IDS.stepsToReproduce,
  FIELD_IDS.externalReference,
  FIELD_IDS.affectedUsers,
];
const ENG_FIELDS = ['summary', 'description', 'priority', 'labels', 'assignee', 'reporter'];

function scheme(
  issueTypeId: string,
  workflow: string,
  createFields: string[],
  required: string[],
): IssueTypeScheme {
  return {
    issueTypeId,
    workflow,
    createFields,
    required,
    editFields: createFields.filter((f) => f !== 'reporter'),
  };
}

function projects(): ProjectDef[] {
  const admin = userByRole('admin');
  const agent = userByRole('agent');
  const browse = userByRole('browse');
  const grants = {
    [agent.accountId]: [...AGENT_PERMISSIONS],
    [browse.accountId]: [...BROWSE_ONLY_PERMISSIONS],
    [APP_ACCOUNT.accountId]: [...PROJECT_PERMISSION_KEYS],
  };
  return [
    {
      id: '10000',
      key: 'SUP',
      name: 'Support',
      description: 'Customer problems escalated from support.',
      projectTypeKey: 'software',
      leadAccountId: admin.accountId,
      issueTypes: [
        scheme('10001', 'Support workflow', TASK_FIELDS, ['summary']),
        scheme('10002', 'Support workflow', BUG_FIELDS, ['summary', FIELD_IDS.customerImpact]),
      ],
      grants: structuredClone(grants),
    },
    {
      id: '10001',
      key: 'ENG',
      name: 'Engineering',
      description: 'Product engineering.',
      projectTypeKey: 'software',
      leadAccountId: admin.accountId,
      issueTypes: [
        scheme('10001', 'Engineering workflow', ENG_FIELDS, ['summary']),
        scheme(
          '10002',
          'Engineering workflow',
          [...ENG_FIELDS, 'environment', FIELD_IDS.stepsToReproduce],
          ['summary'],
        ),
      ],
      grants: structuredClone(grants),
    },
  ];
}

export function seedSite(ctx: SimContext, options: Required<JiraSeedOptions>): void {
  const { state } = ctx;
  state.clear();
  state.settings = { attachmentMaxBytes: options.attachmentMaxBytes };
  for (const user of USERS) {
    state.accounts.set(user.accountId, {
      accountId: user.accountId,
      accountType: 'atlassian',
      displayName: user.displayName,
      email: user.email,
      apiToken: user.apiToken,
      accessToken: user.accessToken,
      timeZone: 'Europe/Berlin',
      locale: 'en_US',
    });
  }
  state.accounts.set(APP_ACCOUNT.accountId, { ...APP_ACCOUNT });
  state.administrators.add(userByRole('admin').accountId);
  if (options.appIsAdmin) state.administrators.add(APP_ACCOUNT.accountId);
  for (const project of projects()) state.projects.set(project.id, project);
  if (options.issues) seedIssues(ctx);
  for (let i = 1; i <= options.bulkIssues; i++) {
    createIssue(ctx, userByRole('agent').accountId, {
      fields: { project: { key: 'SUP' }, issuetype: { id: '10001' }, summary: `Generated task ${i}` },
    });
  }
}

function seedIssues(ctx: SimContext): void {
  const { state } = ctx;
  const admin = userByRole('admin').accountId;
  const agent = userByRole('agent').accountId;
  const byKey = (key: string) => {
    const issue = state.issue(key);
    if (issue === undefined) throw new Error(`seed issue ${key} missing`);
    return issue;
  };
  createIssue(ctx, agent, {
    fields: {
      project: { key: 'SUP' },
      issuetype: { name: 'Bug' },
      summary: 'Customers cannot log in with SSO',
      description: textToAdf('Since this morning, SAML logins fail with an expired-certificate error.'),
      priority: { name: 'High' },
      labels: ['sso', 'login'],
      [FIELD_IDS.customerImpact]: { value: 'High' },
      [FIELD_IDS.affectedUsers]: 120,
      assignee: { accountId: agent },
    },
  });
  createIssue(ctx, agent, {
    fields: {
      project: { key: 'SUP' },
      issuetype: { name: 'Task' },
      summary: 'Export to CSV times out for large accounts',
      description: textToAdf('Exports over 50,000 rows never finish.'),
      [FIELD_IDS.externalReference]: 'ACME-1432',
      [FIELD_IDS.targetDate]: '2030-06-30',
      [FIELD_IDS.supportTags]: ['export'],
    },
  });
  createIssue(ctx, admin, {
    fields: {
      project: { key: 'SUP' },
      issuetype: { name: 'Task' },
      summary: 'Invoice PDF is missing the logo',
      priority: { name: 'Low' },
    },
  });
  createIssue(ctx, agent, {
    fields: {
      project: { key: 'SUP' },
      issuetype: { name: 'Task' },
      summary: 'Webhook retries pile up after an outage',
    },
  });
  createIssue(ctx, admin, {
    fields: {
      project: { key: 'ENG' },
      issuetype: { name: 'Task' },
      summary: 'Rate limiter for the public API',
    },
  });
  createIssue(ctx, admin, {
    fields: {
      project: { key: 'ENG' },
      issuetype: { name: 'Bug' },
      summary: 'Memory leak in the export worker',
    },
  });

  transitionIssue(ctx, agent, byKey('SUP-1'), '11');
  addComment(ctx, agent, byKey('SUP-1'), { body: textToAdf('Reproduced with the Okta test tenant.') });
  addComment(ctx, admin, byKey('SUP-1'), { body: textToAdf('The IdP certificate rotated last night.') });
  addAttachments(ctx, agent, byKey('SUP-1'), [
    {
      filename: 'saml-trace.txt',
      mimeType: 'text/plain',
      content: Buffer.from('SAMLResponse: expired certificate\n'),
    },
  ]);
  transitionIssue(ctx, admin, byKey('SUP-3'), '31');
  editIssue(ctx, agent, byKey('SUP-2'), { update: { labels: [{ add: 'performance' }] } });
  transitionIssue(ctx, admin, byKey('ENG-1'), '11');
  // SUP-4 became an engineering task: its old key keeps resolving to ENG-3.
  const engineering = state.project('ENG');
  if (engineering === undefined) throw new Error('ENG missing');
  moveIssue(ctx, admin, byKey('SUP-4'), engineering);
}
