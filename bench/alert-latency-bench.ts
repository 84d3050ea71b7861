// Submit-to-alert latency on a moderator's live stream while 50 posts a second flow through
// the queue (5% of them crisis posts), against a real forum process.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import argon2 from 'argon2';
import { projectRoot } from '@forum/config';
import { EventStreamReader } from '../test/support/receivers.js';
import { Visitor } from '../test/support/member.js';
import { benchDatabase, sleep, startForumProcess, stopProcess, summary, waitForLine } from './support.js';

const RATE = 50;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const PORT = 3871;

const dev = readFileSync(join(projectRoot(), '..', 'shared', 'eval', 'crisis-dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; level: string });
const crisisTexts = dev.filter((d) => d.level === 'crisis').map((d) => d.text);
const calmTexts = dev.filter((d) => d.level === 'green').map((d) => d.text);

const db = await benchDatabase('alerts');
const server = startForumProcess({ DATABASE_URL: db.url, PORT: String(PORT), REGISTER_CLIENT_LIMIT: '100000', LOGIN_CLIENT_LIMIT: '100000', SPAM_MAX_POSTS_PER_MINUTE: '100000' });
try {
  await waitForLine(server, /listening/);
  const url = `http://127.0.0.1:${PORT}`;
  const mod = new Visitor(url, 'bench_moderator', 'bench-moderator-password');
  await db.pool.query(`INSERT INTO users (username, password_hash, role) VALUES ($1, $2, 'moderator')`, [mod.name, await argon2.hash(mod.password, { type: argon2.argon2id })]);
  await mod.login();
  await mod.get('/mod');
  const stream = new EventStreamReader(`${url}/mod/alerts/stream`, mod.sessionCookie);
  await stream.ready;

  const members = await Promise.all(Array.from({ length: 40 }, (_, i) => new Visitor(url, `benchmember${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`).register()));
  const threads: number[] = [];
  for (const m of members.slice(0, 10)) threads.push((await m.startThread('mental-health', { title: 'Evening check-in', body: 'How is everyone tonight?' })).threadId!);
  await sleep(2000);

  const total = RATE * SECONDS;
  const started = Date.now();
  const inFlight: Promise<unknown>[] = [];
  let crisisPosts = 0;
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / RATE - Date.now();
    if (wait > 0) await sleep(wait);
    const crisis = i % 20 === 0;
    if (crisis) crisisPosts++;
    const body = crisis ? crisisTexts[(i / 20) % crisisTexts.length] : calmTexts[i % calmTexts.length];
    inFlight.push(members[i % members.length].reply(threads[i % threads.length], { body }));
  }
  await Promise.all(inFlight);
  await sleep(3000);
  stream.close();
  // Post stored (database clock) → alert received on the stream (this machine's clock: the same clock).
  const rows = await db.pool.query(`SELECT a.post_id AS "postId", extract(epoch FROM p.created_at) * 1000 AS created FROM alerts a JOIN posts p ON p.id = a.post_id`);
  const createdByPost = new Map<number, number>(rows.rows.map((r: { postId: number; created: string }) => [r.postId, Number(r.created)]));
  const firstRounds = stream.events.map((e) => ({ ...(JSON.parse(e.data) as { postId: number; round: number }), receivedAt: e.receivedAt })).filter((a) => a.round === 0);
  const latencies = firstRounds.map((a) => a.receivedAt - (createdByPost.get(a.postId) ?? NaN)).filter(Number.isFinite);
  const s = summary(latencies);
  console.log(`\nsubmit-to-alert on a moderator's live stream, ${RATE} posts/s for ${SECONDS} s: ${crisisPosts} crisis posts, ${rows.rowCount} alerts stored, ${firstRounds.length} received live`);
  console.log(`  p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms, max ${s.max.toFixed(0)} ms`);
} finally {
  await stopProcess(server);
  await db.drop();
}
process.exit(0);
