import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { UsersService } from '@forum/accounts';
import { startForum, type TestForum, waitFor } from '../support/forum-app.js';
import { member, type Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { EventStreamReader, freePort, TestMailServer, TestWebhookReceiver } from '../support/receivers.js';
import { SilentServer } from './support.js';

const CRISIS = [
  'I wrote my note and the pills are in front of me. Tonight is the night. Thank you all for everything.',
  'This is my last post. I have the rope ready and I am done fighting. Goodbye.',
];

/**
 * The e-mail server hangs (accepts, never answers) and the webhook receiver fails, during a
 * burst of crisis posts. Moderators must still see every alert live at once, ordinary posts
 * must still be moderated, and the failed deliveries must be recorded and retried until the
 * channels come back.
 */
describe('alert channels failing', () => {
  let forum: TestForum;
  let smtpPort: number;
  let hangingSmtp: SilentServer;
  let mail: TestMailServer;
  const hooks = new TestWebhookReceiver();

  beforeAll(async () => {
    smtpPort = await freePort();
    hangingSmtp = new SilentServer(smtpPort);
    await hangingSmtp.start();
    mail = new TestMailServer(smtpPort);
    await hooks.start();
    hooks.failWith = 500;
    forum = await startForum({
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      ALERT_WEBHOOK_URL: `http://127.0.0.1:${hooks.port}/alerts`,
      ALERT_WEBHOOK_SECRET: 'test-webhook-secret-0123456789',
      ALERT_RETRY_DELAY_MS: '300',
    });
  }, 30_000);
  afterAll(async () => {
    await forum?.close();
    await hangingSmtp.stop();
    await mail.stop();
    await hooks.stop();
  }, 30_000);

  it('shows every alert live at once, keeps moderating, records failed deliveries, and delivers once the channels are back', async () => {
    const mod = await moderator(forum);
    const [{ id: modId }] = await forum.db.query('SELECT id FROM users WHERE username = $1', [mod.name]);
    await forum.app.get(UsersService).setAlertPreferences(modId, 'oncall@example.org', true);
    await mod.get('/mod');
    const stream = new EventStreamReader(`${forum.url}/mod/alerts/stream`, mod.sessionCookie);
    await stream.ready;

    // Sixteen crisis posts: more hanging e-mails than a process has alert-delivery slots.
    const members = await Promise.all(Array.from({ length: 8 }, (_, i) => member(forum.url, `c${i}`)));
    const { threadId } = await members[0].startThread('mental-health', { title: 'Tonight', body: 'Anyone around tonight?' });
    await forum.settle();

    const submittedAt = new Map<number, number>();
    const ordinary: number[] = [];
    await Promise.all(members.map(async (m: Visitor, i) => {
      for (let n = 0; n < 4; n++) {
        const crisis = n % 2 === 0;
        const started = Date.now();
        const { res, postId } = await m.reply(threadId!, { body: crisis ? CRISIS[(i + n) % 2] : `Here with you, friend (${i}.${n}).` });
        expect(res.status).toBe(303);
        if (crisis) submittedAt.set(Number(res.headers.location!.match(/^\/support\/(\d+)/)![1]), started);
        else ordinary.push(postId!);
      }
    }));
    expect(submittedAt.size).toBe(16);

    // Live, within seconds of each submit, although every e-mail attempt hangs.
    await waitFor(() => new Set(stream.events.map((e) => JSON.parse(e.data).postId)).size === 16, 20_000, 'all sixteen alerts on the live stream');
    stream.close();
    for (const event of stream.events) {
      const { postId } = JSON.parse(event.data) as { postId: number };
      expect(event.receivedAt - submittedAt.get(postId)!).toBeLessThan(3000);
    }
    await forum.settle(5000);
    const [{ published }] = await forum.db.query(`SELECT count(*)::int AS published FROM posts WHERE id = ANY($1) AND state = 'published'`, [ordinary]);
    expect(published).toBe(16);

    // Failures are on record, per channel, and retried.
    await waitFor(async () => {
      const rows: { channel: string; retried: number }[] = await forum.db.query(
        `SELECT channel, count(*) FILTER (WHERE attempts >= 2 AND last_error IS NOT NULL AND status = 'pending')::int AS retried
           FROM alert_deliveries WHERE round = 0 AND channel IN ('email', 'webhook') GROUP BY channel`,
      );
      return rows.length === 2 && rows.every((r) => r.retried === 16);
    }, 30_000, 'every e-mail and webhook delivery to have failed and been retried');
    const [{ failures }] = await forum.db.query(`SELECT count(*)::int AS failures FROM alert_events WHERE kind = 'delivery_failed' AND channel IN ('email', 'webhook')`);
    expect(failures).toBeGreaterThanOrEqual(32);
    const dashboard = await mod.get('/mod');
    expect(dashboard.status).toBe(200);

    // The channels come back: each alert goes out once more on each, and only once.
    await hangingSmtp.stop();
    await mail.start();
    hooks.failWith = null;
    await waitFor(async () => {
      const [{ sent }] = await forum.db.query(`SELECT count(*)::int AS sent FROM alert_deliveries WHERE round = 0 AND channel IN ('email', 'webhook') AND status = 'sent'`);
      return sent === 32;
    }, 60_000, 'every e-mail and webhook to be delivered');
    const alertIds = hooks.hooks.map((h) => (JSON.parse(h.body) as { alertId: number }).alertId);
    expect(alertIds).toHaveLength(16);
    expect(new Set(alertIds).size).toBe(16);
    expect(mail.mails.filter((m) => m.to.includes('oncall@example.org'))).toHaveLength(16);
  }, 120_000);
});
