// npm run bench:moderation — a burst of posts through the real moderation queue, with one and
// with two worker processes: submit-to-decision latency and posts decided per second.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { projectRoot } from '@forum/config';
import { type Member } from '@forum/accounts';
import { ForumService } from '@forum/forum';
import { ModerationQueue } from '@forum/moderation';
import { AppModule } from '../apps/forum/src/app.module.js';
import { benchDatabase, benchMembers, sleep, startForumProcess, stopProcess, summary, waitForLine } from './support.js';

const BURST = Number(process.env.BENCH_BURST ?? 3000);
const PACED_RATE = 50;
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 20);

/**
 * Post bodies as a busy evening has them: the development set's ordinary posts (green and
 * amber) with one in twenty a red or crisis post, which also raises an alert.
 */
function realisticBodies(): string[] {
  const dev = readFileSync(join(projectRoot(), '..', 'shared', 'eval', 'crisis-dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; level: string });
  const ordinary = dev.filter((d) => d.level === 'green' || d.level === 'amber').map((d) => d.text);
  const atRisk = dev.filter((d) => d.level === 'red' || d.level === 'crisis').map((d) => d.text);
  const bodies: string[] = [];
  for (let i = 0; i < 400; i++) bodies.push(i % 20 === 0 ? atRisk[(i / 20) % atRisk.length] : `${ordinary[i % ordinary.length]}${i % 3 ? '' : `\n\n${ordinary[(i * 7) % ordinary.length]}`}`);
  return bodies;
}

async function run(workers: number): Promise<void> {
  const db = await benchDatabase(`mod${workers}`);
  const prefix = `forum:${db.name}`;
  const env = { DATABASE_URL: db.url, REDIS_PREFIX: prefix, PORT: '0', ROLE: 'worker', SPAM_MAX_POSTS_PER_MINUTE: '1000', MODERATION_CONCURRENCY: process.env.MODERATION_CONCURRENCY ?? '8' };
  const processes = Array.from({ length: workers }, () => startForumProcess(env));
  try {
    await Promise.all(processes.map((p) => waitForLine(p, /listening/)));
    Object.assign(process.env, { DATABASE_URL: db.url, REDIS_PREFIX: prefix, NODE_ENV: 'production', SESSION_SECRET: 'bench-session-secret-0123456789abcdef', ALIAS_SECRET: 'bench-alias-secret-0123456789abcdef' });
    const web = await NestFactory.createApplicationContext(AppModule.forRole('web'), { logger: ['error'] });
    const forum = web.get(ForumService);
    const queue = web.get(ModerationQueue);
    await forum.seedBoards();
    const board = (await forum.findBoard('mental-health'))!;
    const memberIds = await benchMembers(db.pool, 1000);
    const members = memberIds.map((id) => ({ id, username: `bench_${id}`, role: 'member', status: 'active', suspendedUntil: null, suspensionReason: null, createdAt: new Date() }) as Member);
    // Posts spread over 50 conversations, as on a busy evening across the boards.
    const threads: number[] = [];
    for (let t = 0; t < 50; t++) threads.push((await forum.startThread(board, members[t], { title: `Conversation ${t}`, body: 'Welcome, everyone.', anonymous: false }, 'published')).threadId);
    const bodies = realisticBodies();
    const submit = async (i: number) => {
      const post = await forum.reply(threads[i % threads.length], members[i % members.length], { body: bodies[i % bodies.length], parentId: null, anonymous: i % 3 === 0 }, 'pending');
      await queue.enqueue(post.postId);
    };
    const measure = async (fromId: number) => {
      await waitUntilDecided(db.pool, fromId);
      const rows = await db.pool.query(
        `SELECT extract(epoch FROM checked_at - created_at) * 1000 AS ms, extract(epoch FROM created_at) AS created, extract(epoch FROM checked_at) AS checked
           FROM posts WHERE id > $1 AND parent_id IS NOT NULL`,
        [fromId],
      );
      const ms = rows.rows.map((r: { ms: string }) => Number(r.ms));
      const first = Math.min(...rows.rows.map((r: { created: string }) => Number(r.created)));
      const last = Math.max(...rows.rows.map((r: { checked: string }) => Number(r.checked)));
      return { count: ms.length, latency: summary(ms), perSecond: ms.length / (last - first) };
    };
    const lastId = async () => Number((await db.pool.query('SELECT coalesce(max(id), 0) AS id FROM posts')).rows[0].id);

    // Warm up the workers (JIT, connection pools) before measuring.
    const warm = await lastId();
    for (let i = 0; i < 100; i++) await submit(i);
    await waitUntilDecided(db.pool, warm);

    // Capacity: a backlog of posts (stored while the queue was paused, as after an outage)
    // drained by the workers alone, so the figure is the workers' rate, not the submitter's.
    const from = await lastId();
    await queue.raw.pause();
    let next = 0;
    await Promise.all(Array.from({ length: 16 }, async () => {
      while (next < BURST) await submit(next++);
    }));
    const resumedAt = Date.now();
    await queue.raw.resume();
    await waitUntilDecided(db.pool, from);
    const drainPerSecond = BURST / ((Date.now() - resumedAt) / 1000);

    // Paced: posts arriving at a steady rate, submit-to-decision measured on the database clock.
    const paced = async (rate: number) => {
      const start = await lastId();
      const started = Date.now();
      const total = rate * PACED_SECONDS;
      const inFlight: Promise<void>[] = [];
      for (let i = 0; i < total; i++) {
        const wait = started + (i * 1000) / rate - Date.now();
        if (wait > 0) await sleep(wait);
        inFlight.push(submit(i));
      }
      await Promise.all(inFlight);
      return measure(start);
    };
    const at50 = await paced(PACED_RATE);
    const at200 = await paced(200);

    const fmt = (s: { p50: number; p95: number; p99: number }) => `p50 ${s.p50.toFixed(0)} ms, p95 ${s.p95.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms`;
    console.log(`${workers} worker process${workers > 1 ? 'es' : ''}:`);
    console.log(`  backlog of ${BURST} drained at ${drainPerSecond.toFixed(0)} posts/s`);
    console.log(`  ${PACED_RATE} posts/s for ${PACED_SECONDS} s (${at50.count}): submit-to-decision ${fmt(at50.latency)}`);
    console.log(`  200 posts/s for ${PACED_SECONDS} s (${at200.count}): submit-to-decision ${fmt(at200.latency)}, ${at200.perSecond.toFixed(0)} decided/s`);
    await web.close();
  } finally {
    await Promise.all(processes.map(stopProcess));
    await db.drop();
  }
}

async function waitUntilDecided(pool: import('pg').Pool, fromId: number): Promise<void> {
  for (;;) {
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM posts WHERE id > $1 AND state = 'pending'`, [fromId]);
    if (rows[0].n === 0) return;
    await sleep(100);
  }
}

console.log(`Moderation queue benchmark (Node ${process.version}, ${(await import('node:os')).cpus().length} cores)`);
const WORKER_COUNTS = (process.env.BENCH_WORKERS ?? '1,2').split(',').map(Number);
for (const workers of WORKER_COUNTS) await run(workers);
process.exit(0);
