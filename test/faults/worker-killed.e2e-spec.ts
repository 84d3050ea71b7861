import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { ModerationService } from '@forum/moderation';
import { startForumProcess, stopProcess, waitForLine } from '../../bench/support.js';
import { startForum, type TestForum, waitFor } from '../support/forum-app.js';
import { member } from '../support/member.js';

const CRISIS = 'I have the pills in front of me and tonight is the night. Goodbye everyone.';

/**
 * A worker dies with SIGKILL (out of memory, a crashed host) while it holds moderation jobs.
 * Its jobs stay locked until the lock expires; another worker's stalled-job check then runs
 * them again. Short lock and check times (production keeps Bull's 30 s) keep the test quick.
 */
describe('a worker killed in the middle of a job', () => {
  let forum: TestForum;
  let redis: Redis;
  let prefix: string;
  const workers: ChildProcess[] = [];
  const queueTimes = { QUEUE_LOCK_MS: '2000', QUEUE_STALLED_CHECK_MS: '1000' };

  beforeAll(async () => {
    forum = await startForum({ ROLE: 'web', ...queueTimes });
    prefix = `forum:${new URL(forum.databaseUrl).pathname.slice(1)}`;
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  }, 30_000);
  afterAll(async () => {
    await Promise.all(workers.map(stopProcess));
    redis?.disconnect();
    await forum?.close();
  });

  const startWorker = () => {
    const worker = startForumProcess({ DATABASE_URL: forum.databaseUrl, REDIS_PREFIX: prefix, ROLE: 'worker', PORT: '0', MODERATION_CONCURRENCY: '4', SPAM_MAX_POSTS_PER_MINUTE: '1000', ...queueTimes });
    workers.push(worker);
    return worker;
  };

  it('runs the killed worker’s jobs again elsewhere: one decision per post, one alert per crisis post', async () => {
    const members = await Promise.all(Array.from({ length: 4 }, (_, i) => member(forum.url, `k${i}`)));
    const { threadId } = await members[0].startThread('mental-health', { title: 'Late night', body: 'Who else is up?' });
    // No worker runs yet: the opening post is decided here, so the others can reply to it.
    const [opening] = await forum.db.query(`SELECT opening_post_id AS id FROM threads WHERE id = $1`, [threadId]);
    await forum.app.get(ModerationService).decide(opening.id);
    // Queued while no worker runs, so the first worker starts on a full queue.
    await Promise.all(members.map(async (m, i) => {
      for (let n = i; n < 60; n += members.length) {
        const { res } = await m.reply(threadId!, { body: n % 6 === 0 ? CRISIS : `Still up, making tea (${n}).` });
        expect(res.status).toBe(303);
      }
    }));

    const doomed = startWorker();
    const active = `${prefix}:bull:moderation:active`;
    // Polled tightly: the whole queue takes well under a second once the worker is up.
    const until = Date.now() + 30_000;
    while ((await redis.llen(active)) === 0) {
      if (Date.now() > until || doomed.exitCode !== null) throw new Error('the first worker never took a job');
      await new Promise((r) => setTimeout(r, 2));
    }
    const exited = new Promise((resolve) => doomed.once('exit', (_code, signal) => resolve(signal)));
    doomed.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');

    // Jobs it held are left locked in the active list, their posts still being checked.
    const orphaned = (await redis.lrange(active, 0, -1)).map(Number);
    expect(orphaned.length).toBeGreaterThan(0);
    const pendingAtKill = (await forum.db.query(`SELECT id FROM posts WHERE thread_id = $1 AND state = 'pending'`, [threadId])).map((r: { id: number }) => r.id);
    expect(pendingAtKill.length).toBeGreaterThan(0);

    const rescuer = startWorker();
    await waitForLine(rescuer, /listening/);
    await forum.settle(30_000);
    await waitFor(async () => (await redis.llen(active)) === 0, 10_000, 'the orphaned jobs to be finished');

    const [{ posts, decisions }] = await forum.db.query(
      `SELECT count(DISTINCT p.id)::int AS posts, count(d.post_id)::int AS decisions
         FROM posts p LEFT JOIN moderation_decisions d ON d.post_id = p.id WHERE p.thread_id = $1`,
      [threadId],
    );
    expect(decisions).toBe(posts);
    expect(posts).toBe(61);
    const crisisPosts: { id: number; alerts: number }[] = await forum.db.query(
      `SELECT p.id, count(a.id)::int AS alerts FROM posts p LEFT JOIN alerts a ON a.post_id = p.id WHERE p.thread_id = $1 AND p.body = $2 GROUP BY p.id`,
      [threadId, CRISIS],
    );
    expect(crisisPosts).toHaveLength(10);
    await waitFor(async () => {
      const rows: { live: number }[] = await forum.db.query(
        `SELECT count(*) FILTER (WHERE ad.status = 'sent')::int AS live FROM alerts a JOIN posts p ON p.id = a.post_id
           LEFT JOIN alert_deliveries ad ON ad.alert_id = a.id AND ad.channel = 'live' AND ad.round = 0 WHERE p.thread_id = $1 GROUP BY a.id`,
        [threadId],
      );
      return rows.length === 10 && rows.every((r) => r.live === 1);
    }, 15_000, 'every alert to reach the live channel once');
    expect(crisisPosts.every((p) => p.alerts === 1)).toBe(true);
  }, 90_000);
});
