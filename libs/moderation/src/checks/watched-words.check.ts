import { type Finding, type ModerationCheck, type PostUnderReview, PRIORITY, type TextSpan } from './moderation-check.js';
import { findWholeWords, type NormalisedText, normaliseForMatching, type NormaliseOptions, originalSpan } from './normalise.js';

export type WatchedWordAction = 'block' | 'hold' | 'flag' | 'censor';

/** A moderator's watched word, phrase or regular expression (a row of `watched_words`). */
export interface WatchedWordRule {
  id: number | string;
  pattern: string;
  isRegex: boolean;
  action: WatchedWordAction;
  /** Set on crisis rules, which the crisis detector applies; this check leaves them alone. */
  level?: Finding['level'] | null;
}

export const MAX_WATCHED_PATTERN_LENGTH = 200;
// A bounded repeat this wide backtracks like an open-ended one.
const WIDE_REPEAT = 10;
const MAX_REPEAT_COUNT = 50;
// Regular expressions run on pieces of a post no longer than this, so even a quadratic
// pattern costs milliseconds on a hostile 50,000-character post.
const MAX_REGEX_CHUNK = 1_000;

const NORMALISE: NormaliseOptions = { leetspeak: true, joinSpacedLetters: true };

const AUTHOR_MESSAGES: Partial<Record<WatchedWordAction, string>> = {
  block:
    'Your post includes words this community has chosen not to allow. Please change them and post again. ' +
    'If something hard is going on, you are welcome to share it in other words.',
  hold:
    'Your post includes words that this community’s moderators look at before a post appears. ' +
    'It will appear once a moderator has read it; this usually does not take long.',
};

/**
 * Why a moderator's pattern cannot be saved, or null when it is fine. Watched words run on
 * every post in the moderation worker, so a regular expression that can backtrack for
 * minutes (nested repeats such as `(a+)+`, several open-ended repeats such as `a.*b.*c`,
 * back-references, unbounded look-behind) would stall every post behind it.
 */
export function watchedPatternProblem(pattern: string, isRegex: boolean): string | null {
  if (pattern.trim().length === 0) return 'The pattern is empty.';
  if (pattern.length > MAX_WATCHED_PATTERN_LENGTH) {
    return `The pattern is ${pattern.length} characters long; keep it to ${MAX_WATCHED_PATTERN_LENGTH} or fewer.`;
  }
  if (!isRegex) {
    const folded = normaliseForMatching(pattern.trim(), NORMALISE).text;
    return /[\p{L}\p{N}]/u.test(folded) ? null : 'A watched word needs at least one letter or digit.';
  }
  let compiled: RegExp;
  try {
    compiled = new RegExp(pattern, 'iu');
  } catch (error) {
    return `This is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}.`;
  }
  if (compiled.test('')) return 'This regular expression matches empty text, so it would match every post.';
  return regexShapeProblem(pattern);
}

interface OpenGroup {
  lookbehind: boolean;
  repeats: boolean;
  alternates: boolean;
  openEnded: boolean;
}

