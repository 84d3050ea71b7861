import { type CrisisAssessment, CrisisDetector, defaultLexicon, type RiskLevel, type WatchedWordRule } from '@forum/crisis';
import { type Finding, type ModerationCheck, PRIORITY, type PostUnderReview } from './checks/moderation-check.js';
import type { WatchedWord } from './watched-words.service.js';

const PRIORITY_BY_LEVEL: Record<RiskLevel, number> = { crisis: PRIORITY.urgent, red: PRIORITY.high, amber: PRIORITY.low, green: 0 };
const REASON: Record<RiskLevel, string> = {
  crisis: 'The writer, or someone with them, may be in danger now',
  red: 'Current thoughts of suicide or self-harm, or current abuse',
  amber: 'Real distress: a peer or moderator could check in',
  green: 'No sign of risk',
};

/**
 * The crisis detector as one more moderation check. A `crisis` finding asks for a flag; the
 * decision holds the post when the board's crisis policy says so. A `green` finding still
 * carries the level so it is stored on the post.
 */
export class CrisisCheck implements ModerationCheck {
  readonly name = 'crisis';

  constructor(private readonly detector: CrisisDetector) {}

  static withWatchedWords(words: readonly (Pick<WatchedWord, 'id' | 'pattern' | 'isRegex'> & { level: string | null })[]): CrisisCheck {
    const rules: WatchedWordRule[] = words
      .filter((w): w is typeof w & { level: RiskLevel } => w.level === 'amber' || w.level === 'red' || w.level === 'crisis')
      .map((w) => ({ id: String(w.id), pattern: w.pattern, isRegex: w.isRegex, level: w.level }));
    return new CrisisCheck(new CrisisDetector(defaultLexicon, rules));
  }

  assess(text: string): CrisisAssessment {
    return this.detector.assess(text);
  }

  run(post: PostUnderReview): Finding[] {
    const text = post.title ? `${post.title}\n\n${post.body}` : post.body;
    const offset = post.title ? post.title.length + 2 : 0;
    const { level, matches } = this.detector.assess(text);
    return [
      {
        check: this.name,
        // The member's own words, not the lexicon's patterns: a moderator on a phone needs the former.
        reason: `${REASON[level]}${matches.length ? `: “${[...new Set(matches.map((m) => m.text.trim()))].slice(0, 4).join('”, “')}”` : ''}`,
        action: level === 'green' ? 'publish' : 'flag',
        priority: PRIORITY_BY_LEVEL[level],
        level,
        // Spans point into the body; words matched in the title are named in the reason.
        spans: matches.filter((m) => m.start >= offset).map((m) => ({ start: m.start - offset, end: m.end - offset, text: m.text })),
      },
    ];
  }
}
