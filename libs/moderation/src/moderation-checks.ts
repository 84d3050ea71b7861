import { Injectable } from '@nestjs/common';
import { helpLineDigits, loadHelpResources } from '@forum/config';
import { type Finding, type ModerationCheck, NewMemberCheck, type PostUnderReview, runChecks, SpamCheck, textChecks } from './checks/index.js';
import { CrisisCheck } from './crisis-check.js';
import { type WatchedWord, WatchedWordsService } from './watched-words.service.js';

/** Builds the list of checks with the current watched words. */
@Injectable()
export class ModerationChecks {
  private readonly helpLines = helpLineDigits(loadHelpResources());
  private readonly spam = new SpamCheck({
    minAccountAgeHours: Number(process.env.SPAM_MIN_ACCOUNT_AGE_HOURS ?? 24),
    minPublishedPosts: Number(process.env.SPAM_MIN_PUBLISHED_POSTS ?? 3),
    maxPostsPerMinute: Number(process.env.SPAM_MAX_POSTS_PER_MINUTE ?? 5),
    repeatThreshold: 2,
  });
  private readonly newMember = new NewMemberCheck();
  private crisis: { words: readonly WatchedWord[]; check: CrisisCheck } | null = null;

  constructor(private readonly watchedWords: WatchedWordsService) {}

  /** Checks that look at the text alone, as `moderation:check` and the "try a sentence" box run them. */
  async forText(): Promise<ModerationCheck[]> {
    const words = await this.watchedWords.current();
    return [...textChecks({ watchedWords: words, helpLineDigits: this.helpLines }), this.crisisCheck(words)];
  }

  /** The detector, rebuilt only when moderators change the watched words (theirs with a crisis level join it). */
  crisisCheck(words: readonly WatchedWord[]): CrisisCheck {
    if (this.crisis?.words !== words) this.crisis = { words, check: CrisisCheck.withWatchedWords(words) };
    return this.crisis.check;
  }

  async currentCrisisCheck(): Promise<CrisisCheck> {
    return this.crisisCheck(await this.watchedWords.current());
  }

  async forPost(): Promise<ModerationCheck[]> {
    return [...(await this.forText()), this.spam, this.newMember];
  }

  async review(post: PostUnderReview, checks?: ModerationCheck[]): Promise<{ action: ReturnType<typeof runChecks>['action']; findings: Finding[] }> {
    return runChecks(checks ?? (await this.forPost()), post);
  }
}