function regexShapeProblem(pattern: string): string | null {
  const stack: OpenGroup[] = [{ lookbehind: false, repeats: false, alternates: false, openEnded: false }];
  let openEndedRepeats = 0;
  // What the next quantifier would repeat: a closed group, whitespace, or any other atom.
  let lastGroup: OpenGroup | null = null;
  let lastIsWhitespace = false;
  let i = 0;
  while (i < pattern.length) {
    const character = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (character === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next) || (next === 'k' && pattern[i + 2] === '<')) {
        return 'Back-references (such as \\1) are not allowed: they can make checking a post very slow.';
      }
      lastGroup = null;
      lastIsWhitespace = next === 's';
      i += 2;
      continue;
    }
    if (character === '[') {
      const close = classEnd(pattern, i);
      lastGroup = null;
      lastIsWhitespace = /^\[(?:\\s| )+\]$/.test(pattern.slice(i, close));
      i = close;
      continue;
    }
    if (character === '(') {
      const lookbehind = pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i);
      stack.push({ lookbehind, repeats: false, alternates: false, openEnded: false });
      lastGroup = null;
      i++;
      continue;
    }
    if (character === ')') {
      const closed = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      if (closed.lookbehind && closed.openEnded) {
        return 'A look-behind may not contain an open-ended repeat (*, + or {n,}); give it a fixed or short length.';
      }
      parent.repeats ||= closed.repeats;
      parent.openEnded ||= closed.openEnded;
      lastGroup = closed;
      lastIsWhitespace = false;
      i++;
      continue;
    }
    if (character === '|') {
      top.alternates = true;
      lastGroup = null;
      i++;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier === null) {
      lastGroup = null;
      lastIsWhitespace = character === ' ';
      i++;
      continue;
    }
    if (quantifier.max !== Infinity && quantifier.max > MAX_REPEAT_COUNT) {
      return `Repeat counts above ${MAX_REPEAT_COUNT} are not allowed.`;
    }
    if (quantifier.max > 1 && lastGroup !== null && (lastGroup.repeats || lastGroup.alternates)) {
      return 'Nested repeats such as (a+)+ or (a|ab)* are not allowed: they can make checking a post take minutes. Repeat a character class instead, e.g. [ab]+.';
    }
    const openEnded = quantifier.max === Infinity || quantifier.max > WIDE_REPEAT;
    top.repeats = true;
    if (openEnded) top.openEnded = true;
    // Whitespace is folded to a single space before matching, so repeating it costs nothing.
    if (openEnded && !lastIsWhitespace) openEndedRepeats++;
    if (openEndedRepeats > 1) {
      return 'Use at most one open-ended repeat (*, + or {n,}) besides spaces: two, as in a.*b.*c, can make a long post take seconds to check. A bounded repeat such as \\w{1,10} is fine.';
    }
    i = quantifier.end;
    if (pattern[i] === '?') i++;
    lastGroup = null;
  }
  return null;
}

function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
  return i + 1;
}

function readQuantifier(pattern: string, at: number): { max: number; end: number } | null {
  const character = pattern[at];
  if (character === '*' || character === '+') return { max: Infinity, end: at + 1 };
  if (character === '?') return { max: 1, end: at + 1 };
  if (character !== '{') return null;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at, at + 24));
  if (match === null) return null;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
  return { max: Math.max(min, max), end: at + match[0].length };
}

