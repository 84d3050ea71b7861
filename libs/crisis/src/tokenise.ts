import type { NormalisedText } from './normalise.js';
import type { WordForms } from './word-forms.js';

/** One canonical word of a post, pointing back at the original characters it came from. */
export interface Token {
  readonly word: string;
  /** Offsets into the original post. */
  readonly start: number;
  readonly end: number;
  readonly sentence: number;
  readonly clause: number;
  /** Inside quotation marks: someone else's words, a title or a lyric. */
  readonly quoted: boolean;
  readonly isNumber: boolean;
}

interface RawWord {
  text: string;
  /** Offsets into the normalised text. */
  from: number;
  to: number;
  sentenceBreak: boolean;
  clauseBreak: boolean;
  /** Separator before this word is short and on one line (candidate for "k i l l"). */
  tightGap: boolean;
  quoted: boolean;
}

const SENTENCE_END = new Set(['.', '!', '?', ';', '\n', '\u2026', '\u3002']);
const CLAUSE_END = new Set([',', ':', '(', ')', '[', ']', '{', '}', '"', '\u00bf', '\u00a1', '\u2013', '\u2014', '~']);
// Characters that join the letters of one word when they sit between two of its letters:
// apostrophes in contractions, leetspeak symbols ("k!ll", "h@te"), censoring ("f*ck").
const INNER_JOINERS = new Set(["'", '@', '$', '!', '|', '+', '*', '\u20ac']);
const SPACED_LETTERS = new Set([...'abcdefghijklmnopqrstuvwxyz0134579@$!']);
const LONGEST_QUOTE_IN_WORDS = 80;
// A run-on "sentence" is cut after this many words: phrases never span more than a few
// words, and bounded sentences keep per-sentence work small on a hostile post.
const LONGEST_SENTENCE_IN_WORDS = 80;
const LONGEST_TIGHT_GAP = 3;
const LONGEST_JOINED_RUN = 40;
const NON_ASCII_WORD = /[\p{L}\p{N}]/u;

function isWordChar(character: string): boolean {
  const code = character.charCodeAt(0);
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
  return NON_ASCII_WORD.test(character);
}

function isLetter(character: string): boolean {
  const code = character.charCodeAt(0);
  return (code >= 97 && code <= 122) || (code >= 0x80 && NON_ASCII_WORD.test(character));
}

/** Splits normalised text into words and notes sentence, clause and quotation boundaries. */
function scanWords(text: string): RawWord[] {
  const words: RawWord[] = [];
  const n = text.length;
  let i = 0;
  let inQuote = false;
  let quoteOpenedAt = -1;
  let gapStart = 0;
  const unmarkQuoteFrom = (index: number): void => {
    for (let k = index; k < words.length; k++) words[k]!.quoted = false;
  };
  const openQuote = (): void => {
    inQuote = true;
    quoteOpenedAt = words.length;
  };
  const closeQuote = (): void => {
    inQuote = false;
    quoteOpenedAt = -1;
  };
  while (i < n) {
    if (!isWordChar(text[i]!)) {
      i++;
      continue;
    }
    // Read the separator between the previous word and this one.
    let sentenceBreak = false;
    let clauseBreak = false;
    let newline = false;
    for (let g = gapStart; g < i; g++) {
      const character = text[g]!;
      if (SENTENCE_END.has(character)) sentenceBreak = true;
      if (character === '\n') newline = true;
      if (CLAUSE_END.has(character)) clauseBreak = true;
      else if (character === '-' && (text[g - 1] === ' ' || text[g + 1] === ' ')) clauseBreak = true; // " - ", not "self-harm"
      else if (character.charCodeAt(0) >= 0x80 && character.trim() !== '') clauseBreak = true; // emoji, dashes, symbols
      if (character === '"') {
        if (inQuote) closeQuote();
        else openQuote();
      } else if (character === "'") {
        const afterWord = g === gapStart && words.length > 0;
        const beforeWord = g === i - 1;
        if (afterWord && !beforeWord && inQuote) closeQuote();
        else if (beforeWord && !afterWord && !inQuote) openQuote();
      }
    }
    const gapLength = i - gapStart;
    // Read the word: letters and digits, with joiners allowed between two of them.
    const from = i;
    while (i < n) {
      const character = text[i]!;
      if (isWordChar(character)) {
        i++;
        continue;
      }
      if (INNER_JOINERS.has(character) && i > from && i + 1 < n && isWordChar(text[i + 1]!)) {
        i++;
        continue;
      }
      break;
    }
    // "s/h": a single letter, a slash and a single letter make one word.
    if (i - from === 1 && text[i] === '/' && i + 2 <= n && isLetter(text[i + 1] ?? ' ') && !isWordChar(text[i + 2] ?? ' ')) {
      i += 2;
    }
    if (inQuote && quoteOpenedAt >= 0 && words.length - quoteOpenedAt > LONGEST_QUOTE_IN_WORDS) {
      // A stray apostrophe, not a quotation: nothing quoted this long.
      unmarkQuoteFrom(quoteOpenedAt);
      inQuote = false;
      quoteOpenedAt = -1;
    }
    words.push({
      text: text.slice(from, i),
      from,
      to: i,
      sentenceBreak,
      clauseBreak: clauseBreak || sentenceBreak,
      tightGap: words.length > 0 && gapLength <= LONGEST_TIGHT_GAP && !newline,
      quoted: inQuote,
    });
    gapStart = i;
  }
  if (inQuote && quoteOpenedAt >= 0) unmarkQuoteFrom(quoteOpenedAt);
  return words;
}

