import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { ForumService } from '@forum/forum';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, unique, Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { fill, postForm, routesOf, tokenOf } from './routes.js';

const ROLES = ['guest', 'member', 'owner', 'suspended', 'moderator', 'admin'] as const;
type Role = (typeof ROLES)[number];
type Row = [route: string, guest: number, member: number, owner: number, suspended: number, moderator: number, admin: number];

/*
 * Who may do what. "member" is a member acting on another member's post or thread; "owner" is
 * the member who wrote it; "suspended" is a member under a current suspension. Guests asking
 * for a page that needs an account are sent to log in (303); a guest's form is refused (401).
 * A variant of a route is named in parentheses after it.
 */
const MATRIX: Row[] = [
  //  route                                           guest member owner suspended moderator admin
  ['GET /',                                             200,   200,  200,   200,      200,    200],
  ['GET /help',                                         200,   200,  200,   200,      200,    200],
  ['GET /guidelines',                                   200,   200,  200,   200,      200,    200],
  ['GET /register',                                     200,   200,  200,   200,      200,    200],
  ['GET /login',                                        200,   200,  200,   200,      200,    200],
  ['GET /healthz',                                      200,   200,  200,   200,      200,    200],
  ['GET /language/:lang',                               303,   303,  303,   303,      303,    303],
  ['GET /metrics',                                      303,   403,  403,   403,      403,    200],
  ['GET /b/:slug',                                      200,   200,  200,   200,      200,    200],
  ['GET /b/:slug (members-only board)',                 303,   200,  200,   200,      200,    200],
  ['GET /b/:slug/new',                                  303,   200,  200,   200,      200,    200],
  ['GET /t/:id',                                        200,   200,  200,   200,      200,    200],
  ['GET /t/:id (members-only board)',                   303,   200,  200,   200,      200,    200],
  ['GET /p/:id/report',                                 303,   200,  404,   200,      200,    200],
  ['GET /notifications',                                303,   200,  200,   200,      200,    200],
  ['GET /support/:postId',                              303,   404,  200,   404,      404,    404],
  ['GET /mod',                                          303,   403,  403,   403,      200,    200],
  ['GET /mod/alerts/stream',                            303,   403,  403,   403,      200,    200],
  ['GET /mod/alerts/:id',                               303,   403,  403,   403,      200,    200],
  ['GET /mod/settings',                                 303,   403,  403,   403,      200,    200],
  ['GET /mod/posts/:id/edit',                           303,   403,  403,   403,      200,    200],
  ['GET /mod/members/:id',                              303,   403,  403,   403,      200,    200],
  ['GET /mod/audit',                                    303,   403,  403,   403,      200,    200],
  ['GET /mod/words',                                    303,   403,  403,   403,      200,    200],
  ['POST /b/:slug',                                     401,   303,  303,   403,      303,    303],
  ['POST /t/:id/replies',                               401,   303,  303,   403,      303,    303],
  ['POST /t/:id/replies (members-only board)',          401,   303,  303,   403,      303,    303],
  ['POST /p/:id/report',                                401,   200,  404,   200,      200,    200],
  ['POST /register (a name already taken)',             400,   400,  400,   400,      400,    400],
  ['POST /login (a wrong password)',                    401,   401,  401,   401,      401,    401],
  ['POST /language',                                    303,   303,  303,   303,      303,    303],
  ['POST /composer/check',                              401,   200,  200,   200,      200,    200],
  ['POST /mod/posts/:id/approve',                       401,   403,  403,   403,      303,    303],
  ['POST /mod/posts/:id/remove',                        401,   403,  403,   403,      303,    303],
  ['POST /mod/posts/:id/edit',                          401,   403,  403,   403,      303,    303],
  ['POST /mod/posts/:id/reveal',                        401,   403,  403,   403,      200,    200],
  ['POST /mod/posts/:id/suspend-author',                401,   403,  403,   403,      303,    303],
  ['POST /mod/flags/:id/dismiss',                       401,   403,  403,   403,      303,    303],
  ['POST /mod/threads/:id/lock',                        401,   403,  403,   403,      303,    303],
  ['POST /mod/threads/:id/unlock',                      401,   403,  403,   403,      303,    303],
  ['POST /mod/members/:id/notes',                       401,   403,  403,   403,      303,    303],
  ['POST /mod/members/:id/suspend',                     401,   403,  403,   403,      303,    303],
  ['POST /mod/members/:id/suspend (an admin)',          401,   403,  403,   403,      400,    303],
  ['POST /mod/members/:id/reinstate',                   401,   403,  403,   403,      303,    303],
  ['POST /mod/members/:id/reinstate (a moderator)',     401,   403,  403,   403,      403,    303],
  ['POST /mod/words',                                   401,   403,  403,   403,      303,    303],
  ['POST /mod/words/:id/delete',                        401,   403,  403,   403,      303,    303],
  ['POST /mod/words/try',                               401,   403,  403,   403,      200,    200],
  ['POST /mod/alerts/:id/ack',                          401,   403,  403,   403,      303,    303],
  ['POST /mod/alerts/:id/resolve',                      401,   403,  403,   403,      303,    303],
  ['POST /mod/settings',                                401,   403,  403,   403,      303,    303],
  // Last: it ends the session.
  ['POST /logout',                                      303,   303,  303,   303,      303,    303],
];

