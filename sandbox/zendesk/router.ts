/**
 * A tiny method + path router. Templates use `:name` for one path segment. Each route declares who
 * may call it, mirroring the "Allowed For" line of Zendesk's reference pages.
 */
import type { SimRequest, SimResponse } from './http';

/**
 * - `anyone`: no credentials needed (users/me answers anonymous callers).
 * - `end-user`: any authenticated user, end users included (e.g. uploads).
 * - `agent`: agents and admins.
 * - `admin`: admins only (incremental export, Jira links).
 */
export type Access = 'anyone' | 'end-user' | 'agent' | 'admin';

export type Handler = (req: SimRequest) => SimResponse | Promise<SimResponse>;

interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  keys: string[];
  access: Access;
  handler: Handler;
}

export interface RouteMatch {
  route: { template: string; access: Access; handler: Handler };
  params: Record<string, string>;
}

function compile(template: string): { pattern: RegExp; keys: string[] } {
  const keys: string[] = [];
  const source = template
    .split('/')
    .map((segment) => {
      if (segment.startsWith(':')) {
        keys.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { pattern: new RegExp(`^${source}$`), keys };
}

/** Zendesk accepts every path with or without ".json"; trailing slashes are tolerated too. */
export function normalizePath(pathname: string): string {
  let path = pathname.replace(/\/+$/, '') || '/';
  if (path.endsWith('.json')) path = path.slice(0, -'.json'.length);
  return path;
}

export class Router {
  private routes: Route[] = [];

  add(method: string, template: string, access: Access, handler: Handler): this {
    const { pattern, keys } = compile(template);
    this.routes.push({ method, template, pattern, keys, access, handler });
    return this;
  }

  /** First registered route wins, so literal paths (show_many) must be added before `:id` ones. */
  match(method: string, path: string): RouteMatch | { methodMismatch: true } | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        pathMatched = true;
        continue;
      }
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => {
        params[key] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { route, params };
    }
    return pathMatched ? { methodMismatch: true } : null;
  }
}
