import 'reflect-metadata';
import { execSync } from 'node:child_process';
import { NestFactory } from '@nestjs/core';
import { benchDatabase, benchMembers, startForumProcess, waitForLine, stopProcess, sleep } from './dist/bench/support.js';
const db = await benchDatabase('prof');
const prefix = `forum:${db.name}`;
const w = startForumProcess({ DATABASE_URL: db.url, REDIS_PREFIX: prefix, PORT: '0', ROLE: 'worker', SPAM_MAX_POSTS_PER_MINUTE: '1000', MODERATION_CONCURRENCY: process.env.CONC ?? '8', DATABASE_POOL_SIZE: process.env.POOL ?? '10'});
await waitForLine(w, /listening/);
Object.assign(process.env, { DATABASE_URL: db.url, REDIS_PREFIX: prefix, NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), ALIAS_SECRET: 'y'.repeat(40) });
const { AppModule } = await import('./dist/apps/forum/src/app.module.js');
const { ForumService } = await import('./dist/libs/forum/src/index.js');
const { ModerationQueue } = await import('./dist/libs/moderation/src/index.js');
const app = await NestFactory.createApplicationContext(AppModule.forRole('web'), { logger: ['error'] });
const forum = app.get(ForumService); const q = app.get(ModerationQueue);
await forum.seedBoards(); const board = await forum.findBoard('mental-health');
const ids = await benchMembers(db.pool, 500);
const m = (id) => ({ id, username: 'b'+id, role: 'member', status: 'active' });
const threads = []; for (let t=0;t<20;t++) threads.push((await forum.startThread(board, m(ids[t]), { title: 't', body: 'b', anonymous: false }, 'published')).threadId);
await q.raw.pause();
for (let i = 0; i < 1500; i++) { const p = await forum.reply(threads[i%20], m(ids[i % 500]), { body: 'Thinking of you all today, sending strength and hope to everyone here ' + i, parentId: null, anonymous: false }, 'pending'); await q.enqueue(p.postId); }
const t = Date.now(); await q.raw.resume();
await sleep(3000);
console.log(execSync('top -b -n 1 | head -15').toString());
for (;;) { const { rows } = await db.pool.query(`SELECT count(*)::int n FROM posts WHERE state='pending'`); if (!rows[0].n) break; await sleep(100); }
console.log('drain/s', 1500 / ((Date.now() - t) / 1000));
await app.close(); await stopProcess(w); await db.drop(); process.exit(0);
