/**
 * What the admin's mapping editor and the sync read about a Jira site: projects, their issue
 * types and create metadata, and the field, priority and status catalogs.
 */
import { route } from '@forge/api';
import type { z } from 'zod';
import {
  createMetaFieldsPageSchema,
  createMetaIssueTypesPageSchema,
  fieldsSchema,
  prioritiesSchema,
  projectSchema,
  projectSearchPageSchema,
  projectStatusesSchema,
  statusesSchema,
  type JiraField,
  type JiraFieldCreateMetadata,
  type JiraIssueType,
  type JiraPriority,
  type JiraProject,
  type JiraStatus,
} from './schemas';
import { idParam, isNotFound, MAX_PAGES, type JiraTransport } from './transport';

export interface JiraCatalogCalls {
  searchProjects(options?: { query?: string }): Promise<JiraProject[]>;
  getProject(projectIdOrKey: string): Promise<JiraProject>;
  issueTypesForProject(projectIdOrKey: string): Promise<JiraIssueType[]>;
  createMeta(projectIdOrKey: string, issueTypeId: string): Promise<JiraFieldCreateMetadata[]>;
  fields(): Promise<JiraField[]>;
  /** The priority catalog, highest first (the order Jira lists it in). */
  priorities(): Promise<JiraPriority[]>;
  statuses(): Promise<JiraStatus[]>;
  projectStatuses(projectIdOrKey: string): Promise<{ issueTypeId: string; statuses: JiraStatus[] }[]>;
}

/**
 * Reads an offset-paginated listing (`startAt`, `maxResults`) page by page: `page(startAt)`
 * answers the page's items and whether it was the last.
 */
async function readOffsetPages<T>(
  page: (startAt: number) => Promise<{ items: T[]; last: boolean }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let n = 0; n < MAX_PAGES; n++) {
    const res = await page(all.length);
    all.push(...res.items);
    if (res.last) return all;
  }
  return all;
}

export function catalogCalls(t: JiraTransport): JiraCatalogCalls {
  return {
    async searchProjects(opts = {}) {
      const all: JiraProject[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const params = new URLSearchParams({ startAt: String(all.length), maxResults: '50', orderBy: 'key' });
        if (opts.query) params.set('query', opts.query);
        let res: z.output<typeof projectSearchPageSchema>;
        try {
          res = await t.get(route`/rest/api/3/project/search?${params}`, projectSearchPageSchema);
        } catch (error) {
          // 404 means "nothing matches the criteria", not a failure
          // (docs/contracts/jira-api.md § Projects and priorities).
          if (isNotFound(error)) return all;
          throw error;
        }
        all.push(...res.values);
        const done = res.isLast ?? (res.total !== undefined ? all.length >= res.total : true);
        if (done || res.values.length === 0) return all;
      }
      return all;
    },

    async getProject(projectIdOrKey) {
      return t.get(route`/rest/api/3/project/${idParam(projectIdOrKey, 'project')}`, projectSchema);
    },

    async issueTypesForProject(projectIdOrKey) {
      const project = idParam(projectIdOrKey, 'project');
      return readOffsetPages(async (startAt) => {
        const params = new URLSearchParams({ startAt: String(startAt), maxResults: '200' });
        const res = await t.get(
          route`/rest/api/3/issue/createmeta/${project}/issuetypes?${params}`,
          createMetaIssueTypesPageSchema,
        );
        const items = res.issueTypes;
        return {
          items,
          last: items.length === 0 || res.total === undefined || startAt + items.length >= res.total,
        };
      });
    },

    async createMeta(projectIdOrKey, issueTypeId) {
      const project = idParam(projectIdOrKey, 'project');
      const type = idParam(issueTypeId, 'issue type');
      return readOffsetPages(async (startAt) => {
        const params = new URLSearchParams({ startAt: String(startAt), maxResults: '200' });
        const res = await t.get(
          route`/rest/api/3/issue/createmeta/${project}/issuetypes/${type}?${params}`,
          createMetaFieldsPageSchema,
        );
        const items = res.fields ?? res.results ?? [];
        return {
          items,
          last: items.length === 0 || res.total === undefined || startAt + items.length >= res.total,
        };
      });
    },

    async fields() {
      return t.get(route`/rest/api/3/field`, fieldsSchema);
    },

    async priorities() {
      // GET /priority is the catalog readable with read:jira-work; priority/search has no
      // OAuth scope an app can hold (Jira platform OpenAPI), so Forge apps cannot call it.
      return t.get(route`/rest/api/3/priority`, prioritiesSchema);
    },

    async statuses() {
      return t.get(route`/rest/api/3/status`, statusesSchema);
    },

    async projectStatuses(projectIdOrKey) {
      const res = await t.get(
        route`/rest/api/3/project/${idParam(projectIdOrKey, 'project')}/statuses`,
        projectStatusesSchema,
      );
      return res.map((s) => ({ issueTypeId: s.id, statuses: s.statuses }));
    },
  };
}
