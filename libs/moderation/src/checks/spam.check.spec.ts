import { describe, expect, it } from '@jest/globals';
import type { AuthorHistory } from './moderation-check.js';
import { SpamCheck } from './spam.check.js';

const established: AuthorHistory = { accountAgeHours: 24 * 90, publishedPosts: 40, recentBodies: [], postsLastMinute: 0 };
const newcomer: AuthorHistory = { accountAgeHours: 2, publishedPosts: 0, recentBodies: [], postsLastMinute: 0 };
const check = new SpamCheck({ minAccountAgeHours: 24, minPublishedPosts: 3, maxPostsPerMinute: 5, repeatThreshold: 2 });

describe('SpamCheck', () => {
  it.each([
    ['a web address', 'great deals at https://cheap-pills.example/buy now', 'https://cheap-pills.example/buy'],
    ['a www address', 'visit www.cheap-pills.biz!', 'www.cheap-pills.biz'],
    ['a bare domain with a path', 'see example.com/x for more', 'example.com/x'],
    ['a markdown link', '[click](https://spam.example.com/p)', 'https://spam.example.com/p'],
  ])('holds %s from a new member, pointing at the link', (_, body, link) => {
    const [finding] = check.run({ body, author: newcomer });
    expect(finding).toMatchObject({ check: 'spam', action: 'hold' });
    expect(finding!.spans).toEqual([{ start: body.indexOf(link), end: body.indexOf(link) + link.length, text: link }]);
    expect(finding!.authorMessage).toMatch(/moderator/);
  });

  it.each([
    ['a young account with many posts', { ...established, accountAgeHours: 5 }],
    ['an old account with few posts', { ...established, publishedPosts: 2 }],
  ])('counts %s as new', (_, author) => {
    expect(check.run({ body: 'https://example.com', author })).toHaveLength(1);
  });

  it('publishes links from an established member', () => {
    expect(check.run({ body: 'this helped me: https://example.com/article', author: established })).toEqual([]);
  });

  it.each(['https://988lifeline.org/chat', 'www.samhsa.gov/find-help', 'findtreatment.samhsa.gov', 'thetrevorproject.org', 'https://translifeline.org', 'crisistextline.org'])(
    'lets anyone link to the help site %s',
    (body) => {
      expect(check.run({ body: `please look at ${body}.`, author: newcomer })).toEqual([]);
    },
  );

  it('lets the forum add sites anyone may link to', () => {
    expect(new SpamCheck({}, ['forum.example.org']).run({ body: 'see https://forum.example.org/t/4', author: newcomer })).toEqual([]);
  });

  it.each(['Node.js and e.g. and i.e. and 3.5 mg', 'write to maria@gmail.com', 'U.S.A.'])('does not take "%s" for a link', (body) => {
    expect(check.run({ body, author: newcomer })).toEqual([]);
  });

  it('holds the same text posted again and again, whatever the case and spacing', () => {
    const body = 'Join my group for free crypto tips!!';
    const author = { ...established, recentBodies: ['join my group  for free crypto tips', 'JOIN MY GROUP FOR FREE CRYPTO TIPS!'] };
    const [finding] = check.run({ body, author });
    expect(finding).toMatchObject({ action: 'hold', reason: expect.stringMatching(/2 times/) });
  });

  it('publishes a text posted fewer times than the threshold', () => {
    const body = 'Join my group for free crypto tips!!';
    expect(check.run({ body, author: { ...established, recentBodies: [body] } })).toEqual([]);
  });

  it('does not count short repeats such as "thank you"', () => {
    expect(check.run({ body: 'thank you so much', author: { ...established, recentBodies: ['thank you so much', 'Thank you so much!'] } })).toEqual([]);
  });

  it('holds a burst of posts in a minute', () => {
    const [finding] = check.run({ body: 'hi', author: { ...established, postsLastMinute: 5 } });
    expect(finding).toMatchObject({ action: 'hold', reason: expect.stringMatching(/5 posts in the last minute/) });
    expect(check.run({ body: 'hi', author: { ...established, postsLastMinute: 4 } })).toEqual([]);
  });

  it('uses the defaults when given no rules', () => {
    const defaults = new SpamCheck();
    expect(defaults.run({ body: 'https://example.com', author: { ...established, accountAgeHours: 23 } })).toHaveLength(1);
    expect(defaults.run({ body: 'https://example.com', author: { ...established, accountAgeHours: 24 } })).toEqual([]);
  });

  it('needs the author, so a text-only run finds nothing', () => {
    expect(check.run({ body: 'https://example.com' })).toEqual([]);
  });
});
