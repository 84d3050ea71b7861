import type { RiskLevel } from './risk-level.js';

/** A moderator's watched word or phrase, joined to the detector at run time. */
export interface WatchedWordRule {
  id: string;
  pattern: string;
  isRegex: boolean;
  level: RiskLevel;
}

const MAX_PATTERN_LENGTH = 200;
const MAX_BOUNDED_REPEAT = 50;
// A bounded repeat this wide backtracks like an open-ended one, so it counts as one.
const WIDE_BOUNDED_REPEAT = 10;

interface GroupState {
  repeats: boolean;
  alternates: boolean;
}

/**
 * Returns why a moderator's regular expression may not be used, or null when it is safe.
 * Watched words run on every post, so a pattern that can backtrack exponentially (nested
 * repeats such as `(a+)+$`, repeated alternatives, back-references) would let one hostile
 * post stall the moderation worker. Allowed: literals, classes, groups, alternatives, and
 * repeats that are not nested, with at most one open-ended repeat.
 */
export function validateWatchedPattern(pattern: string): string | null {
  if (pattern.trim().length === 0) return 'the pattern is empty';
  if (pattern.length > MAX_PATTERN_LENGTH) return `the pattern is longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'iu');
  } catch (error) {
    return `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
  const stack: GroupState[] = [{ repeats: false, alternates: false }];
  let openEnded = 0;
  let i = 0;
  // Whether the previous atom was a group, and that group's state, for "(...)+" checks.
  let lastGroup: GroupState | null = null;
  while (i < pattern.length) {
    const character = pattern[i]!;
    if (character === '\\') {
      const next = pattern[i + 1] ?? '';
      if (/[1-9]/.test(next)) return 'back-references (\\1, \\2, ...) are not allowed';
      if (next === 'k' && pattern[i + 2] === '<') return 'named back-references (\\k<name>) are not allowed';
      i += 2;
      lastGroup = null;
      continue;
    }
    if (character === '[') {
      i++;
      while (i < pattern.length && pattern[i] !== ']') i += pattern[i] === '\\' ? 2 : 1;
      i++;
      lastGroup = null;
      continue;
    }
    if (character === '(') {
      if (pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i) || pattern.startsWith('(?<=', i) || pattern.startsWith('(?<!', i)) {
        return 'look-ahead and look-behind assertions are not allowed';
      }
      stack.push({ repeats: false, alternates: false });
      i++;
      lastGroup = null;
      continue;
    }
    if (character === ')') {
      const closed = stack.length > 1 ? stack.pop()! : null;
      if (closed === null) return 'unbalanced parenthesis';
      const parent = stack[stack.length - 1]!;
      if (closed.repeats) parent.repeats = true;
      lastGroup = closed;
      i++;
      continue;
    }
    if (character === '|') {
      stack[stack.length - 1]!.alternates = true;
      i++;
      lastGroup = null;
      continue;
    }
    const quantifier = readQuantifier(pattern, i);
    if (quantifier !== null) {
      if (quantifier.max !== Infinity && quantifier.max > MAX_BOUNDED_REPEAT) {
        return `repeat counts above ${MAX_BOUNDED_REPEAT} are not allowed`;
      }
      if (lastGroup !== null && (lastGroup.repeats || lastGroup.alternates)) {
        return 'nested repeats are not allowed: a repeated group may not contain a repeat or alternatives';
      }
      if (quantifier.max === Infinity || quantifier.max > WIDE_BOUNDED_REPEAT) openEnded++;
      if (openEnded > 1) return 'only one open-ended repeat (*, + or {n,}) is allowed';
      stack[stack.length - 1]!.repeats = true;
      i = quantifier.end;
      if (pattern[i] === '?') i++; // lazy form
      lastGroup = null;
      continue;
    }
    i++;
    lastGroup = null;
  }
  return null;
}

function readQuantifier(pattern: string, at: number): { max: number; end: number } | null {
  const character = pattern[at];
  if (character === '*' || character === '+') return { max: Infinity, end: at + 1 };
  if (character === '?') return { max: 1, end: at + 1 };
  if (character !== '{') return null;
  const match = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(at, at + 16));
  if (match === null) return null;
  const min = Number(match[1]);
  const max = match[2] === undefined ? min : match[3] === '' ? Infinity : Number(match[3]);
  return { max, end: at + match[0].length };
}