/** Masks every span of the body with as many `*` as it has characters (overlapping spans merge). */
export function censorText(body: string, spans: readonly { start: number; end: number }[]): string {
  const ordered = spans
    .map((s) => ({ start: Math.max(0, s.start), end: Math.min(body.length, s.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);
  let censored = '';
  let at = 0;
  for (const span of ordered) {
    if (span.end <= at) continue;
    const from = Math.max(at, span.start);
    censored += body.slice(at, from) + '*'.repeat([...body.slice(from, span.end)].length);
    at = span.end;
  }
  return censored + body.slice(at);
}

interface PreparedText {
  /** With line breaks read as spaces, since a phrase may run over one. */
  oneLine: NormalisedText;
  chunks: Array<[number, string]>;
}

function prepare(text: NormalisedText): PreparedText {
  return { oneLine: { ...text, text: text.text.replaceAll('\n', ' ') }, chunks: [...regexChunks(text.text)] };
}

interface CompiledRule {
  rule: WatchedWordRule;
  /** A plain word or phrase, normalised like the post. */
  needle?: string;
  regex?: RegExp;
}

/**
 * Moderators' watched words (not the crisis ones). Plain words and phrases match whole words
 * of the normalised post; regular expressions run on the normalised post line by line.
 */
export class WatchedWordsCheck implements ModerationCheck {
  readonly name = 'watched-words';
  private readonly rules: CompiledRule[] = [];
  /** Rules that cannot be used (saved before validation, or edited in the database by hand). */
  readonly skippedRules: ReadonlyArray<{ id: number | string; problem: string }>;

  constructor(rules: readonly WatchedWordRule[]) {
    const skipped: Array<{ id: number | string; problem: string }> = [];
    for (const rule of rules) {
      if (rule.level !== undefined && rule.level !== null) continue;
      const problem = watchedPatternProblem(rule.pattern, rule.isRegex);
      if (problem !== null) {
        skipped.push({ id: rule.id, problem });
      } else if (rule.isRegex) {
        this.rules.push({ rule, regex: new RegExp(rule.pattern, 'giu') });
      } else {
        this.rules.push({ rule, needle: normaliseForMatching(rule.pattern.trim(), NORMALISE).text });
      }
    }
    this.skippedRules = skipped;
  }

  run(post: PostUnderReview): Finding[] {
    if (this.rules.length === 0) return [];
    const body = normaliseForMatching(post.body, NORMALISE);
    const title = post.title ? normaliseForMatching(post.title, NORMALISE) : null;
    const preparedBody = prepare(body);
    const preparedTitle = title === null ? null : prepare(title);
    const findings: Finding[] = [];
    for (const compiled of this.rules) {
      const spans = matches(compiled, preparedBody).map(([start, end]) => originalSpan(post.body, body, start, end));
      const inTitle =
        preparedTitle === null ? [] : matches(compiled, preparedTitle).map(([start, end]) => originalSpan(post.title ?? '', title!, start, end).text);
      if (spans.length > 0 || inTitle.length > 0) findings.push(this.finding(compiled.rule, spans, inTitle));
    }
    return findings;
  }

  private finding(rule: WatchedWordRule, spans: TextSpan[], inTitle: string[]): Finding {
    const what = rule.isRegex ? `watched pattern /${rule.pattern}/` : `watched word "${rule.pattern}"`;
    // Spans point into the body only, so a match in the title is told in words.
    const titleNote = inTitle.length === 0 ? '' : `${spans.length > 0 ? '; also' : ''} in the title: ${inTitle.map((t) => `"${t}"`).join(', ')}`;
    const finding: Finding = {
      check: this.name,
      reason: `Matches the ${what} (rule ${rule.id}, ${rule.action})${titleNote}`,
      action: rule.action,
      priority: rule.action === 'censor' ? PRIORITY.low : PRIORITY.normal,
      spans,
    };
    const authorMessage = AUTHOR_MESSAGES[rule.action];
    if (authorMessage !== undefined) finding.authorMessage = authorMessage;
    return finding;
  }
}

function matches(compiled: CompiledRule, text: PreparedText): Array<[number, number]> {
  if (compiled.needle !== undefined) return findWholeWords(text.oneLine, compiled.needle);
  const regex = compiled.regex!;
  const found: Array<[number, number]> = [];
  for (const [offset, chunk] of text.chunks) {
    regex.lastIndex = 0;
    for (const match of chunk.matchAll(regex)) {
      if (match[0].length === 0) continue;
      found.push([offset + match.index, offset + match.index + match[0].length]);
    }
  }
  return found;
}

/** Lines of the normalised text, long lines cut at a space (or hard) every MAX_REGEX_CHUNK characters. */
function* regexChunks(text: string): Generator<[number, string]> {
  let lineStart = 0;
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let at = lineStart;
    while (lineEnd - at > MAX_REGEX_CHUNK) {
      const space = text.lastIndexOf(' ', at + MAX_REGEX_CHUNK);
      const cut = space > at ? space : at + MAX_REGEX_CHUNK;
      yield [at, text.slice(at, cut)];
      at = cut;
    }
    if (lineEnd > at) yield [at, text.slice(at, lineEnd)];
    lineStart = lineEnd + 1;
  }
}
