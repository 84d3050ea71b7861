import type express from 'express';
import type { TestForum } from '../support/forum-app.js';
import { csrfOf, type Visitor } from '../support/member.js';

export interface RouteEntry {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
}

interface RouterLayer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
}

/** Every route the running app answers, read from its Express router rather than written down. */
export function routesOf(forum: TestForum): RouteEntry[] {
  const expressApp = forum.app.getHttpAdapter().getInstance() as express.Express & { router: { stack: RouterLayer[] } };
  const out: RouteEntry[] = [];
  for (const layer of expressApp.router.stack) {
    if (!layer.route) continue;
    for (const path of ([] as string[]).concat(layer.route.path)) {
      // A catch-all pattern is middleware bound to every path (request logging), not a page.
      if (path.includes('*')) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) {
        if (on && ['get', 'post', 'put', 'patch', 'delete'].includes(method)) out.push({ method: method as RouteEntry['method'], path });
      }
    }
  }
  return out;
}

/** A route pattern with its parameters filled in, e.g. `/t/:id/replies` → `/t/12/replies`. */
export function fill(path: string, params: Record<string, string | number>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`no value for :${name} in ${path}`);
    return String(params[name]);
  });
}

/** The visitor's current CSRF token, from a page that renders a form for them. */
export async function tokenOf(visitor: Visitor, from = '/login'): Promise<string> {
  const page = await visitor.get(from);
  return csrfOf(page.text);
}

/** Posts a form as a browser would, with a token already in hand (no page fetch per submit). */
export function postForm(visitor: Visitor, path: string, fields: Record<string, string | undefined>, token: string | null) {
  const body: Record<string, string> = {};
  if (token !== null) body._csrf = token;
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body[k] = v;
  return visitor.agent.post(path).type('form').set('accept', 'text/html').send(body);
}
