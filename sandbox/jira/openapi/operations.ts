/**
 * The Jira Cloud REST v3 operations the simulator implements, as named in
 * Atlassian's OpenAPI document. extract.ts copies exactly these into
 * jira-subset.json; the contract tests check every one of them is exercised.
 */
export type HttpMethod = 'get' | 'post' | 'put' | 'delete';

export interface ImplementedOperation {
  path: string;
  method: HttpMethod;
  operationId: string;
}

export const IMPLEMENTED_OPERATIONS: readonly ImplementedOperation[] = [
  { path: '/rest/api/3/myself', method: 'get', operationId: 'getCurrentUser' },
  { path: '/rest/api/3/project/search', method: 'get', operationId: 'searchProjects' },
  { path: '/rest/api/3/project/{projectIdOrKey}', method: 'get', operationId: 'getProject' },
  { path: '/rest/api/3/project/{projectIdOrKey}/statuses', method: 'get', operationId: 'getAllStatuses' },
  { path: '/rest/api/3/issuetype', method: 'get', operationId: 'getIssueAllTypes' },
  { path: '/rest/api/3/issuetype/project', method: 'get', operationId: 'getIssueTypesForProject' },
  {
    path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes',
    method: 'get',
    operationId: 'getCreateIssueMetaIssueTypes',
  },
  {
    path: '/rest/api/3/issue/createmeta/{projectIdOrKey}/issuetypes/{issueTypeId}',
    method: 'get',
    operationId: 'getCreateIssueMetaIssueTypeId',
  },
  { path: '/rest/api/3/field', method: 'get', operationId: 'getFields' },
  { path: '/rest/api/3/priority', method: 'get', operationId: 'getPriorities' },
  { path: '/rest/api/3/priority/search', method: 'get', operationId: 'searchPriorities' },
  { path: '/rest/api/3/status', method: 'get', operationId: 'getStatuses' },
  { path: '/rest/api/3/statuscategory', method: 'get', operationId: 'getStatusCategories' },
  { path: '/rest/api/3/issue', method: 'post', operationId: 'createIssue' },
  { path: '/rest/api/3/issue/{issueIdOrKey}', method: 'get', operationId: 'getIssue' },
  { path: '/rest/api/3/issue/bulkfetch', method: 'post', operationId: 'bulkFetchIssues' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/editmeta', method: 'get', operationId: 'getEditIssueMeta' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/assignee', method: 'put', operationId: 'assignIssue' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', method: 'put', operationId: 'updateComment' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', method: 'delete', operationId: 'deleteComment' },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    method: 'delete',
    operationId: 'deleteIssueProperty',
  },
  { path: '/rest/api/3/issue/{issueIdOrKey}/remotelink', method: 'get', operationId: 'getRemoteIssueLinks' },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/remotelink',
    method: 'post',
    operationId: 'createOrUpdateRemoteIssueLink',
  },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/remotelink',
    method: 'delete',
    operationId: 'deleteRemoteIssueLinkByGlobalId',
  },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}',
    method: 'get',
    operationId: 'getRemoteIssueLinkById',
  },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}',
    method: 'put',
    operationId: 'updateRemoteIssueLink',
  },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/remotelink/{linkId}',
    method: 'delete',
    operationId: 'deleteRemoteIssueLinkById',
  },
  { path: '/rest/api/3/serverInfo', method: 'get', operationId: 'getServerInfo' },
  { path: '/rest/api/3/user', method: 'get', operationId: 'getUser' },
  { path: '/rest/api/3/user/search', method: 'get', operationId: 'findUsers' },
  { path: '/rest/api/3/resolution', method: 'get', operationId: 'getResolutions' },
  { path: '/rest/api/3/resolution/search', method: 'get', operationId: 'searchResolutions' },
  { path: '/rest/api/3/resolution/{id}', method: 'get', operationId: 'getResolution' },
  { path: '/rest/api/3/search/approximate-count', method: 'post', operationId: 'countIssues' },
  { path: '/rest/api/3/issue/{issueIdOrKey}', method: 'put', operationId: 'editIssue' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/transitions', method: 'get', operationId: 'getTransitions' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/transitions', method: 'post', operationId: 'doTransition' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/comment', method: 'get', operationId: 'getComments' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/comment', method: 'post', operationId: 'addComment' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/comment/{id}', method: 'get', operationId: 'getComment' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/changelog', method: 'get', operationId: 'getChangeLogs' },
  { path: '/rest/api/3/issue/{issueIdOrKey}/properties', method: 'get', operationId: 'getIssuePropertyKeys' },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    method: 'get',
    operationId: 'getIssueProperty',
  },
  {
    path: '/rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
    method: 'put',
    operationId: 'setIssueProperty',
  },
  { path: '/rest/api/3/comment/{commentId}/properties', method: 'get', operationId: 'getCommentPropertyKeys' },
  {
    path: '/rest/api/3/comment/{commentId}/properties/{propertyKey}',
    method: 'get',
    operationId: 'getCommentProperty',
  },
  { path: '/rest/api/3/issue/{issueIdOrKey}/attachments', method: 'post', operationId: 'addAttachment' },
  { path: '/rest/api/3/attachment/{id}', method: 'get', operationId: 'getAttachment' },
  { path: '/rest/api/3/attachment/content/{id}', method: 'get', operationId: 'getAttachmentContent' },
  { path: '/rest/api/3/mypermissions', method: 'get', operationId: 'getMyPermissions' },
  { path: '/rest/api/3/search/jql', method: 'get', operationId: 'searchAndReconsileIssuesUsingJql' },
  { path: '/rest/api/3/search/jql', method: 'post', operationId: 'searchAndReconsileIssuesUsingJqlPost' },
  // Removed upstream (CHANGE-2046); kept so the 410 the simulator answers is tied to a real operation.
  { path: '/rest/api/3/search', method: 'get', operationId: 'searchForIssuesUsingJql' },
  { path: '/rest/api/3/search', method: 'post', operationId: 'searchForIssuesUsingJqlPost' },
];

export function routeId(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}
