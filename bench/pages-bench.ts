// npm run bench — page speed on a realistic forum (9 boards, ~2,000 members, 5,000 threads,
// 100,000 posts, one thread of 500 replies nested 8 deep), measured with autocannon at 50
// connections against the real forum (compiled, NODE_ENV=production, ROLE=all) and, in the same
// run, against a bare node:http + pg + Handlebars server rendering the same pages with the same
// SQL (bench/baseline-server.ts). Each route is measured alone: forum, then baseline, never both
// at once (in alternating rounds, so a change in the machine's load hits both). Prints figures;
// asserts nothing.
//
// BENCH_SECONDS (default 10 per server and route), BENCH_ROUNDS (2), BENCH_WARMUP_SECONDS (2), BENCH_CONNECTIONS (50),
// BENCH_EXPLAIN=full to print the page queries' whole plans, BENCH_VERBOSE=1 for server output.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { type ForumConfig, projectRoot } from '@forum/config';
import { ForumService } from '@forum/forum';
import { benchDatabase, type BenchDatabase, sleep, startForumProcess, stopProcess, summary, waitForLine } from './support.js';
import { seedForum, type SeededForum } from './seed-forum.js';

const FORUM_PORT = Number(process.env.BENCH_FORUM_PORT ?? 3870);
const BASELINE_PORT = Number(process.env.BENCH_BASELINE_PORT ?? 3871);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 2));
const ALIAS_SECRET = 'bench-alias-secret-0123456789abcdef';

interface Figures {
  rps: number;
  p50: number;
  p99: number;
  bad: number;
  total: number;
  bytes: number;
}

/** Resident memory of a process from /proc: current (VmRSS) and peak since it started (VmHWM), in MB. */
function memoryOf(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN);
    return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