export interface TokeniseOptions {
  readonly forms: WordForms;
  readonly clauseBreakWords: ReadonlySet<string>;
  readonly leet: ReadonlyMap<string, string>;
}

/**
 * Turns normalised text into canonical tokens. Runs of three or more single letters with
 * short gaps ("k i l l  m y s e l f", "s.u.i.c.i.d.e") are joined and re-split into words.
 */
export function tokenise(normalised: NormalisedText, options: TokeniseOptions): Token[] {
  const raw = scanWords(normalised.text);
  const tokens: Token[] = [];
  let sentence = 0;
  let clause = 0;
  let wordsInSentence = 0;
  let previousWasNumber = false;
  const originOf = (from: number, to: number): { start: number; end: number } => ({
    start: normalised.originStart[from] ?? 0,
    end: normalised.originEnd[to - 1] ?? 0,
  });
  const spanOf = (item: RawWord): [number, number] => {
    const span = originOf(item.from, item.to);
    return [span.start, span.end];
  };
  const emit = (word: string, start: number, end: number, boundary: RawWord | null, quoted: boolean, isNumber: boolean): void => {
    if (tokens.length > 0 && ((boundary !== null && boundary.sentenceBreak) || wordsInSentence >= LONGEST_SENTENCE_IN_WORDS)) {
      sentence++;
      clause++;
      wordsInSentence = 0;
    } else if (boundary !== null && boundary.clauseBreak && tokens.length > 0) clause++;
    wordsInSentence++;
    if (options.clauseBreakWords.has(word) && tokens.length > 0 && tokens[tokens.length - 1]!.clause === clause) clause++;
    tokens.push({ word, start, end, sentence, clause, quoted, isNumber });
  };

  let index = 0;
  while (index < raw.length) {
    const first = raw[index]!;
    let runEnd = index;
    let letters = 0;
    while (
      runEnd < raw.length &&
      raw[runEnd]!.text.length === 1 &&
      SPACED_LETTERS.has(raw[runEnd]!.text) &&
      (runEnd === index || raw[runEnd]!.tightGap)
    ) {
      if (isLetter(raw[runEnd]!.text)) letters++;
      runEnd++;
    }
    if (runEnd - index >= 3 && letters >= 2) {
      const run = raw.slice(index, runEnd);
      const joined = run.map((item) => options.leet.get(item.text) ?? item.text).join('');
      const pieces = options.forms.segment(joined, false);
      if (pieces === null && joined.length > LONGEST_JOINED_RUN) {
        // Not words, and too long to be one: keep the letters as they were.
        for (const item of run) emit(item.text, ...spanOf(item), item, item.quoted, false);
      } else if (pieces === null) {
        const resolved = options.forms.resolve(joined);
        const span = originOf(run[0]!.from, run[run.length - 1]!.to);
        resolved.words.forEach((word, k) => emit(word, span.start, span.end, k === 0 ? first : null, first.quoted, false));
      } else {
        let offset = 0;
        pieces.forEach((piece, k) => {
          const pieceRun = run.slice(offset, offset + piece.length);
          offset += piece.length;
          const span = originOf(pieceRun[0]!.from, pieceRun[pieceRun.length - 1]!.to);
          const resolved = options.forms.resolve(piece);
          resolved.words.forEach((word, w) => emit(word, span.start, span.end, k === 0 && w === 0 ? first : null, first.quoted, false));
        });
      }
      previousWasNumber = false;
      index = runEnd;
      continue;
    }
    const resolved = options.forms.resolve(first.text);
    const words = previousWasNumber ? resolved.unexpanded : resolved.words;
    const span = originOf(first.from, first.to);
    words.forEach((word, k) => emit(word, span.start, span.end, k === 0 ? first : null, first.quoted, resolved.isNumber));
    previousWasNumber = resolved.isNumber;
    index++;
  }
  return tokens;
}
