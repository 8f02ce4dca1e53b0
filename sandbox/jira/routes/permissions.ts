/**
 * `GET /rest/api/3/mypermissions` [spec getMyPermissions]: a project permission is
 * held in the global context if the user has it in any project; in a project or
 * issue context, in that project. Global permissions ignore the context.
 */
import { JiraError, MESSAGES } from '../errors.js';
import { PERMISSIONS, isPermissionKey, type PermissionKey } from '../permissions.js';
import type { RouteDef } from '../router.js';
import type { ProjectDef } from '../types.js';
import { json, listQuery } from './common.js';

export const permissionRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/mypermissions',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const accountId = ctx.account.accountId;
      const requested = listQuery(ctx, 'permissions');
      if (requested.length === 0) {
        throw JiraError.badRequest("The 'permissions' query parameter is required.");
      }
      const unknown = requested.filter((key) => !isPermissionKey(key));
      if (unknown.length > 0) {
        throw JiraError.badRequest(`Unrecognized permission keys: ${unknown.join(', ')}.`);
      }
      const keys = requested.filter(isPermissionKey);

      let project: ProjectDef | null = null;
      const issueRef = ctx.query.get('issueId') ?? ctx.query.get('issueKey');
      const projectRef = ctx.query.get('projectId') ?? ctx.query.get('projectKey');
      const commentId = ctx.query.get('commentId');
      if (commentId !== null) {
        if (keys.some((k) => k !== 'BROWSE_PROJECTS')) {
          throw JiraError.badRequest('Only the BROWSE_PROJECTS permission is supported with commentId.');
        }
        const comment = state.comments.get(commentId);
        const issue = comment === undefined ? undefined : state.issues.get(comment.issueId);
        if (issue === undefined || !state.canBrowse(accountId, state.projectOf(issue))) {
          throw new JiraError(404, [`Can not find a comment for the id: ${commentId}.`]);
        }
        project = state.projectOf(issue);
      } else if (issueRef !== null) {
        const issue = state.issue(issueRef);
        if (issue === undefined || !state.canBrowse(accountId, state.projectOf(issue))) {
          throw new JiraError(404, [MESSAGES.issueNotFound]);
        }
        project = state.projectOf(issue);
      } else if (projectRef !== null) {
        const found = state.project(projectRef);
        if (found === undefined || !state.canBrowse(accountId, found)) {
          throw new JiraError(404, [MESSAGES.projectNotFound(projectRef)]);
        }
        project = found;
      }

      const have = (key: PermissionKey): boolean => {
        if (PERMISSIONS[key].type === 'GLOBAL') {
          // Site administrators hold the global permissions; every licensed user may pick users.
          return state.isAdmin(accountId) || key === 'USER_PICKER';
        }
        return project === null ? state.canAnywhere(accountId, key) : state.can(accountId, project, key);
      };
      const permissions: Record<string, unknown> = {};
      for (const key of keys) {
        const info = PERMISSIONS[key];
        permissions[key] = {
          id: info.id,
          key,
          name: info.name,
          type: info.type,
          description: info.description,
          havePermission: have(key),
        };
      }
      return json(200, { permissions });
    },
  },
];
