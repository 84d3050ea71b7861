/**
 * What a check may ask for. Ordered from mildest to strictest: the decision on a post is the
 * strictest action any check asks for.
 */
export const MODERATION_ACTIONS = ['publish', 'censor', 'flag', 'hold', 'block'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Priorities of review-queue items: higher is looked at first. */
export const PRIORITY = { low: 10, normal: 20, high: 30, urgent: 40 } as const;

export interface TextSpan {
  start: number;
  end: number;
  text: string;
}

/** One reason a check has something to say about a post. */
export interface Finding {
  check: string;
  reason: string;
  action: ModerationAction;
  priority: number;
  spans: TextSpan[];
  /** A short message for the author when the finding holds or blocks their post. */
  authorMessage?: string;
  /** Risk level for crisis findings (green/amber/red/crisis). */
  level?: 'green' | 'amber' | 'red' | 'crisis';
}

/** What the forum knows about the author when a post is checked. Absent for text-only runs (CLI). */
export interface AuthorHistory {
  accountAgeHours: number;
  publishedPosts: number;
  /** Bodies of the author's posts in the last 24 hours, newest first, excluding this one. */
  recentBodies: string[];
  /** Posts the author submitted in the last minute, excluding this one. */
  postsLastMinute: number;
}

export interface BoardRules {
  /** The board holds a member's first N posts for approval (0: off). */
  approveFirstPosts: number;
}

export interface PostUnderReview {
  /** Title (for an opening post) and body, as the author typed them. */
  title?: string;
  body: string;
  author?: AuthorHistory;
  board?: BoardRules;
}

export interface ModerationCheck {
  readonly name: string;
  run(post: PostUnderReview): Finding[];
}

export function strictestAction(findings: readonly Finding[]): ModerationAction {
  let strictest = 0;
  for (const f of findings) strictest = Math.max(strictest, MODERATION_ACTIONS.indexOf(f.action));
  return MODERATION_ACTIONS[strictest];
}
