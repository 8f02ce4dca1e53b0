/** A tiny history-API router: the shell has a handful of pages and no nested routes. */
import { useEffect, useState } from 'react';

export type Route =
  | { page: 'issues'; project?: string }
  | { page: 'issue'; key: string }
  | { page: 'admin' }
  | { page: 'zendesk' }
  | { page: 'ticket'; id: string }
  | { page: 'activity' }
  | { page: 'gallery' };

export function parseRoute(pathname: string, search: string): Route {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second] = parts;
  if (first === 'browse' && second) return { page: 'issue', key: second };
  if (first === 'admin') return { page: 'admin' };
  if (first === 'zendesk' && second === 'tickets' && parts[2]) return { page: 'ticket', id: parts[2] };
  if (first === 'zendesk') return { page: 'zendesk' };
  if (first === 'activity') return { page: 'activity' };
  if (first === 'uikit-gallery') return { page: 'gallery' };
  const project = new URLSearchParams(search).get('project');
  return project ? { page: 'issues', project } : { page: 'issues' };
}

export function hrefOf(route: Route): string {
  switch (route.page) {
    case 'issues':
      return route.project ? `/issues?project=${encodeURIComponent(route.project)}` : '/issues';
    case 'issue':
      return `/browse/${encodeURIComponent(route.key)}`;
    case 'admin':
      return '/admin';
    case 'zendesk':
      return '/zendesk';
    case 'ticket':
      return `/zendesk/tickets/${encodeURIComponent(route.id)}`;
    case 'activity':
      return '/activity';
    case 'gallery':
      return '/uikit-gallery';
  }
}

const listeners = new Set<() => void>();

export function navigate(route: Route): void {
  const href = hrefOf(route);
  if (href !== `${window.location.pathname}${window.location.search}`)
    window.history.pushState(null, '', href);
  listeners.forEach((listener) => listener());
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.pathname, window.location.search));
  useEffect(() => {
    const update = () => setRoute(parseRoute(window.location.pathname, window.location.search));
    listeners.add(update);
    window.addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      window.removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
