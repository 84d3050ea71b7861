import { CompiledLexicon, type Entry } from './compiled-lexicon.js';
import type { CrisisLexicon, SignalDefinition } from './lexicon.js';
import { normaliseText } from './normalise.js';
import { PhraseCompiler, PhraseSet, type PhraseHit } from './phrase.js';
import { compareRiskLevels, maxRiskLevel, type RiskLevel } from './risk-level.js';
import { tokenise, type Token } from './tokenise.js';
import { validateWatchedPattern, type WatchedWordRule } from './watched-words.js';

/** One piece of evidence, pointing at the member's own words. */
export interface CrisisMatch {
  /** Exactly `original.slice(start, end)`. */
  text: string;
  start: number;
  end: number;
  /** Which lexicon signal and phrase (or which watched word) matched. */
  rule: string;
  level: RiskLevel;
}

export interface CrisisAssessment {
  level: RiskLevel;
  matches: CrisisMatch[];
  /** Best guess of the post's language, so the poster is shown help in it first. */
  language: 'en' | 'es';
}

interface SignalHit {
  signal: string;
  group: string;
  weight: number;
  about: 'self' | 'other';
  /** Token indices, end exclusive. */
  start: number;
  end: number;
  sentence: number;
  rule: string;
  level: RiskLevel;
}

interface CompiledWatchedRegex {
  rule: WatchedWordRule;
  regex: RegExp;
}

/** Tokens before a phrase that a negation may come from ("I would never ... hurt myself"). */
const NEGATION_WINDOW = 6;
/** Words before a phrase searched for its subject ("they want to die"). */
const SUBJECT_WINDOW = 4;
const MAX_MATCHES_REPORTED = 100;
// Moderators' regexes run over bounded windows of a sentence, so even an allowed pattern
// with one open-ended repeat stays cheap on a hostile 100 KB post.
const REGEX_WINDOW = 320;
const REGEX_WINDOW_STEP = 240;
const SPANISH_MARKS = /[ñ¿¡áéíóú]/i;
// Rule names are shown to moderators next to a flag: long phrase patterns are cut short.
const LONGEST_RULE_NAME = 80;

function ruleName(signal: string, source: string): string {
  const name = `${signal}:${source}`;
  return name.length > LONGEST_RULE_NAME ? `${name.slice(0, LONGEST_RULE_NAME - 1)}…` : name;
}

/**
 * The crisis detector: pure, synchronous and linear in the length of a post. It finds
 * signals (wanting to die, self-harm, plans, goodbyes, someone else in danger, abuse,
 * distress), discounts those that are negated, told as history, idiomatic, hypothetical,
 * addressed to others or quoted, and combines the rest into one of the four risk levels.
 */
export class CrisisDetector {
  /** Watched-word regexes refused as unsafe, with the reason; the others are in force. */
  readonly rejectedRules: { id: string; reason: string }[] = [];

  private readonly base: CompiledLexicon;
  /** Moderators' watched phrases: their own small set, so the shared lexicon stays untouched. */
  private readonly watchedPhrases: PhraseSet<Entry>;
  private readonly watchedCompiler: PhraseCompiler;
  private readonly watchedRegexes: CompiledWatchedRegex[] = [];
  private watchedPhraseCount = 0;

  constructor(lexicon: CrisisLexicon, extraRules: readonly WatchedWordRule[] = []) {
    this.base = CompiledLexicon.of(lexicon);
    this.watchedCompiler = new PhraseCompiler({}, this.base.foldWord);
    this.watchedPhrases = new PhraseSet<Entry>(this.watchedCompiler);
    for (const rule of extraRules) this.addWatchedRule(rule);
  }

  /**
   * Words in the lexicon's phrases that no post can produce, because the tokeniser spells
   * them differently ("dont" is read as "do not"): a phrase using them never matches.
   */
  lexiconWarnings(): string[] {
    const warnings: string[] = [];
    for (const word of this.base.phraseWords) {
      const read = this.base.forms.resolve(word).words;
      if (read.length !== 1 || read[0] !== word) warnings.push(`"${word}" is read as "${read.join(' ')}"`);
    }
    return warnings;
  }

