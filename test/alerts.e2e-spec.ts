import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersService } from '@forum/accounts';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member, Visitor } from './support/member.js';
import { moderator } from './support/moderator.js';
import { EventStreamReader, freePort, TestMailServer, TestWebhookReceiver } from './support/receivers.js';

const CRISIS_POST = 'I wrote my note and the pills are in front of me. Tonight is the night. Thank you all for everything.';
const WEBHOOK_SECRET = 'test-webhook-secret-0123456789';

describe('crisis alerts', () => {
  let forum: TestForum;
  let mail: TestMailServer;
  const hooks = new TestWebhookReceiver();

  beforeAll(async () => {
    mail = new TestMailServer(await freePort());
    await mail.start();
    await hooks.start();
    forum = await startForum({
      SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${hooks.port}/alerts`,
      ALERT_WEBHOOK_SECRET: WEBHOOK_SECRET,
      ALERT_ACK_MINUTES: '0.05',
      ALERT_MAX_ESCALATIONS: '3',
      ALERT_RETRY_DELAY_MS: '300',
    });
  });
  afterAll(async () => {
    await forum?.close();
    await mail.stop();
    await hooks.stop();
  });

  const alertsFor = async (postId: number) => forum.db.query('SELECT * FROM alerts WHERE post_id = $1', [postId]);
  const latestPostOf = async (username: string) =>
    (await forum.db.query('SELECT p.id, p.thread_id AS "threadId" FROM posts p JOIN users u ON u.id = p.author_id WHERE u.username = $1 ORDER BY p.id DESC LIMIT 1', [username]))[0];

  async function optIn(mod: Visitor, email: string) {
    const [{ id }] = await forum.db.query('SELECT id FROM users WHERE username = $1', [mod.name]);
    await forum.app.get(UsersService).setAlertPreferences(id, email, true);
  }

  it('alerts the moderators once, live, by e-mail and by a signed webhook, and lands the poster on help', async () => {
    const mod = await moderator(forum);
    await optIn(mod, 'on-call@example.org');
    await mod.get('/mod');
    const stream = new EventStreamReader(`${forum.url}/mod/alerts/stream`, mod.sessionCookie);
    await stream.ready;

    const ana = await member(forum.url, 'ana');
    const submitted = Date.now();
    const { res } = await ana.startThread('mental-health', { title: 'Goodbye', body: CRISIS_POST });
    expect(res.headers.location).toMatch(/^\/support\/\d+$/);
    const landing = await ana.get(res.headers.location!);
    expect(landing.text).toContain('You are not alone');
    expect(landing.text).toContain('A moderator has been told');
    expect(landing.text.indexOf('911')).toBeLessThan(landing.text.indexOf('741741'));

    await waitFor(() => stream.events.length > 0, 5000, 'the live alert');
    const live = JSON.parse(stream.events[0].data);
    expect(live.level).toBe('crisis');
    expect(Date.now() - submitted).toBeLessThan(5000);
    stream.close();

    const post = await latestPostOf(ana.name);
    expect(await alertsFor(post.id)).toHaveLength(1);

    await waitFor(() => mail.mails.length > 0, 10_000, 'the alert e-mail');
    expect(mail.mails[0].to).toContain('on-call@example.org');
    expect(mail.mails[0].raw).toContain('/mod/alerts/');
    expect(mail.mails[0].raw).not.toContain('pills are in front of me. Tonight is the night. Thank you all for everything.');

    await waitFor(() => hooks.hooks.length > 0, 10_000, 'the webhook');
    const hook = hooks.hooks[0];
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${hook.headers['x-forum-timestamp']}.${hook.body}`).digest('hex')}`;
    expect(hook.headers['x-forum-signature']).toBe(expected);
    expect(JSON.parse(hook.body)).toMatchObject({ alertId: live.alertId, level: 'crisis' });
  });

  it('holds a crisis post: its author still sees it, another member does not', async () => {
    const ben = await member(forum.url, 'ben');
    await ben.startThread('grief-loss', { title: 'Tonight', body: CRISIS_POST });
    await forum.settle();
    const post = await latestPostOf(ben.name);
    expect((await forum.db.query('SELECT state, risk_level FROM posts WHERE id = $1', [post.id]))[0]).toEqual({ state: 'held', risk_level: 'crisis' });
    expect((await ben.get(`/t/${post.threadId}`)).text).toContain('Tonight is the night');
    expect((await (await member(forum.url, 'cy')).get(`/t/${post.threadId}`)).status).toBe(404);
    expect((await new Visitor(forum.url).get(`/t/${post.threadId}`)).status).toBe(404);
  });

  it('leads with Spanish-language help when the post was in Spanish', async () => {
    const lupe = await member(forum.url, 'lupe');
    const { res } = await lupe.startThread('immigrant-multicultural-voices', { title: 'Ya no puedo', body: 'Ya escribí mi carta. Esta noche me voy a quitar la vida, ya tengo las pastillas.' });
    expect(res.headers.location).toMatch(/^\/support\/\d+$/);
    const landing = (await lupe.get(res.headers.location!)).text;
    expect(landing).toContain('No estás solo');
    expect(landing).toContain('marca 2');
    const order = ['id="help-emergency"', 'id="help-988"', 'id="help-teen-lifeline"'].map((marker) => landing.indexOf(marker));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]))).toBe(true);
  });

  it('publishes a crisis post on a board whose policy says so, still alerting', async () => {
    await forum.db.query(`UPDATE boards SET crisis_policy = 'publish' WHERE slug = 'advocacy-events'`);
    const ned = await member(forum.url, 'ned');
    await ned.startThread('advocacy-events', { title: 'Tonight', body: CRISIS_POST });
    await forum.settle();
    const post = await latestPostOf(ned.name);
    expect((await forum.db.query('SELECT state FROM posts WHERE id = $1', [post.id]))[0].state).toBe('published');
    expect(await alertsFor(post.id)).toHaveLength(1);
  });

  it('escalates an unacknowledged alert and stops once a moderator acknowledges it', async () => {
    const mod = await moderator(forum);
    const dee = await member(forum.url, 'dee');
    await dee.startThread('recovery-sobriety', { title: 'Done', body: CRISIS_POST });
    await forum.settle();
    const post = await latestPostOf(dee.name);
    const [alert] = await alertsFor(post.id);
    await waitFor(async () => (await alertsFor(post.id))[0].escalations >= 1, 15_000, 'the first escalation');
    const ack = await mod.submit(`/mod/alerts/${alert.id}/ack`, {}, `/mod/alerts/${alert.id}`);
    expect(ack.status).toBe(303);
    const after = (await alertsFor(post.id))[0].escalations;
    await new Promise((r) => setTimeout(r, 7000));
    expect((await alertsFor(post.id))[0].escalations).toBe(after);
    const page = (await mod.get(`/mod/alerts/${alert.id}`)).text;
    expect(page).toContain('escalated');
    expect(page).toContain('acknowledged');
    const resolved = await mod.submit(`/mod/alerts/${alert.id}/resolve`, { outcome: 'contacted_privately', note: 'Talked with them' }, `/mod/alerts/${alert.id}`);
    expect(resolved.status).toBe(303);
    expect((await mod.get(`/mod/alerts/${alert.id}`)).text).toContain('Talked with them');
  }, 30_000);

  it('shows the dashboard alert at once while SMTP is down, and sends the e-mail once it is back', async () => {
    const mod = await moderator(forum);
    await optIn(mod, 'second@example.org');
    await mail.stop();
    const before = mail.mails.length;
    try {
      await mod.get('/mod');
      const stream = new EventStreamReader(`${forum.url}/mod/alerts/stream`, mod.sessionCookie);
      await stream.ready;
      const eve = await member(forum.url, 'eve');
      await eve.startThread('mental-health', { title: 'Now', body: CRISIS_POST });
      await waitFor(() => stream.events.some((e) => JSON.parse(e.data).round === 0), 5000, 'the live alert while SMTP is down');
      stream.close();
      const post = await latestPostOf(eve.name);
      const [alert] = await alertsFor(post.id);
      await waitFor(async () => (await forum.db.query(`SELECT 1 FROM alert_events WHERE alert_id = $1 AND kind = 'delivery_failed' AND channel = 'email'`, [alert.id])).length > 0, 10_000, 'a failed e-mail attempt');
    } finally {
      await mail.start();
    }
    await waitFor(() => mail.mails.slice(before).some((m) => m.to.includes('second@example.org')), 20_000, 'the e-mail after SMTP came back');
  }, 40_000);

  it('opens an alert when a member reports that someone may be at risk', async () => {
    const fay = await member(forum.url, 'fay');
    const { threadId } = await fay.startThread('grief-loss', { title: 'Quiet', body: 'Not much to say today.' });
    await forum.settle();
    const post = await latestPostOf(fay.name);
    await (await member(forum.url, 'gus')).submit(`/p/${post.id}/report`, { reason: 'at_risk', note: 'They said goodbye to me in a message' });
    const [alert] = await alertsFor(post.id);
    expect(alert.source).toBe('report');
    expect(threadId).not.toBeNull();
  });

  it('checks a draft without storing it', async () => {
    const hal = await member(forum.url, 'hal');
    const page = await hal.get('/b/introductions/new');
    const token = page.text.match(/name="_csrf" value="([^"]+)"/)![1];
    const posts = (await forum.db.query('SELECT count(*)::int AS n FROM posts'))[0].n;
    const risky = await hal.agent.post('/composer/check').set('accept', 'application/json').send({ _csrf: token, text: 'quiero morir, ya tengo las pastillas' });
    expect(risky.status).toBe(200);
    expect(risky.body).toEqual({ showHelp: true, urgent: true, language: 'es' });
    const calm = await hal.agent.post('/composer/check').set('accept', 'application/json').send({ _csrf: token, text: 'Looking forward to the meeting on Tuesday' });
    expect(calm.body.showHelp).toBe(false);
    expect((await forum.db.query('SELECT count(*)::int AS n FROM posts'))[0].n).toBe(posts);
    const noToken = await hal.agent.post('/composer/check').set('accept', 'application/json').send({ text: 'x' });
    expect(noToken.status).toBe(403);
  });

  it('shows open alerts and response times on the dashboard', async () => {
    const mod = await moderator(forum);
    const html = (await mod.get('/mod')).text;
    expect(html).toContain('Open alerts');
    expect(html).toMatch(/median post → alert [\d.]+ (s|min)/);
  });
});
