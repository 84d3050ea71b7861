import type { Token } from './tokenise.js';

/**
 * Phrase patterns over tokens (syntax in lexicon.ts). Matching is a breadth-first walk that
 * keeps the set of token positions reachable so far, so it never backtracks: the work per
 * start position is bounded by the phrase's length, its gaps and its classes, and phrases
 * are only tried at positions whose word can begin them.
 */
type Element =
  | { kind: 'words'; words: ReadonlySet<string>; optional: boolean }
  | { kind: 'prefix'; prefixes: readonly string[]; optional: boolean }
  | { kind: 'number'; optional: boolean }
  | { kind: 'year'; optional: boolean }
  | { kind: 'bigNumber'; optional: boolean }
  | { kind: 'sentenceEnd' }
  | { kind: 'class'; phraseClass: PhraseClass; optional: boolean }
  | { kind: 'gap'; max: number }
  | { kind: 'notNext'; words: ReadonlySet<string> };

export interface Phrase {
  readonly source: string;
  readonly elements: readonly Element[];
  /**
   * For each mandatory element after the first, the words it can start with: one of each
   * must occur in the sentence for the phrase to have any chance. Checked before walking.
   */
  readonly required: readonly ReadonlySet<string>[] | null;
  /** For each required set, the union of its words' signature bits (see wordSignature). */
  readonly requiredMasks: readonly number[];
  /** When the phrase starts with one fixed word, the words allowed right after it (fillers aside). */
  readonly second: ReadonlySet<string> | null;
  readonly id: number;
}

interface PhraseClass {
  readonly name: string;
  readonly id: number;
  readonly alternatives: Phrase[];
  readonly byFirst: Map<string, Phrase[]>;
  readonly unindexed: Phrase[];
  firstWords: ReadonlySet<string> | 'any' | null;
  /** Some alternative can match zero words (all its elements optional). */
  matchesEmpty: boolean;
}

/** Index keys for phrases that start with any number, or with a word prefix ("stockpil~"). */
const NUMBER_KEY = '#';
const PREFIX_KEY_LENGTH = 3;
const prefixKey = (word: string): string => `~${word.slice(0, PREFIX_KEY_LENGTH)}`;
/** Phrases whose first two words expand to more pairs than this stay in the one-word index. */
const MAX_PAIRS_PER_PHRASE = 4000;

/**
 * One of 31 bits chosen by a word's hash. A sentence's signature is the union of its words'
 * bits, so a phrase needing a word whose bit the sentence lacks is ruled out with one AND.
 */
function wordSignature(word: string): number {
  let hash = 2166136261;
  for (let i = 0; i < word.length; i++) hash = Math.imul(hash ^ word.charCodeAt(i), 16777619);
  return 1 << ((hash >>> 0) % 31);
}

/** How many filler words ("just", "really") may sit between two elements of a phrase. */
const MAX_FILLERS_BETWEEN = 3;
const MAX_GAP = 12;
const MAX_REMEMBERED_SIGNATURES = 50_000;

export class PhraseError extends Error {
  constructor(source: string, problem: string) {
    super(`phrase "${source}": ${problem}`);
    this.name = 'PhraseError';
  }
}

export class PhraseCompiler {
  private readonly classes = new Map<string, PhraseClass>();
  private readonly words = new Set<string>();
  private phraseCount = 0;

  /** How many phrases (including class alternatives) have been compiled. */
  get size(): number {
    return this.phraseCount;
  }

  constructor(
    private readonly classSources: Readonly<Record<string, readonly string[]>>,
    private readonly foldWord: (word: string) => string,
  ) {}

  /** Every literal word seen in compiled phrases: the matcher's vocabulary. */
  get vocabulary(): ReadonlySet<string> {
    return this.words;
  }

  compile(source: string): Phrase {
    const parts = splitTopLevel(source.trim(), ' ', source).filter((part) => part.length > 0);
    if (parts.length === 0) throw new PhraseError(source, 'is empty');
    const elements = parts.map((part) => this.element(part, source));
    if (elements[0]!.kind === 'gap') throw new PhraseError(source, 'cannot start with a gap');
    return this.finish(source, elements);
  }

