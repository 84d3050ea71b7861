import type { CrisisLexicon } from './lexicon.js';

/**
 * Turns one raw word of a post into the canonical words the phrase matcher knows:
 * contractions spelled out ("don't" -> "do not"), slang expanded ("kms" -> "kill myself"),
 * leetspeak decoded ("k1ll", "k!ll"), stretched letters shrunk ("diiiie"), common
 * misspellings corrected ("suicdal") and glued words split ("killmyself").
 */
export interface ResolvedWord {
  readonly words: readonly string[];
  /** Words before slang expansion: "kms" after a number means kilometres, not "kill myself". */
  readonly unexpanded: readonly string[];
  readonly isNumber: boolean;
}

interface TrieNode {
  word: string | null;
  children: Map<number, TrieNode>;
}

const MAX_MEMO = 50_000;
// Longer words are neither remembered nor spell-checked: no real word is that long, and a
// hostile post may be one 100 KB "word".
const LONGEST_REMEMBERED_WORD = 64;
const LONGEST_FUZZY_WORD = 24;
const LONGEST_GLUED_WORD = 40;
const SHORTEST_GLUED_WORD = 8;
const DIGITS_ONLY = /^[0-9]+$/;
const NUMBER_WITH_UNIT = /^([0-9]+)([a-z]+)$/;
const HAS_LETTER = /[a-z]/;
const LETTERS_ONLY = /^[a-z]+$/;
const STRETCHED = /([a-z])\1{2,}/g;
const HAS_STRETCH = /([a-z])\1{2}/;

export class WordForms {
  private readonly memo = new Map<string, ResolvedWord>();
  private readonly trie: TrieNode = { word: null, children: new Map() };
  private readonly longestWord: number;
  private readonly fuzzyIndex = new Map<string, string[]>();
  private readonly fuzzyProtected: ReadonlySet<string>;
  private readonly anchors: ReadonlySet<string>;
  private readonly leet: ReadonlyMap<string, string>;
  private readonly units: ReadonlySet<string>;
  private readonly isAfter: ReadonlySet<string>;
  // Maps, not the lexicon's plain objects: a post may contain "constructor" or "__proto__".
  private readonly abbreviations: ReadonlyMap<string, string>;
  private readonly spellings: ReadonlyMap<string, string>;
  private readonly contractionSuffixes: ReadonlyMap<string, string>;

  constructor(
    lexicon: CrisisLexicon,
    private readonly vocabulary: ReadonlySet<string>,
  ) {
    this.leet = new Map(Object.entries(lexicon.leet));
    this.units = new Set(lexicon.units);
    this.isAfter = new Set(lexicon.contractions.isAfter);
    this.abbreviations = new Map(Object.entries(lexicon.abbreviations));
    this.spellings = new Map(Object.entries(lexicon.spellings));
    this.contractionSuffixes = new Map(Object.entries(lexicon.contractions.suffixes));
    this.fuzzyProtected = new Set(lexicon.fuzzy.protected);
    this.anchors = new Set(lexicon.segmentation.anchors);
    let longest = 0;
    for (const word of vocabulary) {
      if (!LETTERS_ONLY.test(word)) continue;
      if (word.length < 2 && word !== 'i' && word !== 'a') continue;
      this.addToTrie(word);
      longest = Math.max(longest, word.length);
    }
    this.longestWord = longest;
    for (const target of lexicon.fuzzy.targets) {
      for (const variant of deletions(target, target.length >= 9 ? 2 : 1)) {
        const list = this.fuzzyIndex.get(variant);
        if (list === undefined) this.fuzzyIndex.set(variant, [target]);
        else if (!list.includes(target)) list.push(target);
      }
    }
  }

  isKnown(word: string): boolean {
    return this.vocabulary.has(word);
  }

  resolve(raw: string): ResolvedWord {
    const cached = this.memo.get(raw);
    if (cached !== undefined) return cached;
    const resolved = this.resolveUncached(raw);
    if (raw.length > LONGEST_REMEMBERED_WORD) return resolved;
    if (this.memo.size >= MAX_MEMO) this.memo.clear();
    this.memo.set(raw, resolved);
    return resolved;
  }

