import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member } from './support/member.js';
import { freePort } from './support/receivers.js';

/** A Redis of this suite's own, so stopping it breaks nothing else. */
class TestRedis {
  private process: ChildProcess | null = null;
  constructor(readonly port: number) {}

  async start(): Promise<void> {
    this.process = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(() => spawnSync('redis-cli', ['-p', String(this.port), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 10_000, 'redis to start');
  }

  async stop(): Promise<void> {
    const exited = new Promise((resolve) => this.process?.once('exit', resolve));
    this.process?.kill('SIGKILL');
    await exited;
    this.process = null;
  }
}

describe('Redis unreachable at submit', () => {
  let forum: TestForum;
  let redis: TestRedis;

  beforeAll(async () => {
    redis = new TestRedis(await freePort());
    await redis.start();
    forum = await startForum({ REDIS_URL: `redis://127.0.0.1:${redis.port}`, RECONCILE_INTERVAL_MS: '500', RECONCILE_AFTER_SECONDS: '1' });
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
});
