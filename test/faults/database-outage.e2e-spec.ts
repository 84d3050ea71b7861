import { getQueueToken } from '@nestjs/bull';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bull';
import pg from 'pg';
import { MODERATION_QUEUE } from '@forum/moderation';
import { startForum, type TestForum, waitFor } from '../support/forum-app.js';
import { csrfOf, member, Visitor, type Visitor as Member } from '../support/member.js';
import { TcpProxy } from './support.js';

/**
 * PostgreSQL goes away under a running forum: a proxy between the forum and the shared
 * cluster resets every connection and refuses new ones, then comes back. The forum itself is
 * never restarted.
 */
describe('PostgreSQL refusing connections', () => {
  let forum: TestForum;
  let proxy: TcpProxy;
  let direct: pg.Client;
  let ana: Member;
  let threadId: number;

  beforeAll(async () => {
    proxy = new TcpProxy(5432);
    await proxy.open();
    forum = await startForum({}, { databaseServer: `postgres://postgres@127.0.0.1:${proxy.port}` });
    // The test's own view of the data goes around the proxy.
    const url = new URL(forum.databaseUrl);
    url.port = '5432';
    direct = new pg.Client({ connectionString: url.toString() });
    await direct.connect();
    ana = await member(forum.url, 'ana');
    threadId = (await ana.startThread('mental-health', { title: 'Rough week', body: 'Anyone else finding this week hard?' })).threadId!;
    await forum.settle();
  }, 30_000);
  afterAll(async () => {
    await proxy.restore().catch(() => undefined);
    await direct?.end();
    await forum?.close();
    await proxy.close();
  });

  const storedPostsWith = async (text: string) => (await direct.query(`SELECT id FROM posts WHERE body = $1`, [text])).rowCount;

  it('answers 503 with a calm page, keeps what a member wrote in the form, and recovers by itself', async () => {
    const replyPage = await ana.get(`/t/${threadId}`);
    const token = csrfOf(replyPage.text);
    const guest = new Visitor(forum.url);
    await proxy.cut();
    try {
      // A member's page needs their session, which lives in PostgreSQL too.
      const memberPage = await ana.get(`/t/${threadId}`);
      expect(memberPage.status).toBe(503);
      expect(memberPage.headers['retry-after']).toBe('30');
      expect(memberPage.text).toContain('The forum is having trouble');
      expect(memberPage.text).toContain('cannot reach its database');
      expect(memberPage.text).toContain('href="/help"');
      expect(memberPage.text).not.toMatch(/ECONNREFUSED|at \S+\.js|QueryFailedError/);

      const guestPage = await guest.get(`/t/${threadId}`);
      expect(guestPage.status).toBe(503);
      expect(guestPage.text).toContain('cannot reach its database');

      const words = 'I almost did not write this <because> it is hard to say & I am scared.';
      const reply = await ana.agent.post(`/t/${threadId}/replies`).type('form').set('accept', 'text/html').send({ _csrf: token, body: words, anonymous: 'on' });
      expect(reply.status).toBe(503);
      expect(reply.text).toContain('your post has not been saved yet');
      expect(reply.text).toContain('I almost did not write this &lt;because&gt; it is hard to say &amp; I am scared.');
      expect(reply.text).toContain(`action="/t/${threadId}/replies"`);
      expect(reply.text).toMatch(/name="anonymous" checked/);
      expect(csrfOf(reply.text)).toBe(token);

      const thread = await ana.agent.post('/b/mental-health').type('form').set('accept', 'text/html').send({ _csrf: token, title: 'Cannot sleep', body: 'Third night awake in a row.' });
      expect(thread.status).toBe(503);
      expect(thread.text).toContain('your post has not been saved yet');
      expect(thread.text).toContain('value="Cannot sleep"');
      expect(thread.text).toContain('Third night awake in a row.');
      expect(thread.text).toContain('Start a thread in Mental Health');

      const health = await guest.agent.get('/healthz');
      expect(health.status).toBe(503);
      expect(await storedPostsWith(words)).toBe(0);
    } finally {
      await proxy.restore();
    }

    // Back without a restart: the pools drop their dead connections and open new ones.
    await waitFor(async () => (await ana.get(`/t/${threadId}`)).status === 200, 15_000, 'the thread page to answer 200 again');
    expect((await new Visitor(forum.url).get(`/t/${threadId}`)).status).toBe(200);
    expect((await ana.agent.get('/healthz')).status).toBe(200);

    // The form handed back still works: the same words, the same token, sent again.
    const again = await ana.agent.post(`/t/${threadId}/replies`).type('form').set('accept', 'text/html').send({ _csrf: token, body: 'Sent again once the forum was back.' });
    expect(again.status).toBe(303);
    await forum.settle();
    expect(await storedPostsWith('Sent again once the forum was back.')).toBe(1);
  }, 60_000);

  it('stays up through several cuts in a row', async () => {
    for (let round = 0; round < 3; round++) {
      await proxy.cut();
      expect((await ana.get(`/t/${threadId}`)).status).toBe(503);
      await proxy.restore();
      await waitFor(async () => (await ana.get(`/t/${threadId}`)).status === 200, 15_000, `the forum to recover (round ${round + 1})`);
    }
  }, 60_000);

  it('decides a post whose check ran into the outage, with its alert, once the database is back', async () => {
    const moderation = forum.app.get<Queue>(getQueueToken(MODERATION_QUEUE));
    // This process holds its check until the database is gone, so the check meets the outage.
    await moderation.pause(true);
    const crisis = 'I have the pills in front of me and tonight is the night. Goodbye everyone.';
    let resumed = false;
    try {
      const { res } = await ana.reply(threadId, { body: crisis });
      expect(res.status).toBe(303);
      const postId = Number(res.headers.location!.match(/^\/support\/(\d+)/)![1]);
      await proxy.cut();
      await moderation.resume(true);
      resumed = true;
      await new Promise((r) => setTimeout(r, 1500));
      const [pending] = (await direct.query(`SELECT state FROM posts WHERE id = $1`, [postId])).rows;
      expect(pending.state).toBe('pending');
      await proxy.restore();
      await waitFor(async () => (await direct.query(`SELECT 1 FROM posts WHERE id = $1 AND state = 'held'`, [postId])).rowCount === 1, 20_000, 'the post to be decided after the outage');
      const alerts = await direct.query(`SELECT id FROM alerts WHERE post_id = $1`, [postId]);
      expect(alerts.rowCount).toBe(1);
      await waitFor(async () => (await direct.query(`SELECT 1 FROM alert_deliveries WHERE alert_id = $1 AND channel = 'live' AND status = 'sent'`, [alerts.rows[0].id])).rowCount === 1, 10_000, 'the live alert');
    } finally {
      if (!resumed) await moderation.resume(true).catch(() => undefined);
      await proxy.restore().catch(() => undefined);
    }
  }, 60_000);
});
