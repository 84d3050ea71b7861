import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startForumProcess, stopProcess, waitForLine } from '../bench/support.js';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member } from './support/member.js';
import { moderator } from './support/moderator.js';
import { freePort } from './support/receivers.js';

/** ROLE=web in this process; a real worker process (from dist) serves its metrics on METRICS_PORT. */
describe('metrics of a worker process', () => {
  let forum: TestForum;
  let worker: ChildProcess;
  let metricsUrl: string;

  beforeAll(async () => {
    forum = await startForum({ ROLE: 'web' });
    const port = await freePort();
    metricsUrl = `http://127.0.0.1:${port}`;
    worker = startForumProcess({ DATABASE_URL: forum.databaseUrl, REDIS_PREFIX: `forum:${new URL(forum.databaseUrl).pathname.slice(1)}`, ROLE: 'worker', PORT: '0', METRICS_PORT: String(port) });
    await waitForLine(worker, /listening/);
  }, 60_000);
  afterAll(async () => {
    if (worker) await stopProcess(worker);
    await forum?.close();
  });

  it('shows the jobs the worker ran and the alerts it opened on its own metrics port, which serves nothing else', async () => {
    const gus = await member(forum.url, 'gus');
    await gus.startThread('chronic-illness', { title: 'Flare week', body: 'Resting a lot this week, sending strength to everyone.' });
    await gus.startThread('recovery-sobriety', { title: 'Tonight', body: 'I wrote my note and the pills are in front of me. Tonight is the night. Thank you all for everything.' });
    await forum.settle(20_000);
    await waitFor(async () => (await forum.db.query(`SELECT count(*)::int AS n FROM alerts WHERE dispatched_at IS NOT NULL`))[0].n === 1, 10_000, 'the alert to be dispatched');

    const res = await fetch(`${metricsUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const metrics = await res.text();
    expect(metrics).toMatch(/^forum_queue_job_duration_seconds_count\{queue="moderation",job="check-post",outcome="completed"\} 2$/m);
    expect(metrics).toMatch(/^forum_alerts_opened_total\{level="crisis"\} 1$/m);
    expect(metrics).toMatch(/^forum_queue_jobs\{queue="moderation",state="waiting"\} \d+$/m);
    expect(metrics).toMatch(/^process_resident_memory_bytes \d/m);
    expect((await fetch(`${metricsUrl}/`)).status).toBe(404);

    // The web process ran no job, so it reports none: nothing is counted twice.
    const web = await (await moderator(forum, 'admin')).get('/metrics');
    expect(web.status).toBe(200);
    expect(web.text).toMatch(/^forum_http_request_duration_seconds_count\{method="POST",route="\/b\/:slug",status="303"\} 2$/m);
    expect(web.text).not.toMatch(/^forum_queue_job_duration_seconds_count\{queue="moderation"/m);
    expect(web.text).not.toMatch(/^forum_alerts_opened_total\{/m);
  }, 40_000);
});
