import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { MAX_STORED_REPLY_DEPTH } from '@forum/forum';
import { startForum, type TestForum } from '../support/forum-app.js';
import { postOutline } from '../support/html.js';
import { member, type Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { SQL_INJECTION, TRICKY_UNICODE } from '../support/payloads.js';
import { visibleText } from './inert.js';
import { fill, postForm, routesOf, tokenOf } from './routes.js';

const BOARD = 'introductions';
const FIELDS = ['title', 'body', 'parentId', 'anonymous', 'reason', 'note', 'pattern', 'isRegex', 'action', 'level', 'sample', 'days', 'outcome', 'alertEmail', 'username', 'password', 'text', 'next', 'lang', 'back', 'contentWarning'];
const ODD_IDS = ['0', '-1', '2147483648', '99999999999999999999', '1e3', '0x10', ' 1', '1.5'];

describe('hostile input: a clear answer or the words as typed, and never a server error', () => {
  let forum: TestForum;
  let admin: Visitor;
  let writer: Visitor;
  let threadId = 0;
  let postId = 0;

  beforeAll(async () => {
    forum = await startForum({ SPAM_MAX_POSTS_PER_MINUTE: '100000', SPAM_MIN_ACCOUNT_AGE_HOURS: '0', SPAM_MIN_PUBLISHED_POSTS: '0' });
    [admin, writer] = await Promise.all([moderator(forum, 'admin'), member(forum.url, 'writer')]);
    const opened = await writer.startThread(BOARD, { title: 'A thread to throw things at', body: 'Hello.' });
    threadId = opened.threadId!;
    [{ postId }] = await forum.db.query(`SELECT opening_post_id AS "postId" FROM threads WHERE id = $1`, [threadId]);
    await forum.settle();
  });

  afterAll(async () => {
    await forum?.close();
  });

  /** A thread of the writer's own, so no other test's moderator action (removing posts) reaches it. */
  const freshThread = async () => {
    const opened = await writer.startThread(BOARD, { title: 'Another thread to throw things at', body: 'Hello again.' });
    return opened.threadId!;
  };

  /** Bytes exactly as given, which a client library might otherwise re-encode. */
  const sendBytes = (path: string, bytes: Buffer, cookie: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.request(`${forum.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-length': bytes.length, cookie, accept: 'text/html' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(bytes);
    });

  const serverErrors = (outcomes: { what: string; status: number }[]) => outcomes.filter((o) => o.status >= 500).map((o) => `${o.what}: ${o.status}`);

  it('answers SQL injection strings and odd ids in every route parameter without a server error', async () => {
    const token = await tokenOf(admin);
    const routes = routesOf(forum).filter((r) => r.path !== '/logout' && r.path !== '/mod/alerts/stream');
    const outcomes: { what: string; status: number }[] = [];
    for (const route of routes) {
      if (!route.path.includes(':')) continue;
      for (const value of [...SQL_INJECTION, ...ODD_IDS]) {
        const path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(value));
        const res = route.method === 'get' ? await admin.get(path) : await postForm(admin, path, { body: 'x', reason: 'spam' }, token);
        outcomes.push({ what: `${route.method} ${path}`, status: res.status });
      }
    }
    expect(outcomes.length).toBeGreaterThan(300);
    expect(serverErrors(outcomes)).toEqual([]);
    const [{ n }] = await forum.db.query(`SELECT count(*)::int AS n FROM posts`);
    expect(n).toBeGreaterThan(0);
  });

  it('answers SQL injection strings in every form field and query parameter without a server error, and stores them as typed', async () => {
    const token = await tokenOf(admin);
    const outcomes: { what: string; status: number }[] = [];
    const params = { slug: BOARD, id: postId, postId, lang: 'en' };
    const routes = routesOf(forum).filter((r) => r.method === 'post' && r.path !== '/logout');
    for (const value of SQL_INJECTION) {
      const fields = Object.fromEntries(FIELDS.map((f) => [f, value]));
      for (const route of routes) {
        const path = fill(route.path, { ...params, id: route.path.includes('/threads/') ? threadId : postId });
        outcomes.push({ what: `POST ${path} ${value}`, status: (await postForm(admin, path, fields, token)).status });
      }
      for (const query of [`/b/${BOARD}?page=${encodeURIComponent(value)}`, `/mod/audit?moderator=${encodeURIComponent(value)}&action=${encodeURIComponent(value)}`, `/login?next=${encodeURIComponent(value)}`, `/?q=${encodeURIComponent(value)}`]) {
        outcomes.push({ what: `GET ${query}`, status: (await admin.get(query)).status });
      }
    }
    expect(serverErrors(outcomes)).toEqual([]);
    // A title that looks like SQL is just a title.
    const writerToken = await tokenOf(writer);
    const title = "Robert'); DROP TABLE posts; --";
    const res = await postForm(writer, `/b/${BOARD}`, { title, body: "' OR '1'='1" }, writerToken);
    expect(res.status).toBe(303);
    const page = await writer.get(res.headers.location);
    expect(visibleText(page.text)).toContain(title);
    expect(visibleText(page.text)).toContain("' OR '1'='1");
  });

  it('refuses oversized and malformed bodies with a clear status', async () => {
    const threadId = await freshThread();
    const token = await tokenOf(writer);
    const huge = await writer.agent.post(`/b/${BOARD}`).type('form').set('accept', 'text/html').send(`_csrf=${encodeURIComponent(token)}&title=big&body=${'x'.repeat(300_000)}`);
    expect(huge.status).toBe(413);
    expect(huge.text).toContain('That was too long');
    const tooLong = await postForm(writer, `/b/${BOARD}`, { title: 'Long one', body: 'y'.repeat(20_001) }, token);
    expect(tooLong.status).toBe(400);
    expect(tooLong.text).toContain('20,000 characters');
    const longTitle = await postForm(writer, `/b/${BOARD}`, { title: 't'.repeat(151), body: 'fine' }, token);
    expect(longTitle.status).toBe(400);
    const bigJson = await writer.agent.post('/composer/check').set('content-type', 'application/json').send(JSON.stringify({ _csrf: token, text: 'z'.repeat(70_000) }));
    expect(bigJson.status).toBe(413);
    const brokenJson = await writer.agent.post('/composer/check').set('content-type', 'application/json').set('accept', 'application/json').send('{"text": "unterminated');
    expect(brokenJson.status).toBe(400);
    const outcomes: { what: string; status: number }[] = [];
    const raw = async (what: string, contentType: string, body: string) => {
      const res = await writer.agent.post(`/t/${threadId}/replies`).set('content-type', contentType).set('accept', 'text/html').send(body);
      outcomes.push({ what, status: res.status });
      return res;
    };
    const csrf = `_csrf=${encodeURIComponent(token)}`;
    await raw('repeated fields', 'application/x-www-form-urlencoded', `${csrf}&body=one&body=two&parentId=1&parentId=2`);
    await raw('bracketed fields', 'application/x-www-form-urlencoded', `${csrf}&body[]=one&body[x]=two&parentId[]=3`);
    await raw('broken percent escapes', 'application/x-www-form-urlencoded', `${csrf}&body=%E0%A4%A&parentId=%`);
    await raw('json with objects for strings', 'application/json', JSON.stringify({ _csrf: token, body: { toString: 'x' }, parentId: [1, 2], anonymous: {} }));
    await raw('plain text', 'text/plain', 'body=hello');
    await raw('no content type', '', `${csrf}&body=hello`);
    await raw('a charset no one uses', 'application/x-www-form-urlencoded; charset=utf-7', `${csrf}&body=hello`);
    for (const path of ['/b/%E0%A4%A', '/t/%', `/t/${threadId}%00`, '/p/%C3%28/report', '/%2e%2e/%2e%2e/etc/passwd', `/b/${'a'.repeat(5000)}`]) {
      outcomes.push({ what: `GET ${path}`, status: (await writer.get(path)).status });
    }
    expect(serverErrors(outcomes)).toEqual([]);
  });

  it('refuses a NUL character with a clear message instead of failing to store it', async () => {
    const token = await tokenOf(writer);
    const form = await postForm(writer, `/b/${BOARD}`, { title: 'Has a NUL', body: 'before\u0000after' }, token);
    expect(form.status).toBe(400);
    expect(form.text).toContain('a character the forum cannot store');
    expect((await writer.get('/b/introductions?page=%00')).status).toBe(400);
    expect((await writer.get('/b/intro%00ductions')).status).toBe(400);
    const username = await request(forum.url).post('/register').type('form').send({ username: 'nul\u0000name', password: 'a long password' });
    expect([400, 403]).toContain(username.status);
  });

  it('stores invalid UTF-8 without failing: raw bytes as replacement characters, broken escapes as typed', async () => {
    const threadId = await freshThread();
    const token = await tokenOf(writer);
    const latestBody = async () => (await forum.db.query(`SELECT body FROM posts WHERE thread_id = $1 ORDER BY id DESC LIMIT 1`, [threadId]))[0].body;
    const escaped = await writer.agent
      .post(`/t/${threadId}/replies`)
      .type('form')
      .set('accept', 'text/html')
      .send(`_csrf=${encodeURIComponent(token)}&body=broken%C3%28bytes%FF%FEhere`);
    expect(escaped.status).toBe(303);
    expect(await latestBody()).toBe('broken%C3%28bytes%FF%FEhere');
    const bytes = Buffer.concat([Buffer.from(`_csrf=${encodeURIComponent(token)}&body=raw`), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('bytes')]);
    const raw = await sendBytes(`/t/${threadId}/replies`, bytes, writer.sessionCookie);
    expect(raw).toBe(303);
    expect(await latestBody()).toBe('raw\uFFFD(\uFFFD\uFFFDbytes');
    const page = await writer.get(`/t/${threadId}`);
    expect(page.status).toBe(200);
    expect(visibleText(page.text)).toContain('raw\uFFFD(\uFFFD\uFFFDbytes');
  });

  it('stores zero-width, right-to-left and other unusual characters exactly as typed and shows them so', async () => {
    const token = await tokenOf(writer);
    for (const text of TRICKY_UNICODE) {
      const res = await postForm(writer, `/b/${BOARD}`, { title: text, body: text }, token);
      expect(res.status).toBe(303);
      const id = Number(res.headers.location.match(/^\/t\/(\d+)/)![1]);
      const [stored] = await forum.db.query(`SELECT t.title, p.body FROM threads t JOIN posts p ON p.id = t.opening_post_id WHERE t.id = $1`, [id]);
      expect(stored).toEqual({ title: text, body: text });
      const page = visibleText((await writer.get(`/t/${id}`)).text);
      expect(page).toContain(text);
    }
    const hidden = await request(forum.url).get('/register');
    const registerToken = hidden.text.match(/name="_csrf" value="([^"]+)"/)![1];
    const rtlName = await request(forum.url)
      .post('/register')
      .set('cookie', (hidden.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; '))
      .type('form')
      .send({ _csrf: registerToken, username: 'adm\u202Enimda', password: 'a long password' });
    expect(rtlName.status).toBe(400);
    expect(rtlName.text).toContain('only letters, digits');
  });

  it('takes pathological text (deep nesting, long runs that trouble regular expressions) through the form and the checks', async () => {
    const token = await tokenOf(writer);
    const bodies = [
      '>'.repeat(19_000) + ' deep quote',
      '['.repeat(9_000) + '](' + '('.repeat(9_000),
      '*_'.repeat(9_500),
      '`'.repeat(19_000),
      '1'.repeat(19_000),
      '555-'.repeat(4_900),
      'a@'.repeat(9_500) + 'example.com',
      'http://' + 'a.'.repeat(9_000) + 'com',
      ' '.repeat(10_000) + 'x',
      'line\n'.repeat(3_900),
      'k i l l '.repeat(2_400),
      '<'.repeat(19_000),
      '&#'.repeat(9_500),
      '- '.repeat(9_000) + 'item',
      '1. '.repeat(6_000) + 'item',
      'é'.repeat(19_000),
      '🧡'.repeat(9_000),
    ];
    const outcomes: { what: string; status: number }[] = [];
    for (const body of bodies) {
      const res = await postForm(writer, `/b/${BOARD}`, { title: `Odd text ${outcomes.length}`, body }, token);
      outcomes.push({ what: JSON.stringify(body.slice(0, 12)), status: res.status });
    }
    expect(outcomes.filter((o) => o.status !== 303)).toEqual([]);
    // Every one of them is decided by the moderation workers, and every thread page renders.
    await forum.settle(60_000);
    const threads: { id: number }[] = await forum.db.query(`SELECT id FROM threads WHERE title LIKE 'Odd text %'`);
    expect(threads).toHaveLength(bodies.length);
    for (const { id } of threads) expect((await writer.get(`/t/${id}`)).status).toBe(200);
  }, 120_000);

  it('refuses or defuses watched-word regular expressions that backtrack catastrophically, so posts keep flowing', async () => {
    const token = await tokenOf(admin);
    const patterns = ['(a+)+$', '(a|aa)+$', '(.*a){12}', '^(\\w+\\s?)*$', '(a*)*b', '(x+x+)+y', '([a-z]+)*$', '(a)\\1+$', '.*.*.*=.*', '(?<=a+)b', '(\\d+\\.?)+x'];
    const answers: { pattern: string; status: number }[] = [];
    for (const pattern of patterns) {
      const res = await postForm(admin, '/mod/words', { pattern, isRegex: 'on', action: 'hold' }, token);
      answers.push({ pattern, status: res.status });
      if (res.status === 400) expect(res.text).toMatch(/regular expression|pattern/i);
    }
    expect(answers.filter((a) => a.status !== 303 && a.status !== 400)).toEqual([]);
    expect(answers.filter((a) => a.status === 400).length).toBeGreaterThanOrEqual(patterns.length - 2);
    const writerToken = await tokenOf(writer);
    for (const body of ['a'.repeat(5_000) + '!', 'x'.repeat(5_000), '1.'.repeat(2_500), 'word '.repeat(3_000) + '!', '='.repeat(5_000)]) {
      expect((await postForm(writer, `/b/${BOARD}`, { title: 'Against the watched words', body }, writerToken)).status).toBe(303);
    }
    await forum.settle(30_000);
  });

  it(`keeps a reply chain of any length readable: replies past depth ${MAX_STORED_REPLY_DEPTH} join the deepest level and say whom they answer`, async () => {
    const token = await tokenOf(writer);
    const opened = await postForm(writer, `/b/${BOARD}`, { title: 'How deep can a conversation go?', body: 'Let us find out.' }, token);
    const chainThread = Number(opened.headers.location.match(/^\/t\/(\d+)/)![1]);
    const [{ first }] = await forum.db.query(`SELECT opening_post_id AS first FROM threads WHERE id = $1`, [chainThread]);
    // Past the length (between 800 and 900) at which an unlimited path overflowed its index.
    const levels = 1000;
    let parent = first as number;
    const chain: number[] = [];
    for (let level = 1; level <= levels; level++) {
      const res = await postForm(writer, `/t/${chainThread}/replies`, { body: `Answer number ${level}.`, parentId: String(parent) }, token);
      if (res.status !== 303) throw new Error(`reply at level ${level}: ${res.status} ${res.text.slice(0, 200)}`);
      parent = Number(res.headers.location.match(/#post-(\d+)/)![1]);
      chain.push(parent);
    }
    const rows: { id: number; parentId: number; depth: number; pathLength: number }[] = await forum.db.query(
      `SELECT id, parent_id AS "parentId", depth, length(path) AS "pathLength" FROM posts WHERE thread_id = $1 AND parent_id IS NOT NULL ORDER BY path`,
      [chainThread],
    );
    // Every reply still names the post it answered, in conversation order…
    expect(rows.map((r) => r.id)).toEqual(chain);
    expect(rows.map((r) => r.parentId)).toEqual([first, ...chain.slice(0, -1)]);
    // …and none sits deeper than the limit, so the path index never overflows.
    expect(Math.max(...rows.map((r) => r.depth))).toBe(MAX_STORED_REPLY_DEPTH);
    expect(Math.max(...rows.map((r) => r.pathLength))).toBeLessThan(1200);
    await forum.settle(60_000);
    const page = await writer.get(`/t/${chainThread}`);
    expect(page.status).toBe(200);
    const outline = postOutline(page.text);
    expect(outline).toHaveLength(levels + 1);
    expect(Math.max(...outline.map((p) => p.depth))).toBeLessThanOrEqual(5);
    expect(page.text.match(/class="in-reply-to"/g)?.length).toBe(levels - 5);
  }, 150_000);
});
