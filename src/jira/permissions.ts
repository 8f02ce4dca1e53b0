/**
 * Who is calling and what they may do: the current account, its permissions globally or in a
 * project or issue, and whether it administers Jira (the admin page's gate).
 */
import { route } from '@forge/api';
import { myPermissionsSchema, myselfSchema, type JiraMyself } from './schemas';
import { idParam, type JiraTransport } from './transport';

export interface JiraPermissionCalls {
  myself(): Promise<JiraMyself>;
  hasPermissions(
    keys: readonly string[],
    context?: { projectId?: string; issueId?: string },
  ): Promise<Record<string, boolean>>;
  isJiraAdmin(): Promise<boolean>;
}

export function permissionCalls(t: JiraTransport): JiraPermissionCalls {
  const calls: JiraPermissionCalls = {
    async myself() {
      return t.get(route`/rest/api/3/myself`, myselfSchema);
    },

    async hasPermissions(keys, context = {}) {
      if (keys.length === 0) return {};
      const params = new URLSearchParams({ permissions: keys.join(',') });
      if (context.projectId !== undefined) params.set('projectId', idParam(context.projectId, 'project id'));
      if (context.issueId !== undefined) params.set('issueId', idParam(context.issueId, 'issue id'));
      const res = await t.get(route`/rest/api/3/mypermissions?${params}`, myPermissionsSchema);
      const out: Record<string, boolean> = {};
      for (const key of keys) out[key] = res.permissions[key]?.havePermission === true;
      return out;
    },

    async isJiraAdmin() {
      return (await calls.hasPermissions(['ADMINISTER'])).ADMINISTER === true;
    },
  };
  return calls;
}