  assess(text: string): CrisisAssessment {
    const normalised = normaliseText(text, this.base.folder);
    const tokens = tokenise(normalised, { forms: this.base.forms, clauseBreakWords: this.base.clauseBreakWords, leet: this.base.leet });
    const hits = this.base.phrases.findAll(tokens, this.base.fillers);
    const context = new PostContext(tokens, hits, this.base.firstPerson);
    const signals = this.signalHits(hits, tokens, context, text);
    const level = this.combine(signals);
    const watchedPhraseHits = this.watchedPhraseCount > 0 ? this.watchedPhrases.findAll(tokens, this.base.fillers) : [];
    const watched = this.watchedHits(watchedPhraseHits, tokens);
    let overall = level;
    for (const hit of watched) overall = maxRiskLevel(overall, hit.level);
    const evidence = [...signals, ...watched].filter((hit) => hit.level !== 'green');
    evidence.sort((a, b) => a.start - b.start || compareRiskLevels(b.level, a.level));
    const matches = evidence.slice(0, MAX_MATCHES_REPORTED).map((hit): CrisisMatch => {
      const start = tokens[hit.start]!.start;
      const end = tokens[hit.end - 1]!.end;
      return { text: text.slice(start, end), start, end, rule: hit.rule, level: hit.level };
    });
    return {
      level: overall,
      matches,
      language: this.language(tokens, text),
    };
  }

  private addWatchedRule(rule: WatchedWordRule): void {
    if (rule.isRegex) {
      const problem = validateWatchedPattern(rule.pattern);
      if (problem !== null) {
        this.rejectedRules.push({ id: rule.id, reason: problem });
        return;
      }
      // Posts are matched with accents folded away, so the pattern's accents go too.
      const folded = rule.pattern.normalize('NFD').replace(/\p{M}/gu, '');
      this.watchedRegexes.push({ rule, regex: new RegExp(folded, 'giu') });
      return;
    }
    const normalised = normaliseText(rule.pattern, this.base.folder);
    const words = tokenise(normalised, { forms: this.base.forms, clauseBreakWords: new Set(), leet: this.base.leet }).map((token) => token.word);
    if (words.length === 0) {
      this.rejectedRules.push({ id: rule.id, reason: 'the watched word has no letters or digits' });
      return;
    }
    this.watchedPhrases.addPhrase(this.watchedCompiler.literal(words, rule.pattern), { kind: 'watched', rule });
    this.watchedPhraseCount++;
  }

  private signalHits(hits: readonly PhraseHit<Entry>[], tokens: readonly Token[], context: PostContext, text: string): SignalHit[] {
    const kept: SignalHit[] = [];
    for (const hit of hits) {
      if (hit.value.kind !== 'signal') continue;
      let name = hit.value.signal;
      let definition = this.base.lexicon.signals[name]!;
      const modifiers = this.base.modifiers.get(name)!;
      if (context.idiomOverlaps(hit.start, hit.end)) continue;
      const sentence = tokens[hit.start]!.sentence;
      const clause = tokens[hit.start]!.clause;
      if (modifiers.has('negation') && this.isNegated(tokens, hit.start, context)) continue;
      if (modifiers.has('negation') && this.isQuestionAnsweredNo(tokens, hit.start, text)) continue;
      if (modifiers.has('history') && context.isHistory(sentence)) continue;
      if (modifiers.has('hypothetical') && context.isHypothetical(clause, hit.start)) continue;
      if (modifiers.has('supportive') && context.isSupportive(sentence)) continue;
      if (modifiers.has('firstPerson') && !context.hasFirstPerson(sentence)) continue;
      // A sentence that opens with a verb phrase has dropped its subject ("shot up alone
      // again"), which in a post is the writer.
      if (modifiers.has('impliedSubject') && !context.hasFirstPerson(sentence) && !context.opensSentence(hit.start)) continue;
      if (modifiers.has('opening') && !context.opensSentence(hit.start) && context.clauseStart(hit.start) !== hit.start) continue;
      if (modifiers.has('habitual') && context.isHabitual(sentence)) continue;
      // A phrase that names the writer ("... without me", "kill myself") is about the writer
      // whoever else the sentence mentions; otherwise its subject decides.
      let aboutSomeoneElse =
        modifiers.has('subject') && !this.namesWriter(tokens, hit.start, hit.end) && this.subjectIsSomeoneElse(tokens, hit.start, context);
      if (modifiers.has('quote') && context.allQuoted(hit.start, hit.end)) {
        // Quoted words are a title or lyric, unless someone is reported saying them.
        if (!context.hasQuoteVerb(sentence)) continue;
        aboutSomeoneElse = true;
      }
      if (aboutSomeoneElse) {
        if (definition.otherAs === undefined) continue;
        name = definition.otherAs;
        definition = this.base.lexicon.signals[name]!;
      }
      kept.push(this.toSignalHit(name, definition, hit, sentence));
    }
    return this.withoutOverlaps(kept);
  }

