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
   * Words of which at least one must occur in the sentence for the phrase to have any
   * chance; null when no element guarantees that. Checked before walking the phrase.
   */
  readonly required: ReadonlySet<string> | null;
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

/** How many filler words ("just", "really") may sit between two elements of a phrase. */
const MAX_FILLERS_BETWEEN = 3;
const MAX_GAP = 12;

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
    return { source, elements, required: this.requiredWords(elements), second, id: this.phraseCount++ };
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
      return { kind: 'class', phraseClass: this.groupClass(body.slice(1, -1), source), optional };
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

  /** The most selective mandatory element's words (the first element is checked by the index). */
  private requiredWords(elements: readonly Element[]): ReadonlySet<string> | null {
    let best: ReadonlySet<string> | null = null;
    for (let index = 1; index < elements.length; index++) {
      const element = elements[index]!;
      let words: ReadonlySet<string> | null = null;
      if (element.kind === 'words' && !element.optional) words = element.words;
      else if (element.kind === 'class' && !element.optional) {
        const firsts = this.classFirstWords(element.phraseClass, new Set());
        if (firsts !== 'any') words = firsts;
      }
      if (words !== null && (best === null || words.size < best.size)) best = words;
    }
    return best;
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

/** Phrases indexed by the words they can start with. */
export class PhraseSet<T> {
  private readonly byFirst = new Map<string, { phrase: Phrase; value: T }[]>();
  private readonly unindexed: { phrase: Phrase; value: T }[] = [];

  constructor(private readonly compiler: PhraseCompiler) {}

  add(source: string, value: T): void {
    this.addPhrase(this.compiler.compile(source), value);
  }

  addPhrase(phrase: Phrase, value: T): void {
    const firsts = this.compiler.firstWords(phrase);
    const entry = { phrase, value };
    if (firsts === 'any') {
      this.unindexed.push(entry);
      return;
    }
    for (const word of firsts) {
      const list = this.byFirst.get(word);
      if (list === undefined) this.byFirst.set(word, [entry]);
      else list.push(entry);
    }
  }

  /** Every phrase that matches starting at some token, with its longest end. */
  findAll(tokens: readonly Token[], fillers: ReadonlySet<string>): PhraseHit<T>[] {
    const walker = new PhraseWalker(tokens, fillers, this.compiler.size);
    const hits: PhraseHit<T>[] = [];
    for (let start = 0; start < tokens.length; start++) {
      const candidates = this.byFirst.get(tokens[start]!.word);
      if (candidates !== undefined) walker.collect(candidates, start, hits);
      if (this.unindexed.length > 0) walker.collect(this.unindexed, start, hits);
    }
    return hits;
  }
}

export interface PhraseHit<T> {
  readonly value: T;
  readonly source: string;
  /** Token indices, end exclusive. */
  readonly start: number;
  readonly end: number;
}

class PhraseWalker {
  private readonly sentenceEnd: Int32Array;
  private readonly sentenceIndex: Int32Array;
  private readonly sentenceWords: Set<string>[] = [];
  private readonly classMemo = new Map<number, readonly number[]>();
  /** Per phrase: 1 + the sentence whose words were last checked against it, and the result. */
  private readonly checkedFor: Int32Array;
  private readonly checkedResult: Uint8Array;

  constructor(
    private readonly tokens: readonly Token[],
    private readonly fillers: ReadonlySet<string>,
    phraseCount: number,
  ) {
    this.checkedFor = new Int32Array(phraseCount);
    this.checkedResult = new Uint8Array(phraseCount);
    this.sentenceEnd = new Int32Array(tokens.length);
    this.sentenceIndex = new Int32Array(tokens.length);
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
      }
      this.sentenceIndex[i] = current;
      this.sentenceWords[current]!.add(tokens[i]!.word);
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
    if (this.checkedFor[phrase.id] !== sentence + 1) {
      this.checkedFor[phrase.id] = sentence + 1;
      this.checkedResult[phrase.id] = hasAny(this.sentenceWords[sentence]!, phrase.required) ? 1 : 0;
    }
    return this.checkedResult[phrase.id] === 1;
  }

  collect<T>(entries: readonly { phrase: Phrase; value: T }[], start: number, hits: PhraseHit<T>[]): void {
    const limit = this.sentenceEnd[start]!;
    for (const { phrase, value } of entries) {
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
        if (position >= limit || !element.words.has(this.tokens[position]!.word)) addUnique(out, position);
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
      const candidates = phraseClass.byFirst.get(this.tokens[position]!.word);
      if (candidates !== undefined) {
        for (const phrase of candidates) if (this.worthWalking(phrase, position)) for (const end of this.walk(phrase.elements, position, limit)) addUnique(ends, end);
      }
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
