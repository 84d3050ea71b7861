import { describe, expect, it } from '@jest/globals';
import type { AuthorHistory } from './moderation-check.js';
import { NewMemberCheck } from './new-member.check.js';

const author = (publishedPosts: number): AuthorHistory => ({ accountAgeHours: 100, publishedPosts, recentBodies: [], postsLastMinute: 0 });
const check = new NewMemberCheck();

describe('NewMemberCheck', () => {
  it.each([
    [0, 3, 'hold'],
    [2, 3, 'hold'],
    [3, 3, null],
    [0, 0, null],
  ])('with %i published posts on a board approving the first %i: %s', (published, approveFirstPosts, expected) => {
    const findings = check.run({ body: 'hello', author: author(published), board: { approveFirstPosts } });
    expect(findings.map((f) => f.action)).toEqual(expected === null ? [] : [expected]);
  });

  it('tells the member kindly why their post waits', () => {
    const [finding] = check.run({ body: 'hello', author: author(0), board: { approveFirstPosts: 1 } });
    expect(finding!.authorMessage).toMatch(/approve a member’s first posts; yours will appear once they have looked/);
  });

  it('does nothing without a board or an author', () => {
    expect(check.run({ body: 'hello', author: author(0) })).toEqual([]);
    expect(check.run({ body: 'hello', board: { approveFirstPosts: 3 } })).toEqual([]);
  });
});
