/**
 * A Jira client (the app's own, src/jira/client.ts) over a stand-in Jira that answers each
 * path from a table, for the unit tests of what the admin resolvers read from Jira: projects,
 * issue types, create metadata, fields, priorities. No retries, so a refusal shows at once.
 */
import type { APIResponse, Route } from '@forge/api';
import { jiraClient, type JiraClient } from '../../src/jira/client';
import type { JiraFieldCreateMetadata } from '../../src/jira/schemas';

/** Jira answers by path (without query); unknown paths are 404 ErrorCollections. */
export function jiraWith(routes: Record<string, unknown>): { client: JiraClient; seen: string[] } {
  const seen: string[] = [];
  const client = jiraClient('app', {
    maxAttempts: 1,
    requester: async (path: Route) => {
      const p = path.value.split('?')[0]!;
      seen.push(p);
      const body = routes[p];
      const res =
        body === undefined
          ? new Response(JSON.stringify({ errorMessages: ['Not found'], errors: {} }), { status: 404 })
          : new Response(JSON.stringify(body), { status: 200 });
      return res as unknown as APIResponse;
    },
  });
  return { client, seen };
}

/** One page of create metadata (GET .../createmeta/{project}/issuetypes/{type}) holding `fields`. */
export function createMetaPage(
  fields: Partial<JiraFieldCreateMetadata>[],
  defaults: Partial<JiraFieldCreateMetadata> = {},
) {
  return {
    fields: fields.map((f) => ({ key: f.fieldId, operations: ['set'], ...defaults, ...f })),
    startAt: 0,
    maxResults: 200,
    total: fields.length,
  };
}

/** The Support project's issue types: two standard ones and a sub-task. */
export const SUPPORT_ISSUE_TYPES = [
  { id: '1', name: 'Task', subtask: false },
  { id: '2', name: 'Bug', subtask: false },
  { id: '3', name: 'Sub-task', subtask: true },
];
