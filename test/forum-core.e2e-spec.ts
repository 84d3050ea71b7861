import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startForum, type TestForum } from './support/forum-app.js';
import { postOutline } from './support/html.js';
import { member, unique, Visitor } from './support/member.js';

describe('forum core', () => {
  let forum: TestForum;

  beforeAll(async () => {
    forum = await startForum({ LOGIN_NAME_LIMIT: '5' });
  });
  afterAll(async () => {
    await forum?.close();
  });

  const count = async (table: string) => Number((await forum.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n);

  it('lists the community boards on the home page with a link to help', async () => {
    const home = await new Visitor(forum.url).get('/');
    expect(home.status).toBe(200);
    for (const name of ['Recovery &amp; Sobriety', 'Grief &amp; Loss', 'Chronic Illness', 'Mental Health', 'Life Transitions', 'LGBTQ+ Community', 'Immigrant &amp; Multicultural Voices', 'Advocacy &amp; Events', 'Introductions']) {
      expect(home.text).toContain(name);
    }
    expect(home.text).toContain('href="/help"');
    expect(home.headers['set-cookie']).toBeUndefined();
  });

  it('shows crisis resources for Phoenix and the US on /help', async () => {
    const help = await new Visitor(forum.url).get('/help');
    expect(help.status).toBe(200);
    for (const text of ['911', '988', '741741', '602-222-9444', '1-800-631-1314', '602-248-8336', '1-866-488-7386', '877-565-8860', '1-800-662-4357', 'AYUDA', 'Open 24/7']) {
      expect(help.text).toContain(text);
    }
  });

  it('registers, logs out and logs back in', async () => {
    const ana = await member(forum.url, 'ana');
    expect((await ana.get('/')).text).toContain(`Signed in as <strong>${ana.name}</strong>`);
    const out = await ana.submit('/logout', {}, '/');
    expect(out.status).toBe(303);
    expect((await ana.get('/')).text).not.toContain(ana.name);
    const wrong = await ana.submit('/login', { username: ana.name, password: 'not-the-password' });
    expect(wrong.status).toBe(401);
    expect(wrong.text).toContain('do not match');
    const back = await ana.login();
    expect(back.status).toBe(303);
    expect((await ana.get('/')).text).toContain(ana.name);
  });

  it('gives a new session id at login', async () => {
    const ben = await member(forum.url, 'ben');
    await ben.submit('/logout', {}, '/');
    const before = await ben.get('/login');
    const sidBefore = String(before.headers['set-cookie'] ?? '').match(/forum\.sid=([^;]+)/)?.[1];
    const login = await ben.submit('/login', { username: ben.name, password: ben.password });
    const sidAfter = String(login.headers['set-cookie'] ?? '').match(/forum\.sid=([^;]+)/)?.[1];
    expect(sidBefore).toBeDefined();
    expect(sidAfter).toBeDefined();
    expect(sidAfter).not.toBe(sidBefore);
  });

  it('refuses usernames that would expose a member, with the form re-rendered', async () => {
    const visitor = new Visitor(forum.url);
    const users = await count('users');
    const email = await visitor.submit('/register', { username: 'maria@example.com', password: 'a long enough password' });
    expect(email.status).toBe(400);
    expect(email.text).toContain('cannot be an e-mail address');
    expect(email.text).toContain('value="maria@example.com"');
    const phone = await visitor.submit('/register', { username: '602-555-0134', password: 'a long enough password' });
    expect(phone.status).toBe(400);
    expect(phone.text).toContain('phone number');
    const short = await visitor.submit('/register', { username: unique('pw'), password: 'short' });
    expect(short.status).toBe(400);
    expect(short.text).toContain('at least 10 characters');
    expect(await count('users')).toBe(users);
  });

  it('treats usernames as unique regardless of case', async () => {
    const first = await member(forum.url, 'Case');
    const again = await new Visitor(forum.url).submit('/register', { username: first.name.toUpperCase(), password: 'a long enough password' });
    expect(again.status).toBe(400);
    expect(again.text).toContain('taken');
  });

  it('rate-limits login attempts for one username with a clear message', async () => {
    const target = await member(forum.url, 'target');
    const attacker = new Visitor(forum.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attacker.submit('/login', { username: target.name, password: `guess-number-${i}` })).status);
    expect(statuses.slice(0, 5).every((s) => s === 401)).toBe(true);
    const blocked = await attacker.submit('/login', { username: target.name, password: target.password });
    expect(blocked.status).toBe(429);
    expect(blocked.text).toContain('Too many sign-in attempts');
  });

  it('starts a thread and shows it on its board', async () => {
    const cara = await member(forum.url, 'cara');
    const title = unique('Six months today ');
    const { res, threadId } = await cara.startThread('recovery-sobriety', { title, body: 'Six months *sober* today.' });
    expect(res.status).toBe(303);
    await forum.settle();
    expect(threadId).not.toBeNull();
    const [decided] = await forum.db.query(`SELECT p.state, d.action, d.findings FROM posts p LEFT JOIN moderation_decisions d ON d.post_id = p.id WHERE p.thread_id = $1`, [threadId]);
    expect(decided).toMatchObject({ state: 'published', action: 'publish' });
    const page = await new Visitor(forum.url).get(`/t/${threadId}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('<em>sober</em>');
    const board = await new Visitor(forum.url).get('/b/recovery-sobriety');
    expect(board.text).toContain(title);
  });

  it('keeps replies three levels deep in tree order under their parents', async () => {
    const dee = await member(forum.url, 'dee');
    const eli = await member(forum.url, 'eli');
    const { threadId } = await dee.startThread('grief-loss', { title: 'Anniversary', body: 'It has been a year.' });
    await forum.settle();
    const opening = postOutline((await dee.get(`/t/${threadId}`)).text)[0].id;
    const a = (await eli.reply(threadId!, { body: 'first answer', parentId: opening })).postId!;
    await forum.settle();
    const b = (await dee.reply(threadId!, { body: 'answer to first', parentId: a })).postId!;
    await forum.settle();
    const c = (await eli.reply(threadId!, { body: 'third level', parentId: b })).postId!;
    const d = (await eli.reply(threadId!, { body: 'second answer to the opening post', parentId: opening })).postId!;
    await forum.settle();
    const outline = postOutline((await new Visitor(forum.url).get(`/t/${threadId}`)).text);
    expect(outline).toEqual([
      { id: opening, depth: 0 },
      { id: a, depth: 1 },
      { id: b, depth: 2 },
      { id: c, depth: 3 },
      { id: d, depth: 1 },
    ]);
    expect((await new Visitor(forum.url).get(`/t/${threadId}`)).text).toContain('4 replies');
    expect((await new Visitor(forum.url).get('/b/grief-loss')).text).toContain('4 replies');
  });

  it('caps indentation and says whom a deep reply answers', async () => {
    const fay = await member(forum.url, 'fay');
    const { threadId } = await fay.startThread('mental-health', { title: 'Deep conversation', body: 'Let us talk.' });
    let parent = postOutline((await fay.get(`/t/${threadId}`)).text)[0].id;
    for (let i = 1; i <= 7; i++) parent = (await fay.reply(threadId!, { body: `level ${i}`, parentId: parent })).postId!;
    await forum.settle();
    const html = (await fay.get(`/t/${threadId}`)).text;
    expect(Math.max(...postOutline(html).map((p) => p.depth))).toBe(5);
    expect(html).toContain(`replying to ${fay.name}`);
  });

  it('gives an anonymous member one alias per thread, marks the OP, and never shows their account', async () => {
    const gus = await member(forum.url, 'gus');
    const hal = await member(forum.url, 'hal');
    const one = await gus.startThread('mental-health', { title: 'Hard week', body: 'Struggling to get out of bed.', anonymous: true });
    const two = await gus.startThread('mental-health', { title: 'Another thread', body: 'A different topic.', anonymous: true });
    await forum.settle();
    await hal.reply(one.threadId!, { body: 'I hear you.' });
    await gus.reply(one.threadId!, { body: 'Thanks, it helps.', anonymous: true });
    await forum.settle();

    const aliasesIn = (html: string) => [...html.matchAll(/class="author alias"[^>]*>([^<]+)</g)].map((m) => m[1]);
    const threadOne = (await hal.get(`/t/${one.threadId}`)).text;
    const threadTwo = (await hal.get(`/t/${two.threadId}`)).text;
    const inOne = aliasesIn(threadOne);
    expect(inOne).toHaveLength(2);
    expect(inOne[0]).toBe(inOne[1]);
    expect(aliasesIn(threadTwo)[0]).not.toBe(inOne[0]);
    expect(threadOne.match(/class="badge op"/g)).toHaveLength(2);

    const [{ id: gusId }] = await forum.db.query('SELECT id FROM users WHERE username = $1', [gus.name]);
    const guest = new Visitor(forum.url);
    for (const viewer of [guest, hal]) {
      for (const path of ['/', '/b/mental-health', `/t/${one.threadId}`, `/t/${two.threadId}`, `/t/${one.threadId}?page=1`, '/t/999999']) {
        const res = await viewer.get(path);
        const everything = `${res.text}\n${JSON.stringify(res.headers)}`;
        expect(everything.toLowerCase()).not.toContain(gus.name.toLowerCase());
        expect(everything).not.toMatch(new RegExp(`(user|author)[-_]?id\\D{0,5}${gusId}\\b`, 'i'));
      }
    }
  });

  it('hides a members-only board from guests and asks them to log in', async () => {
    await forum.db.query(`INSERT INTO boards (slug, name, description, visibility) VALUES ('private-circle', 'Private Circle', 'members', 'members')`);
    await forum.app.get((await import('@forum/forum')).ForumService).refreshBoardLinks();
    const guest = new Visitor(forum.url);
    expect((await guest.get('/')).text).not.toContain('Private Circle');
    const board = await guest.get('/b/private-circle');
    expect(board.status).toBe(303);
    expect(board.headers.location).toBe('/login?next=%2Fb%2Fprivate-circle');
    const ivy = await member(forum.url, 'ivy');
    const { threadId } = await ivy.startThread('private-circle', { title: 'Members only talk', body: 'Just us.' });
    await forum.settle();
    expect((await guest.get(`/t/${threadId}`)).status).toBe(303);
    expect((await ivy.get('/')).text).toContain('Private Circle');
  });

  it('refuses a POST without a CSRF token', async () => {
    const jo = await member(forum.url, 'jo');
    const threads = await count('threads');
    const res = await jo.agent.post('/b/introductions').type('form').set('accept', 'text/html').send({ title: 'no token', body: 'should be refused' });
    expect(res.status).toBe(403);
    const wrong = await jo.agent.post('/b/introductions').type('form').set('accept', 'text/html').send({ _csrf: 'forged', title: 'bad token', body: 'refused' });
    expect(wrong.status).toBe(403);
    expect(await count('threads')).toBe(threads);
  });

  it('renders XSS payloads in a title and body inert', async () => {
    const kim = await member(forum.url, 'kim');
    const { threadId } = await kim.startThread('introductions', {
      title: '<img src=x onerror=alert(1)> hello',
      body: '<script>alert(2)</script> [x](javascript:alert(3)) <svg/onload=alert(4)> ![i](x" onerror="alert(5))',
    });
    await forum.settle();
    const html = (await new Visitor(forum.url).get(`/t/${threadId}`)).text;
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img[^>]*onerror/i);
    expect(html).not.toMatch(/<svg/i);
    expect(html).not.toMatch(/href="javascript:/i);
    expect(html).not.toMatch(/onerror="alert/);
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt; hello');
  });

  it('re-renders an invalid thread with 400, the text kept, and nothing stored', async () => {
    const lou = await member(forum.url, 'lou');
    const [threads, posts] = [await count('threads'), await count('posts')];
    const res = await lou.submit('/b/introductions', { title: '', body: 'kept text 7731' }, '/b/introductions/new');
    expect(res.status).toBe(400);
    expect(res.text).toContain('kept text 7731');
    expect(res.text).toContain('Give your thread a title.');
    const long = await lou.submit('/b/introductions', { title: 'Too long', body: 'x'.repeat(20001) }, '/b/introductions/new');
    expect(long.status).toBe(400);
    expect(long.text).toContain('at most 20,000 characters');
    const huge = await lou.agent.post('/b/introductions').type('form').send({ _csrf: 'x', title: 't', body: 'y'.repeat(300_000) });
    expect(huge.status).toBe(413);
    expect([await count('threads'), await count('posts')]).toEqual([threads, posts]);
  });

  it('refuses a reply in a locked thread with a message', async () => {
    const max = await member(forum.url, 'max');
    const { threadId } = await max.startThread('introductions', { title: 'Locked soon', body: 'hello' });
    await forum.settle();
    await forum.db.query('UPDATE threads SET locked = true WHERE id = $1', [threadId]);
    const page = await max.get(`/t/${threadId}`);
    expect(page.text).toContain('This thread is locked');
    expect(page.text).not.toContain('name="parentId"');
    const posts = await count('posts');
    const res = await max.agent.post(`/t/${threadId}/replies`).type('form').send({ _csrf: (page.text.match(/name="_csrf" value="([^"]+)"/) ?? [])[1], body: 'let me in' });
    expect(res.status).toBe(403);
    expect(res.text).toContain('locked');
    expect(res.text).toContain('let me in');
    expect(await count('posts')).toBe(posts);
  });

  it('lets a suspended member read but not post, and says why', async () => {
    const ned = await member(forum.url, 'ned');
    await forum.db.query(`UPDATE users SET status = 'suspended', suspended_until = now() + interval '3 days', suspension_reason = 'Cooling off' WHERE username = $1`, [ned.name]);
    expect((await ned.get('/b/introductions')).status).toBe(200);
    const threads = await count('threads');
    const res = await ned.submit('/b/introductions', { title: 'Can I post?', body: 'testing' }, '/b/introductions/new');
    expect(res.status).toBe(403);
    expect(res.text).toContain('Your account is suspended');
    expect(res.text).toContain('Cooling off');
    expect(await count('threads')).toBe(threads);
  });

  it('shows errors as pages in the layout without stack traces', async () => {
    const res = await new Visitor(forum.url).get('/t/not-a-number');
    expect(res.status).toBe(404);
    expect(res.text).toContain('Page not found');
    expect(res.text).toContain('href="/help"');
    expect(res.text).not.toMatch(/at .*\.js:\d+/);
  });

  it('sends a strict Content-Security-Policy', async () => {
    const res = await new Visitor(forum.url).get('/');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });

  it('reports database and Redis on /healthz', async () => {
    const res = await new Visitor(forum.url).agent.get('/healthz');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('ok');
    expect(res.body.details.database.status).toBe('up');
    expect(res.body.details.redis.status).toBe('up');
  });
});