  private toSignalHit(name: string, definition: SignalDefinition, hit: PhraseHit<Entry>, sentence: number): SignalHit {
    return {
      signal: name,
      group: definition.group ?? name,
      weight: definition.weight ?? 1,
      about: definition.about,
      start: hit.start,
      end: hit.end,
      sentence,
      rule: ruleName(name, hit.source),
      level: definition.level,
    };
  }

  /**
   * A signal about someone else covering the same words wins ("my friend is suicidal" is
   * not the writer's ideation), and within one group overlapping phrases count once.
   */
  private withoutOverlaps(hits: SignalHit[]): SignalHit[] {
    // Phrases never span sentences, so overlaps are settled one sentence at a time: the work
    // stays linear in the post even when a hostile post repeats a phrase thousands of times.
    const kept: SignalHit[] = [];
    let from = 0;
    const ordered = [...hits].sort((a, b) => a.sentence - b.sentence || a.start - b.start);
    for (let to = 1; to <= ordered.length; to++) {
      if (to < ordered.length && ordered[to]!.sentence === ordered[from]!.sentence) continue;
      kept.push(...this.withoutOverlapsInSentence(ordered.slice(from, to)));
      from = to;
    }
    return kept;
  }

  private withoutOverlapsInSentence(hits: SignalHit[]): SignalHit[] {
    const contains = (outer: SignalHit, inner: SignalHit): boolean =>
      outer !== inner && outer.start <= inner.start && outer.end >= inner.end && outer.end - outer.start > inner.end - inner.start;
    // Only a finding about someone else (not a helper cue such as "right now") outranks the writer's.
    const others = hits.filter((hit) => hit.about === 'other' && hit.level !== 'green');
    const candidates = hits.filter(
      (hit) =>
        (hit.about === 'other' || !others.some((other) => contains(other, hit) || (other.start === hit.start && other.end === hit.end))) &&
        // "tomorrow" inside "if I died tomorrow" belongs to that wish; it is not a time set for it.
        !hits.some((outer) => contains(outer, hit) && (this.base.lexicon.signals[outer.signal]?.absorbs ?? []).some((name) => name === hit.signal || name === hit.group)),
    );
    // Longest first (then heaviest), so a phrase inside a longer one of its group ("kill
    // myself" inside "want to kill myself") is dropped; phrases that merely touch both count.
    candidates.sort((a, b) => b.end - b.start - (a.end - a.start) || b.weight - a.weight || a.start - b.start);
    const kept: SignalHit[] = [];
    const keptByGroup = new Map<string, SignalHit[]>();
    for (const hit of candidates) {
      const group = keptByGroup.get(hit.group) ?? [];
      if (group.some((other) => other.start <= hit.start && other.end >= hit.end)) continue;
      group.push(hit);
      keptByGroup.set(hit.group, group);
      kept.push(hit);
    }
    return kept.sort((a, b) => a.start - b.start);
  }