  /**
   * Splits letters run together ("killmyself", or "k i l l m y s e l f" once its spaces
   * are dropped) into known words, preferring the fewest pieces. Linear in the input:
   * each start position walks the vocabulary trie at most `longestWord` steps.
   */
  segment(letters: string, requireAnchor: boolean): string[] | null {
    const n = letters.length;
    if (n === 0) return null;
    const pieces = new Int32Array(n + 1).fill(-1);
    const from = new Int32Array(n + 1).fill(-1);
    pieces[0] = 0;
    for (let i = 0; i < n; i++) {
      if (pieces[i] < 0) continue;
      let node: TrieNode | undefined = this.trie;
      for (let j = i; j < n && j - i < this.longestWord; j++) {
        node = node.children.get(letters.charCodeAt(j));
        if (node === undefined) break;
        if (node.word !== null && (pieces[j + 1] < 0 || pieces[i] + 1 < pieces[j + 1])) {
          pieces[j + 1] = pieces[i] + 1;
          from[j + 1] = i;
        }
      }
    }
    if (pieces[n] < 0) return null;
    const words: string[] = [];
    for (let end = n; end > 0; end = from[end]) words.push(letters.slice(from[end], end));
    words.reverse();
    if (requireAnchor && !words.some((word) => this.anchors.has(word))) return null;
    return words;
  }

  private addToTrie(word: string): void {
    let node = this.trie;
    for (let i = 0; i < word.length; i++) {
      const code = word.charCodeAt(i);
      let next = node.children.get(code);
      if (next === undefined) {
        next = { word: null, children: new Map() };
        node.children.set(code, next);
      }
      node = next;
    }
    node.word = word;
  }

  private resolveUncached(raw: string): ResolvedWord {
    if (DIGITS_ONLY.test(raw)) return { words: [raw], unexpanded: [raw], isNumber: true };
    const unit = NUMBER_WITH_UNIT.exec(raw);
    if (unit !== null && this.units.has(unit[2] ?? '')) return { words: [raw], unexpanded: [raw], isNumber: false };

    const direct = this.abbreviations.get(raw);
    if (direct !== undefined) return { words: direct.split(' '), unexpanded: [raw], isNumber: false };

    const apostrophe = raw.lastIndexOf("'");
    if (apostrophe > 0) {
      const spelled = this.spellContraction(raw, apostrophe);
      if (spelled !== null) return spelled;
    }
    const word = this.canonicalSpelling(raw.replaceAll("'", ''));
    const expansion = this.abbreviations.get(word);
    if (expansion !== undefined) return { words: expansion.split(' '), unexpanded: [word], isNumber: false };
    if (!this.vocabulary.has(word) && LETTERS_ONLY.test(word) && word.length >= SHORTEST_GLUED_WORD && word.length <= LONGEST_GLUED_WORD) {
      const pieces = this.segment(word, true);
      if (pieces !== null && pieces.length > 1) {
        const words = pieces.flatMap((piece) => (this.abbreviations.get(piece) ?? piece).split(' '));
        return { words, unexpanded: [word], isNumber: false };
      }
    }
    return { words: [word], unexpanded: [word], isNumber: false };
  }

  private spellContraction(raw: string, apostrophe: number): ResolvedWord | null {
    const lower = raw.slice(0, apostrophe);
    const suffix = raw.slice(apostrophe);
    let base: string;
    let tail: string[];
    if (suffix === "'t" && lower.endsWith('n')) {
      base = lower.slice(0, -1);
      tail = ['not'];
    } else if (suffix === "'s") {
      base = lower;
      const resolvedBase = this.resolve(base).words;
      const last = resolvedBase[resolvedBase.length - 1] ?? base;
      tail = this.isAfter.has(last) ? ['is'] : [];
    } else {
      const spelled = this.contractionSuffixes.get(suffix);
      if (spelled === undefined) return null;
      base = lower;
      tail = spelled.split(' ');
    }
    if (base.length === 0) return null;
    const head = this.resolve(base).words;
    const words = [...head, ...tail];
    return { words, unexpanded: words, isNumber: false };
  }

