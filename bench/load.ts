// A minute of a busy forum, against real processes: 200 members (registered through the form,
// with their own sessions and CSRF tokens) write 2,000 posts and replies, 5% of them crisis
// posts from the development set, while others read. Run once with one ROLE=all process, then
// with ROLE=web and two ROLE=worker processes. Prints figures; it is not a timed test.
//
//   npm run load                       (LOAD_MEMBERS, LOAD_POSTS, LOAD_SECONDS, LOAD_READS_PER_SECOND to change the shape;
//                                       LOAD_TOPOLOGY=single or split for one of the two runs)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import argon2 from 'argon2';
import { projectRoot } from '@forum/config';
import { assess } from '@forum/crisis';
import { EventStreamReader, freePort } from '../test/support/receivers.js';
import { type BenchDatabase, benchDatabase, sleep, startForumProcess, stopProcess, summary, waitForLine } from './support.js';

const MEMBERS = Number(process.env.LOAD_MEMBERS ?? 200);
const POSTS = Number(process.env.LOAD_POSTS ?? 2000);
const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
const READS_PER_SECOND = Number(process.env.LOAD_READS_PER_SECOND ?? 40);
const CRISIS_EVERY = 20; // 5%
const NEW_THREAD_EVERY = 10;
const BOARDS = ['recovery-sobriety', 'grief-loss', 'chronic-illness', 'mental-health', 'life-transitions', 'lgbtq-community', 'introductions'];

const ENV = {
  // Every member registers from this one machine: the per-connection limits on sign-ups and
  // sign-ins would (rightly) stop a real script doing that, so they are raised for the run.
  REGISTER_CLIENT_LIMIT: '100000',
  LOGIN_CLIENT_LIMIT: '100000',
  // A simulated member posts about ten times in the minute, twice the real per-member burst
  // limit; without raising it, moderation would hold most of the load as spam, and the run
  // would measure the spam rule instead of the queue, the pages and the alerts.
  SPAM_MAX_POSTS_PER_MINUTE: '100000',
};

// Texts from the crisis development set. Crisis posts are the ones the detector rates
// "crisis" (its recall is measured by `npm run eval:crisis`); so a missing alert here is a
// pipeline fault, never a detector miss.
const dev = readFileSync(join(projectRoot(), '..', 'shared', 'eval', 'crisis-dev.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { text: string; level: string });
const crisisTexts = dev.filter((d) => d.level === 'crisis' && assess(d.text).level === 'crisis').map((d) => d.text);
const calmTexts = dev.filter((d) => d.level === 'green' && assess(d.text).level === 'green').map((d) => d.text);

/** Latencies per route, and every status seen. */
class Figures {
  readonly latencies = new Map<string, number[]>();
  readonly statuses = new Map<number, number>();
  readonly serverErrors: string[] = [];
  requests = 0;

  record(route: string, status: number, ms: number): void {
    this.requests++;
    this.statuses.set(status, (this.statuses.get(status) ?? 0) + 1);
    if (status >= 500 || status === 0) this.serverErrors.push(`${route} → ${status || 'no answer'}`);
    const list = this.latencies.get(route) ?? [];
    list.push(ms);
    this.latencies.set(route, list);
  }
}

interface Answer {
  status: number;
  location: string;
  text: string;
}

/** A browser: one session cookie, the CSRF token of the last form it loaded, redirects followed. */
class Browser {
  cookie = '';

  constructor(
    private readonly base: string,
    private readonly figures: { current: Figures },
  ) {}

  async open(route: string, method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Answer> {
    const started = performance.now();
    let status = 0;
    try {
      const res = await fetch(`${this.base}${path}`, {
        method,
        redirect: 'manual',
        headers: { accept: 'text/html', ...(this.cookie ? { cookie: this.cookie } : {}), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
      });
      status = res.status;
      const sid = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('forum.sid='));
      if (sid) this.cookie = sid;
      const text = await res.text();
      return { status, location: res.headers.get('location') ?? '', text };
    } finally {
      this.figures.current.record(route, status, performance.now() - started);
    }
  }

  /** Loads the page with the form, submits it, and follows the redirect as a browser does. */
  async submit(formRoute: string, formPath: string, route: string, path: string, fields: Record<string, string>): Promise<Answer & { submittedAt: number }> {
    const page = await this.open(formRoute, 'GET', formPath);
    const csrf = page.text.match(/name="_csrf" value="([^"]+)"/)?.[1] ?? '';
    const submittedAt = Date.now();
    const answer = await this.open(route, 'POST', path, { _csrf: csrf, ...fields });
    if (answer.status === 303 && answer.location.startsWith('/')) {
      const target = answer.location.split('#')[0];
      await this.open(target.startsWith('/support/') ? 'GET /support/:id' : target.startsWith('/t/') ? 'GET /t/:id' : `GET ${target}`, 'GET', target);
    }
    return { ...answer, submittedAt };
  }
}

interface Submitted {
  kind: 'thread' | 'reply';
  crisis: boolean;
  postId: number | null;
  threadId: number | null;
  submittedAt: number;
}

async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await condition()) return true;
    await sleep(250);
  }
  return condition();
}

