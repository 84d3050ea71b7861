import { type Finding, type ModerationCheck, type PostUnderReview, PRIORITY } from './moderation-check.js';

const AUTHOR_MESSAGE =
  'Welcome! This board’s moderators approve a member’s first posts; yours will appear once they have looked. Thank you for your patience.';

/** A board may ask its moderators to approve each member's first posts. */
export class NewMemberCheck implements ModerationCheck {
  readonly name = 'new-member';

  run(post: PostUnderReview): Finding[] {
    const required = post.board?.approveFirstPosts ?? 0;
    if (required <= 0 || post.author === undefined || post.author.publishedPosts >= required) return [];
    return [
      {
        check: this.name,
        reason: `This board approves a member's first ${required} posts; the author has ${post.author.publishedPosts} published`,
        action: 'hold',
        priority: PRIORITY.normal,
        spans: [],
        authorMessage: AUTHOR_MESSAGE,
      },
    ];
  }
}
