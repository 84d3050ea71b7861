import { type Finding, type ModerationCheck, type PostUnderReview, PRIORITY, type TextSpan } from './moderation-check.js';
import { normaliseForMatching } from './normalise.js';

export interface SpamRules {
  /** Members younger than this (hours) have their links checked by a moderator first. */
  minAccountAgeHours: number;
  /** ...and so do members with fewer published posts than this. */
  minPublishedPosts: number;
  /** This many posts in the last minute (besides this one) holds the next. */
  maxPostsPerMinute: number;
  /** The same text already posted this many times in the last day holds it again. */
  repeatThreshold: number;
}

export const DEFAULT_SPAM_RULES: Readonly<SpamRules> = { minAccountAgeHours: 24, minPublishedPosts: 3, maxPostsPerMinute: 5, repeatThreshold: 2 };

/**
 * Help sites anyone may link to, however new: peers point each other to them in a crisis,
 * and holding that link would delay help.
 */
export const HELP_SITES: readonly string[] = [
  '988lifeline.org',
  'suicidepreventionlifeline.org',
  'samhsa.gov',
  'findtreatment.gov',
  'thetrevorproject.org',
  'translifeline.org',
  'crisistextline.org',
  'nami.org',
];

// Repeats shorter than this are ordinary ("thank you", "same here").
const MIN_REPEAT_LENGTH = 20;

const LINK_TLD = String.raw`(?:com|net|org|edu|gov|io|co|info|biz|xyz|ru|cn|top|site|online|shop|store|app|dev|me|us|uk|ca|de|ly|gl|link|click|live|tv|gg|to|cc|ws|su|pw|club|life|world|win|bid|vip|icu|buzz|page|fun)`;
const LINK = new RegExp(
  String.raw`\bhttps?:\/\/[^\s<>()"']+|\bwww\.[^\s<>()"']+|(?<![@\w.-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,6}${LINK_TLD}\b(?![@\w-])(?:[/?#][^\s<>()"']*)?`,
  'giu',
);

const LINK_MESSAGE =
  'Links from members who are new here are looked at by a moderator before the post appears; this keeps spam out of the forum. ' +
  'Your post will appear once a moderator has looked.';
const REPEAT_MESSAGE =
  'You have posted this same text several times today, so a moderator will look at this copy before it appears. ' +
  'If you are not getting the replies you hoped for, you could try a different board, or the "Get help now" page if you need someone right away.';
const BURST_MESSAGE =
  'You have posted several times in the last minute, so a moderator will look at this post before it appears. ' +
  'If you need someone right now, the "Get help now" page lists people you can call or text at any hour.';

/** Links from new members, the same text again and again, and bursts of posts. */
export class SpamCheck implements ModerationCheck {
  readonly name = 'spam';
  private readonly rules: SpamRules;
  private readonly allowedSites: readonly string[];

  /** @param allowedSites more sites anyone may link to (the forum's own domain, for one). */
  constructor(rules: Partial<SpamRules> = {}, allowedSites: readonly string[] = []) {
    this.rules = { ...DEFAULT_SPAM_RULES, ...rules };
    this.allowedSites = [...HELP_SITES, ...allowedSites].map((site) => site.toLowerCase());
  }

  run(post: PostUnderReview): Finding[] {
    const author = post.author;
    if (author === undefined) return [];
    const findings: Finding[] = [];

    const isNew = author.accountAgeHours < this.rules.minAccountAgeHours || author.publishedPosts < this.rules.minPublishedPosts;
    if (isNew) {
      const spans = this.links(post.body);
      const titleLinks = post.title ? this.links(post.title) : [];
      if (spans.length > 0 || titleLinks.length > 0) {
        const titleNote = titleLinks.length === 0 ? '' : ` (in the title: ${titleLinks.map((s) => `"${s.text}"`).join(', ')})`;
        findings.push({
          check: this.name,
          reason: `Link from a new member (account ${Math.floor(author.accountAgeHours)} h old, ${author.publishedPosts} published posts)${titleNote}`,
          action: 'hold',
          priority: PRIORITY.normal,
          spans,
          authorMessage: LINK_MESSAGE,
        });
      }
    }

    const text = comparable(post.body);
    if (text.length >= MIN_REPEAT_LENGTH) {
      // Folding a body is the costly part; one whose length is far off cannot fold to the same text.
      const near = (earlier: string) => Math.abs(earlier.length - post.body.length) <= post.body.length / 2 + 20;
      const repeats = author.recentBodies.filter((earlier) => near(earlier) && comparable(earlier) === text).length;
      if (repeats >= this.rules.repeatThreshold) {
        findings.push({
          check: this.name,
          reason: `The same text was already posted ${repeats} times in the last 24 hours`,
          action: 'hold',
          priority: PRIORITY.normal,
          spans: [],
          authorMessage: REPEAT_MESSAGE,
        });
      }
    }

    if (author.postsLastMinute >= this.rules.maxPostsPerMinute) {
      findings.push({
        check: this.name,
        reason: `${author.postsLastMinute} posts in the last minute (the limit is ${this.rules.maxPostsPerMinute})`,
        action: 'hold',
        priority: PRIORITY.normal,
        spans: [],
        authorMessage: BURST_MESSAGE,
      });
    }
    return findings;
  }

  private links(text: string): TextSpan[] {
    const spans: TextSpan[] = [];
    for (const match of text.matchAll(LINK)) {
      // Sentence punctuation after a link is not part of it.
      const link = match[0].replace(/[.,;:!?'"*_\]]+$/u, '');
      if (this.isHelpSite(link)) continue;
      spans.push({ start: match.index, end: match.index + link.length, text: link });
    }
    return spans;
  }

  private isHelpSite(link: string): boolean {
    const host = link
      .toLowerCase()
      .replace(/^https?:\/\//u, '')
      .split(/[/?#:]/u)[0]!
      .replace(/^www\./u, '');
    return this.allowedSites.some((site) => host === site || host.endsWith(`.${site}`));
  }
}

/** The text as a repeat is recognised: folded, without punctuation, single spaces. */
function comparable(text: string): string {
  return normaliseForMatching(text)
    .text.replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
