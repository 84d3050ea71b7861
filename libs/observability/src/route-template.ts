import type { IncomingMessage } from 'node:http';

/** What a finished request knows about its route (Express sets these while routing it). */
type RoutedRequest = IncomingMessage & { originalUrl?: string; baseUrl?: string; route?: { path?: unknown } };

/** Requests that no route answered (a 404, a refused form token) share one label. */
export const NO_ROUTE = '(no route)';

/**
 * The route a request matched, as its template (`/t/:id`), never the URL itself: ids in a
 * label would make a new time series per thread, and a URL is not a metric's business.
 */
export function routeTemplate(req: IncomingMessage): string {
  const r = req as RoutedRequest;
  const path = pathOf(r.originalUrl ?? r.url);
  if (path.startsWith('/static/')) return '/static/*';
  if (path === '/admin/queues' || path.startsWith('/admin/queues/')) return '/admin/queues/*';
  const route = r.route?.path;
  return typeof route === 'string' ? `${r.baseUrl ?? ''}${route}` || '/' : NO_ROUTE;
}

/** The path without its query string: queries are not logged. */
export function pathOf(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path || '/';
}