/** Resources each role acts on, so one role's action never changes what the next one finds. */
interface Targets {
  flag: number;
  word: number;
  alert: number;
  suspendee: number;
  suspendeePost: number;
}

describe('authorization: every route, for every kind of visitor', () => {
  let forum: TestForum;
  const visitors = {} as Record<Role, Visitor>;
  const targets = {} as Record<Role, Targets>;
  let ownerPost = 0;
  let ownerThread = 0;
  let lockThread = 0;
  let privateThread = 0;
  let alertOnly = 0;
  let ownerId = 0;
  let otherAdminId = 0;
  let suspendedModId = 0;

  beforeAll(async () => {
    forum = await startForum({ REPORTS_TO_HIDE: '1000', SPAM_MIN_ACCOUNT_AGE_HOURS: '0', SPAM_MIN_PUBLISHED_POSTS: '0' });
    await forum.db.query(`INSERT INTO boards (slug, name, description, position, visibility) VALUES ('members-room', 'Members room', 'Only for members.', 99, 'members')`);
    await forum.app.get(ForumService).refreshBoardLinks();
    const [owner, reporter, mod, admin, suspended, otherAdmin] = await Promise.all([
      member(forum.url, 'owner'),
      member(forum.url, 'reporter'),
      moderator(forum),
      moderator(forum, 'admin'),
      member(forum.url, 'suspended'),
      moderator(forum, 'admin'),
    ]);
    Object.assign(visitors, { guest: new Visitor(forum.url), member: await member(forum.url, 'member'), owner, suspended, moderator: mod, admin });
    const idOf = async (v: Visitor) => (await forum.db.query(`SELECT id FROM users WHERE username = $1`, [v.name]))[0].id as number;
    ownerId = await idOf(owner);
    otherAdminId = await idOf(otherAdmin);

    const opened = await owner.startThread('introductions', { title: 'Owner’s thread', body: 'Hello from the owner of this thread.' });
    ownerThread = opened.threadId!;
    ownerPost = (await owner.reply(ownerThread, { body: 'A reply by the owner, for reporting.' })).postId!;
    lockThread = (await owner.startThread('introductions', { title: 'A thread moderators lock', body: 'Lock me.' })).threadId!;
    privateThread = (await owner.startThread('members-room', { title: 'Members only', body: 'Only members read this.' })).threadId!;
    const reporterToken = await tokenOf(reporter);
    const modToken = await tokenOf(mod);
    for (const role of ROLES) {
      const victim = await member(forum.url, 'victim');
      const victimThread = (await victim.startThread('introductions', { title: `Post by a member ${role} may suspend`, body: 'Just saying hello here.' })).threadId;
      const [{ victimPost }] = await forum.db.query(`SELECT opening_post_id AS "victimPost" FROM threads WHERE id = $1`, [victimThread]);
      await forum.settle();
      const post = (await owner.reply(ownerThread, { body: `Reply for the ${role} column to act on.` })).postId!;
      await forum.settle();
      await postForm(reporter, `/p/${post}/report`, { reason: 'at_risk', note: 'Worried about them.' }, reporterToken);
      const [{ flag }] = await forum.db.query(`SELECT max(id)::int AS flag FROM flags WHERE post_id = $1`, [post]);
      const [{ alert }] = await forum.db.query(`SELECT max(id)::int AS alert FROM alerts WHERE post_id = $1`, [post]);
      const pattern = unique('watchword');
      await postForm(mod, '/mod/words', { pattern, action: 'hold' }, modToken);
      const [{ word }] = await forum.db.query(`SELECT id AS word FROM watched_words WHERE pattern = $1`, [pattern]);
      targets[role] = { flag, word, alert, suspendee: await idOf(victim), suspendeePost: victimPost };
    }
    alertOnly = targets.admin.alert;
    // A moderator an admin suspended: only an admin may lift it.
    suspendedModId = await idOf(await moderator(forum));
    await forum.db.query(`UPDATE users SET status = 'suspended', suspended_until = now() + interval '7 days', suspension_reason = 'Under review' WHERE id = $1`, [suspendedModId]);
    // Suspended after joining, logged in as before: the suspension applies to the session they have.
    await forum.db.query(`UPDATE users SET status = 'suspended', suspended_until = now() + interval '7 days', suspension_reason = 'Cooling off' WHERE username = $1`, [suspended.name]);
  }, 120_000);

  afterAll(async () => {
    await forum?.close();
  });

  const paramsFor = (route: string, role: Role): Record<string, string | number> => {
    const t = targets[role];
    const thread = route.includes('members-only') ? privateThread : route.includes('/lock') || route.includes('/unlock') ? lockThread : ownerThread;
    return {
      lang: 'en',
      slug: route.includes('members-only') ? 'members-room' : 'introductions',
      postId: ownerPost,
      id: route.startsWith('GET /t/') || route.startsWith('POST /t/') || route.includes('/threads/')
        ? thread
        : route.includes('/flags/') ? t.flag
        : route.includes('/words/') ? t.word
        : route.includes('/alerts/:id') ? (route.startsWith('GET') ? alertOnly : t.alert)
        : route.includes('suspend-author') ? t.suspendeePost
        : route.includes('(an admin)') ? otherAdminId
        : route.includes('(a moderator)') ? suspendedModId
        : route.includes('/members/') ? (route.includes('notes') ? ownerId : t.suspendee)
        : ownerPost,
    };
  };

  const fieldsFor = (route: string, role: Role): Record<string, string> => ({
    title: `A thread by the ${role}`,
    body: `Words from the ${role} column.`,
    reason: route.includes('report') ? 'spam' : 'Checked by the matrix.',
    note: 'A note.',
    text: 'just a draft',
    sample: 'a sentence to try',
    pattern: unique('matrixword'),
    action: 'hold',
    days: '1',
    outcome: 'false_alarm',
    alertEmail: '',
    username: visitors.owner.name,
    password: 'not the right password',
    lang: 'en',
  });

  /** The SSE stream never ends: read its status and hang up. */
  const streamStatus = (visitor: Visitor, path: string) =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(`${forum.url}${path}`, { headers: { accept: 'text/html', cookie: visitor.sessionCookie } }, (res) => {
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
    });

  it('lists every route the running app serves, and nothing it does not', () => {
    const served = routesOf(forum).map((r) => `${r.method.toUpperCase()} ${r.path}`);
    const listed = MATRIX.map(([route]) => route.replace(/ \(.*\)$/, ''));
    expect(served.length).toBeGreaterThanOrEqual(45);
    expect([...new Set(served)].sort()).toEqual([...new Set(listed)].sort());
  });

  it('keeps the queue board (mounted beside the router) to admins, and its actions behind the form token', async () => {
    const expected: Record<Role, number> = { guest: 303, member: 403, owner: 403, suspended: 403, moderator: 403, admin: 200 };
    const seen = {} as Record<Role, number>;
    for (const role of ROLES) seen[role] = (await visitors[role].get('/admin/queues')).status;
    expect(seen).toEqual(expected);
    const api = await visitors.admin.agent.get('/admin/queues/api/queues').set('accept', 'application/json');
    expect(api.status).toBe(200);
    expect((await visitors.moderator.agent.get('/admin/queues/api/queues').set('accept', 'application/json')).status).toBe(403);
    // A state-changing call without the form token is refused before the board sees it.
    const forged = await visitors.admin.agent.put('/admin/queues/api/queues/moderation/pause').set('accept', 'application/json');
    expect(forged.status).toBe(403);
  });

  it('closes the moderation tools to a suspended moderator, who cannot lift their own suspension', async () => {
    const suspendedMod = await moderator(forum);
    const [{ id }] = await forum.db.query(`SELECT id FROM users WHERE username = $1`, [suspendedMod.name]);
    await forum.db.query(`UPDATE users SET status = 'suspended', suspended_until = now() + interval '7 days', suspension_reason = 'Under review' WHERE id = $1`, [id]);
    const token = await tokenOf(suspendedMod);
    const statuses = {
      dashboard: (await suspendedMod.get('/mod')).status,
      reveal: (await postForm(suspendedMod, `/mod/posts/${ownerPost}/reveal`, { reason: 'Curious' }, token)).status,
      reinstateSelf: (await postForm(suspendedMod, `/mod/members/${id}/reinstate`, {}, token)).status,
      readForum: (await suspendedMod.get(`/t/${ownerThread}`)).status,
    };
    expect(statuses).toEqual({ dashboard: 403, reveal: 403, reinstateSelf: 403, readForum: 200 });
    const [{ status }] = await forum.db.query(`SELECT status FROM users WHERE id = $1`, [id]);
    expect(status).toBe('suspended');
    const reveals = await forum.db.query(`SELECT 1 FROM audit_log WHERE action = 'author_revealed' AND actor_id = $1`, [id]);
    expect(reveals).toHaveLength(0);
  });

  it('answers each visitor with the status in the table', async () => {
    const tokens = {} as Record<Role, string>;
    for (const role of ROLES) tokens[role] = await tokenOf(visitors[role]);
    const mismatches: string[] = [];
    for (const [route, ...expected] of MATRIX) {
      const [method, pattern] = route.split(' ');
      for (const [i, role] of ROLES.entries()) {
        const path = fill(pattern, paramsFor(route, role));
        const visitor = visitors[role];
        let status: number;
        if (path === '/mod/alerts/stream') status = await streamStatus(visitor, path);
        else if (method === 'GET') status = (await visitor.get(path)).status;
        else status = (await postForm(visitor, path, fieldsFor(route, role), tokens[role])).status;
        if (status !== expected[i]) mismatches.push(`${route} as ${role}: expected ${expected[i]}, got ${status}`);
      }
    }
    expect(mismatches).toEqual([]);
  });
});