async function run(label: string, topology: { role: 'all' | 'web'; workers: number }): Promise<void> {
  const db: BenchDatabase = await benchDatabase('load');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const processes = [startForumProcess({ DATABASE_URL: db.url, PORT: String(port), ROLE: topology.role, ...ENV })];
  const figures = { current: new Figures() };
  try {
    await waitForLine(processes[0], /listening/, 60_000);
    for (let i = 0; i < topology.workers; i++) processes.push(startForumProcess({ DATABASE_URL: db.url, PORT: '0', ROLE: 'worker', ...ENV }));
    await Promise.all(processes.slice(1).map((p) => waitForLine(p, /listening/, 60_000)));

    const moderator = new Browser(base, figures);
    await db.pool.query(`INSERT INTO users (username, password_hash, role) VALUES ('loadmoderator', $1, 'moderator')`, [await argon2.hash('load-moderator-password', { type: argon2.argon2id })]);
    const login = await moderator.submit('GET /login', '/login', 'POST /login', '/login', { username: 'loadmoderator', password: 'load-moderator-password' });
    if (login.status !== 303) throw new Error(`moderator login answered ${login.status}`);
    const stream = new EventStreamReader(`${base}/mod/alerts/stream`, moderator.cookie);
    await stream.ready;

    // Members register through the form, a few at a time (each sign-up hashes a password).
    const setupStarted = Date.now();
    const members: Browser[] = [];
    const letters = (n: number) => Array.from({ length: 3 }, (_, k) => String.fromCharCode(97 + (Math.floor(n / 26 ** k) % 26))).join('');
    for (let i = 0; i < MEMBERS; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, MEMBERS - i) }, async (_, k) => {
        const browser = new Browser(base, figures);
        const res = await browser.submit('GET /register', '/register', 'POST /register', '/register', { username: `loadmember${letters(i + k)}`, password: `load-password-${i + k}` });
        if (res.status !== 303) throw new Error(`registration answered ${res.status}: ${res.text.slice(0, 200)}`);
        members.push(browser);
      }));
    }
    const threads: number[] = [];
    for (let i = 0; i < 20; i++) {
      const board = BOARDS[i % BOARDS.length];
      const res = await members[i].submit('GET /b/:slug/new', `/b/${board}/new`, 'POST /b/:slug', `/b/${board}`, { title: `Check-in thread ${i + 1}`, body: calmTexts[i % calmTexts.length] });
      const id = res.location.match(/^\/t\/(\d+)/)?.[1];
      if (id) threads.push(Number(id));
    }
    await waitUntil(async () => (await db.pool.query(`SELECT 1 FROM posts WHERE state = 'pending'`)).rowCount === 0, 30_000);
    console.log(`\n${label}: ${MEMBERS} members registered and ${threads.length} threads opened in ${((Date.now() - setupStarted) / 1000).toFixed(1)} s`);

    // The load: posts at an even pace (open loop), reads alongside.
    figures.current = new Figures();
    const submitted: Submitted[] = [];
    const refused = new Map<number, number>();
    const started = Date.now();
    const work: Promise<unknown>[] = [];
    let reading = true;
    const readers = (async () => {
      let n = 0;
      while (reading) {
        const wait = started + (n * 1000) / READS_PER_SECOND - Date.now();
        if (wait > 0) await sleep(wait);
        const who = n % 2 === 0 ? members[n % members.length] : new Browser(base, figures);
        const pick = n % 10;
        work.push(
          pick < 7
            ? who.open('GET /t/:id', 'GET', `/t/${threads[n % threads.length]}`)
            : pick < 9
              ? who.open('GET /b/:slug', 'GET', `/b/${BOARDS[n % BOARDS.length]}`)
              : who.open('GET /', 'GET', '/'),
        );
        n++;
      }
    })();
    for (let i = 0; i < POSTS; i++) {
      const wait = started + (i * SECONDS * 1000) / POSTS - Date.now();
      if (wait > 0) await sleep(wait);
      const author = members[(i * 7) % members.length];
      const crisis = i % CRISIS_EVERY === CRISIS_EVERY - 1;
      const body = crisis ? crisisTexts[Math.floor(i / CRISIS_EVERY) % crisisTexts.length] : `${calmTexts[i % calmTexts.length]} (${i})`;
      const newThread = i % NEW_THREAD_EVERY === 0;
      work.push((async () => {
        const board = BOARDS[i % BOARDS.length];
        const threadId = threads[(i * 13) % threads.length];
        const res = newThread
          ? await author.submit('GET /b/:slug/new', `/b/${board}/new`, 'POST /b/:slug', `/b/${board}`, { title: `Thoughts, day ${i}`, body })
          : await author.submit('GET /t/:id', `/t/${threadId}`, 'POST /t/:id/replies', `/t/${threadId}/replies`, { body });
        if (res.status !== 303) {
          refused.set(res.status, (refused.get(res.status) ?? 0) + 1);
          return;
        }
        const postId = res.location.match(/^\/support\/(\d+)|#post-(\d+)/);
        const threadOf = res.location.match(/^\/t\/(\d+)/);
        submitted.push({ kind: newThread ? 'thread' : 'reply', crisis, postId: postId ? Number(postId[1] ?? postId[2]) : null, threadId: threadOf ? Number(threadOf[1]) : null, submittedAt: res.submittedAt });
        // A crisis thread is held for moderators, so other members could not read it.
        if (newThread && threadOf && !crisis) threads.push(Number(threadOf[1]));
      })());
    }
    reading = false;
    await readers;
    await Promise.all(work);
    const seconds = (Date.now() - started) / 1000;
    const load = figures.current;

    // Drain: every post decided, every crisis alert on the moderator's stream.
    const drainStarted = Date.now();
    await waitUntil(async () => (await db.pool.query(`SELECT 1 FROM posts WHERE state = 'pending'`)).rowCount === 0, 60_000);
    const drainSeconds = (Date.now() - drainStarted) / 1000;
    for (const s of submitted.filter((s) => s.postId === null && s.threadId !== null)) {
      s.postId = (await db.pool.query(`SELECT opening_post_id AS id FROM threads WHERE id = $1`, [s.threadId])).rows[0]?.id ?? null;
    }
    const crisisSubmitted = submitted.filter((s) => s.crisis);
    const crisisIds = crisisSubmitted.map((s) => s.postId).filter((id): id is number => id !== null);
    await waitUntil(async () => new Set(stream.events.map((e) => (JSON.parse(e.data) as { postId: number }).postId).filter((id) => crisisIds.includes(id))).size >= crisisIds.length, 30_000);
    stream.close();

    const ids = submitted.map((s) => s.postId).filter((id): id is number => id !== null);
    const stored = await db.pool.query(`SELECT state, count(*)::int AS n FROM posts WHERE id = ANY($1) GROUP BY state`, [ids]);
    const byState = Object.fromEntries(stored.rows.map((r: { state: string; n: number }) => [r.state, r.n]));
    const decided = (byState.published ?? 0) + (byState.held ?? 0);
    const [{ n: memberPosts }] = (await db.pool.query(`SELECT count(*)::int AS n FROM posts p JOIN users u ON u.id = p.author_id WHERE u.username LIKE 'loadmember%' AND p.created_at >= to_timestamp($1 / 1000.0)`, [started])).rows;
    const lost = submitted.length - decided;
    const alertCounts = await db.pool.query(`SELECT p.id, count(a.id)::int AS alerts FROM posts p LEFT JOIN alerts a ON a.post_id = p.id WHERE p.id = ANY($1) GROUP BY p.id`, [crisisIds]);
    const wrongAlerts = crisisSubmitted.length - alertCounts.rows.filter((r: { alerts: number }) => r.alerts === 1).length;
    const firstLive = new Map<number, number>();
    for (const e of stream.events) {
      const { postId, round } = JSON.parse(e.data) as { postId: number; round: number };
      if (round === 0 && !firstLive.has(postId)) firstLive.set(postId, e.receivedAt);
    }
    const alertLatencies = crisisSubmitted.filter((s) => s.postId !== null && firstLive.has(s.postId)).map((s) => firstLive.get(s.postId!)! - s.submittedAt);
    const alertSummary = summary(alertLatencies);

    console.log(`${label}: ${POSTS} posts over ${SECONDS} s with ${READS_PER_SECOND} reads/s alongside; ran ${seconds.toFixed(1)} s`);
    console.log(`  ${'route'.padEnd(22)} ${'requests'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
    for (const [route, list] of [...load.latencies].sort((a, b) => a[0].localeCompare(b[0]))) {
      const s = summary(list);
      console.log(`  ${route.padEnd(22)} ${String(list.length).padStart(8)} ${s.p50.toFixed(0).padStart(8)} ${s.p99.toFixed(0).padStart(8)}`);
    }
    const statusLine = [...load.statuses].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status || 'none'}: ${n}`).join(', ');
    console.log(`  requests per second            ${(load.requests / seconds).toFixed(1)} (${load.requests} requests; statuses ${statusLine})`);
    console.log(`  5xx or no answer               ${load.serverErrors.length}${load.serverErrors.length ? ` (${[...new Set(load.serverErrors)].slice(0, 5).join('; ')})` : ''}`);
    console.log(`  submits accepted / refused     ${submitted.length} / ${[...refused.values()].reduce((a, b) => a + b, 0)}${refused.size ? ` (${[...refused].map(([s, n]) => `${s}: ${n}`).join(', ')})` : ''}`);
    console.log(`  posts stored by members        ${memberPosts} (published ${byState.published ?? 0}, held ${byState.held ?? 0}, pending ${byState.pending ?? 0}; queue drained ${drainSeconds.toFixed(1)} s after the last submit)`);
    console.log(`  posts lost                     ${lost}`);
    console.log(`  crisis posts                   ${crisisSubmitted.length}; without exactly one alert: ${wrongAlerts}; seen live: ${alertLatencies.length}`);
    console.log(`  submit-to-alert (live stream)  p50 ${alertSummary.p50.toFixed(0)} ms, p99 ${alertSummary.p99.toFixed(0)} ms, max ${alertSummary.max.toFixed(0)} ms`);
  } finally {
    await Promise.all(processes.map(stopProcess));
    await db.drop();
  }
}

const topology = process.env.LOAD_TOPOLOGY ?? 'both';
if (topology !== 'split') await run('one process (ROLE=all)', { role: 'all', workers: 0 });
if (topology !== 'single') await run('ROLE=web + two ROLE=worker', { role: 'web', workers: 2 });
process.exit(0);
