/**
 * A minimal router over OpenAPI-style templates (`/rest/api/3/issue/{issueIdOrKey}`).
 * When several templates match, the one with more literal segments wins, so
 * `/issue/createmeta/{p}/issuetypes` beats `/issue/{issueIdOrKey}/…`.
 */
import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import type { SimResponse } from './errors.js';
import type { SimContext } from './mutations.js';
import type { SimAccount } from './types.js';

export interface RequestContext {
  req: IncomingMessage;
  method: string;
  url: URL;
  params: Record<string, string>;
  query: URLSearchParams;
  /** The authenticated caller (REST routes only). */
  readonly account: SimAccount;
  sim: SimContext;
  body(): Promise<Buffer>;
  /** Reads a JSON body (415 without a JSON content type, 400 when malformed) and parses it with zod. */
  json<T>(schema: z.ZodType<T>): Promise<T>;
}

export type Handler = (ctx: RequestContext) => SimResponse | Promise<SimResponse>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  template: string;
  handler: Handler;
}

interface CompiledRoute extends RouteDef {
  id: string;
  pattern: RegExp;
  names: string[];
  literals: number;
}

export type RouteMatch =
  | { kind: 'found'; route: CompiledRoute; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

export class Router {
  private readonly routes: CompiledRoute[] = [];

  add(route: RouteDef): void {
    const names: string[] = [];
    const segments = route.template.split('/').slice(1);
    let literals = 0;
    const source = segments
      .map((segment) => {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (param?.[1] !== undefined) {
          names.push(param[1]);
          return '/([^/]+)';
        }
        literals += 1;
        return `/${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`;
      })
      .join('');
    this.routes.push({
      ...route,
      id: `${route.method} ${route.template}`,
      pattern: new RegExp(`^${source}/?$`),
      names,
      literals,
    });
    this.routes.sort((a, b) => b.literals - a.literals);
  }

  addAll(routes: readonly RouteDef[]): void {
    for (const route of routes) this.add(route);
  }

  match(method: string, path: string): RouteMatch {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (m === null) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
      return { kind: 'found', route, params };
    }
    return allowed.length > 0 ? { kind: 'method-not-allowed', allowed } : { kind: 'not-found' };
  }
}
