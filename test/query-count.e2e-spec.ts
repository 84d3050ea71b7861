import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startForum, type TestForum } from './support/forum-app.js';
import { postOutline } from './support/html.js';
import { member, Visitor } from './support/member.js';

// Every page must run a bounded number of SQL statements whatever the size of what it shows
// (DESIGN.md, "Performance budget"): no N+1. Statements are counted at the pg driver
// (pg.Client.prototype.query, under TypeORM and the session store alike) and attributed to the
// HTTP request being served through AsyncLocalStorage, so background work (the moderation
// worker, the reconciler's timer) never leaks into a page's count.

const MAX_QUERIES_PER_PAGE = 8;
const HEADER = 'x-query-log';

const scope = new AsyncLocalStorage<string[]>();
const logs = new Map<string, string[]>();
type Query = (...args: unknown[]) => unknown;
const clientPrototype = pg.Client.prototype as unknown as { query: Query };
const originalQuery = clientPrototype.query;

function countQueries(forum: TestForum): void {
  clientPrototype.query = function (this: unknown, ...args: unknown[]) {
    const log = scope.getStore();
    if (log) {
      const config = args[0] as string | { text?: string };
      log.push((typeof config === 'string' ? config : (config?.text ?? String(config))).replace(/\s+/g, ' ').trim());
    }
    return originalQuery.apply(this, args);
  } as Query;
  // Requests carrying the header run in a scope whose log collects their statements.
  const server = forum.app.getHttpServer() as Server;
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const log = logs.get(String(req.headers[HEADER] ?? ''));
    const serve = () => listeners.forEach((listener) => listener.call(server, req, res));
    if (log) scope.run(log, serve);
    else serve();
  });
}

/**
 * The statements one page view runs. Each page is read three times and the fewest kept: the
 * first read warms connections; the header's board links are refreshed once a minute from
 * inside whichever request comes along, which is amortised work, not the page's.
 */
async function statementsFor(visitor: Visitor, path: string, beforeEach?: () => Promise<unknown>): Promise<{ count: number; statements: string[]; html: string }> {
  let best: { count: number; statements: string[]; html: string } | null = null;
  for (let i = 0; i < 3; i++) {
    await beforeEach?.();
    const id = randomBytes(6).toString('hex');
    const log: string[] = [];
    logs.set(id, log);
    const res = await visitor.agent.get(path).set('accept', 'text/html').set(HEADER, id);
    logs.delete(id);
    expect(res.status).toBe(200);
    if (i > 0 && (!best || log.length < best.count)) best = { count: log.length, statements: log, html: res.text };
  }
  return best!;
}

const describeStatements = (label: string, s: { count: number; statements: string[] }) => `${label}: ${s.count} statements\n  ${s.statements.join('\n  ')}`;

describe('SQL statements per page', () => {
  let forum: TestForum;
  let author: Visitor;
  let reader: Visitor;
  let guest: Visitor;
  let threadId: number;
  const replies: number[] = [];
  const counts: Record<string, number> = {};
  // Guests share a rendering per thread revision; a new revision makes the next read render afresh.
  const rendered = () => forum.db.query(`UPDATE threads SET revision = revision + 1 WHERE id = $1`, [threadId]);

  const addReplies = async (total: number) => {
    // Conversation-shaped: some replies to the opening post, most answering the reply before,
    // so the tree goes far deeper than the page's display cap (MAX_REPLY_DEPTH).
    while (replies.length < total) {
      const i = replies.length;
      const who = i % 3 === 0 ? author : reader;
      const parentId = i % 20 === 0 ? undefined : replies[replies.length - 1];
      const { res, postId } = await who.reply(threadId, { body: `Reply number ${i + 1}: thank you for sharing, it helps to read this tonight.`, parentId, anonymous: i % 4 === 1 });
      expect(res.status).toBe(303);
      replies.push(postId!);
    }
    await forum.settle();
  };

  beforeAll(async () => {
    forum = await startForum();
    countQueries(forum);
    author = await member(forum.url, 'qcount');
    reader = await member(forum.url, 'qread');
    guest = new Visitor(forum.url);
    const started = await author.startThread('mental-health', { title: 'How do you get through the evenings?', body: 'The quiet after work is the hardest part for me. What helps you?' });
    expect(started.res.status).toBe(303);
    threadId = started.threadId!;
    await addReplies(5);
  }, 60_000);

  afterAll(async () => {
    clientPrototype.query = originalQuery;
    await forum?.close();
  });

  it('counts the statements of real pages (the patch sees the driver)', async () => {
    const thread = await statementsFor(guest, `/t/${threadId}`, rendered);
    expect(thread.count).toBeGreaterThan(0);
    expect(thread.statements.join('\n')).toMatch(/FROM posts/);
    // The shared copy of an unchanged thread costs one statement: its revision.
    const copy = await statementsFor(guest, `/t/${threadId}`);
    expect(copy.statements).toEqual([expect.stringMatching(/SELECT t\.revision/)]);
    const signedIn = await statementsFor(author, `/t/${threadId}`);
    // A member's page also reads their session and account: those count too.
    expect(signedIn.statements.join('\n')).toMatch(/FROM "?session"?/);
    expect(signedIn.statements.join('\n')).toMatch(/"?users"?/);
  });

  it.each([
    ['guest', () => guest],
    ['member', () => author],
  ])('home and board pages stay within the bound (%s)', async (who, visitor) => {
    for (const [page, path] of [
      ['home', '/'],
      ['board', '/b/mental-health'],
    ]) {
      const s = await statementsFor(visitor(), path);
      counts[`${who} ${page}`] = s.count;
      expect(s.count <= MAX_QUERIES_PER_PAGE ? 'within the bound' : describeStatements(`${who} ${page}`, s)).toBe('within the bound');
    }
  });

  it('runs the same statements for a thread of 5 replies and of 60 nested deep (no N+1)', async () => {
    const small = { guest: await statementsFor(guest, `/t/${threadId}`, rendered), member: await statementsFor(author, `/t/${threadId}`) };
    expect(postOutline(small.guest.html)).toHaveLength(1 + 5);

    await addReplies(60);
    const large = { guest: await statementsFor(guest, `/t/${threadId}`, rendered), member: await statementsFor(author, `/t/${threadId}`) };
    const outline = postOutline(large.guest.html);
    expect(outline).toHaveLength(1 + 60);
    const depths = (await forum.db.query(`SELECT max(depth)::int AS d FROM posts WHERE thread_id = $1`, [threadId]))[0].d;
    expect(depths).toBeGreaterThanOrEqual(8);

    for (const who of ['guest', 'member'] as const) {
      counts[`${who} thread (5 replies)`] = small[who].count;
      counts[`${who} thread (60 replies)`] = large[who].count;
      // The same statements, in the same order: the tree is read in one query whatever its size.
      expect(large[who].statements).toEqual(small[who].statements);
      expect(large[who].count <= MAX_QUERIES_PER_PAGE ? 'within the bound' : describeStatements(`${who} thread`, large[who])).toBe('within the bound');
    }
    console.log(`SQL statements per page view:\n${Object.entries(counts).map(([page, n]) => `  ${page.padEnd(28)} ${n}`).join('\n')}`);
  }, 120_000);
});
