// The "no framework" baseline for npm run bench: a bare node:http server that serves the home
// page, a board page and a thread page to a guest with the same SQL and the same Handlebars
// templates, partials and helpers as the forum, and nothing else (no Nest, no Express, no
// session, no helmet, no ETag).
//
// The SQL is the forum's own: ForumService is constructed by hand (no Nest container, no
// TypeORM) over a two-line adapter that hands its queries to a pg.Pool, so the statements, their
// parameters and the post-processing of rows (visibility placeholders, reply tree) are exactly
// the ones the forum's pages run.
//
//   DATABASE_URL=postgres://... PORT=3871 node dist/bench/baseline-server.js
import 'reflect-metadata';
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { join, relative } from 'node:path';
import hbs from 'hbs';
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { type ForumConfig, projectRoot } from '@forum/config';
import { ForumService, THREADS_PER_PAGE } from '@forum/forum';
import { registerViewHelpers } from '../apps/forum/src/web/view-helpers.js';

type Template = (context: unknown, options?: unknown) => string;

/** The forum's views, compiled once: the layout, the three pages, every partial, the same helpers. */
export function loadViews(): { render(view: string, locals: Record<string, unknown>): string } {
  const views = join(projectRoot(), 'views');
  const handlebars = hbs.handlebars;
  registerViewHelpers(handlebars);
  const registerPartials = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) registerPartials(full);
      else if (entry.name.endsWith('.hbs')) handlebars.registerPartial(relative(join(views, 'partials'), full).replace(/\.hbs$/, ''), readFileSync(full, 'utf8'));
    }
  };
  registerPartials(join(views, 'partials'));
  const compile = (name: string) => handlebars.compile(readFileSync(join(views, `${name}.hbs`), 'utf8')) as Template;
  const layout = compile('layouts/main');
  const pages: Record<string, Template> = { 'forum/home': compile('forum/home'), 'forum/board': compile('forum/board'), 'forum/thread': compile('forum/thread'), 'errors/error': compile('errors/error') };
  // The runtime options hbs passes to every template.
  const runtime = { allowProtoMethodsByDefault: true, allowProtoPropertiesByDefault: true };
  return {
    render(view, locals) {
      // As hbs does: the page first, then the layout with the page as `body`, same locals.
      locals.body = pages[view](locals, runtime);
      return layout(locals, runtime);
    },
  };
}

/** What the forum puts in res.locals for a guest (configure-app.ts), before the page's own values. */
function guestLocals(forum: ForumService, path: string): Record<string, unknown> {
  return { csrfToken: () => '', viewer: null, path, lang: 'en', headerBoards: forum.cachedBoardLinks(false) };
}

const pageNumber = (raw: unknown) => Math.max(1, Math.min(10_000, Number.parseInt(String(raw ?? '1'), 10) || 1));

export async function startBaseline(databaseUrl: string, port: number): Promise<http.Server> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: Number(process.env.DATABASE_POOL_SIZE ?? 10) });
  // ForumService only ever calls db.query(sql, params) on these paths and uses the rows.
  const db = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows } as unknown as DataSource;
  const forum = new ForumService(db, { aliasSecret: 'unused-by-read-paths' } as ForumConfig);
  await forum.refreshBoardLinks();
  const views = loadViews();

  const send = (res: http.ServerResponse, status: number, html: string) => {
    res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
    res.end(html);
  };
  const notFound = (res: http.ServerResponse, path: string) =>
    send(res, 404, views.render('errors/error', { ...guestLocals(forum, path), title: 'Not found', status: 404, message: 'There is nothing here.' }));

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://baseline');
    const path = url.pathname;
    const handle = async () => {
      if (req.method !== 'GET') return notFound(res, path);
      if (path === '/') {
        const boards = await forum.listBoards(null);
        return send(res, 200, views.render('forum/home', { ...guestLocals(forum, path), title: 'Boards', boards }));
      }
      let m = path.match(/^\/b\/([^/]+)$/);
      if (m) {
        const board = await forum.findBoard(decodeURIComponent(m[1]));
        if (!board || !forum.canRead(board, null)) return notFound(res, path);
        const page = pageNumber(url.searchParams.get('page') ?? undefined);
        const { threads, total } = await forum.listThreads(board, page, null);
        const pages = Math.max(1, Math.ceil(total / THREADS_PER_PAGE));
        return send(
          res,
          200,
          views.render('forum/board', {
            ...guestLocals(forum, path),
            title: board.name,
            board,
            threads,
            pagination: pages > 1 ? { page, pages, prev: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null, base: `/b/${board.slug}` } : null,
          }),
        );
      }
      m = path.match(/^\/t\/(\d+)$/);
      if (m) {
        const thread = await forum.readThread(Number(m[1]), null);
        if (!thread || !forum.canRead(thread.board, null)) return notFound(res, path);
        return send(res, 200, views.render('forum/thread', { ...guestLocals(forum, path), title: thread.title, thread, restriction: null }));
      }
      return notFound(res, path);
    };
    handle().catch((error: Error) => {
      console.error(error);
      if (!res.headersSent) send(res, 500, 'Internal error');
    });
  });
  server.on('close', () => void pool.end());
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return server;
}

if (process.argv[1]?.endsWith('baseline-server.js')) {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('DATABASE_URL is required');
    process.exit(1);
  }
  const server = await startBaseline(databaseUrl, Number(process.env.PORT ?? 3871));
  console.log(`Baseline listening on http://127.0.0.1:${(server.address() as { port: number }).port}`);
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}