  /**
   * Reads the words just before a phrase in its clause. Negators flip the meaning ("not",
   * "never"); "pretend" inverts what follows it ("not going to pretend I don't want to
   * die" means the writer does); barriers such as "lie" or "know" stop a negation from
   * reaching past them ("I don't know why I want to die"); "can't stop" is no negation.
   */
  private isNegated(tokens: readonly Token[], start: number, context: PostContext): boolean {
    const from = Math.max(context.clauseStart(start), start - NEGATION_WINDOW);
    let negations = 0;
    let inverted = false;
    for (let k = from; k < start; k++) {
      const word = tokens[k]!.word;
      if (this.base.negationBarriers.has(word)) {
        negations = 0;
        inverted = false;
      } else if (this.base.negationInverters.has(word)) {
        negations = 0;
        inverted = true;
      } else if (this.base.negators.has(word)) {
        let next = k + 1;
        while (next < start && this.base.fillers.has(tokens[next]!.word)) next++;
        const following = next < tokens.length ? tokens[next]!.word : '';
        if (this.base.negatorExceptions.has(following) && word === 'no') continue;
        if (this.base.negationCancellers.has(following)) continue;
        negations++;
      }
    }
    return negations % 2 === 1 !== inverted;
  }

  /**
   * A sentence that opens with the phrase, asks it, and is answered by a negator opening
   * the next sentence ("Kill myself? Never.", "¿Matarme? Jamás") rejects it. "No one ..."
   * after the question is no answer.
   */
  private isQuestionAnsweredNo(tokens: readonly Token[], start: number, text: string): boolean {
    const sentence = tokens[start]!.sentence;
    let first = start;
    while (first > 0 && tokens[first - 1]!.sentence === sentence && this.base.fillers.has(tokens[first - 1]!.word)) first--;
    if (first > 0 && tokens[first - 1]!.sentence === sentence) return false;
    let last = start;
    while (last + 1 < tokens.length && tokens[last + 1]!.sentence === sentence) last++;
    const next = last + 1;
    if (next >= tokens.length) return false;
    const between = text.slice(tokens[last]!.end, tokens[next]!.start);
    if (!between.includes('?')) return false;
    const answer = tokens[next]!.word;
    if (!this.base.negators.has(answer) && answer !== 'nah') return false;
    const following = next + 1 < tokens.length && tokens[next + 1]!.sentence === tokens[next]!.sentence ? tokens[next + 1]!.word : '';
    return !(answer === 'no' && this.base.negatorExceptions.has(following));
  }

  private namesWriter(tokens: readonly Token[], start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (this.base.selfSubjects.has(tokens[k]!.word)) return true;
    return false;
  }

  private subjectIsSomeoneElse(tokens: readonly Token[], start: number, context: PostContext): boolean {
    const from = Math.max(context.clauseStart(start), start - SUBJECT_WINDOW);
    for (let k = start - 1; k >= from; k--) {
      const word = tokens[k]!.word;
      if (this.base.selfSubjects.has(word)) return false;
      if (this.base.otherSubjects.has(word)) return true;
    }
    return false;
  }

