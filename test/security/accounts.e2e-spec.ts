import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, unique, Visitor } from '../support/member.js';
import { postForm, tokenOf } from './routes.js';

const cookiesOf = (res: { headers: Record<string, unknown> }) => ([] as string[]).concat((res.headers['set-cookie'] as string[] | undefined) ?? []);
const sessionCookie = (res: { headers: Record<string, unknown> }) => cookiesOf(res).find((c) => c.startsWith('forum.sid='));
const sidOf = (cookie: string | undefined) => cookie?.split(';')[0] ?? '';

/** Logs in from a client address of its own (the forum trusts the loopback proxy's X-Forwarded-For). */
async function attempt(forum: TestForum, client: string, username: string, password: string) {
  const visitor = new Visitor(forum.url);
  const page = await visitor.agent.get('/login').set('x-forwarded-for', client);
  const token = page.text.match(/name="_csrf" value="([^"]+)"/)![1];
  return visitor.agent.post('/login').set('x-forwarded-for', client).type('form').send({ _csrf: token, username, password });
}

describe('accounts: logins, sessions, cookies and headers', () => {
  let forum: TestForum;

  beforeAll(async () => {
    forum = await startForum({ LOGIN_NAME_LIMIT: '8', LOGIN_CLIENT_LIMIT: '12' });
  });

  afterAll(async () => {
    await forum?.close();
  });

  it('locks an account after 8 wrong passwords, even against the right one, and says so', async () => {
    const victim = await member(forum.url, 'victim');
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await attempt(forum, `198.51.100.${i + 1}`, victim.name, `wrong password ${i}`)).status);
    expect(statuses).toEqual(Array(8).fill(401));
    const locked = await attempt(forum, '198.51.100.99', victim.name, victim.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(60);
    expect(locked.text).toContain('Too many sign-in attempts for this account');
    // The same name in another case is the same account.
    expect((await attempt(forum, '198.51.100.98', victim.name.toUpperCase(), victim.password)).status).toBe(429);
  });

  it('limits one client trying many accounts', async () => {
    const client = '203.0.113.50';
    const statuses: number[] = [];
    for (let i = 0; i < 14; i++) statuses.push((await attempt(forum, client, unique('nobody'), 'some password here')).status);
    expect(statuses.slice(0, 12)).toEqual(Array(12).fill(401));
    expect(statuses.slice(12)).toEqual([429, 429]);
    // Another client is not held back by it.
    expect((await attempt(forum, '203.0.113.51', unique('nobody'), 'some password here')).status).toBe(401);
  });

  it('answers an unknown name and a wrong password with the same words', async () => {
    const someone = await member(forum.url, 'someone');
    const unknown = await attempt(forum, '192.0.2.10', unique('nobody'), 'whatever password');
    const wrong = await attempt(forum, '192.0.2.11', someone.name, 'whatever password');
    expect([unknown.status, wrong.status]).toEqual([401, 401]);
    const message = (html: string) => html.match(/That username and password do not match[^<]*/)?.[0];
    expect(message(unknown.text)).toBeDefined();
    expect(message(unknown.text)).toBe(message(wrong.text));
  });

  it('gives a new session id at login, and the old one stays logged out', async () => {
    const someone = await member(forum.url, 'fixation');
    const visitor = new Visitor(forum.url, someone.name, someone.password);
    const page = await visitor.agent.get('/login');
    const before = sidOf(sessionCookie(page));
    expect(before).toMatch(/^forum\.sid=/);
    const login = await visitor.agent.post('/login').type('form').send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1], username: someone.name, password: someone.password });
    expect(login.status).toBe(303);
    const after = sidOf(sessionCookie(login));
    expect(after).toMatch(/^forum\.sid=/);
    expect(after).not.toBe(before);
    const withOld = await request(forum.url).get('/notifications').set('cookie', before).set('accept', 'text/html');
    expect(withOld.status).toBe(303);
    const withNew = await request(forum.url).get('/notifications').set('cookie', after).set('accept', 'text/html');
    expect(withNew.status).toBe(200);
  });

  it('ignores a session id an attacker planted, and ends the session at logout', async () => {
    const someone = await member(forum.url, 'planted');
    const planted = 'forum.sid=s%3Aattacker-chosen-id.invalidsignature';
    const page = await request(forum.url).get('/login').set('cookie', planted);
    const issued = sidOf(sessionCookie(page));
    expect(issued).not.toBe(planted);
    const login = await request(forum.url)
      .post('/login')
      .set('cookie', issued)
      .type('form')
      .send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1], username: someone.name, password: someone.password });
    const session = sidOf(sessionCookie(login));
    expect(login.status).toBe(303);
    const token = (await request(forum.url).get('/login').set('cookie', session)).text.match(/name="_csrf" value="([^"]+)"/)![1];
    const logout = await request(forum.url).post('/logout').set('cookie', session).type('form').send({ _csrf: token });
    expect(logout.status).toBe(303);
    const afterLogout = await request(forum.url).get('/notifications').set('cookie', session).set('accept', 'text/html');
    expect(afterLogout.status).toBe(303);
    expect(afterLogout.headers.location).toMatch(/^\/login/);
  });

  it('sends a member back only to a page of the forum after login, whatever the return address says', async () => {
    const someone = await member(forum.url, 'returning');
    const attempts = ['//evil.example/', '/\\evil.example/', '/\t/evil.example/', '/\n/evil.example', 'https://evil.example/', '\\\\evil.example', 'javascript:alert(1)', '/ok\r\nSet-Cookie: planted=1'];
    const locations: string[] = [];
    for (const next of attempts) {
      const visitor = new Visitor(forum.url, someone.name, someone.password);
      const page = await visitor.agent.get(`/login?next=${encodeURIComponent(next)}`);
      const login = await visitor.agent.post('/login').type('form').send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1], username: someone.name, password: someone.password, next });
      expect(login.status).toBe(303);
      expect(cookiesOf(login).some((c) => c.startsWith('planted='))).toBe(false);
      locations.push(login.headers.location);
    }
    // What a browser would do with each: drop tabs and newlines, read backslashes as slashes.
    const leaves = locations.filter((l) => /^(\/\/|[a-z]+:)/i.test(l.replace(/[\t\n\r]/g, '').replace(/\\/g, '/')));
    expect(leaves).toEqual([]);
    expect(locations.every((l) => l.startsWith('/'))).toBe(true);
  });

  it('keeps pages made for a member out of browser and proxy caches, and nothing secret in the session store', async () => {
    const someone = await member(forum.url, 'private');
    for (const path of ['/', '/b/introductions', '/notifications', '/login']) {
      const res = await someone.get(path);
      expect({ path, cacheControl: res.headers['cache-control'] }).toEqual({ path, cacheControl: 'no-store' });
    }
    const sessions: { sess: unknown }[] = await forum.db.query(`SELECT sess FROM session`);
    expect(sessions.length).toBeGreaterThan(0);
    const stored = JSON.stringify(sessions);
    expect(stored).not.toContain('argon2');
    expect(stored).not.toContain(someone.password);
  });

  it('sets the session cookie HttpOnly and SameSite', async () => {
    const visitor = new Visitor(forum.url);
    const page = await visitor.agent.get('/login');
    const cookie = sessionCookie(page)!;
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    // Guests reading pages get no cookie at all.
    expect(cookiesOf(await request(forum.url).get('/'))).toEqual([]);
  });

  it('sends the security headers on pages, error pages and refused forms', async () => {
    const visitor = await member(forum.url, 'headers');
    const token = await tokenOf(visitor);
    const responses = {
      home: await request(forum.url).get('/'),
      board: await request(forum.url).get('/b/introductions'),
      missing: await request(forum.url).get('/t/999999'),
      forged: await request(forum.url).post('/login').type('form').send({ username: 'x', password: 'y' }),
      refused: await postForm(visitor, '/b/introductions', { title: '', body: '' }, token),
      health: await request(forum.url).get('/healthz'),
    };
    for (const [name, res] of Object.entries(responses)) {
      const csp = String(res.headers['content-security-policy'] ?? '');
      const directives = Object.fromEntries(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([k, ...v]) => [k, v]));
      const problems = [
        !directives['script-src'] && !directives['default-src'] ? 'no script-src' : null,
        [...(directives['script-src'] ?? []), ...(directives['default-src'] ?? [])].some((v) => v === "'unsafe-inline'" || v === "'unsafe-eval'" || v === '*') ? 'scripts may run inline' : null,
        directives['frame-ancestors']?.join(' ') !== "'none'" ? 'frames allowed' : null,
        directives['object-src']?.join(' ') !== "'none'" ? 'plugins allowed' : null,
        res.headers['referrer-policy'] ? null : 'no Referrer-Policy',
        res.headers['x-content-type-options'] === 'nosniff' ? null : 'no nosniff',
        res.headers['x-powered-by'] ? 'X-Powered-By present' : null,
      ].filter(Boolean);
      expect({ name, status: res.status, problems }).toEqual({ name, status: res.status, problems: [] });
    }
    expect(responses.forged.status).toBe(403);
    expect(responses.refused.status).toBe(400);
  });
});

describe('accounts in production', () => {
  let forum: TestForum;

  beforeAll(async () => {
    forum = await startForum({ NODE_ENV: 'production' });
  });

  afterAll(async () => {
    await forum?.close();
  });

  it('marks cookies Secure when the request came over HTTPS through the proxy', async () => {
    const visitor = new Visitor(forum.url);
    const page = await visitor.agent.get('/login').set('x-forwarded-proto', 'https');
    const cookie = sessionCookie(page)!;
    expect(cookie).toMatch(/; Secure/i);
    expect(cookie).toMatch(/; HttpOnly/i);
    expect(cookie).toMatch(/; SameSite=(Lax|Strict)/i);
    const someone = await member(forum.url, 'prod');
    const login = await request(forum.url)
      .post('/login')
      .set('x-forwarded-proto', 'https')
      .set('cookie', sidOf(cookie))
      .type('form')
      .send({ _csrf: page.text.match(/name="_csrf" value="([^"]+)"/)![1], username: someone.name, password: someone.password });
    expect(login.status).toBe(303);
    for (const c of cookiesOf(login)) expect(c).toMatch(/; Secure/i);
  });
});
