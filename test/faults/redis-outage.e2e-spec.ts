import { getQueueToken } from '@nestjs/bull';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bull';
import { UsersService } from '@forum/accounts';
import { ALERTS_QUEUE, LIVE_ALERTS_QUEUE } from '@forum/alerts';
import { ForumService } from '@forum/forum';
import { MODERATION_QUEUE } from '@forum/moderation';
import { startForum, type TestForum, waitFor } from '../support/forum-app.js';
import { member, type Visitor } from '../support/member.js';
import { freePort } from '../support/receivers.js';
import { TestRedis } from './support.js';

const CRISIS = 'I have the pills in front of me and tonight is the night. Goodbye everyone.';

describe('Redis unreachable at submit', () => {
  let forum: TestForum;
  let redis: TestRedis;

  beforeAll(async () => {
    redis = new TestRedis(await freePort());
    await redis.start();
    forum = await startForum({ REDIS_URL: redis.url, RECONCILE_INTERVAL_MS: '500', RECONCILE_AFTER_SECONDS: '1' });
  }, 30_000);
  afterAll(async () => {
    await forum?.close();
    await redis.stop();
  });

  it('keeps every post, tells the author it will appear shortly, and publishes them when Redis is back', async () => {
    const ana = await member(forum.url, 'ana');
    const { threadId } = await ana.startThread('introductions', { title: 'Before the outage', body: 'Hello.' });
    await forum.settle();
    await redis.stop();
    const replies: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { res, postId } = await ana.reply(threadId!, { body: `Posted while Redis was down (${i}).` });
      expect(res.status).toBe(303);
      replies.push(postId!);
    }
    const page = await ana.get(`/t/${threadId}`);
    expect(page.text).toContain('will appear for others shortly');
    const [{ pending }] = await forum.db.query(`SELECT count(*)::int AS pending FROM posts WHERE id = ANY($1) AND state = 'pending'`, [replies]);
    expect(pending).toBe(5);

    await redis.start();
    await waitFor(async () => (await forum.db.query(`SELECT count(*)::int AS n FROM posts WHERE id = ANY($1) AND state = 'published'`, [replies]))[0].n === 5, 30_000, 'the posts to be published after Redis came back');
  }, 60_000);

  it('loses no post of a burst during which Redis dies and comes back empty, and alerts once per crisis post', async () => {
    const members = await Promise.all(Array.from({ length: 6 }, (_, i) => member(forum.url, `r${i}`)));
    const { threadId } = await members[0].startThread('recovery-sobriety', { title: 'Burst', body: 'Checking in, everyone.' });
    await forum.settle();

    // The Redis that comes back has nothing in it (no persistence): queued jobs are gone too.
    let submitted = 0;
    let outage: Promise<void> = Promise.resolve();
    const statuses: number[] = [];
    await Promise.all(members.map(async (m: Visitor, i) => {
      for (let n = i; n < 60; n += members.length) {
        submitted++;
        if (submitted === 15) outage = redis.stop();
        if (submitted === 40) outage = outage.then(() => redis.start());
        const { res } = await m.reply(threadId!, { body: n % 5 === 0 ? CRISIS : `Day ${n} and still going.` });
        statuses.push(res.status);
      }
    }));
    await outage;
    expect(statuses.filter((s) => s !== 303)).toEqual([]);

    await waitFor(async () => (await forum.db.query(`SELECT count(*)::int AS n FROM posts WHERE thread_id = $1 AND state = 'pending'`, [threadId]))[0].n === 0, 45_000, 'every post of the burst to be decided');
    const states: { state: string; n: number }[] = await forum.db.query(`SELECT state, count(*)::int AS n FROM posts WHERE thread_id = $1 AND parent_id IS NOT NULL GROUP BY state`, [threadId]);
    expect(states.reduce((sum, s) => sum + s.n, 0)).toBe(60);
    expect(states.every((s) => s.state === 'published' || s.state === 'held')).toBe(true);

    const crisis: { alerts: number }[] = await forum.db.query(
      `SELECT count(a.id)::int AS alerts FROM posts p LEFT JOIN alerts a ON a.post_id = p.id WHERE p.thread_id = $1 AND p.body = $2 GROUP BY p.id`,
      [threadId, CRISIS],
    );
    expect(crisis).toHaveLength(12);
    expect(crisis.every((p) => p.alerts === 1)).toBe(true);
    // Each alert reached the moderators' live channel, even one queued just before Redis died.
    await waitFor(async () => {
      const [{ undelivered }] = await forum.db.query(
        `SELECT count(*)::int AS undelivered FROM alerts a JOIN posts p ON p.id = a.post_id
          WHERE p.thread_id = $1 AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.channel = 'live' AND d.round = 0 AND d.status = 'sent')`,
        [threadId],
      );
      return undelivered === 0;
    }, 30_000, 'every alert to be delivered live');
  }, 120_000);

  it('still delivers and escalates an alert whose queued jobs were wiped with Redis', async () => {
    const alerts = forum.app.get<Queue>(getQueueToken(ALERTS_QUEUE));
    const queues = [alerts, forum.app.get<Queue>(getQueueToken(LIVE_ALERTS_QUEUE))];
    // This process stops taking alert jobs, so the alert's deliveries wait in Redis.
    await Promise.all(queues.map((q) => q.pause(true)));
    let resumed = false;
    try {
      const ivy = await member(forum.url, 'ivy');
      const { res } = await ivy.startThread('mental-health', { title: 'Tonight', body: CRISIS });
      const postId = Number(res.headers.location!.match(/^\/support\/(\d+)/)![1]);
      await waitFor(async () => (await forum.db.query(`SELECT 1 FROM alerts WHERE post_id = $1 AND dispatched_at IS NOT NULL`, [postId])).length === 1, 10_000, 'the alert to be dispatched');
      const [{ id: alertId }] = await forum.db.query(`SELECT id FROM alerts WHERE post_id = $1`, [postId]);

      await redis.stop();
      await redis.start();
      // What a worker running the live delivery when Redis restarted writes back: a nameless hash.
      const live = queues[1];
      await live.client.hset(live.toKey(`deliver:${alertId}:live:0`), 'attemptsMade', '1', 'failedReason', 'Missing process handler for job type __default__');
      await Promise.all(queues.map((q) => q.resume(true)));
      resumed = true;
      await waitFor(async () => (await forum.db.query(`SELECT 1 FROM alert_deliveries WHERE alert_id = $1 AND channel = 'live' AND round = 0 AND status = 'sent'`, [alertId])).length === 1, 20_000, 'the live delivery after Redis came back empty');
      // The reminder that keeps it escalating until someone acknowledges it is scheduled again.
      await waitFor(async () => (await alerts.getJob(`escalate:${alertId}:1`)) !== null, 10_000, 'the escalation to be scheduled again');
    } finally {
      if (!resumed) await Promise.all(queues.map((q) => q.resume(true).catch(() => undefined)));
    }
  }, 60_000);

  it('replaces a job Redis left half-written when it lost its data mid-job, so the post is still decided', async () => {
    const moderation = forum.app.get<Queue>(getQueueToken(MODERATION_QUEUE));
    const cy = await member(forum.url, 'cy');
    const { threadId } = await cy.startThread('introductions', { title: 'Half-written', body: 'Hello from the desert.' });
    await forum.settle();
    // A reply stored while its job went missing, and what a worker that was running it when Redis
    // restarted empty writes back: a job hash with no name, in no list ("stuck" to Bull).
    const author = (await forum.app.get(UsersService).findById((await forum.db.query(`SELECT id FROM users WHERE username = $1`, [cy.name]))[0].id))!;
    const { postId } = await forum.app.get(ForumService).reply(threadId!, author, { body: 'Still here, one day at a time.', parentId: null, anonymous: false }, 'pending');
    await moderation.client.hset(moderation.toKey(String(postId)), 'attemptsMade', '1', 'failedReason', 'Missing process handler for job type __default__');
    expect(await (await moderation.getJob(String(postId)))!.getState()).toBe('stuck');

    await waitFor(async () => (await forum.db.query(`SELECT state FROM posts WHERE id = $1`, [postId]))[0].state === 'published', 15_000, 'the post to be decided after its job was replaced');
    expect((await forum.db.query(`SELECT count(*)::int AS n FROM moderation_decisions WHERE post_id = $1`, [postId]))[0].n).toBe(1);
  }, 30_000);
});
