import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, type Visitor, Visitor as Guest } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { XSS_PAYLOADS } from '../support/payloads.js';
import { activeContent, visibleText } from './inert.js';
import { postForm, tokenOf } from './routes.js';

const BOARD = 'introductions';
const markerOf = (payload: string) => payload.slice(0, payload.indexOf(' ') + 1);
const markersOf = (payloads: readonly string[]) => payloads.map(markerOf);

/** A page is safe when it holds no active content and every payload meant for it is there as text. */
function expectInert(where: string, html: string, payloads: readonly string[] = []): void {
  expect({ where, active: activeContent(html) }).toEqual({ where, active: [] });
  const text = visibleText(html);
  const missing = markersOf(payloads).filter((m) => !text.includes(m));
  expect({ where, missing }).toEqual({ where, missing: [] });
}

describe('cross-site scripting: hostile text is shown as text on every page', () => {
  // Where each payload goes: thread titles, bodies and content warnings, replies, watched words,
  // report notes, moderators' notes, removal, lock and suspension reasons, alert resolutions,
  // and usernames and return addresses on the account forms.
  let forum: TestForum;
  let author: Visitor;
  let reporter: Visitor;
  let mod: Visitor;
  let authorId: number;
  const threads: { id: number; postId: number; payload: string }[] = [];
  const removed: { postId: number; payload: string }[] = [];
  let holderThread = 0;
  const reportPages: { where: string; html: string; payload: string }[] = [];
  const resolvedAlerts: { id: number; payload: string }[] = [];
  const suspendedMembers: { visitor: Visitor; id: number; payload: string }[] = [];

  beforeAll(async () => {
    forum = await startForum({ SPAM_MAX_POSTS_PER_MINUTE: '100000', SPAM_MIN_ACCOUNT_AGE_HOURS: '0', SPAM_MIN_PUBLISHED_POSTS: '0' });
    [author, reporter, mod] = await Promise.all([member(forum.url, 'author'), member(forum.url, 'reporter'), moderator(forum)]);
    [{ id: authorId }] = await forum.db.query(`SELECT id FROM users WHERE username = $1`, [author.name]);
    const modToken = await tokenOf(mod);
    // Watched words first, so posts that repeat them are flagged and reach the review queue with highlights.
    for (const payload of XSS_PAYLOADS) await postForm(mod, '/mod/words', { pattern: payload, action: 'flag' }, modToken);

    const authorToken = await tokenOf(author);
    for (const payload of XSS_PAYLOADS) {
      // Content warnings hold at most 100 characters; the marker leads, so it survives the cut.
      const res = await postForm(author, `/b/${BOARD}`, { title: payload, body: payload, contentWarning: payload.slice(0, 100) }, authorToken);
      const id = Number(res.headers.location?.match(/^\/t\/(\d+)/)?.[1]);
      expect({ payload, status: res.status }).toEqual({ payload, status: 303 });
      threads.push({ id, postId: 0, payload });
    }
    const opening: { id: number; threadId: number }[] = await forum.db.query(`SELECT id, thread_id AS "threadId" FROM posts WHERE parent_id IS NULL`);
    for (const t of threads) t.postId = opening.find((p) => p.threadId === t.id)!.id;

    const holder = await postForm(author, `/b/${BOARD}`, { title: 'Replies a moderator removes', body: 'Here for the replies.' }, authorToken);
    holderThread = Number(holder.headers.location?.match(/^\/t\/(\d+)/)?.[1]);
    for (const payload of XSS_PAYLOADS) {
      const res = await postForm(author, `/t/${holderThread}/replies`, { body: `reply ${payload}`, contentWarning: payload.slice(0, 100) }, authorToken);
      removed.push({ postId: Number(res.headers.location?.match(/#post-(\d+)/)?.[1]), payload });
    }
    await forum.settle(30_000);

    const published: { id: number }[] = await forum.db.query(`SELECT id FROM posts WHERE state = 'published' AND parent_id IS NULL`);
    const reporterToken = await tokenOf(reporter);
    for (const [i, t] of threads.entries()) {
      if (!published.some((p) => p.id === t.postId)) continue;
      // An unknown reason re-renders the form with the note as typed; then the real report.
      const refused = await postForm(reporter, `/p/${t.postId}/report`, { reason: 'nonsense', note: t.payload }, reporterToken);
      reportPages.push({ where: `refused report of post ${t.postId}`, html: refused.text, payload: t.payload });
      const res = await postForm(reporter, `/p/${t.postId}/report`, { reason: i % 10 === 0 ? 'at_risk' : 'other', note: t.payload }, reporterToken);
      expect({ payload: t.payload, status: res.status }).toEqual({ payload: t.payload, status: 200 });
    }
    for (const payload of XSS_PAYLOADS) await postForm(mod, `/mod/members/${authorId}/notes`, { note: payload }, modToken);
    for (const r of removed) await postForm(mod, `/mod/posts/${r.postId}/remove`, { reason: r.payload }, modToken);
    await postForm(mod, `/mod/threads/${holderThread}/lock`, { reason: XSS_PAYLOADS[0] }, modToken);

    const alerts: { id: number }[] = await forum.db.query(`SELECT id FROM alerts ORDER BY id`);
    for (const [i, { id }] of alerts.entries()) {
      resolvedAlerts.push({ id, payload: XSS_PAYLOADS[(i * 7) % XSS_PAYLOADS.length] });
      await postForm(mod, `/mod/alerts/${id}/resolve`, { outcome: 'false_alarm', note: XSS_PAYLOADS[(i * 7) % XSS_PAYLOADS.length] }, modToken);
    }
    // Members suspended with a hostile reason, which they are shown on every page they could post from.
    for (const payload of XSS_PAYLOADS.filter((_, i) => i % 9 === 4)) {
      const suspended = await member(forum.url, 'suspended');
      const [{ id }] = await forum.db.query(`SELECT id FROM users WHERE username = $1`, [suspended.name]);
      await postForm(mod, `/mod/members/${id}/suspend`, { days: '3', reason: payload }, modToken);
      suspendedMembers.push({ visitor: suspended, id, payload });
    }
  }, 170_000);

  afterAll(async () => {
    await forum?.close();
  });

  it('tries at least 60 payloads', () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(markersOf(XSS_PAYLOADS)).size).toBe(XSS_PAYLOADS.length);
  });

  it('recognises live content when it is there (the checker itself)', () => {
    expect(activeContent('<p><img src=x onerror=alert(1)></p>')).toHaveLength(2);
    expect(activeContent('<a href=" java&#x09;script:alert(1)">x</a>')).toHaveLength(1);
    expect(activeContent('<script>alert(1)</script><svg onload=alert(1)>')).toHaveLength(3);
    expect(activeContent('<script src="/static/js/forum.js" defer></script><a href="/t/1">ok</a>')).toEqual([]);
  });

  it('renders titles inert on the board pages, for the author and for moderators', async () => {
    const [{ warned }] = await forum.db.query(`SELECT count(*)::int AS warned FROM posts WHERE content_warning LIKE 'xss%'`);
    expect(warned).toBe(2 * XSS_PAYLOADS.length);
    for (const viewer of [author, mod]) {
      let html = '';
      for (let page = 1; page <= Math.ceil((XSS_PAYLOADS.length + 1) / 25); page++) {
        const res = await viewer.get(`/b/${BOARD}?page=${page}`);
        expect(res.status).toBe(200);
        expectInert(`board page ${page}`, res.text);
        html += res.text;
      }
      expectInert('all board pages', html, XSS_PAYLOADS);
    }
  });

  it('renders titles and bodies inert on every thread page, for the author, a guest and a moderator', async () => {
    const guest = new Guest(forum.url);
    for (const t of threads) {
      for (const viewer of [author, mod, guest]) {
        const res = await viewer.get(`/t/${t.id}`);
        if (viewer === guest && res.status === 404) continue; // held for review: not public
        expect(res.status).toBe(200);
        expectInert(`thread ${t.id} as ${viewer.name}`, res.text, [t.payload]);
      }
    }
  });

  it('renders report notes, flagged text and titles inert in the review queue and alert pages', async () => {
    const dashboard = await mod.get('/mod');
    expect(dashboard.status).toBe(200);
    expectInert('/mod', dashboard.text);
    expect(dashboard.text).toContain('<mark>');
    expect(visibleText(dashboard.text)).toMatch(/xss\d+ /);
    const alertIds: { id: number }[] = await forum.db.query(`SELECT id FROM alerts`);
    expect(alertIds.length).toBeGreaterThan(0);
    for (const { id } of alertIds) {
      const res = await mod.get(`/mod/alerts/${id}`);
      expect(res.status).toBe(200);
      expectInert(`/mod/alerts/${id}`, res.text);
    }
  });

  it('renders resolution notes inert on the alert pages', async () => {
    expect(resolvedAlerts.length).toBeGreaterThan(0);
    for (const { id, payload } of resolvedAlerts) {
      const res = await mod.get(`/mod/alerts/${id}`);
      expectInert(`resolved alert ${id}`, res.text, [payload]);
    }
  });

  it('renders a suspension reason inert for the member suspended and on the member page', async () => {
    expect(suspendedMembers.length).toBeGreaterThanOrEqual(9);
    for (const { visitor, id, payload } of suspendedMembers) {
      for (const path of [`/b/${BOARD}/new`, `/t/${threads[0].id}`]) {
        const res = await visitor.get(path);
        expect(res.status).toBe(200);
        expectInert(`${path} for a member suspended with ${markerOf(payload)}`, res.text, [payload]);
      }
      expectInert(`member page ${id}`, (await mod.get(`/mod/members/${id}`)).text, [payload]);
    }
  });

  it('renders the same content inert in Spanish', async () => {
    const reader = await member(forum.url, 'lector');
    await reader.get('/language/es');
    const board = await reader.get(`/b/${BOARD}`);
    expect(board.text).toContain('lang="es"');
    expectInert('board in Spanish', board.text);
    await author.get('/language/es');
    expectInert('removed replies in Spanish', (await author.get(`/t/${holderThread}`)).text, XSS_PAYLOADS);
    expectInert('notifications in Spanish', (await author.get('/notifications')).text);
    await author.get('/language/en');
  });

  it('renders the report form inert, with the post excerpt and the note as typed', async () => {
    expect(reportPages.length).toBeGreaterThan(0);
    for (const page of reportPages) expectInert(page.where, page.html, [page.payload]);
    for (const t of threads.slice(0, 20)) {
      const res = await reporter.get(`/p/${t.postId}/report`);
      if (res.status === 404) continue; // not published, or hidden after an at-risk report
      expectInert(`report page of ${t.postId}`, res.text, [t.payload]);
    }
  });

  it('renders watched words inert on /mod/words and in a trial of a sentence', async () => {
    const words = await mod.get('/mod/words');
    expectInert('/mod/words', words.text, XSS_PAYLOADS);
    const token = await tokenOf(mod);
    for (const payload of XSS_PAYLOADS) {
      const res = await postForm(mod, '/mod/words/try', { sample: payload }, token);
      expect(res.status).toBe(200);
      expectInert(`trial of ${markerOf(payload)}`, res.text, [payload]);
    }
  });

  it('renders moderators’ notes inert on the member page, and edit forms inert', async () => {
    const page = await mod.get(`/mod/members/${authorId}`);
    expect(page.status).toBe(200);
    expectInert('member page', page.text, XSS_PAYLOADS);
    for (const t of threads.slice(0, 20)) {
      const res = await mod.get(`/mod/posts/${t.postId}/edit`);
      expectInert(`edit page of ${t.postId}`, res.text, [t.payload]);
    }
  });

  it('renders removal reasons inert in the audit log, the notifications and the thread', async () => {
    const audit = await mod.get('/mod/audit');
    expectInert('/mod/audit', audit.text, XSS_PAYLOADS);
    const filtered = await mod.get(`/mod/audit?moderator=${encodeURIComponent(XSS_PAYLOADS[0])}&action=${encodeURIComponent(XSS_PAYLOADS[1])}`);
    expectInert('/mod/audit filtered', filtered.text, [XSS_PAYLOADS[0]]);
    const notifications = await author.get('/notifications');
    // The 50 newest notifications are listed: the last 50 removals.
    expectInert('/notifications', notifications.text, removed.slice(-50).map((r) => r.payload));
    const thread = await author.get(`/t/${holderThread}`);
    expectInert('thread with removed replies', thread.text, XSS_PAYLOADS);
  });

  it('renders usernames inert when registration or login refuses them', async () => {
    const visitor = new Guest(forum.url);
    const token = await tokenOf(visitor);
    for (const payload of XSS_PAYLOADS) {
      const registered = await postForm(visitor, '/register', { username: payload, password: 'long enough password' }, token);
      expect(registered.status).toBe(400);
      expectInert(`register as ${markerOf(payload)}`, registered.text, [payload]);
      const login = await postForm(visitor, '/login', { username: payload, password: 'long enough password' }, token);
      expect(login.status).toBe(401);
      expectInert(`login as ${markerOf(payload)}`, login.text, [payload]);
    }
  });

  it('renders a hostile return address inert on the login page and unknown pages inert', async () => {
    const guest = new Guest(forum.url);
    for (const payload of XSS_PAYLOADS.slice(0, 30)) {
      const login = await guest.get(`/login?next=${encodeURIComponent('/' + payload)}`);
      expectInert(`login next ${markerOf(payload)}`, login.text, [payload]);
      const missing = await guest.get(`/b/${encodeURIComponent(payload)}`);
      expect(missing.status).toBe(404);
      expectInert(`404 for ${markerOf(payload)}`, missing.text);
    }
  });
});
