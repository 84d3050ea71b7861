import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadForumConfig } from '@forum/config';
import { deriveAlias } from '@forum/forum';
import { startForum, type TestForum } from '../support/forum-app.js';
import { member, unique, Visitor } from '../support/member.js';
import { moderator } from '../support/moderator.js';
import { postForm, tokenOf } from './routes.js';

const ALIAS_SECRET = 'anonymity-suite-secret-0123456789abcdef';
// An id no post, thread or page number comes near, so finding it anywhere means it leaked.
const SECRET_AUTHOR_ID = 73915285;

interface Seen {
  url: string;
  status: number;
  text: string;
  headers: string;
}

/** Follows every same-site link and form (GET) a visitor can reach, from the home page outwards. */
async function crawl(visitor: Visitor, start: string[], limit = 400): Promise<Seen[]> {
  const queue = [...start];
  const visited = new Set<string>();
  const seen: Seen[] = [];
  while (queue.length && visited.size < limit) {
    const url = queue.shift()!;
    if (visited.has(url)) continue;
    visited.add(url);
    // Pages that end the session or change the language are not places to read.
    if (/^\/(logout|language)/.test(url)) continue;
    const res = await visitor.get(url);
    seen.push({ url, status: res.status, text: res.text ?? '', headers: JSON.stringify(res.headers) });
    if (res.status >= 300 && res.status < 400 && typeof res.headers.location === 'string') queue.push(res.headers.location);
    for (const m of (res.text ?? '').matchAll(/(?:href|src|action)="(\/[^"#]*)/g)) {
      const link = m[1].replace(/&amp;/g, '&');
      if (!link.startsWith('//') && !visited.has(link)) queue.push(link);
    }
  }
  return seen;
}

describe('anonymity: nothing a guest or another member receives names the author of an anonymous post', () => {
  let forum: TestForum;
  let secretAuthor: Visitor;
  let other: Visitor;
  let third: Visitor;
  let anonThread = 0;
  let namedThread = 0;
  let anonPostIds: number[] = [];
  let aliasInAnonThread = '';
  let aliasInNamedThread = '';

  beforeAll(async () => {
    forum = await startForum({ ALIAS_SECRET, SPAM_MIN_ACCOUNT_AGE_HOURS: '0', SPAM_MIN_PUBLISHED_POSTS: '0' });
    await forum.db.query(`SELECT setval('users_id_seq', $1)`, [SECRET_AUTHOR_ID - 1]);
    secretAuthor = await new Visitor(forum.url, unique('secretauthor')).register();
    [other, third] = await Promise.all([member(forum.url, 'other'), member(forum.url, 'third')]);
    const [{ id }] = await forum.db.query(`SELECT id FROM users WHERE username = $1`, [secretAuthor.name]);
    expect(id).toBe(SECRET_AUTHOR_ID);

    anonThread = (await secretAuthor.startThread('grief-loss', { title: 'Missing my brother', body: 'It has been a year and it still hurts.', anonymous: true })).threadId!;
    await forum.settle();
    const otherReply = (await other.reply(anonThread, { body: 'I am so sorry. A year is not long at all.' })).postId!;
    await forum.settle();
    const answer = (await secretAuthor.reply(anonThread, { body: 'Thank you, that helps to hear.', parentId: otherReply, anonymous: true })).postId!;
    namedThread = (await other.startThread('grief-loss', { title: 'Holidays without my mom', body: 'How do you all get through December?' })).threadId!;
    await forum.settle();
    const [{ otherOpening }] = await forum.db.query(`SELECT opening_post_id AS "otherOpening" FROM threads WHERE id = $1`, [namedThread]);
    const elsewhere = (await secretAuthor.reply(namedThread, { body: 'I light a candle for mine.', parentId: otherOpening, anonymous: true })).postId!;
    await forum.settle();
    await third.reply(anonThread, { body: 'Sending you strength.', parentId: answer });
    await forum.settle();
    anonPostIds = (await forum.db.query(`SELECT id FROM posts WHERE author_id = $1 ORDER BY id`, [SECRET_AUTHOR_ID])).map((r: { id: number }) => r.id);
    expect(anonPostIds).toHaveLength(3);
    const aliases: { threadId: number; alias: string }[] = await forum.db.query(`SELECT DISTINCT thread_id AS "threadId", alias FROM posts WHERE author_id = $1`, [SECRET_AUTHOR_ID]);
    aliasInAnonThread = aliases.find((a) => a.threadId === anonThread)!.alias;
    aliasInNamedThread = aliases.find((a) => a.threadId === namedThread)!.alias;
    expect(aliases).toHaveLength(2);
    void elsewhere;
  }, 60_000);

  afterAll(async () => {
    await forum?.close();
  });

  const leaks = (pages: Seen[]) => {
    const name = secretAuthor.name.toLowerCase();
    return pages
      .filter((p) => p.text.toLowerCase().includes(name) || p.headers.toLowerCase().includes(name) || p.text.includes(String(SECRET_AUTHOR_ID)) || p.headers.includes(String(SECRET_AUTHOR_ID)))
      .map((p) => `${p.url} (${p.status})`);
  };

  const extraPages = () => [
    '/',
    `/t/${anonThread}`,
    `/t/${namedThread}`,
    '/b/grief-loss',
    '/b/grief-loss?page=2',
    ...anonPostIds.flatMap((id) => [`/p/${id}/report`, `/support/${id}`, `/t/${anonThread}#post-${id}`]),
    '/t/999999',
    '/b/no-such-board',
    '/no-such-page',
    '/healthz',
    '/metrics',
    '/mod',
    '/mod/audit',
    '/notifications',
    '/search?q=brother',
    '/feed',
    '/rss',
  ];

  it('shows the alias, not the account, to guests anywhere they can reach', async () => {
    // The author reads their own threads first: a page rendered for them must never be what a guest is served.
    for (const path of [`/t/${anonThread}`, `/t/${namedThread}`, '/b/grief-loss']) expect((await secretAuthor.get(path)).status).toBe(200);
    const guest = new Visitor(forum.url);
    const pages = await crawl(guest, extraPages());
    // Twice: the second read of a thread may come from the guests' shared page cache.
    pages.push(...(await crawl(guest, [`/t/${anonThread}`, `/t/${namedThread}`])), ...(await crawl(new Visitor(forum.url), [`/t/${anonThread}`])));
    expect(pages.length).toBeGreaterThan(20);
    const thread = pages.find((p) => p.url === `/t/${anonThread}`)!;
    expect(thread.text).toContain(aliasInAnonThread);
    expect(leaks(pages)).toEqual([]);
    expect(pages.filter((p) => p.text.includes('Signed in as') || p.text.includes('name="_csrf"') && p.url.startsWith('/t/')).map((p) => p.url)).toEqual([]);
  });

  it('shows the alias, not the account, to other members: threads, notifications, report forms, error pages', async () => {
    for (const visitor of [other, third]) {
      const pages = await crawl(visitor, extraPages());
      expect(pages.length).toBeGreaterThan(20);
      const notifications = pages.find((p) => p.url === '/notifications')!;
      if (visitor === other) expect(notifications.text).toContain(aliasInAnonThread);
      expect(leaks(pages)).toEqual([]);
    }
  });

  it('keeps the account out of pages rendered from a refused form', async () => {
    const token = await tokenOf(other);
    const empty = await postForm(other, `/t/${anonThread}/replies`, { body: '   ', parentId: String(anonPostIds[0]) }, token);
    expect(empty.status).toBe(400);
    const report = await postForm(other, `/p/${anonPostIds[0]}/report`, { reason: 'not-a-reason' }, token);
    expect(report.status).toBe(400);
    expect(report.text).toContain(aliasInAnonThread);
    const pages = [empty, report].map((res, i) => ({ url: `form ${i}`, status: res.status, text: res.text, headers: JSON.stringify(res.headers) }));
    expect(leaks(pages)).toEqual([]);
  });

  it('lets a moderator see the account only through a recorded reveal', async () => {
    const mod = await moderator(forum);
    const pages = await crawl(mod, [`/t/${anonThread}`, '/mod', '/mod/audit'], 60);
    expect(leaks(pages.filter((p) => !p.url.startsWith('/mod/members/')))).toEqual([]);
    const token = await tokenOf(mod);
    const revealed = await postForm(mod, `/mod/posts/${anonPostIds[0]}/reveal`, { reason: 'Crisis follow-up' }, token);
    expect(revealed.status).toBe(200);
    expect(revealed.text).toContain(secretAuthor.name);
    const [entry] = await forum.db.query(`SELECT reason FROM audit_log WHERE action = 'author_revealed' AND target_id = $1`, [anonPostIds[0]]);
    expect(entry.reason).toBe('Crisis follow-up');
  });

  it('gives one member one alias in a thread and an unrelated one in another', async () => {
    const page = await other.get(`/t/${anonThread}`);
    expect(page.text.split(aliasInAnonThread).length - 1).toBeGreaterThanOrEqual(2);
    expect(aliasInNamedThread).not.toBe(aliasInAnonThread);
    const named = await other.get(`/t/${namedThread}`);
    expect(named.text).toContain(aliasInNamedThread);
    expect(named.text).not.toContain(aliasInAnonThread);
  });

  it('derives aliases that cannot be reproduced without the secret', () => {
    // The forum used the secret it was given…
    expect(deriveAlias(ALIAS_SECRET, SECRET_AUTHOR_ID, anonThread)).toBe(aliasInAnonThread);
    // …and any other secret (the development default, an empty one, a near miss) gives unrelated names.
    const guesses = ['', 'test-alias-secret', 'dev-alias-secret', ALIAS_SECRET.slice(0, -1), ALIAS_SECRET + ' '];
    let agreements = 0;
    let tries = 0;
    for (const guess of guesses) {
      for (let memberId = 1; memberId <= 200; memberId++) {
        for (const threadId of [1, 2, 3, anonThread]) {
          tries++;
          if (deriveAlias(guess, memberId, threadId) === deriveAlias(ALIAS_SECRET, memberId, threadId)) agreements++;
        }
      }
    }
    // 4,096 possible names: chance agreement is about one in 4,096.
    expect(tries).toBe(4000);
    expect(agreements).toBeLessThan(8);
  });

  it('gives aliases that do not link one member across threads', () => {
    // If aliases leaked the member, the same member would share names across threads far more often than two different members do.
    let sameMember = 0;
    let differentMembers = 0;
    for (let memberId = 1; memberId <= 2000; memberId++) {
      if (deriveAlias(ALIAS_SECRET, memberId, 10) === deriveAlias(ALIAS_SECRET, memberId, 11)) sameMember++;
      if (deriveAlias(ALIAS_SECRET, memberId, 10) === deriveAlias(ALIAS_SECRET, memberId + 1, 11)) differentMembers++;
    }
    expect(sameMember).toBeLessThan(6);
    expect(differentMembers).toBeLessThan(6);
    const oneMember = new Set(Array.from({ length: 300 }, (_, t) => deriveAlias(ALIAS_SECRET, SECRET_AUTHOR_ID, t + 1)));
    // 300 threads, 4,096 names: a member's aliases are spread like anyone's (about 289 distinct expected).
    expect(oneMember.size).toBeGreaterThan(270);
  });

  it('refuses to start in production without a long alias secret', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/forum' };
    expect(() => loadForumConfig(production)).toThrow(/ALIAS_SECRET/);
    expect(() => loadForumConfig({ ...production, ALIAS_SECRET: 'too-short' })).toThrow(/ALIAS_SECRET/);
    expect(loadForumConfig({ ...production, ALIAS_SECRET: 'a'.repeat(32) }).aliasSecret).toBe('a'.repeat(32));
  });
});
