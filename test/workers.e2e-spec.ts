import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startForumProcess, stopProcess, waitForLine } from '../bench/support.js';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member, type Visitor } from './support/member.js';

const CRISIS = 'I have the pills in front of me and tonight is the night. Goodbye everyone.';

/** Web in this process with ROLE=web; two real worker processes (from dist) share its queue. */
describe('two worker processes on one queue', () => {
  let forum: TestForum;
  let workers: ChildProcess[] = [];

  beforeAll(async () => {
    forum = await startForum({ ROLE: 'web' });
    const env = { DATABASE_URL: forum.databaseUrl, REDIS_PREFIX: `forum:${new URL(forum.databaseUrl).pathname.slice(1)}`, ROLE: 'worker', PORT: '0', SPAM_MAX_POSTS_PER_MINUTE: '1000', MODERATION_CONCURRENCY: '4' };
    workers = [startForumProcess(env), startForumProcess(env)];
    await Promise.all(workers.map((w) => waitForLine(w, /listening/)));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopProcess));
    await forum?.close();
  });

  async function burst(members: Visitor[], threadId: number, count: number, every: number) {
    await Promise.all(members.map(async (m, i) => {
      for (let n = i; n < count; n += members.length) await m.reply(threadId, { body: n % every === 0 ? CRISIS : `Thinking of you all today (${n}).` });
    }));
  }

  it('decides each post once and raises one alert per crisis post', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, (_, i) => member(forum.url, `w${i}`)));
    const { threadId } = await members[0].startThread('mental-health', { title: 'Evening check-in', body: 'How is everyone doing tonight?' });
    await forum.settle(20_000);
    await burst(members, threadId!, 48, 6);
    await forum.settle(30_000);

    const [{ posts, decided, deciders }] = await forum.db.query(
      `SELECT count(p.id)::int AS posts, count(d.post_id)::int AS decided, count(DISTINCT d.decided_by)::int AS deciders
         FROM posts p LEFT JOIN moderation_decisions d ON d.post_id = p.id WHERE p.thread_id = $1`,
      [threadId],
    );
    expect(decided).toBe(posts);
    expect(deciders).toBe(2);
    const crisisPosts = await forum.db.query(`SELECT p.id, count(a.id)::int AS alerts FROM posts p LEFT JOIN alerts a ON a.post_id = p.id WHERE p.thread_id = $1 AND p.body = $2 GROUP BY p.id`, [threadId, CRISIS]);
    expect(crisisPosts.length).toBe(8);
    expect(crisisPosts.every((p: { alerts: number }) => p.alerts === 1)).toBe(true);
    const duplicateFlags = await forum.db.query(`SELECT post_id FROM flags WHERE source = 'system' GROUP BY post_id, check_name HAVING count(*) > 1`);
    expect(duplicateFlags).toEqual([]);
  }, 90_000);

  it('lets jobs in flight finish on SIGTERM, exits cleanly, and loses no post', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, (_, i) => member(forum.url, `t${i}`)));
    const { threadId } = await members[0].startThread('grief-loss', { title: 'Still here', body: 'Checking in.' });
    const sending = burst(members, threadId!, 40, 10);
    await waitFor(async () => (await forum.db.query(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1`, [threadId]))[0].n > 10, 20_000, 'the burst to start');
    const leaving = workers[0];
    const exited = new Promise<number | null>((resolve) => leaving.once('exit', (code) => resolve(code)));
    leaving.kill('SIGTERM');
    expect(await exited).toBe(0);
    await sending;
    await forum.settle(30_000);
    const [{ pending }] = await forum.db.query(`SELECT count(*) FILTER (WHERE state = 'pending')::int AS pending FROM posts WHERE thread_id = $1`, [threadId]);
    expect(pending).toBe(0);
    const alerts = await forum.db.query(`SELECT count(a.id)::int AS n FROM posts p JOIN alerts a ON a.post_id = p.id WHERE p.thread_id = $1`, [threadId]);
    expect(alerts[0].n).toBe(4);
  }, 90_000);
});