  /** Leetspeak, stretched letters, known misspellings and near-misses of key words. */
  private canonicalSpelling(word: string): string {
    let candidate = word;
    if (HAS_LETTER.test(candidate) && !LETTERS_ONLY.test(candidate)) candidate = this.decodeLeet(candidate);
    if (!this.vocabulary.has(candidate)) candidate = this.shrinkStretched(candidate);
    const spelled = this.spellings.get(candidate);
    if (spelled !== undefined) return spelled;
    if (
      !this.vocabulary.has(candidate) &&
      candidate.length >= 5 &&
      candidate.length <= LONGEST_FUZZY_WORD &&
      LETTERS_ONLY.test(candidate) &&
      !this.fuzzyProtected.has(candidate)
    ) {
      return this.nearestTarget(candidate) ?? candidate;
    }
    return candidate;
  }

  private decodeLeet(word: string): string {
    let asI = '';
    let asL = '';
    for (const character of word) {
      const mapped = this.leet.get(character);
      asI += mapped ?? character;
      // "1" and "|" stand for either i or l ("k1ll", "ki||").
      asL += character === '1' || character === '|' ? 'l' : (mapped ?? character);
    }
    if (this.vocabulary.has(asI)) return asI;
    if (this.vocabulary.has(asL)) return asL;
    const shrunk = this.shrinkStretched(asI);
    return this.vocabulary.has(shrunk) ? shrunk : asI;
  }

  private shrinkStretched(word: string): string {
    if (!HAS_STRETCH.test(word)) return word;
    const toTwo = word.replace(STRETCHED, '$1$1');
    if (this.vocabulary.has(toTwo)) return toTwo;
    const toOne = word.replace(STRETCHED, '$1');
    if (this.vocabulary.has(toOne)) return toOne;
    return toTwo;
  }

  private nearestTarget(word: string): string | null {
    // Two edits only for long words, and never a different first letter: "inflated" is
    // not a misspelling of "isolated".
    const allowed = word.length >= 9 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = allowed + 1;
    for (const variant of deletions(word, allowed)) {
      const targets = this.fuzzyIndex.get(variant);
      if (targets === undefined) continue;
      for (const target of targets) {
        if (target[0] !== word[0]) continue;
        const limit = Math.min(allowed, target.length >= 9 ? 2 : 1);
        const distance = editDistance(word, target, limit);
        if (distance <= limit && distance < bestDistance) {
          best = target;
          bestDistance = distance;
        }
      }
    }
    return best;
  }
}

/** The word and every form of it with up to `depth` letters removed. */
function deletions(word: string, depth: number): Set<string> {
  const out = new Set<string>([word]);
  let frontier = [word];
  for (let level = 0; level < depth; level++) {
    const next: string[] = [];
    for (const item of frontier) {
      for (let i = 0; i < item.length; i++) {
        const shorter = item.slice(0, i) + item.slice(i + 1);
        if (!out.has(shorter)) {
          out.add(shorter);
          next.push(shorter);
        }
      }
    }
    frontier = next;
  }
  return out;
}

/** Optimal-string-alignment distance (swaps count as one edit), giving up past `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) table[i * cols] = i;
  for (let j = 0; j < cols; j++) table[j] = j;
  for (let i = 1; i < rows; i++) {
    let rowBest = Number.MAX_SAFE_INTEGER;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(table[(i - 1) * cols + j] + 1, table[i * cols + j - 1] + 1, table[(i - 1) * cols + j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, table[(i - 2) * cols + j - 2] + 1);
      }
      table[i * cols + j] = value;
      rowBest = Math.min(rowBest, value);
    }
    if (rowBest > limit) return limit + 1;
  }
  return table[rows * cols - 1];
}
