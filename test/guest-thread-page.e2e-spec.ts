import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import request from 'supertest';
import { GuestPageCache } from '../apps/forum/src/web/guest-page-cache.js';
import { startForum, type TestForum } from './support/forum-app.js';
import { member, type Visitor } from './support/member.js';
import { moderator } from './support/moderator.js';

// Guests share one rendering of a thread page per revision of the thread: these tests check that
// whatever changes the page (a reply, an edit, a removal, reports, the board closing to guests)
// reaches the next guest at once, never an older copy.
describe('a thread page as guests see it', () => {
  let forum: TestForum;
  let author: Visitor;
  let mod: Visitor;
  let threadId: number;
  const guestPage = async () => request(forum.url).get(`/t/${threadId}`).set('accept', 'text/html');

  beforeAll(async () => {
    forum = await startForum();
    author = await member(forum.url, 'author');
    mod = await moderator(forum);
    threadId = (await author.startThread('grief-loss', { title: 'First winter without her', body: 'The first snow was the hardest day.' })).threadId!;
    await forum.settle();
  });
  afterAll(async () => forum?.close());

  it('is rendered once and then served from the shared copy', async () => {
    const copies = forum.app.get(GuestPageCache);
    const first = await guestPage();
    expect(first.status).toBe(200);
    expect(first.text).toContain('The first snow was the hardest day.');
    const sizeAfterFirst = copies.size;
    expect(sizeAfterFirst).toBeGreaterThan(0);
    const second = await guestPage();
    expect(second.text).toBe(first.text);
    expect(copies.size).toBe(sizeAfterFirst);
    // A browser coming back to an unchanged thread gets "not modified" and reuses its copy.
    expect(second.headers.etag).toBeTruthy();
    const revisit = await request(forum.url).get(`/t/${threadId}`).set('accept', 'text/html').set('if-none-match', second.headers.etag);
    expect(revisit.status).toBe(304);
    // Browsers that take gzip (all of them) get the copy compressed once, not per reader.
    const compressed = await request(forum.url).get(`/t/${threadId}`).set('accept', 'text/html').set('accept-encoding', 'gzip');
    expect(compressed.headers['content-encoding']).toBe('gzip');
    expect(compressed.headers.vary).toMatch(/accept-encoding/i);
    expect(compressed.text).toBe(first.text);
    const plain = await request(forum.url).get(`/t/${threadId}`).set('accept', 'text/html').set('accept-encoding', 'identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    // No form, no token, no session: nothing in the copy belongs to one visitor.
    expect(first.text).not.toContain('name="_csrf"');
    expect(first.headers['set-cookie']).toBeUndefined();
  });

  it('shows a reply as soon as it is published', async () => {
    await guestPage();
    const replier = await member(forum.url, 'replier');
    await replier.reply(threadId, { body: 'Snow days are still hard for me, years on.' });
    await forum.settle();
    expect((await guestPage()).text).toContain('Snow days are still hard for me, years on.');
  });

  it('drops a removed post and shows a moderator’s redaction at once', async () => {
    const sharer = await member(forum.url, 'sharer');
    const { postId: removed } = await sharer.reply(threadId, { body: 'I drove past the old house on Elm today.' });
    const { postId: edited } = await sharer.reply(threadId, { body: 'My cousin Dana Whitfield says hi to everyone.' });
    await forum.settle();
    const before = await guestPage();
    expect(before.text).toContain('I drove past the old house on Elm today.');
    expect(before.text).toContain('Dana Whitfield');

    expect((await mod.submit(`/mod/posts/${removed}/remove`, { reason: 'Details that could identify you' }, '/mod')).status).toBe(303);
    expect((await guestPage()).text).not.toContain('I drove past the old house on Elm today.');

    expect((await mod.submit(`/mod/posts/${edited}/edit`, { body: 'My cousin says hi to everyone.', reason: 'Removed a full name' }, `/mod/posts/${edited}/edit`)).status).toBe(303);
    const after = await guestPage();
    expect(after.text).toContain('My cousin says hi to everyone.');
    expect(after.text).not.toContain('Dana Whitfield');
  });

  it('hides a post that enough members reported', async () => {
    const poster = await member(forum.url, 'poster');
    const { postId } = await poster.reply(threadId, { body: 'Nobody here understands anything, honestly.' });
    await forum.settle();
    expect((await guestPage()).text).toContain('Nobody here understands anything');
    for (let i = 0; i < 3; i++) await (await member(forum.url, `rep${i}`)).submit(`/p/${postId}/report`, { reason: 'harassment' });
    expect((await guestPage()).text).not.toContain('Nobody here understands anything');
  });

  it('stops serving the copy when the board closes to guests, and never serves it to members', async () => {
    expect((await guestPage()).status).toBe(200);
    await forum.db.query(`UPDATE boards SET visibility = 'members' WHERE slug = 'grief-loss'`);
    const closed = await guestPage();
    expect(closed.status).toBe(303);
    expect(closed.headers.location).toMatch(/^\/login/);
    await forum.db.query(`UPDATE boards SET visibility = 'public' WHERE slug = 'grief-loss'`);

    await guestPage();
    const own = await author.get(`/t/${threadId}`);
    expect(own.text).toContain('name="_csrf"');
  });
});