  private combine(hits: SignalHit[]): RiskLevel {
    let level: RiskLevel = 'green';
    for (const hit of hits) level = maxRiskLevel(level, hit.level);
    for (const combination of this.base.combinations) {
      // Per requirement: its hits and their pooled weight, sentence by sentence.
      const bySentence = combination.requirements.map((requirement) => {
        const map = new Map<number, { weight: number; hits: SignalHit[] }>();
        for (const hit of hits) {
          if (!requirement.names.has(hit.signal) && !requirement.names.has(hit.group)) continue;
          const entry = map.get(hit.sentence) ?? { weight: 0, hits: [] };
          entry.weight += hit.weight;
          entry.hits.push(hit);
          map.set(hit.sentence, entry);
        }
        return map;
      });
      if (bySentence.some((map) => map.size === 0)) continue;
      const raise = (sentences: Iterable<number>): void => {
        for (const sentence of sentences) {
          for (const map of bySentence) for (const hit of map.get(sentence)?.hits ?? []) hit.level = maxRiskLevel(hit.level, combination.level);
        }
        level = maxRiskLevel(level, combination.level);
      };
      const span = combination.withinSentences;
      if (span === undefined) {
        const met = combination.requirements.every((requirement, index) => {
          let weight = 0;
          for (const entry of bySentence[index]!.values()) weight += entry.weight;
          return weight >= requirement.minWeight;
        });
        if (met) raise(new Set(bySentence.flatMap((map) => [...map.keys()])));
        continue;
      }
      const anchors = new Set(bySentence.flatMap((map) => [...map.keys()]));
      for (const anchor of anchors) {
        const window = Array.from({ length: span + 1 }, (_, offset) => anchor + offset);
        const met = combination.requirements.every((requirement, index) => {
          let weight = 0;
          for (const sentence of window) weight += bySentence[index]!.get(sentence)?.weight ?? 0;
          return weight >= requirement.minWeight;
        });
        if (met) raise(window);
      }
    }
    return level;
  }

