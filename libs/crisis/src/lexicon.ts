import { isRiskLevel, type RiskLevel } from './risk-level.js';

/**
 * The shape of the crisis lexicon. The words live in data (`lexicon.json`) so that
 * moderators and clinicians can review and extend them without touching the matcher.
 *
 * Pattern syntax (one phrase per string, tokens separated by spaces, matched against the
 * normalised words of a post, never across sentences):
 *   word        that word                    a|b|c       any one of these words
 *   (a b|c)     any one of these phrases     @NAME       any phrase of class NAME
 *   x?          element x is optional
 *   *N          up to N words of anything    pre~        any word starting with "pre"
 *   !a|b        the next word is not a or b (a word after a clause break does not count)
 *   $           the end of the sentence
 *   #           a number    #big  a number of 10 or more    #y  a year (1950-2039)
 * Filler words (just, really, so, ...) may appear between elements of any phrase.
 */
export type ModifierName =
  | 'negation'
  | 'history'
  | 'hypothetical'
  | 'supportive'
  | 'quote'
  | 'subject'
  | 'firstPerson'
  | 'impliedSubject'
  | 'opening'
  | 'habitual';

export const MODIFIER_NAMES: readonly ModifierName[] = [
  'negation',
  'history',
  'hypothetical',
  'supportive',
  'quote',
  'subject',
  'firstPerson',
  'impliedSubject',
  'opening',
  'habitual',
];

export interface SignalDefinition {
  /** Level this signal gives on its own; `green` for signals that only count in combinations. */
  level: RiskLevel;
  /** Whether the signal is about the writer or about someone else. */
  about: 'self' | 'other';
  /** Signals of one group pool their weight in combinations and do not double count overlaps. */
  group?: string;
  /** Weight in its group's pool; negative for cues that argue against the group (an ordinary farewell). */
  weight?: number;
  /** The signal a self signal becomes when it turns out to be someone else's words or state. */
  otherAs?: string;
  modifiers: ModifierName[];
  /** Signals whose words inside this one's phrase are part of it, not separate evidence. */
  absorbs?: string[];
  patterns: string[];
  note?: string;
}

export interface CombinationRule {
  /** Every requirement must hold: "name" (a signal or group) or "a|b>=2" (their pooled weight). */
  when: string[];
  level: RiskLevel;
  /** All requirements met within this many following sentences; absent means anywhere in the post. */
  withinSentences?: number;
  note?: string;
}

export interface CrisisCues {
  negators: string[];
  /** "pretend": the clause after it means the opposite of what it says. */
  negationInverters: string[];
  /** "not gonna lie": negation before it does not reach the phrase after it. */
  negationBarriers: string[];
  /** "can't stop thinking about": the negator right before these does not negate. */
  negationCancellers: string[];
  /** Determiners after "no" that make it a quantity, not a negation ("no one"). */
  negatorExceptions: string[];
  otherSubjects: string[];
  selfSubjects: string[];
  firstPerson: string[];
  clauseBreaks: string[];
  history: string[];
  recency: string[];
  hypothetical: string[];
  supportive: string[];
  idioms: string[];
  /** "Some nights I ...": a recurring scene, not one happening now. */
  habitual: string[];
  quoteVerbs: string[];
}

export interface CrisisLexicon {
  version: number;
  lookalikes: Record<string, string>;
  leet: Record<string, string>;
  units: string[];
  contractions: { suffixes: Record<string, string>; isAfter: string[] };
  abbreviations: Record<string, string>;
  spellings: Record<string, string>;
  fuzzy: { targets: string[]; protected: string[] };
  segmentation: { anchors: string[] };
  fillers: string[];
  classes: Record<string, string[]>;
  cues: CrisisCues;
  signals: Record<string, SignalDefinition>;
  combinations: CombinationRule[];
  language: { en: string[]; es: string[] };
}

class LexiconError extends Error {
  constructor(path: string, problem: string) {
    super(`invalid crisis lexicon at ${path}: ${problem}`);
    this.name = 'LexiconError';
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function record(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new LexiconError(path, 'expected an object');
  return value;
}

function stringList(value: unknown, path: string): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new LexiconError(path, 'expected a list of strings');
  }
  return value as string[];
}

function stringMap(value: unknown, path: string): Record<string, string> {
  const map = record(value, path);
  for (const [key, item] of Object.entries(map)) {
    if (typeof item !== 'string') throw new LexiconError(`${path}.${key}`, 'expected a string');
  }
  return map as Record<string, string>;
}

function level(value: unknown, path: string): RiskLevel {
  if (!isRiskLevel(value)) throw new LexiconError(path, 'expected green, amber, red or crisis');
  return value;
}

function optionalNumber(value: unknown, path: string, allowNegative = false): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value) || (!allowNegative && value < 0)) {
    throw new LexiconError(path, allowNegative ? 'expected a number' : 'expected a non-negative number');
  }
  return value;
}