class MemoryWatch {
  peakSampledRss = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => this.sample(), 100);
  }

  sample(): { rss: number; hwm: number } {
    const m = memoryOf(this.pid);
    if (m.rss > this.peakSampledRss) this.peakSampledRss = m.rss;
    return m;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/**
 * Waits until no query of the previous measurement is still running or queued: a server keeps
 * working through its backlog after autocannon hangs up, and that must not slow the next one.
 */
async function waitUntilIdle(db: BenchDatabase): Promise<void> {
  const until = Date.now() + 30_000;
  let quietSince = 0;
  while (Date.now() < until) {
    const { rows } = await db.pool.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid()`,
      [db.name],
    );
    if (rows[0].n === 0) {
      if (!quietSince) quietSince = Date.now();
      if (Date.now() - quietSince >= 500) return;
    } else quietSince = 0;
    await sleep(100);
  }
}

let benchDb: BenchDatabase;

/** One autocannon run, with every response's latency (so rounds can be pooled into one distribution). */
function run(options: autocannon.Options, seconds: number): Promise<{ result: autocannon.Result; latencies: number[] }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ ...options, connections: CONNECTIONS, duration: seconds }, (error, result) => (error ? reject(error) : resolve({ result, latencies })));
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

function figures(runs: { result: autocannon.Result; latencies: number[] }[]): Figures {
  const sum = (f: (r: autocannon.Result) => number) => runs.reduce((total, run) => total + f(run.result), 0);
  const latency = summary(runs.flatMap((r) => r.latencies));
  const total = sum((r) => r.requests.total);
  return {
    rps: total / sum((r) => r.duration),
    p50: latency.p50,
    p99: latency.p99,
    // Anything but 2xx/3xx: 1xx, 4xx, 5xx, and connection errors and timeouts.
    bad: sum((r) => r['1xx'] + r['4xx'] + r['5xx'] + r.errors),
    total,
    bytes: sum((r) => r.throughput.total) / Math.max(1, total),
  };
}

/**
 * The forum and (for pages) the baseline on the same route: a warm-up each, then ROUNDS
 * alternating rounds of SECONDS/ROUNDS each, one server at a time, waiting for the previous
 * one's backlog to clear. Alternating keeps a shift in the machine's load from landing on one
 * side only.
 */
async function measure(forumOptions: autocannon.Options, baselineOptions?: autocannon.Options): Promise<{ forum: Figures; baseline?: Figures }> {
  const sides = [forumOptions, ...(baselineOptions ? [baselineOptions] : [])];
  if (WARMUP_SECONDS > 0) {
    for (const options of sides) {
      await waitUntilIdle(benchDb);
      await run(options, WARMUP_SECONDS);
    }
  }
  const runs: { result: autocannon.Result; latencies: number[] }[][] = sides.map(() => []);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, options] of sides.entries()) {
      await waitUntilIdle(benchDb);
      runs[i].push(await run(options, SECONDS / ROUNDS));
    }
  }
  return { forum: figures(runs[0]), baseline: baselineOptions ? figures(runs[1]) : undefined };
}

function startBaselineProcess(databaseUrl: string): ChildProcess {
  const child = spawn(process.execPath, [join(projectRoot(), 'dist/bench/baseline-server.js')], {
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: databaseUrl, PORT: String(BASELINE_PORT) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr?.on('data', (d: Buffer) => process.stderr.write(`[baseline] ${d}`));
  child.stdout?.on('data', (d: Buffer) => process.env.BENCH_VERBOSE && process.stdout.write(d));
  return child;
}

const sidOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c.startsWith('forum.sid='));
const csrfOf = (html: string) => {
  const m = html.match(/name="_csrf" value="([^"]+)"/);
  if (!m) throw new Error('no _csrf field on the page');
  return m[1];
};

/** Logs the member in through the login form, as a browser would: a session cookie and the CSRF token of that session. */
async function logIn(base: string, seeded: SeededForum): Promise<{ cookie: string; csrf: string }> {
  const form = await fetch(`${base}/login`);
  const before = sidOf(form);
  if (!before) throw new Error('the login page set no session cookie');
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: before, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrfOf(await form.text()), username: seeded.poster.username, password: seeded.poster.password, next: '/' }),
  });
  const cookie = sidOf(res);
  if (res.status !== 303 || !cookie) throw new Error(`login failed: ${res.status} ${(await res.text()).slice(0, 300)}`);
  // The session is regenerated at login, so the token comes from a page read with the new cookie.
  const page = await fetch(`${base}/t/${seeded.ordinaryThreadIds[0]}`, { headers: { cookie } });
  const html = await page.text();
  if (!html.includes(`Signed in as <strong>${seeded.poster.username}</strong>`)) throw new Error('logged in, but the pages do not show the member');
  return { cookie, csrf: csrfOf(html) };
}

/** The same page from both servers should be the same HTML: the baseline is only fair if it does the same work. */
async function compareHtml(path: string): Promise<string> {
  const [a, b] = await Promise.all([fetch(`http://127.0.0.1:${FORUM_PORT}${path}`), fetch(`http://127.0.0.1:${BASELINE_PORT}${path}`)]);
  const [x, y] = await Promise.all([a.text(), b.text()]);
  if (a.status !== 200 || b.status !== 200) return `status ${a.status} vs ${b.status}`;
  if (x === y) return `identical (${(x.length / 1024).toFixed(0)} kB)`;
  let i = 0;
  while (i < x.length && x[i] === y[i]) i++;
  return `DIFFERENT at char ${i}: forum …${JSON.stringify(x.slice(Math.max(0, i - 40), i + 60))}… baseline …${JSON.stringify(y.slice(Math.max(0, i - 40), i + 60))}…`;
}

/** EXPLAIN ANALYZE of the SQL the three pages run, captured from ForumService itself (so never a stale copy). */
async function explainPages(db: BenchDatabase, seeded: SeededForum): Promise<void> {
  const full = process.env.BENCH_EXPLAIN === 'full';
  const plans: { label: string; lines: string[] }[] = [];
  let label = '';
  const shim = {
    query: async (sql: string, params?: unknown[]) => {
      const plan = await db.pool.query(`EXPLAIN (ANALYZE, BUFFERS${full ? '' : ', COSTS OFF'}) ${sql}`, params);
      const part = /SELECT count\(\*\)/.test(sql) ? ' (count)' : /ORDER BY p\.path/.test(sql) ? ' (reply tree)' : /FROM threads t JOIN boards/.test(sql) ? ' (thread row)' : '';
      plans.push({ label: label + part, lines: plan.rows.map((r: Record<string, string>) => r['QUERY PLAN']) });
      return (await db.pool.query(sql, params)).rows;
    },
  } as unknown as DataSource;
  const forum = new ForumService(shim, { aliasSecret: ALIAS_SECRET } as ForumConfig);
  // Twice each: the first run warms the caches, the second is the one printed.
  for (const pass of [0, 1]) {
    plans.length = 0;
    label = 'home: listBoards';
    await forum.listBoards(null);
    label = `board /b/${seeded.bigBoardSlug}: findBoard`;
    const board = (await forum.findBoard(seeded.bigBoardSlug))!;
    label = `board /b/${seeded.bigBoardSlug}: listThreads`;
    await forum.listThreads(board, 1, null);
    label = `thread /t/${seeded.bigThreadId}: readThread`;
    await forum.readThread(seeded.bigThreadId, null);
    if (pass === 1) break;
  }
  console.log('Query plans of the page queries (guest, EXPLAIN ANALYZE on the seeded data):');
  for (const { label: l, lines } of plans) {
    const time = lines.find((line) => line.startsWith('Execution Time'))?.replace('Execution Time: ', '') ?? '';
    console.log(`  ${l.padEnd(50)} ${time}`);
    const shown = full ? lines : lines.filter((line) => /Scan|Sort|Join|Nested Loop|Aggregate/.test(line)).map((line) => line.replace(/\s+\(actual.*$/, '').replace(/\s+\(cost.*$/, ''));
    for (const line of shown) console.log(`      ${line.trimEnd()}`);
  }
}

async function waitForModeration(db: BenchDatabase, timeoutMs: number): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM posts WHERE state = 'pending'`);
    if (rows[0].n === 0 || Date.now() > until) return rows[0].n as number;
    await sleep(250);
  }
}

/** The forum's queue keys for this run (Bull keeps finished jobs), so runs leave nothing behind in Redis. */
async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch {
    // Leftover keys are harmless; a missing Redis must not hide the figures.
  } finally {
    redis.disconnect();
  }
}

const ms = (v: number) => (Number.isFinite(v) && v > 0 ? `${v.toFixed(v < 10 ? 1 : 0)} ms` : '—');
const pct = (a: number, b: number) => (b > 0 ? `${((a / b) * 100).toFixed(0)}%` : '—');

async function main(): Promise<void> {
  const started = Date.now();
  const loadAtStart = loadavg().map((l) => l.toFixed(1)).join(' ');
  console.log(`Page benchmark (Node ${process.version}, ${cpus().length} cores, ${CONNECTIONS} connections, ${WARMUP_SECONDS} s warm-up + ${SECONDS} s per server and route)`);
  const db = await benchDatabase('pages');
  benchDb = db;
  const processes: ChildProcess[] = [];
  try {
    const seeded = await seedForum(db.pool, { aliasSecret: ALIAS_SECRET });
    console.log(
      `Seeded in ${seeded.seconds.toFixed(1)} s: 9 boards, ${seeded.members} members, ${seeded.threads} threads, ${seeded.posts} posts ` +
        `(${seeded.anonymousPosts} anonymous); thread ${seeded.bigThreadId} has ${seeded.bigThreadReplies} replies nested ${seeded.bigThreadMaxDepth} deep`,
    );
    await explainPages(db, seeded);

    const forum = startForumProcess({
      DATABASE_URL: db.url,
      REDIS_PREFIX: `forum:${db.name}`,
      PORT: String(FORUM_PORT),
      ROLE: 'all',
      ALIAS_SECRET,
      SPAM_MAX_POSTS_PER_MINUTE: '1000000',
      LOGIN_NAME_LIMIT: '100000',
      LOGIN_CLIENT_LIMIT: '100000',
      REGISTER_CLIENT_LIMIT: '100000',
    });
    processes.push(forum);
    await waitForLine(forum, /listening/);
    const baseline = startBaselineProcess(db.url);
    processes.push(baseline);
    await waitForLine(baseline, /listening/);
    const memory = new MemoryWatch(forum.pid!);
    const atStart = memory.sample();

    const forumUrl = `http://127.0.0.1:${FORUM_PORT}`;
    const baselineUrl = `http://127.0.0.1:${BASELINE_PORT}`;
    const pages: { name: string; path: string; headers?: Record<string, string> }[] = [
      { name: 'home', path: '/' },
      { name: 'board (page 1)', path: `/b/${seeded.bigBoardSlug}` },
      { name: `thread (${seeded.bigThreadReplies} replies)`, path: `/t/${seeded.bigThreadId}` },
    ];
    console.log('Same HTML from forum and baseline (guest):');
    for (const page of pages) console.log(`  ${page.path.padEnd(20)} ${await compareHtml(page.path)}`);

    const rows: { route: string; forum: Figures; baseline?: Figures }[] = [];
    // The same thread asked for as browsers ask (accept-encoding: gzip). The baseline sends it
    // uncompressed either way, so this row shows what compression saves, not a like-for-like ratio.
    pages.push({ name: `thread, gzip as browsers ask`, path: `/t/${seeded.bigThreadId}`, headers: { 'accept-encoding': 'gzip' } });
    for (const page of pages) {
      const { forum: f, baseline: b } = await measure({ url: forumUrl + page.path, headers: page.headers }, { url: baselineUrl + page.path, headers: page.headers });
      rows.push({ route: `GET ${page.path} ${page.name}`, forum: f, baseline: b });
      console.log(`  measured ${page.path}: forum ${f.rps.toFixed(0)} req/s, baseline ${b!.rps.toFixed(0)} req/s`);
    }

    // Reply submits by a logged-in member, spread over ordinary threads so the measured thread
    // page does not grow (and no one thread grows long enough to slow its own submits).
    const { cookie, csrf } = await logIn(forumUrl, seeded);
    const targets = seeded.ordinaryThreadIds.slice(0, 300);
    const before = Number((await db.pool.query(`SELECT count(*)::int AS n FROM posts p JOIN users u ON u.id = p.author_id WHERE u.username = $1`, [seeded.poster.username])).rows[0].n);
    let n = 0;
    const { forum: submit } = await measure({
      url: forumUrl,
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      requests: [
        {
          method: 'POST',
          setupRequest: (req) => {
            n++;
            return {
              ...req,
              path: `/t/${targets[n % targets.length]}/replies`,
              body: new URLSearchParams({
                _csrf: csrf,
                body: `Thank you for writing this down. Reading it tonight helped me feel a little less alone, and I am glad you are still here with us. (${n})`,
              }).toString(),
            };
          },
        },
      ],
    });
    const after = Number((await db.pool.query(`SELECT count(*)::int AS n FROM posts p JOIN users u ON u.id = p.author_id WHERE u.username = $1`, [seeded.poster.username])).rows[0].n);
    rows.push({ route: 'POST /t/:id/replies (member)', forum: submit });
    console.log(`  measured reply submits: ${submit.rps.toFixed(0)} req/s, ${after - before} replies stored, warm-up included`);

    const duringRun = memory.sample();
    const pending = await waitForModeration(db, 30_000);
    await sleep(2000);
    const afterRun = memory.sample();
    memory.stop();

    console.log('');
    console.log(
      `Results (${CONNECTIONS} connections; ${SECONDS} s per server and route after a ${WARMUP_SECONDS} s warm-up, in ${ROUNDS} alternating rounds; "bad" = not 2xx/3xx, errors, timeouts)`,
    );
    const header = ['route', 'forum req/s', 'p50', 'p99', 'bad', 'baseline req/s', 'p50', 'p99', 'bad', 'forum/baseline', 'page'];
    const table = rows.map((r) => [
      r.route,
      r.forum.rps.toFixed(0),
      ms(r.forum.p50),
      ms(r.forum.p99),
      String(r.forum.bad),
      r.baseline ? r.baseline.rps.toFixed(0) : '—',
      r.baseline ? ms(r.baseline.p50) : '—',
      r.baseline ? ms(r.baseline.p99) : '—',
      r.baseline ? String(r.baseline.bad) : '—',
      r.baseline ? pct(r.forum.rps, r.baseline.rps) : '—',
      r.route.startsWith('POST') ? '303' : `${(r.forum.bytes / 1024).toFixed(0)} kB`,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)));
    const line = (cells: string[]) => `  ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')}`;
    console.log(line(header));
    for (const row of table) console.log(line(row));
    console.log('');
    console.log(
      `Forum server memory: ${atStart.rss.toFixed(0)} MB resident before load; peak ${duringRun.hwm.toFixed(0)} MB (VmHWM; ` +
        `${memory.peakSampledRss.toFixed(0)} MB highest sampled VmRSS); ${afterRun.rss.toFixed(0)} MB resident after the run` +
        (pending ? ` (${pending} replies still pending moderation after 30 s)` : ' (moderation queue drained)'),
    );
    console.log(`Total ${((Date.now() - started) / 1000).toFixed(0)} s; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} (at start ${loadAtStart})`);
  } finally {
    for (const p of processes.reverse()) await stopProcess(p);
    await db.drop();
    await dropRedisKeys(`forum:${db.name}`);
  }
}

await main();
process.exit(0);
