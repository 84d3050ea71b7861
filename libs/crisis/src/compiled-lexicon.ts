import { parseLexicon, type CrisisLexicon, type ModifierName } from './lexicon.js';
import { normaliseText, TextFolder } from './normalise.js';
import { PhraseCompiler, PhraseSet } from './phrase.js';
import type { RiskLevel } from './risk-level.js';
import type { WatchedWordRule } from './watched-words.js';
import { WordForms } from './word-forms.js';

export type CueKind = 'history' | 'recency' | 'hypothetical' | 'supportive' | 'idiom' | 'quoteVerb' | 'habitual';

export type Entry =
  | { kind: 'signal'; signal: string }
  | { kind: 'cue'; cue: CueKind }
  | { kind: 'watched'; rule: WatchedWordRule };

export interface Requirement {
  names: ReadonlySet<string>;
  minWeight: number;
}

export interface Combination {
  requirements: Requirement[];
  level: RiskLevel;
  withinSentences: number | undefined;
}

export const CUE_KINDS: readonly [CueKind, keyof CrisisLexicon['cues']][] = [
  ['history', 'history'],
  ['recency', 'recency'],
  ['hypothetical', 'hypothetical'],
  ['supportive', 'supportive'],
  ['idiom', 'idioms'],
  ['quoteVerb', 'quoteVerbs'],
  ['habitual', 'habitual'],
];

// Compiling a lexicon (thousands of phrases) takes tens of milliseconds; a detector is
// rebuilt whenever moderators change the watched words, so each lexicon object is compiled
// once and shared. A lexicon must therefore not be changed after its first use.
const compiled = new WeakMap<object, CompiledLexicon>();

/** A lexicon turned into the structures the detector reads posts with. */
export class CompiledLexicon {
  readonly lexicon: CrisisLexicon;
  readonly phraseWords: ReadonlySet<string>;
  readonly folder: TextFolder;
  readonly forms: WordForms;
  readonly phrases: PhraseSet<Entry>;
  readonly combinations: Combination[];
  readonly fillers: ReadonlySet<string>;
  readonly clauseBreakWords: ReadonlySet<string>;
  readonly leet: ReadonlyMap<string, string>;
  readonly negators: ReadonlySet<string>;
  readonly negationInverters: ReadonlySet<string>;
  readonly negationBarriers: ReadonlySet<string>;
  readonly negationCancellers: ReadonlySet<string>;
  readonly negatorExceptions: ReadonlySet<string>;
  readonly otherSubjects: ReadonlySet<string>;
  readonly selfSubjects: ReadonlySet<string>;
  readonly firstPerson: ReadonlySet<string>;
  readonly english: ReadonlySet<string>;
  readonly spanish: ReadonlySet<string>;
  /** Each signal's modifiers as a set, looked up for every phrase found. */
  readonly modifiers: ReadonlyMap<string, ReadonlySet<ModifierName>>;

  static of(lexicon: CrisisLexicon): CompiledLexicon {
    let result = compiled.get(lexicon);
    if (result === undefined) {
      result = new CompiledLexicon(lexicon);
      compiled.set(lexicon, result);
    }
    return result;
  }

  private constructor(source: CrisisLexicon) {
    this.lexicon = parseLexicon(source);
    const { cues } = this.lexicon;
    this.folder = new TextFolder(new Map(Object.entries(this.lexicon.lookalikes)));
    const compiler = new PhraseCompiler(this.lexicon.classes, this.foldWord);
    this.phrases = new PhraseSet<Entry>(compiler);
    for (const [name, definition] of Object.entries(this.lexicon.signals)) {
      for (const pattern of definition.patterns) this.phrases.add(pattern, { kind: 'signal', signal: name });
    }
    for (const [cue, key] of CUE_KINDS) {
      for (const pattern of cues[key]) this.phrases.add(pattern, { kind: 'cue', cue });
    }
    const wordSet = (words: readonly string[]): Set<string> => new Set(words.map(this.foldWord));
    this.fillers = wordSet(this.lexicon.fillers);
    this.clauseBreakWords = wordSet(cues.clauseBreaks);
    this.negators = wordSet(cues.negators);
    this.negationInverters = wordSet(cues.negationInverters);
    this.negationBarriers = wordSet(cues.negationBarriers);
    this.negationCancellers = wordSet(cues.negationCancellers);
    this.negatorExceptions = wordSet(cues.negatorExceptions);
    this.otherSubjects = wordSet(cues.otherSubjects);
    this.selfSubjects = wordSet(cues.selfSubjects);
    this.firstPerson = wordSet(cues.firstPerson);
    this.english = wordSet(this.lexicon.language.en);
    this.spanish = wordSet(this.lexicon.language.es);
    this.leet = new Map(Object.entries(this.lexicon.leet));
    this.modifiers = new Map(Object.entries(this.lexicon.signals).map(([name, definition]) => [name, new Set(definition.modifiers)]));

    this.phraseWords = new Set(compiler.vocabulary);
    const vocabulary = new Set<string>(compiler.vocabulary);
    const addWords = (words: Iterable<string>): void => {
      for (const word of words) for (const part of this.foldWord(word).split(' ')) if (part.length > 0) vocabulary.add(part);
    };
    addWords(this.fillers);
    for (const key of Object.keys(cues) as (keyof CrisisLexicon['cues'])[]) {
      if (!CUE_KINDS.some(([, cueKey]) => cueKey === key)) addWords(cues[key]);
    }
    addWords(Object.values(this.lexicon.abbreviations));
    addWords(Object.values(this.lexicon.spellings));
    addWords(this.lexicon.fuzzy.targets);
    addWords(this.lexicon.segmentation.anchors);
    addWords(this.lexicon.language.en);
    addWords(this.lexicon.language.es);
    this.forms = new WordForms(this.lexicon, vocabulary);

    this.combinations = this.lexicon.combinations.map((rule) => ({
      level: rule.level,
      withinSentences: rule.withinSentences,
      requirements: rule.when.map((requirement) => {
        const [names = '', minimum] = requirement.split('>=');
        return { names: new Set(names.split('|').map((name) => name.trim())), minWeight: minimum === undefined ? 1 : Number(minimum) };
      }),
    }));
  }

  /** Folds a lexicon word the way post text is folded (case, accents, look-alikes). */
  readonly foldWord = (word: string): string => normaliseText(word, this.folder).text;
}