function optionalString(value: unknown, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw new LexiconError(path, 'expected a string');
  return value;
}

function signal(value: unknown, path: string): SignalDefinition {
  const raw = record(value, path);
  const about = raw['about'];
  if (about !== 'self' && about !== 'other') throw new LexiconError(`${path}.about`, 'expected self or other');
  const modifiers = stringList(raw['modifiers'] ?? [], `${path}.modifiers`);
  for (const modifier of modifiers) {
    if (!(MODIFIER_NAMES as readonly string[]).includes(modifier)) {
      throw new LexiconError(`${path}.modifiers`, `unknown modifier "${modifier}"`);
    }
  }
  return {
    level: level(raw['level'], `${path}.level`),
    about,
    group: optionalString(raw['group'], `${path}.group`),
    weight: optionalNumber(raw['weight'], `${path}.weight`, true),
    otherAs: optionalString(raw['otherAs'], `${path}.otherAs`),
    modifiers: modifiers as ModifierName[],
    absorbs: raw['absorbs'] === undefined ? undefined : stringList(raw['absorbs'], `${path}.absorbs`),
    patterns: stringList(raw['patterns'], `${path}.patterns`),
    note: optionalString(raw['note'], `${path}.note`),
  };
}

const CUE_KEYS: readonly (keyof CrisisCues)[] = [
  'negators',
  'negationInverters',
  'negationBarriers',
  'negationCancellers',
  'negatorExceptions',
  'otherSubjects',
  'selfSubjects',
  'firstPerson',
  'clauseBreaks',
  'history',
  'recency',
  'hypothetical',
  'supportive',
  'idioms',
  'habitual',
  'quoteVerbs',
];

/**
 * Checks that an object (usually parsed JSON) has the lexicon's shape, so a lexicon edited
 * by hand fails loudly at start-up instead of silently missing posts.
 */
export function parseLexicon(value: unknown): CrisisLexicon {
  const raw = record(value, 'lexicon');
  const contractions = record(raw['contractions'], 'contractions');
  const fuzzy = record(raw['fuzzy'], 'fuzzy');
  const segmentation = record(raw['segmentation'], 'segmentation');
  const rawCues = record(raw['cues'], 'cues');
  const cues = {} as CrisisCues;
  for (const key of CUE_KEYS) cues[key] = stringList(rawCues[key] ?? [], `cues.${key}`);
  const rawClasses = record(raw['classes'], 'classes');
  const classes: Record<string, string[]> = {};
  for (const [name, list] of Object.entries(rawClasses)) classes[name] = stringList(list, `classes.${name}`);
  const rawSignals = record(raw['signals'], 'signals');
  const signals: Record<string, SignalDefinition> = {};
  for (const [name, def] of Object.entries(rawSignals)) signals[name] = signal(def, `signals.${name}`);
  for (const [name, def] of Object.entries(signals)) {
    if (def.otherAs !== undefined && signals[def.otherAs] === undefined) {
      throw new LexiconError(`signals.${name}.otherAs`, `unknown signal "${def.otherAs}"`);
    }
  }
  const rawCombinations = raw['combinations'];
  if (!Array.isArray(rawCombinations)) throw new LexiconError('combinations', 'expected a list');
  const combinations = rawCombinations.map((item: unknown, index): CombinationRule => {
    const path = `combinations[${index}]`;
    const rule = record(item, path);
    return {
      when: stringList(rule['when'], `${path}.when`),
      level: level(rule['level'], `${path}.level`),
      withinSentences: optionalNumber(rule['withinSentences'], `${path}.withinSentences`),
      note: optionalString(rule['note'], `${path}.note`),
    };
  });
  const language = record(raw['language'], 'language');
  return {
    version: optionalNumber(raw['version'], 'version') ?? 1,
    lookalikes: stringMap(raw['lookalikes'], 'lookalikes'),
    leet: stringMap(raw['leet'], 'leet'),
    units: stringList(raw['units'], 'units'),
    contractions: {
      suffixes: stringMap(contractions['suffixes'], 'contractions.suffixes'),
      isAfter: stringList(contractions['isAfter'], 'contractions.isAfter'),
    },
    abbreviations: stringMap(raw['abbreviations'], 'abbreviations'),
    spellings: stringMap(raw['spellings'], 'spellings'),
    fuzzy: {
      targets: stringList(fuzzy['targets'], 'fuzzy.targets'),
      protected: stringList(fuzzy['protected'] ?? [], 'fuzzy.protected'),
    },
    segmentation: { anchors: stringList(segmentation['anchors'], 'segmentation.anchors') },
    fillers: stringList(raw['fillers'], 'fillers'),
    classes,
    cues,
    signals,
    combinations,
    language: { en: stringList(language['en'], 'language.en'), es: stringList(language['es'], 'language.es') },
  };
}
