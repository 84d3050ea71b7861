import type { TextSpan } from './moderation-check.js';

/**
 * Folds a post into a plain lower-case form for matching, remembering for every folded
 * character where it came from in the original, so that a moderator is shown (and a censor
 * masks) exactly what the member typed. Tricks used to slip words past a filter (look-alike
 * letters, fullwidth forms, zero-width characters, "sh1t", "s p a m") must not work.
 *
 * The crisis lib has a folder of its own, but `@forum/crisis` does not export it, and watched
 * words also need leetspeak and spaced-letter joining, which the crisis detector does not do.
 */
export interface NormalisedText {
  readonly text: string;
  /** For each UTF-16 unit of `text`, the original offset where its source character starts. */
  readonly originStart: Uint32Array;
  /** For each UTF-16 unit of `text`, the original offset just after its source character. */
  readonly originEnd: Uint32Array;
  /**
   * Offsets in `text` where a letter of a spaced-out word ("s p a m" → "spam") begins: the
   * letters touch after joining, yet each was a word of its own in the original.
   */
  readonly joinedStarts: ReadonlySet<number>;
  /** Offsets whose source could be read as another letter too ("1" is "i" or "l"). */
  readonly alternatives: ReadonlyMap<number, string>;
}

export interface NormaliseOptions {
  /** Read digits and symbols inside words as letters ("h3ll0" → "hello"). */
  leetspeak?: boolean;
  /** Join letters separated by single spaces or dots ("s.p.a.m" → "spam"). */
  joinSpacedLetters?: boolean;
}

/** Look-alikes that Unicode NFKC leaves alone (applied after lower-casing and removing accents). */
const LOOKALIKES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    // Cyrillic
    а: 'a', в: 'b', г: 'r', е: 'e', ё: 'e', з: '3', к: 'k', м: 'm', н: 'h', о: 'o', п: 'n',
    р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ш: 'w', ь: 'b', і: 'i', ї: 'i', ј: 'j', ѕ: 's', є: 'e', ԁ: 'd', ԛ: 'q',
    ԝ: 'w', ӏ: 'l', һ: 'h', ү: 'y', ҫ: 'c',
    // Greek
    α: 'a', β: 'b', γ: 'y', ε: 'e', ζ: 'z', η: 'n', ι: 'i', κ: 'k', μ: 'u', ν: 'v', ο: 'o', π: 'n', ρ: 'p',
    σ: 'o', ς: 's', τ: 't', υ: 'u', χ: 'x', ω: 'w',
    // Latin letters that have no decomposition, and small capitals
    ı: 'i', ɩ: 'i', ɑ: 'a', ɡ: 'g', ø: 'o', đ: 'd', ł: 'l', ħ: 'h', ŧ: 't', ƅ: 'b', ɓ: 'b',
    ᴀ: 'a', ʙ: 'b', ᴄ: 'c', ᴅ: 'd', ᴇ: 'e', ꜰ: 'f', ɢ: 'g', ʜ: 'h', ɪ: 'i', ᴊ: 'j', ᴋ: 'k', ʟ: 'l', ᴍ: 'm',
    ɴ: 'n', ᴏ: 'o', ᴘ: 'p', ʀ: 'r', ꜱ: 's', ᴛ: 't', ᴜ: 'u', ᴠ: 'v', ᴡ: 'w', ʏ: 'y', ᴢ: 'z',
    // Typographic apostrophes, so "you’re" reads like "you're"
    '\u2019': "'", '\u2018': "'", '\u02bc': "'", '\u2032': "'",
  }),
);

/** Leetspeak: the first letter is the usual reading, the rest are alternatives. */
const LEET: ReadonlyMap<string, string> = new Map(
  Object.entries({ '0': 'o', '1': 'il', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '9': 'g', '@': 'a', $: 's' }),
);

