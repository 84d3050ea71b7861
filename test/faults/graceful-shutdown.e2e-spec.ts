import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import argon2 from 'argon2';
import { Redis } from 'ioredis';
import pg from 'pg';
import { prepareDatabase } from '@forum/database';
import { seedForum, type SeededForum } from '../../bench/seed-forum.js';
import { startForumProcess, stopProcess, waitForLine } from '../../bench/support.js';
import { dropDatabase, waitFor } from '../support/forum-app.js';
import { csrfOf, Visitor } from '../support/member.js';
import { EventStreamReader, freePort } from '../support/receivers.js';

const SERVER = process.env.TEST_DATABASE_SERVER ?? 'postgres://postgres@127.0.0.1:5432';

/** One request on its own connection, so closing idle keep-alive connections cannot touch it. */
function send(url: string, options: { method?: string; cookie: string; form?: Record<string, string> }): Promise<number> {
  return new Promise((resolve, reject) => {
    const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
    const req = request(url, {
      method: options.method ?? 'GET',
      agent: false,
      headers: { cookie: options.cookie, accept: 'text/html', ...(body ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } : {}) },
    }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * SIGTERM (a deploy, `docker stop`) while members are reading a long thread and posting: the
 * forum process (from dist, as in production) answers every request it has accepted, lets
 * its moderation jobs finish, and exits 0.
 */
describe('SIGTERM with requests in flight', () => {
  const name = `forum_test_${process.pid}_sigterm_${randomBytes(3).toString('hex')}`;
  const databaseUrl = `${SERVER}/${name}`;
  let pool: pg.Pool;
  let seeded: SeededForum;
  let forum: ChildProcess;
  let url: string;
  let redis: Redis;

  beforeAll(async () => {
    await prepareDatabase(databaseUrl);
    pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    seeded = await seedForum(pool, { members: 40, threads: 20, posts: 700, bigThreadReplies: 500, aliasSecret: 'bench-alias-secret-0123456789abcdef' });
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    forum = startForumProcess({ DATABASE_URL: databaseUrl, PORT: String(port), ROLE: 'all', LOGIN_CLIENT_LIMIT: '10000', SPAM_MAX_POSTS_PER_MINUTE: '1000' });
    await waitForLine(forum, /listening/);
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  }, 60_000);
  afterAll(async () => {
    if (forum) await stopProcess(forum);
    redis?.disconnect();
    await pool?.end();
    await dropDatabase(name);
  });

  it('answers every request it accepted, finishes its jobs, then exits 0', async () => {
    const reader = new Visitor(url, seeded.poster.username, seeded.poster.password);
    expect((await reader.login()).status).toBe(303);
    const token = csrfOf((await reader.get(`/t/${seeded.ordinaryThreadIds[0]}`)).text);
    const cookie = reader.sessionCookie;
    // A moderator's dashboard is open: its live stream never ends by itself.
    const mod = new Visitor(url, 'shutdownmoderator', 'shutdown-moderator-password');
    await pool.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'moderator')`, [mod.name, await argon2.hash(mod.password, { type: argon2.argon2id })]);
    expect((await mod.login()).status).toBe(303);
    await mod.get('/mod');
    const stream = new EventStreamReader(`${url}/mod/alerts/stream`, mod.sessionCookie);
    await stream.ready;

    // A member's view of the 500-reply thread is rendered for them (no guest copy to serve).
    const answeredAt: number[] = [];
    const reads = Array.from({ length: 12 }, () => send(`${url}/t/${seeded.bigThreadId}`, { cookie }).finally(() => answeredAt.push(Date.now())));
    const posts = Array.from({ length: 4 }, (_, i) =>
      send(`${url}/t/${seeded.ordinaryThreadIds[i]}/replies`, { method: 'POST', cookie, form: { _csrf: token, body: `Posted as the forum was stopping (${i}).` } }),
    );
    await new Promise((r) => setTimeout(r, 50));
    const exited = new Promise<number | null>((resolve) => forum.once('exit', (code) => resolve(code)));
    forum.kill('SIGTERM');
    const signalledAt = Date.now();

    expect(await Promise.all(reads)).toEqual(Array(12).fill(200));
    expect(await Promise.all(posts)).toEqual(Array(4).fill(303));
    expect(await exited).toBe(0);
    // Well before the 25 s deadline that would end it with an error.
    expect(Date.now() - signalledAt).toBeLessThan(10_000);
    stream.close();
    // The signal really came while pages were being rendered.
    expect(answeredAt.filter((t) => t > signalledAt).length).toBeGreaterThan(0);

    const stored = await pool.query(`SELECT id FROM posts WHERE body LIKE 'Posted as the forum was stopping%'`);
    expect(stored.rowCount).toBe(4);
    // No job was cut off: nothing is left locked by the process that went away.
    const active = await redis.llen(`forum:${name}:bull:moderation:active`);
    expect(active).toBe(0);

    // The next process picks up whatever was still waiting: every post gets decided.
    forum = startForumProcess({ DATABASE_URL: databaseUrl, PORT: '0', ROLE: 'worker' });
    await waitForLine(forum, /listening/);
    await waitFor(async () => (await pool.query(`SELECT 1 FROM posts WHERE state = 'pending'`)).rowCount === 0, 20_000, 'the posts to be decided');
  }, 60_000);
});
