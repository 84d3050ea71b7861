import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { fill, postForm, type RouteEntry, routesOf, tokenOf } from './routes.js';

const REFUSED = 'This form has expired or did not come from this forum';
// Ids nothing has: with a valid token the request reaches its handler and finds nothing to change.
const NOWHERE = { slug: 'no-such-board', id: 999999, postId: 999999 };
const TABLES = ['users', 'threads', 'posts', 'reports', 'flags', 'alerts', 'audit_log', 'member_notes', 'watched_words', 'notifications'];

describe('CSRF: every state-changing route refuses a request without this session’s token', () => {
  let forum: TestForum;
  let admin: Visitor;
  let other: Visitor;
  let posts: RouteEntry[];

  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const table of TABLES) counts[table] = (await forum.db.query(`SELECT count(*)::int AS n FROM ${table}`))[0].n;
    return counts;
  };

  beforeAll(async () => {
    forum = await startForum();
    [admin, other] = await Promise.all([moderator(forum, 'admin'), member(forum.url, 'other')]);
    const author = await member(forum.url, 'author');
    await author.startThread('introductions', { title: 'A thread to aim at', body: 'Hello there, everyone.' });
    await forum.settle();
    // Logging out ends the admin's session, so it goes last.
    posts = routesOf(forum)
      .filter((r) => r.method === 'post')
      .sort((a, b) => Number(a.path === '/logout') - Number(b.path === '/logout'));
  });

  afterAll(async () => {
    await forum?.close();
  });

  it('finds the POST routes in the running app’s router', () => {
    expect(posts.length).toBeGreaterThanOrEqual(25);
    const paths = posts.map((r) => r.path);
    for (const known of ['/b/:slug', '/t/:id/replies', '/p/:id/report', '/register', '/login', '/logout', '/mod/posts/:id/remove', '/mod/words', '/mod/alerts/:id/ack']) {
      expect(paths).toContain(known);
    }
  });

  it('refuses each POST route with no token, with another session’s token, and with no session (403), changing nothing', async () => {
    const before = await rowCounts();
    const otherToken = await tokenOf(other);
    const outcomes: string[] = [];
    for (const route of posts) {
      const path = fill(route.path, NOWHERE);
      const fields = { title: 'Forged', body: 'Forged body text', reason: 'spam', note: 'forged', pattern: 'forged', username: 'forgedname', password: 'forged password', days: '3', outcome: 'safe' };
      const missing = await postForm(admin, path, fields, null);
      const foreign = await postForm(admin, path, fields, otherToken);
      const anonymous = await request(forum.url).post(path).type('form').set('accept', 'text/html').send({ ...fields, _csrf: otherToken });
      const json = await admin.agent.post(path).set('accept', 'text/html').send({ ...fields, _csrf: otherToken });
      for (const [how, res] of Object.entries({ missing, foreign, anonymous, json })) {
        outcomes.push(`${route.path} ${how}: ${res.status}${res.status === 403 && res.text.includes(REFUSED) ? '' : ' (not refused as forged)'}`);
      }
    }
    expect(outcomes.filter((o) => !o.endsWith(': 403'))).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('ignores a token sent in the query string or a header instead of the form', async () => {
    const token = await tokenOf(admin);
    const inQuery = await admin.agent.post(`/mod/words?_csrf=${encodeURIComponent(token)}`).type('form').send({ pattern: 'forged', action: 'hold' });
    const inHeader = await admin.agent.post('/mod/words').set('x-csrf-token', token).type('form').send({ pattern: 'forged', action: 'hold' });
    expect([inQuery.status, inHeader.status]).toEqual([403, 403]);
  });

  it('lets each POST route through with this session’s own token (the refusals above are the token’s doing)', async () => {
    const token = await tokenOf(admin);
    const outcomes: string[] = [];
    for (const route of posts) {
      const res = await postForm(admin, fill(route.path, NOWHERE), {}, token);
      outcomes.push(`${route.path}: ${res.status}${res.text?.includes(REFUSED) ? ' refused as forged' : ''}${res.status >= 500 ? ' server error' : ''}`);
    }
    expect(outcomes.filter((o) => o.includes('refused') || o.includes('server error'))).toEqual([]);
  });

  it('issues a new token at login, so a token seen before login is worthless after it', async () => {
    const visitor = new Visitor(forum.url);
    await visitor.register();
    const before = await tokenOf(visitor);
    await postForm(visitor, '/logout', {}, before);
    const login = await visitor.login();
    expect(login.status).toBe(303);
    const after = await tokenOf(visitor);
    expect(after).not.toBe(before);
    const stale = await postForm(visitor, '/b/introductions', { title: 'With an old token', body: 'Should not be accepted.' }, before);
    expect(stale.status).toBe(403);
  });
});