const INVISIBLE = /^\p{Default_Ignorable_Code_Point}$/u;
const WHITESPACE = /^\s$/u;
const COMBINING_MARK = /\p{M}/gu;
const LETTER = /^\p{L}$/u;
const WORD_CHAR = /^[\p{L}\p{N}_]$/u;
const DIGIT = /^[0-9]$/;
// Separators of a spaced-out word besides a single space: "s.p.a.m", "s-p-a-m", "s*p*a*m".
const SPACED_SEPARATORS = new Set(['.', '-', '_', '*', '·', '•', '~', '/', '+', '|']);
// Regional indicators (🇦..🇿) read as letters; NFKC leaves them alone.
const REGIONAL_A = 0x1f1e6;
const REGIONAL_Z = 0x1f1ff;
// Distinct characters seen are folded once; the cap keeps a post full of distinct code
// points from growing the table without bound.
const MAX_FOLD_CACHE = 20_000;
const foldCache = new Map<string, string>();

function fold(character: string): string {
  const cached = foldCache.get(character);
  if (cached !== undefined) return cached;
  let folded = '';
  const code = character.codePointAt(0) ?? 0;
  if (code >= REGIONAL_A && code <= REGIONAL_Z) {
    folded = String.fromCharCode(97 + code - REGIONAL_A);
  } else if (!INVISIBLE.test(character)) {
    const decomposed = character.normalize('NFKC').toLowerCase().normalize('NFD').replace(COMBINING_MARK, '');
    for (const unit of decomposed) folded += LOOKALIKES.get(unit) ?? unit;
  }
  if (foldCache.size < MAX_FOLD_CACHE) foldCache.set(character, folded);
  return folded;
}

interface Unit {
  /** One code point of folded text. */
  ch: string;
  start: number;
  end: number;
  /** For a space: the original whitespace was exactly one character. */
  single?: boolean;
  alternatives?: string;
  joinedStart?: boolean;
}

export function isWordChar(character: string | undefined): boolean {
  return character !== undefined && WORD_CHAR.test(character);
}

export function normaliseForMatching(original: string, options: NormaliseOptions = {}): NormalisedText {
  let units = foldUnits(original);
  if (options.leetspeak) readLeetspeak(units);
  if (options.joinSpacedLetters) units = joinSpacedLetters(units);
  return assemble(units);
}

function foldUnits(original: string): Unit[] {
  const units: Unit[] = [];
  let index = 0;
  for (const character of original) {
    const start = index;
    index += character.length;
    if (WHITESPACE.test(character)) {
      // A run of whitespace folds to one space, or to one line break if it holds one:
      // regular expressions are run line by line (see watched-words.check.ts).
      const breaksLine = character === '\n' || character === '\r' || character === '\u2028' || character === '\u2029';
      const previous = units[units.length - 1];
      if (previous?.ch === ' ' || previous?.ch === '\n') {
        previous.single = false;
        previous.end = index;
        if (breaksLine) previous.ch = '\n';
      } else {
        units.push({ ch: breaksLine ? '\n' : ' ', start, end: index, single: !breaksLine });
      }
      continue;
    }
    const folded = fold(character);
    for (const ch of folded) units.push({ ch, start, end: index });
  }
  return units;
}

/**
 * Reads digits and symbols as letters only inside words that have letters, so that numbers
 * ("call 988", "2019") stay numbers; a word that opens with two or more digits is a quantity
 * ("50mg", "10am"), not leetspeak. A leading "@" is a mention or handle, not an "a".
 */
function readLeetspeak(units: Unit[]): void {
  let tokenStart = 0;
  for (let i = 0; i <= units.length; i++) {
    if (i < units.length && units[i]!.ch !== ' ' && units[i]!.ch !== '\n') continue;
    const token = units.slice(tokenStart, i);
    const hasLetter = token.some((u) => LETTER.test(u.ch));
    const opensWithNumber = token.length > 1 && DIGIT.test(token[0]!.ch) && DIGIT.test(token[1]!.ch);
    if (hasLetter && !opensWithNumber) {
      token.forEach((unit, k) => {
        const reading = LEET.get(unit.ch);
        if (reading === undefined) return;
        if (unit.ch === '@' && k === 0) return;
        unit.ch = reading[0]!;
        if (reading.length > 1) unit.alternatives = reading.slice(1);
      });
    }
    tokenStart = i + 1;
  }
}

function isSpacedSeparator(unit: Unit | undefined): boolean {
  if (unit === undefined) return false;
  return unit.ch === ' ' ? unit.single === true : SPACED_SEPARATORS.has(unit.ch);
}

