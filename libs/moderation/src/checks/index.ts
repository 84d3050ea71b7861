import { type Finding, type ModerationAction, type ModerationCheck, type PostUnderReview, strictestAction } from './moderation-check.js';
import { PersonalInfoCheck } from './personal-info.check.js';
import { ProfanityCheck } from './profanity.check.js';
import { type WatchedWordRule, WatchedWordsCheck } from './watched-words.check.js';

export * from './moderation-check.js';
export * from './new-member.check.js';
export * from './personal-info.check.js';
export * from './profanity.check.js';
export * from './spam.check.js';
export * from './watched-words.check.js';

export interface TextCheckOptions {
  /** The moderators' current watched words; crisis rules (with a level) are skipped here. */
  watchedWords: readonly WatchedWordRule[];
  /** Digits of the help data file's numbers: `helpLineDigits(loadHelpResources())`. */
  helpLineDigits: Iterable<string>;
}

/** The checks that need nothing but the text: what `moderation:check` and "try a sentence" run. */
export function textChecks(options: TextCheckOptions): ModerationCheck[] {
  return [new WatchedWordsCheck(options.watchedWords), new ProfanityCheck(), new PersonalInfoCheck(options.helpLineDigits)];
}

/** Runs every check; the decision is the strictest action any of them asks for. */
export function runChecks(checks: readonly ModerationCheck[], post: PostUnderReview): { action: ModerationAction; findings: Finding[] } {
  const findings = checks.flatMap((check) => check.run(post));
  return { action: strictestAction(findings), findings };
}
