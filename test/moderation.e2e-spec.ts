import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ModerationQueue, ModerationService } from '@forum/moderation';
import { startForum, type TestForum, waitFor } from './support/forum-app.js';
import { member, Visitor } from './support/member.js';
import { moderator } from './support/moderator.js';

describe('moderation pipeline', () => {
  let forum: TestForum;

  beforeAll(async () => {
    forum = await startForum({ RECONCILE_INTERVAL_MS: '500', RECONCILE_AFTER_SECONDS: '1', REPORTS_TO_HIDE: '3' });
  });
  afterAll(async () => {
    await forum?.close();
  });

  const stateOf = async (postId: number) => (await forum.db.query('SELECT state FROM posts WHERE id = $1', [postId]))[0]?.state;
  const openingPostOf = async (threadId: number) => (await forum.db.query('SELECT opening_post_id AS id FROM threads WHERE id = $1', [threadId]))[0].id as number;

  it('stores a clean post as pending, shows it to its author as being checked, and publishes it', async () => {
    const queue = forum.app.get(ModerationQueue).raw;
    await queue.pause();
    try {
      const ana = await member(forum.url, 'ana');
      const { threadId } = await ana.startThread('introductions', { title: 'Hello all', body: 'Glad to have found this group.' });
      const postId = await openingPostOf(threadId!);
      expect(await stateOf(postId)).toBe('pending');
      expect((await ana.get(`/t/${threadId}`)).text).toContain('Being checked');
      expect((await new Visitor(forum.url).get(`/t/${threadId}`)).status).toBe(404);
    } finally {
      await queue.resume();
    }
    await forum.settle();
    const [{ state }] = await forum.db.query(`SELECT p.state FROM posts p JOIN threads t ON t.opening_post_id = p.id WHERE t.title = 'Hello all'`);
    expect(state).toBe('published');
  });

  it('holds a post with a phone number and tells the author why; others do not see it', async () => {
    const ben = await member(forum.url, 'ben');
    const { threadId } = await ben.startThread('mental-health', { title: 'Need someone to talk to', body: 'Text me any time at 602-555-0134, I am up all night.' });
    await forum.settle();
    const postId = await openingPostOf(threadId!);
    expect(await stateOf(postId)).toBe('held');
    const own = await ben.get(`/t/${threadId}`);
    expect(own.text).toContain('Only you and the moderators can see this post');
    expect(own.text).toMatch(/remove|identify/i);
    expect((await (await member(forum.url, 'other')).get(`/t/${threadId}`)).status).toBe(404);
    const [flag] = await forum.db.query(`SELECT check_name, status FROM flags WHERE post_id = $1`, [postId]);
    expect(flag.status).toBe('open');
  });

  it('publishes a post that shares a public help line', async () => {
    const cy = await member(forum.url, 'cy');
    const { threadId } = await cy.startThread('mental-health', { title: 'Numbers that helped me', body: 'If it gets bad, call or text 988, or text HOME to 741741. The Central Arizona crisis line is 602-222-9444.' });
    await forum.settle();
    expect(await stateOf(await openingPostOf(threadId!))).toBe('published');
  });

  it('refuses a post with a blocked watched word, re-rendering the form with the reason', async () => {
    const mod = await moderator(forum);
    const saved = await mod.submit('/mod/words', { pattern: 'buy followers', action: 'block' });
    expect(saved.status).toBe(303);
    const bad = await mod.submit('/mod/words', { pattern: '(a+)+$', isRegex: 'on', action: 'hold' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('(a+)+$');

    const dee = await member(forum.url, 'dee');
    const before = (await forum.db.query('SELECT count(*)::int AS n FROM posts'))[0].n;
    const res = await dee.submit('/b/introductions', { title: 'Deal', body: 'Want to BUY  F0LLOWERS cheap?' }, '/b/introductions/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('Want to BUY  F0LLOWERS cheap?');
    expect((await forum.db.query('SELECT count(*)::int AS n FROM posts'))[0].n).toBe(before);

    const trial = await mod.submit('/mod/words/try', { sample: 'buy followers here' }, '/mod/words');
    expect(trial.text).toContain('Result: block');
  });

  it('hides a post after three members report it', async () => {
    const eve = await member(forum.url, 'eve');
    const { threadId } = await eve.startThread('introductions', { title: 'A post people dislike', body: 'Something others find objectionable.' });
    await forum.settle();
    const postId = await openingPostOf(threadId!);
    for (let i = 0; i < 3; i++) {
      const reporter = await member(forum.url, `rep${i}`);
      const res = await reporter.submit(`/p/${postId}/report`, { reason: 'harassment' });
      expect(res.status).toBe(200);
      expect(res.text).toContain('Thank you');
      if (i === 0) {
        const again = await reporter.submit(`/p/${postId}/report`, { reason: 'spam' });
        expect(again.text).toContain('already reported');
        expect(await stateOf(postId)).toBe('published');
      }
    }
    expect(await stateOf(postId)).toBe('held');
    expect((await new Visitor(forum.url).get(`/t/${threadId}`)).status).toBe(404);
  });

  it('puts a report that someone may be at risk at the top of the queue', async () => {
    const fay = await member(forum.url, 'fay');
    const { threadId } = await fay.startThread('grief-loss', { title: 'Tired', body: 'I am so tired of everything.' });
    await forum.settle();
    const postId = await openingPostOf(threadId!);
    await (await member(forum.url, 'friend')).submit(`/p/${postId}/report`, { reason: 'at_risk' });
    const mod = await moderator(forum);
    const dashboard = (await mod.get('/mod')).text;
    const first = dashboard.match(/id="item-(\d+)"/);
    expect(Number(first?.[1])).toBe(postId);
  });

  it('lets a moderator approve and remove posts, notifies the author, and records both in the audit log', async () => {
    const gus = await member(forum.url, 'gus');
    const held = await gus.startThread('introductions', { title: 'Call me', body: 'My number is (602) 555-0199.' });
    const other = await gus.startThread('introductions', { title: 'Second post', body: 'Also this, e-mail me at gus at gmail dot com' });
    await forum.settle();
    const heldId = await openingPostOf(held.threadId!);
    const otherId = await openingPostOf(other.threadId!);
    const mod = await moderator(forum);
    expect((await mod.get('/mod')).text).toContain(`id="item-${heldId}"`);

    const gusReply = (await gus.reply(other.threadId!, { body: 'Or text me on 602-555-0123' })).postId!;
    await forum.settle();
    expect((await mod.submit(`/mod/posts/${heldId}/approve`, {}, '/mod')).status).toBe(303);
    expect(await stateOf(heldId)).toBe('published');
    await mod.submit(`/mod/posts/${gusReply}/approve`, {}, '/mod');
    await mod.submit(`/mod/posts/${gusReply}/approve`, {}, '/mod');
    expect((await forum.db.query('SELECT reply_count FROM threads WHERE id = $1', [other.threadId]))[0].reply_count).toBe(1);
    expect((await mod.submit(`/mod/posts/${otherId}/remove`, { reason: 'Please keep contact details private' }, '/mod')).status).toBe(303);
    expect(await stateOf(otherId)).toBe('removed');

    const notices = (await gus.get('/notifications')).text;
    expect(notices).toContain('approved your post');
    expect(notices).toContain('Please keep contact details private');

    const audit = (await mod.get(`/mod/audit?moderator=${mod.name}`)).text;
    expect(audit).toContain('post_approved');
    expect(audit).toContain('post_removed');
    expect(audit).not.toContain('mod.audit.actions.');
    const removals = (await mod.get('/mod/audit?action=post_removed')).text;
    expect(removals).toContain('Removed a post <code class="muted">post_removed</code></td>');
    expect(removals).not.toContain('<code class="muted">post_approved</code></td>');
    await expect(forum.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
  });

  it('records who revealed an anonymous author and why', async () => {
    const hal = await member(forum.url, 'hal');
    const { threadId } = await hal.startThread('mental-health', { title: 'Anonymous worry', body: 'Reach me at 602 555 0111', anonymous: true });
    await forum.settle();
    const postId = await openingPostOf(threadId!);
    const mod = await moderator(forum);
    const refused = await mod.submit(`/mod/posts/${postId}/reveal`, { reason: '' }, '/mod');
    expect(refused.status).toBe(400);
    const revealed = await mod.submit(`/mod/posts/${postId}/reveal`, { reason: 'Checking on their safety' }, '/mod');
    expect(revealed.text).toContain(hal.name);
    const audit = (await mod.get('/mod/audit?action=author_revealed')).text;
    expect(audit).toContain('Checking on their safety');
    expect(audit).toContain(mod.name);
  });

  it('refuses every moderator route and action to members (403)', async () => {
    const ivy = await member(forum.url, 'ivy');
    const gets = ['/mod', '/mod/audit', '/mod/words', '/mod/posts/1/edit', '/mod/members/1'];
    for (const path of gets) expect([path, (await ivy.get(path)).status]).toEqual([path, 403]);
    const posts = ['/mod/posts/1/approve', '/mod/posts/1/remove', '/mod/flags/1/dismiss', '/mod/posts/1/edit', '/mod/threads/1/lock', '/mod/threads/1/unlock', '/mod/posts/1/suspend-author', '/mod/posts/1/reveal', '/mod/members/1/notes', '/mod/members/1/suspend', '/mod/members/1/reinstate', '/mod/words', '/mod/words/1/delete', '/mod/words/try'];
    for (const path of posts) expect([path, (await ivy.submit(path, { reason: 'x', days: '3', note: 'x', pattern: 'x', action: 'hold' }, '/')).status]).toEqual([path, 403]);
    const guest = new Visitor(forum.url);
    expect((await guest.get('/mod')).status).toBe(303);
  });

  it('writes one set of flags when the same post is decided twice', async () => {
    const queue = forum.app.get(ModerationQueue).raw;
    await queue.pause();
    let postId: number | undefined;
    try {
      const jo = await member(forum.url, 'jo');
      const { threadId } = await jo.startThread('introductions', { title: 'Twice', body: 'Find me on insta @jo_private_account and call 602-555-0177' });
      postId = await openingPostOf(threadId!);
      const moderation = forum.app.get(ModerationService);
      const decisions = await Promise.all([moderation.decide(postId), moderation.decide(postId), moderation.decide(postId)]);
      expect(decisions.filter(Boolean)).toHaveLength(1);
    } finally {
      await queue.resume();
    }
    await forum.settle();
    const flags = await forum.db.query('SELECT check_name FROM flags WHERE post_id = $1', [postId]);
    const names = flags.map((f: { check_name: string }) => f.check_name);
    expect(names.length).toBeGreaterThan(0);
    expect(new Set(names).size).toBe(names.length);
    expect((await forum.db.query('SELECT count(*)::int AS n FROM moderation_decisions WHERE post_id = $1', [postId]))[0].n).toBe(1);
  });

  it('keeps a post submitted while the queue is unreachable and publishes it once the reconciler runs', async () => {
    const kim = await member(forum.url, 'kim');
    const queue = forum.app.get(ModerationQueue);
    const original = queue.enqueue.bind(queue);
    // Redis refusing the job at submit, as when it is restarting.
    queue.enqueue = async () => false;
    let threadId: number | null;
    try {
      const started = await kim.startThread('introductions', { title: 'While Redis was away', body: 'Posting during an outage.' });
      threadId = started.threadId;
      expect(started.res.status).toBe(303);
      const page = await kim.get(`/t/${threadId}`);
      expect(page.text).toContain('will appear for others shortly');
      expect(page.text).toContain('Being checked');
    } finally {
      queue.enqueue = original;
    }
    const stored = await openingPostOf(threadId!);
    await waitFor(async () => (await stateOf(stored)) === 'published', 10_000, 'the reconciler to publish the post');
  });
});
