/**
 * "The write was applied but its response was lost", aimed at one exact request.
 *
 * Both simulators implement the fault themselves (`drop(…, 'after')`: the handler runs and
 * applies the write, then the connection is destroyed), but their rules match a route, not
 * "the third comment POST of this run". To aim at one write point, the simulator's fault
 * lookup is wrapped on the instance: it counts matching requests and adds a one-shot
 * drop-after rule through the simulator's own API just before the chosen request is looked
 * up, so the simulator applies and drops it exactly as it would any other drop fault.
 */
import type { World } from './world';

export interface UpstreamWrite {
  service: 'jira' | 'zendesk';
  method: string;
  /** Jira: the route template (`/rest/api/3/issue/{issueIdOrKey}/comment`); Zendesk: the normalized path. */
  route: string;
  /** 1 = the first such request after the fault is armed. */
  occurrence: number;
}

/** Jira route template of an emulator call target (only the write routes the sync uses). */
export function jiraRoute(path: string): string {
  const bare = path.split('?')[0] ?? path;
  return bare.replace(/^\/rest\/api\/3\/issue\/[^/]+/, (m) =>
    m === '/rest/api/3/issue' ? m : '/rest/api/3/issue/{issueIdOrKey}',
  );
}

/** Zendesk normalized path of an egress URL: no host, no query, no ".json". */
export function zendeskPath(url: string): string {
  const path = (url.replace(/^https?:\/\/[^/]+/, '').split('?')[0] ?? '').replace(/\.json$/, '');
  return path;
}

/** The upstream write a `kind method target` write point names, or null for KVS writes. */
export function upstreamWriteOf(point: string): Omit<UpstreamWrite, 'occurrence'> | null {
  const [kind, method, target] = point.split(' ');
  if (!kind || !method || !target) return null;
  if (kind === 'jira') return { service: 'jira', method, route: jiraRoute(target) };
  if (kind === 'egress') return { service: 'zendesk', method, route: zendeskPath(target) };
  return null;
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Arms a lost response for the `occurrence`-th request matching `target` from now on.
 * Returns a probe telling whether it fired; the wrapper removes itself once it has.
 */
export function loseResponse(world: World, target: UpstreamWrite): { fired(): boolean } {
  let seen = 0;
  let fired = false;
  if (target.service === 'jira') {
    const faults = world.stack.jira.faults;
    const original = faults.take.bind(faults);
    const routeId = `${target.method} ${target.route}`;
    faults.take = (id, accountId) => {
      if (!fired && id === routeId && ++seen === target.occurrence) {
        fired = true;
        faults.drop(routeId, 'after', { times: 1 });
        faults.take = original;
      }
      return original(id, accountId);
    };
  } else {
    const faults = world.stack.zendesk.faults;
    const original = faults.evaluate.bind(faults);
    faults.evaluate = (method, path) => {
      if (!fired && method === target.method && path === target.route && ++seen === target.occurrence) {
        fired = true;
        faults.drop(new RegExp(`^${escape(path)}$`), 'after', { method, times: 1 });
        faults.evaluate = original;
      }
      return original(method, path);
    };
  }
  return { fired: () => fired };
}