  private finish(source: string, elements: Element[]): Phrase {
    const [first, next] = elements;
    const second =
      first !== undefined && first.kind === 'words' && !first.optional && next !== undefined && next.kind === 'words' && !next.optional ? next.words : null;
    const required = this.requiredWords(elements);
    const requiredMasks = (required ?? []).map((words) => {
      let mask = 0;
      for (const word of words) mask |= wordSignature(word);
      return mask;
    });
    return { source, elements, required, requiredMasks, second, id: this.phraseCount++ };
  }

  /** A phrase of exactly these canonical words, with no pattern syntax (moderators' watched words). */
  literal(words: readonly string[], source: string): Phrase {
    if (words.length === 0) throw new PhraseError(source, 'has no words');
    const elements: Element[] = words.map((word) => ({ kind: 'words', words: new Set([word]), optional: false }));
    return this.finish(source, elements);
  }

  firstWords(phrase: Phrase): ReadonlySet<string> | 'any' {
    return this.firstWordsOf(phrase.elements, new Set());
  }

  /** The words that can follow a phrase's first element ('any' when unknown or possibly none). */
  wordsAfterFirst(phrase: Phrase): ReadonlySet<string> | 'any' {
    const rest = this.firstWordsOf(phrase.elements.slice(1), new Set());
    if (rest === 'any') return 'any';
    // Number and prefix keys are not words a pair can be looked up by.
    for (const word of rest) if (word.startsWith(NUMBER_KEY) || word.startsWith('~')) return 'any';
    return rest;
  }

