/** Helpers shared by the REST routes: visibility lookups, query parameters, answers. */
import { JiraError, MESSAGES, type SimResponse } from '../errors.js';
import type { RequestContext } from '../router.js';
import type { IssueRecord, ProjectDef } from '../types.js';

export function json(status: number, body: unknown, headers: Record<string, string> = {}): SimResponse {
  return { status, json: body, headers };
}

export function noContent(): SimResponse {
  return { status: 204 };
}

/** The issue if the caller can browse it; 404 otherwise (Jira does not reveal invisible issues). */
export function visibleIssue(ctx: RequestContext, idOrKey: string | undefined): IssueRecord {
  const { state } = ctx.sim;
  const issue = idOrKey === undefined ? undefined : state.issue(idOrKey);
  if (issue === undefined || !state.canBrowse(ctx.account.accountId, state.projectOf(issue))) {
    throw new JiraError(404, [MESSAGES.issueNotFound]);
  }
  return issue;
}

export function visibleProject(ctx: RequestContext, idOrKey: string | undefined): ProjectDef {
  const { state } = ctx.sim;
  const project = idOrKey === undefined ? undefined : state.project(idOrKey);
  if (project === undefined || !state.canBrowse(ctx.account.accountId, project)) {
    throw new JiraError(404, [MESSAGES.projectNotFound(idOrKey ?? '')]);
  }
  return project;
}

export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`route has no {${name}}`);
  return value;
}

/** An integer query parameter; a non-integer is a 400 as Jira's parameter binding gives. */
export function intQuery(ctx: RequestContext, name: string, fallback: number, min = 0): number {
  const raw = ctx.query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw))
    throw JiraError.badRequest(`The value '${raw}' is not valid for the parameter '${name}'.`);
  const value = Number(raw);
  if (value < min) throw JiraError.badRequest(`The value '${raw}' is not valid for the parameter '${name}'.`);
  return value;
}

/**
 * startAt/maxResults of an offset-paged (`PageBean*`) listing, as Jira Cloud treats them:
 * a negative startAt reads as 0, maxResults is raised to 1 and lowered to the endpoint's cap
 * (the answer's `maxResults` says what was used, never the value asked for). Measured on
 * Jira Cloud for the comment listing [3p https://github.com/brekkylab/backlot/pull/165]; the
 * spec says the same clamp for project search [spec searchProjects maxResults].
 */
export function offsetPaging(
  ctx: RequestContext,
  defaultMax: number,
  cap: number,
): { startAt: number; maxResults: number } {
  const startAt = Math.max(0, intQuery(ctx, 'startAt', 0, Number.MIN_SAFE_INTEGER));
  const asked = intQuery(ctx, 'maxResults', defaultMax, Number.MIN_SAFE_INTEGER);
  return { startAt, maxResults: Math.min(cap, Math.max(1, asked)) };
}

/** Values of a multi-valued parameter, also split on commas (`fields=a,b&fields=c`). */
export function listQuery(ctx: RequestContext, name: string): string[] {
  return ctx.query
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function expandQuery(ctx: RequestContext): Set<string> {
  return new Set(listQuery(ctx, 'expand'));
}

export function boolQuery(ctx: RequestContext, name: string, fallback: boolean): boolean {
  const raw = ctx.query.get(name);
  if (raw === null) return fallback;
  return raw.toLowerCase() === 'true';
}

/** `self` / `nextPage` links for offset-paged answers (`PageBean*`). */
export function pageLinks(
  ctx: RequestContext,
  startAt: number,
  maxResults: number,
  total: number,
): { self: string; nextPage?: string; isLast: boolean } {
  const link = (start: number): string => {
    const url = new URL(ctx.url.pathname, ctx.sim.state.baseUrl);
    for (const [k, v] of ctx.query) if (k !== 'startAt' && k !== 'maxResults') url.searchParams.append(k, v);
    url.searchParams.set('startAt', String(start));
    url.searchParams.set('maxResults', String(maxResults));
    return url.toString();
  };
  const isLast = startAt + maxResults >= total;
  return isLast
    ? { self: link(startAt), isLast }
    : { self: link(startAt), nextPage: link(startAt + maxResults), isLast };
}

/** The override flags of edit and editmeta are for Jira administrators (and admin apps) only [spec editIssue 403]. */
export function refuseOverridesUnlessAdmin(ctx: RequestContext): void {
  if (
    (boolQuery(ctx, 'overrideScreenSecurity', false) || boolQuery(ctx, 'overrideEditableFlag', false)) &&
    !ctx.sim.state.isAdmin(ctx.account.accountId)
  ) {
    throw new JiraError(403, [
      'You do not have permission to override the screen security or the editable flag.',
    ]);
  }
}
