/**
 * Jira REST shapes for the site's configuration records: users, projects, issue
 * types, statuses, priorities, options. Property sets follow the spec schemas
 * (`UserDetails`, `User`, `ProjectDetails`, `IssueTypeDetails`, `StatusDetails`,
 * `Priority`), several of which forbid additional properties.
 */
import type { JiraState } from './state.js';
import type { IssueTypeDef, OptionDef, PriorityDef, ProjectDef, SimAccount, StatusDef } from './types.js';

/** Jira's timestamp format, e.g. 2021-01-20T15:58:12.797+0000 (UTC here). */
export function jiraDate(date: Date): string {
  return date.toISOString().replace('Z', '+0000');
}

function avatarUrls(base: string, kind: 'user' | 'project', id: string): Record<string, string> {
  const urls: Record<string, string> = {};
  for (const size of [16, 24, 32, 48])
    urls[`${size}x${size}`] = `${base}/__sim/avatar/${kind}/${id}?size=${size}`;
  return urls;
}

/** `UserDetails` (comment authors, assignee, changelog authors). */
export function userDetails(state: JiraState, account: SimAccount): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/user?accountId=${account.accountId}`,
    accountId: account.accountId,
    ...(account.email === null ? {} : { emailAddress: account.email }),
    avatarUrls: avatarUrls(state.baseUrl, 'user', account.accountId),
    displayName: account.displayName,
    active: true,
    timeZone: account.timeZone,
    accountType: account.accountType,
  };
}

/** `User` (myself, project lead, attachment metadata author). */
export function userBean(state: JiraState, account: SimAccount): Record<string, unknown> {
  return { ...userDetails(state, account), locale: account.locale };
}

export function userById(state: JiraState, accountId: string): Record<string, unknown> {
  const account = state.account(accountId);
  if (account === undefined)
    return { accountId, active: false, displayName: 'Former user', accountType: 'unknown' };
  return userDetails(state, account);
}

export function projectDetails(state: JiraState, project: ProjectDef): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/project/${project.id}`,
    id: project.id,
    key: project.key,
    name: project.name,
    projectTypeKey: project.projectTypeKey,
    simplified: false,
    avatarUrls: avatarUrls(state.baseUrl, 'project', project.id),
  };
}

export function issueTypeDetails(state: JiraState, type: IssueTypeDef): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/issuetype/${type.id}`,
    id: type.id,
    description: type.description,
    iconUrl: `${state.baseUrl}/rest/api/2/universal_avatar/view/type/issuetype/avatar/${type.avatarId}?size=medium`,
    name: type.name,
    subtask: false,
    avatarId: type.avatarId,
    hierarchyLevel: 0,
  };
}

export function statusCategoryBean(state: JiraState, categoryId: number): Record<string, unknown> {
  const category = state.category(categoryId);
  return {
    self: `${state.baseUrl}/rest/api/3/statuscategory/${category.id}`,
    id: category.id,
    key: category.key,
    colorName: category.colorName,
    name: category.name,
  };
}

export function statusDetails(state: JiraState, status: StatusDef): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/status/${status.id}`,
    description: status.description,
    iconUrl: `${state.baseUrl}/images/icons/statuses/generic.png`,
    name: status.name,
    untranslatedName: status.name,
    id: status.id,
    statusCategory: statusCategoryBean(state, status.categoryId),
  };
}

function priorityIcon(state: JiraState, priority: PriorityDef): string {
  return `${state.baseUrl}/images/icons/priorities/${priority.name.toLowerCase()}.svg`;
}

/** `Priority` as `GET /priority` lists it. */
export function priorityBean(state: JiraState, priority: PriorityDef): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/priority/${priority.id}`,
    statusColor: priority.statusColor,
    description: priority.description,
    iconUrl: priorityIcon(state, priority),
    name: priority.name,
    id: priority.id,
    isDefault: priority.isDefault,
  };
}

/** The short priority object inside issue fields and createmeta. */
export function priorityRef(state: JiraState, priority: PriorityDef): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/priority/${priority.id}`,
    iconUrl: priorityIcon(state, priority),
    name: priority.name,
    id: priority.id,
  };
}

export function optionBean(state: JiraState, option: OptionDef): Record<string, unknown> {
  return {
    self: `${state.baseUrl}/rest/api/3/customFieldOption/${option.id}`,
    value: option.value,
    id: option.id,
  };
}
