import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member, unique, Visitor } from './support/member.js';
import { moderator } from './support/moderator.js';

const CRISIS_POST = 'I wrote my note and the pills are in front of me. Tonight is the night. Thank you all for everything.';

/** The value of one sample in a Prometheus text exposition, or null when it is not there. */
function sample(metrics: string, name: string, labels: Record<string, string>): number | null {
  for (const line of metrics.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const set = line.slice(name.length + 1, line.lastIndexOf('}'));
    if (Object.entries(labels).every(([k, v]) => set.split(',').includes(`${k}="${v}"`))) return Number(line.slice(line.lastIndexOf('}') + 1).trim());
  }
  return null;
}

describe('operability: metrics, queue board and logs', () => {
  let forum: TestForum;
  let logFile: string;
  let admin: Visitor;
  let mod: Visitor;

  beforeAll(async () => {
    logFile = join(tmpdir(), `forum-log-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
    forum = await startForum({ LOG_LEVEL: 'info', LOG_FILE: logFile });
    admin = await moderator(forum, 'admin');
    mod = await moderator(forum);
  });
  afterAll(async () => {
    await forum?.close();
    rmSync(logFile, { force: true });
  });

  async function scrape(): Promise<string> {
    const res = await admin.get('/metrics');
    expect(res.status).toBe(200);
    return res.text;
  }

  describe('GET /metrics', () => {
    it('shows admins request latency by route template, queue depth, job durations and alerts', async () => {
      const ada = await member(forum.url, 'ada');
      const { threadId } = await ada.startThread('mental-health', { title: 'A quiet evening', body: 'Made tea and sat with the cat tonight.' });
      await forum.settle();
      expect((await ada.get(`/t/${threadId}`)).status).toBe(200);

      await ada.startThread('recovery-sobriety', { title: 'Tonight', body: CRISIS_POST });
      await forum.settle();
      const [alert] = await forum.db.query(`SELECT a.id FROM alerts a JOIN posts p ON p.id = a.post_id JOIN users u ON u.id = p.author_id WHERE u.username = $1`, [ada.name]);
      expect(alert).toBeDefined();
      await waitFor(async () => sample(await scrape(), 'forum_alerts_opened_total', { level: 'crisis' }) === 1, 10_000, 'the alert to be counted');
      expect((await mod.submit(`/mod/alerts/${alert.id}/ack`, {}, `/mod/alerts/${alert.id}`)).status).toBe(303);

      const res = await admin.get('/metrics');
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      const metrics = res.text;
      expect(sample(metrics, 'forum_http_request_duration_seconds_count', { method: 'GET', route: '/t/:id', status: '200' })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'forum_http_request_duration_seconds_bucket', { method: 'POST', route: '/b/:slug', status: '303', le: '+Inf' })).toBeGreaterThanOrEqual(2);
      // Labels name the route, never the URL with its ids.
      expect(metrics).not.toMatch(/route="\/t\/\d/);
      for (const queue of ['moderation', 'alerts', 'alerts-live']) {
        for (const state of ['waiting', 'active', 'delayed', 'failed']) expect(sample(metrics, 'forum_queue_jobs', { queue, state })).toEqual(expect.any(Number));
      }
      // Escalation checks wait in the alerts queue as delayed jobs.
      expect(sample(metrics, 'forum_queue_jobs', { queue: 'alerts', state: 'delayed' })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'forum_queue_job_duration_seconds_count', { queue: 'moderation', job: 'check-post', outcome: 'completed' })).toBeGreaterThanOrEqual(2);
      expect(sample(metrics, 'forum_queue_job_duration_seconds_count', { queue: 'alerts', job: 'deliver', outcome: 'completed' })).toBeGreaterThanOrEqual(1);
      expect(sample(metrics, 'forum_alert_time_to_acknowledge_seconds_count', { level: 'crisis' })).toBe(1);
      expect(sample(metrics, 'forum_alert_time_to_acknowledge_seconds_bucket', { level: 'crisis', le: '+Inf' })).toBe(1);
      expect(metrics).toMatch(/^process_cpu_user_seconds_total \d/m);
      expect(metrics).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    }, 30_000);

    it('refuses members and moderators, and sends guests to log in', async () => {
      const bea = await member(forum.url, 'bea');
      for (const visitor of [bea, mod]) {
        const res = await visitor.get('/metrics');
        expect(res.status).toBe(403);
        expect(res.text).not.toContain('forum_http_request_duration_seconds');
      }
      const guest = await new Visitor(forum.url).get('/metrics');
      expect(guest.status).toBe(303);
      expect(guest.headers.location).toBe('/login?next=%2Fmetrics');
      const scraper = await request(forum.url).get('/metrics').set('accept', 'text/plain');
      expect(scraper.status).toBe(401);
      expect(scraper.text).not.toContain('forum_http_request_duration_seconds');
    });
  });

  describe('the queue board at /admin/queues', () => {
    it('shows admins the moderation and alerts queues, under a policy that still allows only its own scripts', async () => {
      const page = await admin.get('/admin/queues');
      expect(page.status).toBe(200);
      expect(page.text).toContain('__UI_CONFIG__');
      const csp = String(page.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("base-uri 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      const script = page.text.match(/src="(static\/js\/main\.[^"]+\.js)"/)?.[1];
      expect(script).toBeDefined();
      expect((await admin.agent.get(`/admin/queues/${script}`)).status).toBe(200);

      const api = await admin.agent.get('/admin/queues/api/queues').set('accept', 'application/json');
      expect(api.status).toBe(200);
      expect((api.body.queues as { name: string; readOnlyMode: boolean }[]).map((q) => [q.name, q.readOnlyMode]).sort()).toEqual([
        ['alerts', true],
        ['alerts-live', true],
        ['moderation', true],
      ]);
      // Read-only: a state-changing call is refused.
      expect((await admin.agent.put('/admin/queues/api/queues/moderation/pause')).status).toBe(403);
    });

    it('refuses members and moderators on the page, its API and its assets, and sends guests to log in', async () => {
      const cy = await member(forum.url, 'cy');
      const script = (await admin.get('/admin/queues')).text.match(/src="(static\/js\/main\.[^"]+\.js)"/)![1];
      for (const visitor of [cy, mod]) {
        expect((await visitor.get('/admin/queues')).status).toBe(403);
        expect((await visitor.agent.get('/admin/queues/api/queues').set('accept', 'application/json')).status).toBe(403);
        expect((await visitor.agent.get('/admin/queues/api/redis/stats')).status).toBe(403);
        expect((await visitor.agent.get(`/admin/queues/${script}`)).status).toBe(403);
      }
      const guest = await new Visitor(forum.url).get('/admin/queues');
      expect(guest.status).toBe(303);
      expect(guest.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');
      expect((await request(forum.url).get('/admin/queues/api/queues').set('accept', 'application/json')).status).toBe(401);
    });

    it('shows only ids in the jobs of an anonymous crisis post, never who wrote it', async () => {
      const dot = await member(forum.url, 'dot');
      const eli = await member(forum.url, 'eli');
      const { threadId } = await dot.startThread('grief-loss', { title: 'Two years today', body: 'Lit a candle this morning.' });
      await forum.settle();
      await eli.reply(threadId!, { body: CRISIS_POST, anonymous: true });
      await forum.settle();
      // The author is shown help first, so the post's id is read from the database.
      const [{ postId, alertId }] = await forum.db.query(
        `SELECT p.id AS "postId", a.id AS "alertId" FROM posts p JOIN users u ON u.id = p.author_id LEFT JOIN alerts a ON a.post_id = p.id WHERE u.username = $1 AND p.anonymous`,
        [eli.name],
      );
      expect(alertId).toEqual(expect.any(Number));

      type BoardQueue = { name: string; jobs: { id: string; data: Record<string, unknown> }[] };
      const jobsOf = async (queue: string) => {
        let text = '';
        let jobs: BoardQueue['jobs'] = [];
        await waitFor(async () => {
          const api = await admin.agent.get(`/admin/queues/api/queues?activeQueue=${queue}&status=latest&page=1&jobsPerPage=100`).set('accept', 'application/json');
          text = api.text;
          jobs = (api.body.queues as BoardQueue[]).find((q) => q.name === queue)!.jobs;
          return jobs.some((j) => j.data.postId === postId || j.data.alertId === alertId);
        }, 10_000, `the ${queue} jobs of the post`);
        return { text, jobs };
      };
      const moderation = await jobsOf('moderation');
      expect(moderation.jobs.find((j) => j.id === String(postId))?.data).toEqual({ postId });
      const alerts = await jobsOf('alerts');
      for (const job of alerts.jobs.filter((j) => j.data.alertId === alertId)) expect(Object.keys(job.data).sort()).toEqual(expect.arrayContaining(['alertId', 'round']));
      for (const job of alerts.jobs) expect(Object.keys(job.data).every((key) => ['alertId', 'channel', 'round'].includes(key))).toBe(true);
      for (const { text } of [moderation, alerts]) expect(text).not.toContain(eli.name);
    });
  });

  describe('logs', () => {
    it('writes JSON lines without post bodies, passwords, session ids or the account behind an alias', async () => {
      const body = `Marker ${randomBytes(6).toString('hex')}: my sponsor said one day at a time.`;
      const anonymousBody = `Marker ${randomBytes(6).toString('hex')}: I relapsed last week and I am scared to tell anyone.`;
      const fay = new Visitor(forum.url, unique('fay'));
      await fay.register();
      expect((await fay.login()).status).toBe(303);
      const wrong = `wrong-${randomBytes(6).toString('hex')}`;
      await new Visitor(forum.url, fay.name, wrong).login();
      const { threadId } = await fay.startThread('recovery-sobriety', { title: 'Ninety days', body });
      const { postId } = await fay.reply(threadId!, { body: anonymousBody, anonymous: true });
      await forum.settle();
      const [{ alias }] = await forum.db.query(`SELECT alias FROM posts WHERE id = $1`, [postId]);
      expect(alias).toBeTruthy();
      expect((await fay.get(`/t/${threadId}`)).text).toContain(alias);

      let text = '';
      await waitFor(() => {
        text = readFileSync(logFile, 'utf8');
        return text.includes(`"path":"/t/${threadId}/replies"`);
      }, 5000, 'the reply to be logged');
      const lines = text.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.find((l) => l.method === 'POST' && l.route === '/t/:id/replies' && l.status === 303)).toBeDefined();
      expect(lines.find((l) => l.method === 'POST' && l.route === '/login')).toBeDefined();
      expect(lines.every((l) => typeof l.level === 'string' && typeof l.time === 'string')).toBe(true);

      const sessionId = decodeURIComponent(fay.sessionCookie.slice('forum.sid='.length));
      expect(sessionId.length).toBeGreaterThan(10);
      const secrets = {
        body: body.slice(0, 20),
        anonymousBody: anonymousBody.slice(0, 20),
        password: fay.password,
        wrongPassword: wrong,
        sessionCookie: sessionId,
        sessionId: sessionId.replace(/^s:/, '').split('.')[0],
        username: fay.name,
        alias,
      };
      for (const [what, secret] of Object.entries(secrets)) expect({ what, leaked: text.includes(secret) }).toEqual({ what, leaked: false });
      expect(text).not.toMatch(/forum\.sid|cookie|remoteAddress|127\.0\.0\.1/i);
    }, 30_000);
  });
});