  private element(part: string, source: string): Element {
    if (part.startsWith('*')) {
      const max = Number(part.slice(1));
      if (!Number.isInteger(max) || max < 1 || max > MAX_GAP) throw new PhraseError(source, `bad gap "${part}"`);
      return { kind: 'gap', max };
    }
    if (part === '$') return { kind: 'sentenceEnd' };
    if (part.startsWith('!')) {
      return { kind: 'notNext', words: new Set(this.literalWords(part.slice(1), source)) };
    }
    const optional = part.length > 1 && part.endsWith('?');
    const body = optional ? part.slice(0, -1) : part;
    if (body.startsWith('(')) {
      if (!body.endsWith(')')) throw new PhraseError(source, `unclosed group "${part}"`);
      const inner = body.slice(1, -1);
      // A group of single plain words is just a word set: cheaper, and indexable.
      if (/^[^\s()@*!?~#$]+(\|[^\s()@*!?~#$]+)*$/.test(inner)) return { kind: 'words', words: new Set(this.literalWords(inner, source)), optional };
      return { kind: 'class', phraseClass: this.groupClass(inner, source), optional };
    }
    if (body === '#') return { kind: 'number', optional };
    if (body === '#y') return { kind: 'year', optional };
    if (body === '#big') return { kind: 'bigNumber', optional };
    if (body.startsWith('@')) return { kind: 'class', phraseClass: this.phraseClass(body.slice(1), source), optional };
    const alternatives = body.split('|');
    if (alternatives.every((item) => item.endsWith('~') && item.length > 2)) {
      return { kind: 'prefix', prefixes: alternatives.map((item) => this.foldWord(item.slice(0, -1))), optional };
    }
    return { kind: 'words', words: new Set(this.literalWords(body, source)), optional };
  }

  /** The words each mandatory element (after the first, which the index checks) may start with. */
  private requiredWords(elements: readonly Element[]): ReadonlySet<string>[] | null {
    const sets: ReadonlySet<string>[] = [];
    for (let index = 1; index < elements.length; index++) {
      const element = elements[index]!;
      if (element.kind === 'words' && !element.optional) sets.push(element.words);
      else if (element.kind === 'class' && !element.optional) {
        const firsts = this.classFirstWords(element.phraseClass, new Set());
        if (firsts !== 'any' && ![...firsts].some((word) => word.startsWith(NUMBER_KEY) || word.startsWith('~'))) sets.push(firsts);
      }
    }
    // Smallest sets first: they fail fastest.
    sets.sort((a, b) => a.size - b.size);
    return sets.length > 0 ? sets : null;
  }

  private literalWords(body: string, source: string): string[] {
    const words = body.split('|').map((item) => this.foldWord(item));
    for (const word of words) {
      if (word.length === 0 || /[\s@*!?~#()|]/.test(word)) throw new PhraseError(source, `bad word "${word}"`);
      this.words.add(word);
    }
    return words;
  }

  /** An inline group "(a b|c|d e)" is an anonymous class of its alternatives. */
  private groupClass(body: string, source: string): PhraseClass {
    const name = `(${body})`;
    const alternatives = splitTopLevel(body, '|', source).map((item) => item.trim());
    if (alternatives.some((item) => item.length === 0)) throw new PhraseError(source, `empty alternative in "${name}"`);
    return this.buildClass(name, alternatives);
  }

  private phraseClass(name: string, source: string): PhraseClass {
    const existing = this.classes.get(name);
    if (existing !== undefined) return existing;
    const sources = Object.hasOwn(this.classSources, name) ? this.classSources[name] : undefined;
    if (sources === undefined) throw new PhraseError(source, `unknown class @${name}`);
    return this.buildClass(name, sources);
  }

  private buildClass(name: string, sources: readonly string[]): PhraseClass {
    const existing = this.classes.get(name);
    if (existing !== undefined) return existing;
    const phraseClass: PhraseClass = {
      name,
      id: this.classes.size,
      alternatives: [],
      byFirst: new Map(),
      unindexed: [],
      firstWords: null,
      matchesEmpty: false,
    };
    // Registered before its alternatives compile, so a class may refer to itself only
    // through another element (which firstWordsOf rejects if it would loop).
    this.classes.set(name, phraseClass);
    for (const alternative of sources) phraseClass.alternatives.push(this.compile(alternative));
    phraseClass.matchesEmpty = phraseClass.alternatives.some((alternative) =>
      alternative.elements.every((element) => element.kind === 'gap' || element.kind === 'notNext' || element.kind === 'sentenceEnd' || element.optional),
    );
    for (const alternative of phraseClass.alternatives) {
      const firsts = this.firstWords(alternative);
      if (firsts === 'any') phraseClass.unindexed.push(alternative);
      else {
        for (const word of firsts) {
          const list = phraseClass.byFirst.get(word);
          if (list === undefined) phraseClass.byFirst.set(word, [alternative]);
          else list.push(alternative);
        }
      }
    }
    return phraseClass;
  }

  private classFirstWords(phraseClass: PhraseClass, visiting: Set<string>): ReadonlySet<string> | 'any' {
    if (phraseClass.firstWords !== null) return phraseClass.firstWords;
    if (visiting.has(phraseClass.name)) throw new PhraseError(`@${phraseClass.name}`, 'refers to itself');
    visiting.add(phraseClass.name);
    const out = new Set<string>();
    let any = false;
    for (const alternative of phraseClass.alternatives) {
      const firsts = this.firstWordsOf(alternative.elements, visiting);
      if (firsts === 'any') any = true;
      else for (const word of firsts) out.add(word);
    }
    visiting.delete(phraseClass.name);
    phraseClass.firstWords = any ? 'any' : out;
    return phraseClass.firstWords;
  }

  private firstWordsOf(elements: readonly Element[], visiting: Set<string>): ReadonlySet<string> | 'any' {
    const out = new Set<string>();
    for (const element of elements) {
      if (element.kind === 'words') {
        for (const word of element.words) out.add(word);
        if (!element.optional) return out;
      } else if (element.kind === 'number' || element.kind === 'bigNumber' || element.kind === 'year') {
        out.add(NUMBER_KEY);
        if (!element.optional) return out;
      } else if (element.kind === 'prefix' && element.prefixes.every((prefix) => prefix.length >= PREFIX_KEY_LENGTH)) {
        for (const prefix of element.prefixes) out.add(prefixKey(prefix));
        if (!element.optional) return out;
      } else if (element.kind === 'class') {
        const firsts = this.classFirstWords(element.phraseClass, visiting);
        if (firsts === 'any') return 'any';
        for (const word of firsts) out.add(word);
        if (!element.optional) return out;
      } else {
        return 'any';
      }
    }
    return 'any';
  }
}

/**
 * Phrases indexed by the words they can start with, and (when their first two elements are
 * fixed words) by that pair, so a common first word such as "i" does not make every
 * "i ..." phrase a candidate.
 */
export class PhraseSet<T> {
  private readonly byFirst = new Map<string, Entry<T>[]>();
  private readonly byPair = new Map<string, Map<string, Entry<T>[]>>();
  private readonly unindexed: Entry<T>[] = [];
  // One walker, reset for each post: assessing is synchronous, and its per-phrase scratch
  // arrays are too large to allocate per post.
  private walker: PhraseWalker | null = null;

  constructor(private readonly compiler: PhraseCompiler) {}

  add(source: string, value: T): void {
    this.addPhrase(this.compiler.compile(source), value);
  }

  addPhrase(phrase: Phrase, value: T): void {
    const entry = { phrase, value };
    const [first] = phrase.elements;
    if (first !== undefined && first.kind === 'words' && !first.optional) {
      const seconds = this.compiler.wordsAfterFirst(phrase);
      if (seconds !== 'any' && seconds.size > 0 && first.words.size * seconds.size <= MAX_PAIRS_PER_PHRASE) {
        for (const one of first.words) {
          let followers = this.byPair.get(one);
          if (followers === undefined) {
            followers = new Map();
            this.byPair.set(one, followers);
          }
          for (const two of seconds) push(followers, two, entry);
        }
        return;
      }
    }
    const firsts = this.compiler.firstWords(phrase);
    if (firsts === 'any') {
      this.unindexed.push(entry);
      return;
    }
    for (const word of firsts) push(this.byFirst, word, entry);
  }

  /** Every phrase that matches starting at some token, with its longest end. */
  findAll(tokens: readonly Token[], fillers: ReadonlySet<string>): PhraseHit<T>[] {
    if (this.walker === null || this.walker.capacity < this.compiler.size) this.walker = new PhraseWalker(this.compiler.size);
    const walker = this.walker;
    walker.reset(tokens, fillers);
    const hits: PhraseHit<T>[] = [];
    const visit = (entries: readonly Entry<T>[] | undefined, start: number): void => {
      if (entries !== undefined) walker.collect(entries, start, hits);
    };
    for (let start = 0; start < tokens.length; start++) {
      const token = tokens[start]!;
      visit(this.byFirst.get(token.word), start);
      if (token.isNumber) visit(this.byFirst.get(NUMBER_KEY), start);
      if (token.word.length >= PREFIX_KEY_LENGTH) visit(this.byFirst.get(prefixKey(token.word)), start);
      // The second word may come after a few fillers ("i just really want").
      const followers = this.byPair.get(token.word);
      if (followers !== undefined) {
        const limit = walker.sentenceLimit(start);
        for (let next = start + 1, skipped = 0; next < limit && skipped <= MAX_FILLERS_BETWEEN; next++, skipped++) {
          visit(followers.get(tokens[next]!.word), start);
          if (!fillers.has(tokens[next]!.word)) break;
        }
      }
      if (this.unindexed.length > 0) walker.collect(this.unindexed, start, hits);
    }
    return hits;
  }
}

interface Entry<T> {
  phrase: Phrase;
  value: T;
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else if (!list.includes(value)) list.push(value);
}

export interface PhraseHit<T> {
  readonly value: T;
  readonly source: string;
  /** Token indices, end exclusive. */
  readonly start: number;
  readonly end: number;
}

class PhraseWalker {
  private tokens: readonly Token[] = [];
  private fillers: ReadonlySet<string> = new Set();
  private sentenceEnd = new Int32Array(0);
  private sentenceIndex = new Int32Array(0);
  private sentenceWords: Set<string>[] = [];
  private sentenceMasks: number[] = [];
  private readonly signatures = new Map<string, number>();
  private readonly classMemo = new Map<number, readonly number[]>();
  /**
   * Per phrase scratch, valid only when its stamp equals the current post's: the sentence
   * whose words were checked against the phrase and the result, and the last start walked.
   */
  private generation = 0;
  private readonly checkedStamp: Int32Array;
  private readonly checkedSentence: Int32Array;
  private readonly checkedResult: Uint8Array;
  private readonly walkedStamp: Int32Array;
  private readonly walkedAt: Int32Array;

  constructor(readonly capacity: number) {
    this.checkedStamp = new Int32Array(capacity);
    this.checkedSentence = new Int32Array(capacity);
    this.checkedResult = new Uint8Array(capacity);
    this.walkedStamp = new Int32Array(capacity);
    this.walkedAt = new Int32Array(capacity);
  }

  reset(tokens: readonly Token[], fillers: ReadonlySet<string>): void {
    this.generation = this.generation >= 0x7ffffff0 ? 1 : this.generation + 1;
    if (this.generation === 1) {
      this.checkedStamp.fill(0);
      this.walkedStamp.fill(0);
    }
    this.tokens = tokens;
    this.fillers = fillers;
    this.classMemo.clear();
    this.sentenceEnd = new Int32Array(tokens.length);
    this.sentenceIndex = new Int32Array(tokens.length);
    this.sentenceWords = [];
    this.sentenceMasks = [];
    let end = tokens.length;
    for (let i = tokens.length - 1; i >= 0; i--) {
      if (i + 1 < tokens.length && tokens[i + 1]!.sentence !== tokens[i]!.sentence) end = i + 1;
      this.sentenceEnd[i] = end;
    }
    let current = -1;
    for (let i = 0; i < tokens.length; i++) {
      if (i === 0 || tokens[i]!.sentence !== tokens[i - 1]!.sentence) {
        current++;
        this.sentenceWords.push(new Set());
        this.sentenceMasks.push(0);
      }
      this.sentenceIndex[i] = current;
      const word = tokens[i]!.word;
      this.sentenceWords[current]!.add(word);
      let signature = this.signatures.get(word);
      if (signature === undefined) {
        signature = wordSignature(word);
        if (this.signatures.size < MAX_REMEMBERED_SIGNATURES) this.signatures.set(word, signature);
      }
      this.sentenceMasks[current]! |= signature;
    }
  }

  /** Cheap tests that rule a phrase out before it is walked. */
  private worthWalking(phrase: Phrase, position: number): boolean {
    if (phrase.second !== null) {
      let next = position + 1;
      const limit = this.sentenceEnd[position]!;
      for (let skipped = 0; next < limit && skipped < MAX_FILLERS_BETWEEN && !phrase.second.has(this.tokens[next]!.word) && this.fillers.has(this.tokens[next]!.word); skipped++) next++;
      if (next >= limit || !phrase.second.has(this.tokens[next]!.word)) return false;
    }
    if (phrase.required === null) return true;
    const sentence = this.sentenceIndex[position]!;
    if (this.checkedStamp[phrase.id] !== this.generation || this.checkedSentence[phrase.id] !== sentence) {
      this.checkedStamp[phrase.id] = this.generation;
      this.checkedSentence[phrase.id] = sentence;
      const words = this.sentenceWords[sentence]!;
      const mask = this.sentenceMasks[sentence]!;
      let possible = true;
      for (let k = 0; k < phrase.required.length && possible; k++) {
        possible = (mask & phrase.requiredMasks[k]!) !== 0 && hasAny(words, phrase.required[k]!);
      }
      this.checkedResult[phrase.id] = possible ? 1 : 0;
    }
    return this.checkedResult[phrase.id] === 1;
  }

  sentenceLimit(position: number): number {
    return this.sentenceEnd[position]!;
  }

  collect<T>(entries: readonly { phrase: Phrase; value: T }[], start: number, hits: PhraseHit<T>[]): void {
    const limit = this.sentenceEnd[start]!;
    for (const { phrase, value } of entries) {
      // A phrase reachable through two word pairs ("i so", "i want") is walked once per start.
      if (this.walkedStamp[phrase.id] === this.generation && this.walkedAt[phrase.id] === start) continue;
      this.walkedStamp[phrase.id] = this.generation;
      this.walkedAt[phrase.id] = start;
      if (!this.worthWalking(phrase, start)) continue;
      const ends = this.walk(phrase.elements, start, limit);
      if (ends.length === 0) continue;
      let end = start;
      for (const candidate of ends) if (candidate > end) end = candidate;
      if (end > start) hits.push({ value, source: phrase.source, start, end });
    }
  }

  private walk(elements: readonly Element[], start: number, limit: number): readonly number[] {
    let positions: number[] = [start];
    for (let e = 0; e < elements.length; e++) {
      const element = elements[e]!;
      const next: number[] = [];
      const mayPadWithFillers = e > 0 && element.kind !== 'gap' && element.kind !== 'notNext' && element.kind !== 'sentenceEnd';
      for (const origin of positions) {
        let position = origin;
        for (let skipped = 0; ; skipped++) {
          this.step(element, position, limit, next);
          if (!mayPadWithFillers || skipped >= MAX_FILLERS_BETWEEN || position >= limit) break;
          if (!this.fillers.has(this.tokens[position]!.word)) break;
          position++;
        }
      }
      if ('optional' in element && element.optional) for (const position of positions) addUnique(next, position);
      if (next.length === 0) return next;
      positions = next;
    }
    return positions;
  }

  private step(element: Element, position: number, limit: number, out: number[]): void {
    switch (element.kind) {
      case 'words':
        if (position < limit && element.words.has(this.tokens[position]!.word)) addUnique(out, position + 1);
        return;
      case 'prefix':
        if (position < limit) {
          const word = this.tokens[position]!.word;
          if (element.prefixes.some((prefix) => word.startsWith(prefix))) addUnique(out, position + 1);
        }
        return;
      case 'number':
        if (position < limit && this.tokens[position]!.isNumber) addUnique(out, position + 1);
        return;
      case 'year':
        if (position < limit && this.tokens[position]!.isNumber) {
          const year = Number(this.tokens[position]!.word);
          if (year >= 1950 && year <= 2039) addUnique(out, position + 1);
        }
        return;
      case 'bigNumber':
        if (position < limit && this.tokens[position]!.isNumber && Number(this.tokens[position]!.word) >= 10) addUnique(out, position + 1);
        return;
      case 'sentenceEnd':
        if (position >= limit) addUnique(out, position);
        return;
      case 'class':
        for (const end of this.classEnds(element.phraseClass, position, limit)) addUnique(out, end);
        return;
      case 'gap':
        for (let k = 0; k <= element.max && position + k <= limit; k++) addUnique(out, position + k);
        return;
      case 'notNext':
        // Only the next word of the same clause can veto: "matarme, es lo unico que pienso".
        if (
          position >= limit ||
          position === 0 ||
          this.tokens[position]!.clause !== this.tokens[position - 1]!.clause ||
          !element.words.has(this.tokens[position]!.word)
        ) {
          addUnique(out, position);
        }
        return;
    }
  }

  private classEnds(phraseClass: PhraseClass, position: number, limit: number): readonly number[] {
    // At a sentence's end nothing can be consumed, and the same index starts the next
    // sentence with another limit, so only positions inside the sentence are remembered.
    const remember = position < limit;
    const key = phraseClass.id * (this.tokens.length + 1) + position;
    const memo = remember ? this.classMemo.get(key) : undefined;
    if (memo !== undefined) return memo;
    const ends: number[] = [];
    if (position < limit) {
      const token = this.tokens[position]!;
      const tryAll = (candidates: readonly Phrase[] | undefined): void => {
        if (candidates === undefined) return;
        for (const phrase of candidates) if (this.worthWalking(phrase, position)) for (const end of this.walk(phrase.elements, position, limit)) addUnique(ends, end);
      };
      tryAll(phraseClass.byFirst.get(token.word));
      if (token.isNumber) tryAll(phraseClass.byFirst.get(NUMBER_KEY));
      if (token.word.length >= PREFIX_KEY_LENGTH) tryAll(phraseClass.byFirst.get(prefixKey(token.word)));
      for (const phrase of phraseClass.unindexed) if (this.worthWalking(phrase, position)) for (const end of this.walk(phrase.elements, position, limit)) addUnique(ends, end);
    } else if (phraseClass.matchesEmpty) {
      // Only an alternative that can match nothing at all fits at a sentence's end.
      for (const phrase of phraseClass.alternatives) for (const end of this.walk(phrase.elements, position, limit)) addUnique(ends, end);
    }
    if (remember) this.classMemo.set(key, ends);
    return ends;
  }
}

/** Splits at `separator` outside parentheses. */
function splitTopLevel(text: string, separator: string, source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if (character === '(') depth++;
    else if (character === ')') depth--;
    if (depth < 0) throw new PhraseError(source, 'unbalanced parentheses');
    if (depth === 0 && (separator === ' ' ? /\s/.test(character) : character === separator)) {
      parts.push(current);
      current = '';
    } else current += character;
  }
  if (depth !== 0) throw new PhraseError(source, 'unbalanced parentheses');
  parts.push(current);
  return parts;
}

function hasAny(words: ReadonlySet<string>, required: ReadonlySet<string>): boolean {
  if (required.size <= words.size) {
    for (const word of required) if (words.has(word)) return true;
    return false;
  }
  for (const word of words) if (required.has(word)) return true;
  return false;
}

function addUnique(list: number[], value: number): void {
  if (!list.includes(value)) list.push(value);
}