  private watchedHits(hits: readonly PhraseHit<Entry>[], tokens: readonly Token[]): SignalHit[] {
    const out: SignalHit[] = [];
    const toHit = (rule: WatchedWordRule, start: number, end: number): SignalHit => ({
      signal: 'watched',
      group: `watched:${rule.id}`,
      weight: 1,
      about: 'self',
      start,
      end,
      sentence: tokens[start]!.sentence,
      rule: `watched:${rule.id}`,
      level: rule.level,
    });
    for (const hit of hits) if (hit.value.kind === 'watched') out.push(toHit(hit.value.rule, hit.start, hit.end));
    if (this.watchedRegexes.length === 0 || tokens.length === 0) return out;
    const seen = new Set<string>();
    for (const window of regexWindows(tokens)) {
      for (const { rule, regex } of this.watchedRegexes) {
        regex.lastIndex = 0;
        for (let found = regex.exec(window.text); found !== null; found = regex.exec(window.text)) {
          if (found[0].length === 0) {
            regex.lastIndex++;
            continue;
          }
          const range = window.tokenRange(found.index, found.index + found[0].length);
          const key = `${rule.id}:${range.start}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push(toHit(rule, range.start, range.end));
        }
      }
    }
    return out;
  }

  private language(tokens: readonly Token[], text: string): 'en' | 'es' {
    let english = 0;
    let spanish = SPANISH_MARKS.test(text) ? 1 : 0;
    for (const token of tokens) {
      if (this.base.english.has(token.word)) english++;
      if (this.base.spanish.has(token.word)) spanish++;
    }
    return spanish > english ? 'es' : 'en';
  }
}

/** Where the cues (history, hypotheticals, idioms, quotes) sit in one post. */
class PostContext {
  private readonly idiomCovered: Uint8Array;
  private readonly clauseStarts: Int32Array;
  private readonly historySentences = new Set<number>();
  private readonly recentSentences = new Set<number>();
  private readonly supportiveSentences = new Set<number>();
  private readonly quoteVerbSentences = new Set<number>();
  private readonly habitualSentences = new Set<number>();
  private readonly hypotheticalByClause = new Map<number, number>();
  private readonly firstPersonSentences = new Set<number>();

  constructor(
    private readonly tokens: readonly Token[],
    hits: readonly PhraseHit<Entry>[],
    firstPerson: ReadonlySet<string>,
  ) {
    this.idiomCovered = new Uint8Array(tokens.length);
    this.clauseStarts = new Int32Array(tokens.length);
    const historyCovered = new Uint8Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      this.clauseStarts[i] = i > 0 && tokens[i - 1]!.clause === tokens[i]!.clause ? this.clauseStarts[i - 1]! : i;
      if (firstPerson.has(tokens[i]!.word)) this.firstPersonSentences.add(tokens[i]!.sentence);
    }
    const recency: PhraseHit<Entry>[] = [];
    for (const hit of hits) {
      if (hit.value.kind !== 'cue') continue;
      const first = tokens[hit.start]!;
      switch (hit.value.cue) {
        case 'idiom':
          this.idiomCovered.fill(1, hit.start, hit.end);
          break;
        case 'history':
          this.historySentences.add(first.sentence);
          historyCovered.fill(1, hit.start, hit.end);
          break;
        case 'recency':
          recency.push(hit);
          break;
        case 'hypothetical': {
          const earliest = this.hypotheticalByClause.get(first.clause);
          if (earliest === undefined || hit.start < earliest) this.hypotheticalByClause.set(first.clause, hit.start);
          break;
        }
        case 'supportive':
          this.supportiveSentences.add(first.sentence);
          break;
        case 'quoteVerb':
          this.quoteVerbSentences.add(first.sentence);
          break;
        case 'habitual':
          this.habitualSentences.add(first.sentence);
          break;
      }
    }
    // "Three years ago today" is history: its "today" does not make the sentence recent.
    for (const hit of recency) {
      let insideHistory = false;
      for (let k = hit.start; k < hit.end; k++) if (historyCovered[k] === 1) insideHistory = true;
      if (!insideHistory) this.recentSentences.add(tokens[hit.start]!.sentence);
    }
  }

  clauseStart(index: number): number {
    return this.clauseStarts[index]!;
  }

  opensSentence(index: number): boolean {
    return index === 0 || this.tokens[index - 1]!.sentence !== this.tokens[index]!.sentence;
  }

  idiomOverlaps(start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (this.idiomCovered[k] === 1) return true;
    return false;
  }

  isHistory(sentence: number): boolean {
    return this.historySentences.has(sentence) && !this.recentSentences.has(sentence);
  }

  isHypothetical(clause: number, start: number): boolean {
    const cue = this.hypotheticalByClause.get(clause);
    return cue !== undefined && cue < start;
  }

  isSupportive(sentence: number): boolean {
    return this.supportiveSentences.has(sentence);
  }

  hasFirstPerson(sentence: number): boolean {
    return this.firstPersonSentences.has(sentence);
  }

  isHabitual(sentence: number): boolean {
    return this.habitualSentences.has(sentence);
  }

  hasQuoteVerb(sentence: number): boolean {
    return this.quoteVerbSentences.has(sentence);
  }

  allQuoted(start: number, end: number): boolean {
    for (let k = start; k < end; k++) if (!this.tokens[k]!.quoted) return false;
    return true;
  }
}

interface RegexWindow {
  text: string;
  tokenRange(from: number, to: number): { start: number; end: number };
}

/** Each sentence as its words joined by spaces, cut into overlapping bounded windows. */
function* regexWindows(tokens: readonly Token[]): Generator<RegexWindow> {
  let sentenceStart = 0;
  for (let i = 1; i <= tokens.length; i++) {
    if (i < tokens.length && tokens[i]!.sentence === tokens[sentenceStart]!.sentence) continue;
    let first = sentenceStart;
    while (first < i) {
      const offsets: number[] = [];
      let text = '';
      let last = first;
      while (last < i && (text.length === 0 || text.length + 1 + tokens[last]!.word.length <= REGEX_WINDOW)) {
        if (text.length > 0) text += ' ';
        offsets.push(text.length);
        text += tokens[last]!.word;
        last++;
      }
      const base = first;
      yield {
        text,
        tokenRange(from: number, to: number) {
          let start = 0;
          while (start + 1 < offsets.length && offsets[start + 1]! <= from) start++;
          let end = start + 1;
          while (end < offsets.length && offsets[end]! < to) end++;
          return { start: base + start, end: base + end };
        },
      };
      if (last >= i) break;
      // Step forward but keep an overlap, so a match across the cut is not lost.
      let advanced = first;
      let length = 0;
      while (advanced < last - 1 && length < REGEX_WINDOW_STEP) {
        length += tokens[advanced]!.word.length + 1;
        advanced++;
      }
      first = Math.max(advanced, first + 1);
    }
    sentenceStart = i;
  }
}