/**
 * Joins runs of three or more single letters separated by one space or one separator
 * ("s p a m", "s.p.a.m"). Two letters ("e.g.", "I a") are ordinary writing. Each letter
 * keeps a word start of its own, so "a s p a m" still holds the word "spam".
 */
function joinSpacedLetters(units: Unit[]): Unit[] {
  const joined: Unit[] = [];
  let i = 0;
  while (i < units.length) {
    const opensRun = LETTER.test(units[i]!.ch) && (i === 0 || !isWordChar(units[i - 1]!.ch)) && !isApostrophe(units[i - 1]);
    if (opensRun) {
      const letters = [i];
      let j = i;
      while (isSpacedSeparator(units[j + 1]) && LETTER.test(units[j + 2]?.ch ?? '') && !isWordChar(units[j + 3]?.ch)) {
        j += 2;
        letters.push(j);
      }
      if (letters.length >= 3) {
        letters.forEach((at, k) => joined.push({ ...units[at]!, joinedStart: k > 0 }));
        i = j + 1;
        continue;
      }
    }
    joined.push(units[i]!);
    i++;
  }
  return joined;
}

function isApostrophe(unit: Unit | undefined): boolean {
  return unit !== undefined && unit.ch === "'";
}

function assemble(units: Unit[]): NormalisedText {
  let length = 0;
  for (const unit of units) length += unit.ch.length;
  const originStart = new Uint32Array(length);
  const originEnd = new Uint32Array(length);
  const joinedStarts = new Set<number>();
  const alternatives = new Map<number, string>();
  const parts: string[] = [];
  let at = 0;
  for (const unit of units) {
    parts.push(unit.ch);
    if (unit.joinedStart) joinedStarts.add(at);
    if (unit.alternatives) alternatives.set(at, unit.alternatives);
    for (let k = 0; k < unit.ch.length; k++) {
      originStart[at] = unit.start;
      originEnd[at] = unit.end;
      at++;
    }
  }
  return { text: parts.join(''), originStart, originEnd, joinedStarts, alternatives };
}

/** The original text behind `[start, end)` of the normalised text. */
export function originalSpan(original: string, normalised: NormalisedText, start: number, end: number): TextSpan {
  const from = normalised.originStart[start] ?? original.length;
  const to = end > start ? (normalised.originEnd[end - 1] ?? original.length) : from;
  return { start: from, end: to, text: original.slice(from, to) };
}

/** Whether a word may begin at `at` (a word character cannot continue one from before). */
export function wordStartsAt(normalised: NormalisedText, at: number): boolean {
  const text = normalised.text;
  return at === 0 || !isWordChar(text[at - 1]) || !isWordChar(text[at]) || normalised.joinedStarts.has(at);
}

/** Whether a word may end at `at` (exclusive). */
export function wordEndsAt(normalised: NormalisedText, at: number): boolean {
  const text = normalised.text;
  return at >= text.length || !isWordChar(text[at]) || !isWordChar(text[at - 1]) || normalised.joinedStarts.has(at);
}

/**
 * Every whole-word occurrence of `needle` (already normalised with the same options) in the
 * normalised text, as `[start, end)` offsets of the normalised text.
 */
export function findWholeWords(normalised: NormalisedText, needle: string): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  if (needle.length === 0) return found;
  const text = normalised.text;
  const matchesAt =
    normalised.alternatives.size === 0
      ? null
      : (at: number): boolean => {
          for (let k = 0; k < needle.length; k++) {
            const ch = text[at + k];
            if (ch !== needle[k] && !(normalised.alternatives.get(at + k) ?? '').includes(needle[k]!)) return false;
          }
          return true;
        };
  let at = matchesAt === null ? text.indexOf(needle) : 0;
  while (at >= 0 && at + needle.length <= text.length) {
    const end = at + needle.length;
    if ((matchesAt === null || matchesAt(at)) && wordStartsAt(normalised, at) && wordEndsAt(normalised, end)) {
      found.push([at, end]);
      at = end;
    } else {
      at++;
    }
    if (matchesAt === null) at = text.indexOf(needle, at);
  }
  return found;
}
