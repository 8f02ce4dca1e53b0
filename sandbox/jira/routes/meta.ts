/**
 * Site metadata: current user, issue types, fields, priorities, statuses, status
 * categories, and create metadata (`/issue/createmeta/{projectIdOrKey}/issuetypes[/{id}]`).
 */
import { JiraError, MESSAGES } from '../errors.js';
import { fieldMetadata } from '../renderIssue.js';
import { issueTypeDetails, priorityBean, statusDetails } from '../render.js';
import type { RequestContext, RouteDef } from '../router.js';
import type { ProjectDef } from '../types.js';
import { intQuery, json, listQuery, offsetPaging, pageLinks, param, visibleProject } from './common.js';

/** createmeta is refused with a 400 when the caller cannot create issues there [3p mattermost-plugin-jira#912]. */
function creatableProject(ctx: RequestContext): ProjectDef {
  const { state } = ctx.sim;
  const idOrKey = param(ctx, 'projectIdOrKey');
  const project = state.project(idOrKey);
  if (project === undefined || !state.canBrowse(ctx.account.accountId, project)) {
    throw JiraError.badRequest(MESSAGES.projectNotFound(idOrKey));
  }
  if (!state.can(ctx.account.accountId, project, 'CREATE_ISSUES')) {
    throw JiraError.badRequest('You do not have permission to create issues in this project.');
  }
  return project;
}

/** startAt/maxResults for createmeta: default 50, at most 200 [spec example 400 wording]. */
function createMetaPage(ctx: RequestContext): { startAt: number; maxResults: number } {
  const maxResults = intQuery(ctx, 'maxResults', 50);
  if (maxResults > 200) {
    throw JiraError.badRequest("Parameter 'maxResults' must not exceed the limit '200'");
  }
  return { startAt: intQuery(ctx, 'startAt', 0), maxResults };
}

export const metaRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/issuetype',
    handler: (ctx) => {
      const { state } = ctx.sim;
      // Users see the issue types of the projects they can browse; administrators see all.
      const visible = new Set(
        state.isAdmin(ctx.account.accountId)
          ? [...state.issueTypes.keys()]
          : state
              .visibleProjects(ctx.account.accountId)
              .flatMap((p) => p.issueTypes.map((s) => s.issueTypeId)),
      );
      return json(
        200,
        [...state.issueTypes.values()]
          .filter((t) => visible.has(t.id))
          .map((t) => issueTypeDetails(state, t)),
      );
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/issuetype/project',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const projectId = ctx.query.get('projectId');
      if (projectId === null || !/^\d+$/.test(projectId)) {
        throw JiraError.badRequest("The 'projectId' parameter must be a project id.");
      }
      const project = visibleProject(ctx, projectId);
      return json(
        200,
        project.issueTypes.flatMap((s) => {
          const type = state.issueTypes.get(s.issueTypeId);
          return type === undefined ? [] : [issueTypeDetails(state, type)];
        }),
      );
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/field',
    handler: (ctx) =>
      json(
        200,
        [...ctx.sim.state.fields.values()].map((f) => ({
          id: f.id,
          key: f.id,
          name: f.name,
          custom: f.custom,
          orderable: f.orderable,
          navigable: f.navigable,
          searchable: f.searchable,
          clauseNames: f.clauseNames,
          schema: f.schema,
        })),
      ),
  },
  {
    method: 'GET',
    template: '/rest/api/3/priority',
    handler: (ctx) =>
      json(
        200,
        ctx.sim.state.priorities.map((p) => priorityBean(ctx.sim.state, p)),
      ),
  },
  {
    method: 'GET',
    template: '/rest/api/3/priority/search',
    handler: (ctx) => {
      const { state } = ctx.sim;
      // Default 50 [spec searchPriorities]; the cap of 100 is [unverified], the common PageBean cap.
      const { startAt, maxResults } = offsetPaging(ctx, 50, 100);
      const ids = listQuery(ctx, 'id');
      const name = ctx.query.get('priorityName')?.toLowerCase() ?? '';
      const onlyDefault = ctx.query.get('onlyDefault') === 'true';
      // Every project uses the default priority scheme, so projectId does not narrow the list;
      // unknown or invisible projects still match nothing.
      const projectIds = listQuery(ctx, 'projectId');
      const projectsOk = projectIds.every((id) => {
        const project = state.project(id);
        return project !== undefined && state.canBrowse(ctx.account.accountId, project);
      });
      const matching = (projectsOk ? state.priorities : [])
        .filter((p) => ids.length === 0 || ids.includes(p.id))
        .filter((p) => name === '' || p.name.toLowerCase().includes(name))
        .filter((p) => !onlyDefault || p.isDefault);
      return json(200, {
        ...pageLinks(ctx, startAt, maxResults, matching.length),
        maxResults,
        startAt,
        total: matching.length,
        values: matching.slice(startAt, startAt + maxResults).map((p) => priorityBean(state, p)),
      });
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/status',
    handler: (ctx) =>
      json(
        200,
        [...ctx.sim.state.statuses.values()].map((s) => statusDetails(ctx.sim.state, s)),
      ),
  },
  {
    method: 'GET',
    template: '/rest/api/3/statuscategory',
    handler: (ctx) => {
      const { state } = ctx.sim;
      // [unverified] id 1 "undefined" (No Category) exists on real sites; no status here uses it.
      const noCategory = {
        self: `${state.baseUrl}/rest/api/3/statuscategory/1`,
        id: 1,
        key: 'undefined',
        colorName: 'medium-gray',
        name: 'No Category',
      };
      return json(200, [
        noCategory,
        ...state.statusCategories.map((c) => ({
          self: `${state.baseUrl}/rest/api/3/statuscategory/${c.id}`,
          id: c.id,
          key: c.key,
          colorName: c.colorName,
          name: c.name,
        })),
      ]);
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const project = creatableProject(ctx);
      const { startAt, maxResults } = createMetaPage(ctx);
      const types = project.issueTypes.flatMap((s) => {
        const type = state.issueTypes.get(s.issueTypeId);
        return type === undefined ? [] : [issueTypeDetails(state, type)];
      });
      return json(200, {
        issueTypes: types.slice(startAt, startAt + maxResults),
        maxResults,
        startAt,
        total: types.length,
      });
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const project = creatableProject(ctx);
      const { startAt, maxResults } = createMetaPage(ctx);
      const issueTypeId = param(ctx, 'issueTypeId');
      const scheme = state.scheme(project, issueTypeId);
      if (scheme === undefined) {
        throw JiraError.badRequest(
          `The issue type with id '${issueTypeId}' does not exist or is not used by this project.`,
        );
      }
      const fields = ['issuetype', 'project', ...scheme.createFields].flatMap((fieldId) => {
        const field = state.field(fieldId);
        if (field === undefined) return [];
        const required =
          fieldId === 'issuetype' || fieldId === 'project' || scheme.required.includes(fieldId);
        const meta = fieldMetadata(state, project, field, required || fieldId === 'reporter', 'create');
        return [{ ...meta, fieldId }];
      });
      return json(200, {
        fields: fields.slice(startAt, startAt + maxResults),
        maxResults,
        startAt,
        total: fields.length,
      });
    },
  },
];
