/** Projects: `GET /project/search`, `GET /project/{projectIdOrKey}`, `GET /project/{projectIdOrKey}/statuses`. */
import { JiraError } from '../errors.js';
import { issueTypeDetails, projectDetails, statusDetails, userBean } from '../render.js';
import type { RequestContext, RouteDef } from '../router.js';
import type { JiraState } from '../state.js';
import type { ProjectDef } from '../types.js';
import { expandQuery, json, listQuery, offsetPaging, pageLinks, param, visibleProject } from './common.js';

const PROJECT_EXPAND = 'description,lead,issueTypes,url,projectKeys,permissions,insight';

function issueTypes(state: JiraState, project: ProjectDef): Record<string, unknown>[] {
  return project.issueTypes.flatMap((s) => {
    const type = state.issueTypes.get(s.issueTypeId);
    return type === undefined ? [] : [issueTypeDetails(state, type)];
  });
}

function insight(state: JiraState, project: ProjectDef): Record<string, unknown> {
  const issues = [...state.issues.values()].filter((i) => i.projectId === project.id);
  const last = issues.reduce<Date | null>(
    (acc, i) => (acc === null || i.updated > acc ? i.updated : acc),
    null,
  );
  return {
    totalIssueCount: issues.length,
    ...(last === null ? {} : { lastIssueUpdateTime: last.toISOString().replace('Z', '+0000') }),
  };
}

function projectBean(
  ctx: RequestContext,
  project: ProjectDef,
  expand: Set<string>,
  full: boolean,
): Record<string, unknown> {
  const { state } = ctx.sim;
  const base = projectDetails(state, project);
  const bean: Record<string, unknown> = {
    expand: PROJECT_EXPAND,
    ...base,
    style: 'classic',
    isPrivate: false,
    properties: {},
  };
  const lead = state.account(project.leadAccountId);
  if (full || expand.has('description')) bean.description = project.description;
  if ((full || expand.has('lead')) && lead !== undefined) bean.lead = userBean(state, lead);
  if (full || expand.has('issueTypes')) bean.issueTypes = issueTypes(state, project);
  if (expand.has('insight')) bean.insight = insight(state, project);
  if (full) {
    Object.assign(bean, {
      components: [],
      assigneeType: 'UNASSIGNED',
      versions: [],
      roles: {
        Administrators: `${state.baseUrl}/rest/api/3/project/${project.id}/role/10002`,
        'atlassian-addons-project-access': `${state.baseUrl}/rest/api/3/project/${project.id}/role/10003`,
      },
    });
  }
  return bean;
}

const ORDERINGS: Record<string, (a: ProjectDef, b: ProjectDef) => number> = {
  key: (a, b) => a.key.localeCompare(b.key),
  name: (a, b) => a.name.localeCompare(b.name),
  id: (a, b) => Number(a.id) - Number(b.id),
  category: (a, b) => a.key.localeCompare(b.key),
};

export const projectRoutes: RouteDef[] = [
  {
    method: 'GET',
    template: '/rest/api/3/project/search',
    handler: (ctx) => {
      const { state } = ctx.sim;
      // maxResults above 100 is clamped, not refused [spec searchProjects].
      const { startAt, maxResults } = offsetPaging(ctx, 50, 100);
      const ids = listQuery(ctx, 'id');
      const keys = listQuery(ctx, 'keys').map((k) => k.toUpperCase());
      const query = ctx.query.get('query')?.toLowerCase() ?? '';
      const typeKey = ctx.query.get('typeKey');
      const orderBy = ctx.query.get('orderBy') ?? 'key';
      const descending = orderBy.startsWith('-');
      const order = ORDERINGS[orderBy.replace(/^[-+]/, '')];
      if (order === undefined)
        throw JiraError.badRequest(`The value '${orderBy}' is not valid for the parameter 'orderBy'.`);
      let projects = state
        .visibleProjects(ctx.account.accountId)
        .filter((p) => ids.length === 0 || ids.includes(p.id))
        .filter((p) => keys.length === 0 || keys.includes(p.key))
        .filter(
          (p) => query === '' || p.key.toLowerCase().includes(query) || p.name.toLowerCase().includes(query),
        )
        .filter((p) => typeKey === null || typeKey.split(',').includes(p.projectTypeKey))
        .sort(order);
      if (descending) projects = projects.reverse();
      // 404 when explicitly requested projects match nothing [spec: "no projects matching the search criteria"].
      if (projects.length === 0 && (ids.length > 0 || keys.length > 0)) {
        throw new JiraError(404, ['No projects were found matching the search criteria.']);
      }
      const expand = expandQuery(ctx);
      const page = projects.slice(startAt, startAt + maxResults);
      return json(200, {
        ...pageLinks(ctx, startAt, maxResults, projects.length),
        maxResults,
        startAt,
        total: projects.length,
        values: page.map((p) => projectBean(ctx, p, expand, false)),
      });
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/project/{projectIdOrKey}',
    handler: (ctx) => {
      const project = visibleProject(ctx, param(ctx, 'projectIdOrKey'));
      return json(200, projectBean(ctx, project, expandQuery(ctx), true));
    },
  },
  {
    method: 'GET',
    template: '/rest/api/3/project/{projectIdOrKey}/statuses',
    handler: (ctx) => {
      const { state } = ctx.sim;
      const project = visibleProject(ctx, param(ctx, 'projectIdOrKey'));
      return json(
        200,
        project.issueTypes.map((scheme) => {
          const type = state.issueTypes.get(scheme.issueTypeId);
          const workflow = state.workflows.get(scheme.workflow);
          return {
            self: `${state.baseUrl}/rest/api/3/issuetype/${scheme.issueTypeId}`,
            id: scheme.issueTypeId,
            name: type?.name ?? scheme.issueTypeId,
            subtask: false,
            statuses: (workflow?.statusIds ?? []).map((id) => statusDetails(state, state.status(id))),
          };
        }),
      );
    },
  },
];
