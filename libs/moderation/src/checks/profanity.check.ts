import { DataSet, type EnglishProfaneWord, englishDataset, englishRecommendedTransformers, RegExpMatcher } from 'obscenity';
import { type Finding, type ModerationCheck, type PostUnderReview, PRIORITY, type TextSpan } from './moderation-check.js';
import { isWordChar, type NormalisedText, normaliseForMatching, originalSpan } from './normalise.js';

type ProfaneWordMetadata = { originalWord: EnglishProfaneWord };

/**
 * Words the English data set lists that members here use to tell what happened to them or
 * to their bodies (survivors of rape and incest, people in recovery from porn or sex
 * addiction, chronic illness). Masking them would silence exactly the posts this forum is
 * for. "negro" is also the Spanish word for black, and many members here write in Spanish.
 */
const EXPERIENCE_WORDS: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>([
  'anal', 'anus', 'boob', 'ejaculate', 'incest', 'masturbate', 'negro', 'orgasm', 'penis', 'porn', 'rape', 'semen', 'sex', 'vagina',
]);

/** Slurs against a people or a disability: they hold the post whoever they are aimed at. */
const SLURS: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>([
  'abeed', 'abo', 'africoon', 'arabush', 'boonga', 'chingchong', 'chink', 'kike', 'nigger', 'retard', 'spastic',
]);

/**
 * Slurs that many LGBTQ+ members have reclaimed for themselves ("I'm a proud dyke"): aimed
 * at a member they hold the post; otherwise a moderator is asked to look, and the post appears.
 */
const RECLAIMED_SLURS: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>(['dyke', 'fag', 'tranny']);

/** Profanities that can name a person ("you piece of shit", "you bitch"). */
const PERSON_WORDS: ReadonlySet<EnglishProfaneWord> = new Set<EnglishProfaneWord>([
  'ass', 'bastard', 'bitch', 'cock', 'cunt', 'dick', 'prick', 'pussy', 'shit', 'slut', 'turd', 'twat', 'whore', 'wank',
  ...SLURS, ...RECLAIMED_SLURS,
]);

// Clinical words that contain a listed word ("psychomotor retardation" is a symptom of depression).
const WHITELISTED_TERMS = ['retardation', 'retardant', 'retarding'];

let sharedMatcher: { matcher: RegExpMatcher; dataset: DataSet<ProfaneWordMetadata> } | null = null;

/** Built once: compiling the data set's patterns is the slow part. */
function profanityMatcher(): { matcher: RegExpMatcher; dataset: DataSet<ProfaneWordMetadata> } {
  if (sharedMatcher === null) {
    const dataset = new DataSet<ProfaneWordMetadata>()
      .addAll(englishDataset)
      .removePhrasesIf((phrase) => phrase.metadata !== undefined && EXPERIENCE_WORDS.has(phrase.metadata.originalWord));
    const built = dataset.build();
    const matcher = new RegExpMatcher({
      ...built,
      whitelistedTerms: [...(built.whitelistedTerms ?? []), ...WHITELISTED_TERMS],
      ...englishRecommendedTransformers,
    });
    sharedMatcher = { matcher, dataset };
  }
  return sharedMatcher;
}

// Placeholders for a profane word in the text the harassment patterns read: one that can
// name a person ("shit", "fucker"), the bare "fuck" ("fuck you"), and the rest ("fucking").
const PERSON_MARK = '\uE000';
const FUCK_MARK = '\uE001';
const OTHER_MARK = '\uE002';
const P_PERSON = `${PERSON_MARK}+`;
const P_FUCK = `${FUCK_MARK}+`;
const P_ANY = `[${PERSON_MARK}${FUCK_MARK}${OTHER_MARK}]+`;

const YOU = String.raw`(?:you|u|ya|yu)`;
const YOURSELF = String.raw`(?:your\s*self|ur\s*self|yo\s*self|yourselves)`;
const YOU_ARE = String.raw`(?:you\s+are|you\s+r|you're|youre|u\s+are|u\s+r|ur|you\s+just\s+are)`;
const INSULT_ADJECTIVES = [
  'worthless', 'pathetic', 'stupid', 'dumb', 'ugly', 'disgusting', 'useless', 'fat', 'gross', 'retarded', 'brainless',
  'annoying', 'vile', 'repulsive', 'hideous', 'revolting', 'unlovable', 'unwanted', 'a\\s+waste\\s+of\\s+(?:space|oxygen|air|skin|time)',
].join('|');
const PERSON_INSULTS = [
  'idiots?', 'morons?', 'losers?', 'freaks?', 'clowns?', 'parasites?', 'scum', 'liars?', 'frauds?', 'psychos?', 'lunatics?',
  'weirdos?', 'cowards?', 'imbeciles?', 'jerks?', 'dumbass', 'dipshit', `piece\\s+of\\s+(?:${P_ANY}|trash|garbage|crap|work)`,
].join('|');
const INSULT_NOUNS = [PERSON_INSULTS, 'failures?', 'jokes?', 'disgrace', 'trash', 'garbage', 'burden', 'embarrassment', 'mistake', 'attention\\s+seekers?', P_PERSON].join('|');
const INTENSIFIERS = String.raw`(?:such|so|really|truly|just|literally|honestly|actually|totally|completely|the|a|an|one|total|complete|absolute|utter|big|little|biggest|pure|nothing\s+but|always|still|${P_ANY})`;
// Conditions and troubles members curse at ("fuck you, cancer"), which are not members.
const NOT_A_MEMBER = String.raw`(?:cancer|depression|anxiety|addiction|ptsd|bpd|ocd|adhd|grief|disease|illness|life|world|universe|covid|insurance|alcohol|booze|meth|heroin|fentanyl|opioids|pills|drugs|brain|body|pain|trauma|chemo|diabetes|lupus|relapse|cravings|insomnia|mondays?|government|system)`;
// Where an imperative may begin: the start of a clause, or after a filler word.
const CLAUSE_START = String.raw`(?<=(?:^|[.!?\n,;:]|\b(?:and|so|lol|lmao|omg|ok|okay|then|now)\b)\s*)`;

/** Abuse aimed at another member, read on the folded text with profanities replaced by marks. */
const HARASSMENT_PATTERNS: readonly RegExp[] = [
  // "you are a worthless piece of shit", "ur a loser", "you're so pathetic"
  new RegExp(String.raw`\b${YOU_ARE}\s+(?:${INTENSIFIERS}\s+)*(?:(?:${INSULT_ADJECTIVES})\b(?:\s+(?:${INSULT_NOUNS})(?![a-z]))?|(?:(?!(?:not|never|no)\b)[a-z]+\s+|${P_ANY}\s+)?(?:${INSULT_NOUNS})(?![a-z]))`, 'gu'),
  // "your a loser", "your so stupid" ("your" for "you're"; "your mistake" is only possessive)
  new RegExp(String.raw`\byour\s+(?:(?:so|such|really|just)\s+)*(?:(?:${INSULT_ADJECTIVES})\b(?:\s+(?:${INSULT_NOUNS})(?![a-z]))?|an?\s+(?:(?!(?:not|never|no)\b)[a-z]+\s+|${P_ANY}\s+)?(?:${INSULT_NOUNS})(?![a-z]))`, 'gu'),
  // "you idiot", "you stupid bitch", "you piece of shit"
  new RegExp(String.raw`\b${YOU}\s+(?:(?:${INSULT_ADJECTIVES}|${P_ANY}|little|big)\s+){0,2}(?:${PERSON_INSULTS}|${P_PERSON})(?![a-z])`, 'gu'),
  // "fuck you", "screw you", "fuck off", but not "fuck you, cancer"
  new RegExp(String.raw`(?:\bscrew|${P_FUCK})\s+(?:${YOU}|off|${YOURSELF})\b(?![\s,]+${NOT_A_MEMBER}\b)`, 'gu'),
  /\b(?:stfu|gtfo|kys)\b/gu,
  new RegExp(String.raw`\bshut\s+the\s+(?:${P_ANY}|hell)\s+up\b|\bgo\s+to\s+hell\b`, 'gu'),
  // Telling a member to die or kill themselves ("kill yourself", "why don't you just die")
  // (only as a command: "I'd rather just die" is a member in crisis, for the crisis check)
  new RegExp(String.raw`${CLAUSE_START}(?:(?:just|pls|please|go|now)\s+)*(?:kill\s+${YOURSELF}|drop\s+dead)\b`, 'gu'),
  new RegExp(String.raw`${CLAUSE_START}(?:(?:just|pls|please|go|now)\s+)+die\b`, 'gu'),
  new RegExp(String.raw`\b${YOU}\s+(?:should|could|need\s+to|ought\s+to|deserve\s+to|better)\s+(?:just\s+)?(?:go\s+)?(?:die|suffer|be\s+dead|kill\s+${YOURSELF})\b`, 'gu'),
  new RegExp(String.raw`\bwhy\s+(?:don't|dont|do\s+not)\s+${YOU}\s+(?:just\s+)?(?:go\s+)?(?:die|kill\s+${YOURSELF}|leave)\b`, 'gu'),
  new RegExp(String.raw`\b(?:hope|wish)\s+${YOU}\s+(?:would\s+)?(?:just\s+)?(?:go\s+)?(?:die|rot|suffer|kill\s+${YOURSELF})\b|\bdie\s+in\s+a\s+(?:fire|hole|ditch)\b`, 'gu'),
  /\bdo\s+(?:us|everyone|everybody|the\s+world)\s+(?:all\s+)?a\s+favou?r\s+and\s+(?:just\s+)?(?:die|leave|disappear|kill\s+)/gu,
  // Telling a member they are not wanted
  // ("nobody wants you to leave" is the opposite)
  new RegExp(String.raw`\b(?:nobody|no\s*one|no\s+body)\s+(?:here\s+)?(?:wants|likes|cares\s+about|would\s+miss|will\s+miss|needs|loves)\s+${YOU}\b(?!\s+to\b)`, 'gu'),
  new RegExp(String.raw`\b(?:every(?:one|body)|we\s+all|all\s+of\s+us)\s+(?:here\s+)?(?:hates?|despises?)\s+${YOU}\b`, 'gu'),
  new RegExp(String.raw`\b${YOU}\s+(?:don't|dont|do\s+not)\s+belong\s+here\b`, 'gu'),
  new RegExp(String.raw`\b(?:world|everyone|everybody|we|it|things|(?:this|the|our)\s+(?:place|forum|board|group|community))\s+(?:would\s+be|will\s+be|is|are|'d\s+be)\s+better\s+(?:off\s+)?without\s+${YOU}\b`, 'gu'),
  /\bget\s+(?:off|out\s+of)\s+(?:this|the|our)\s+(?:forum|board|site|group|thread)\b/gu,
  new RegExp(String.raw`\bgo\s+back\s+to\s+(?:your\s+(?:own\s+)?country|where\s+${YOU}\s+came\s+from)\b`, 'gu'),
];

// A clause ends at punctuation or "but": "I like you, but you're an idiot" has two.
const CLAUSE_BREAK = /[.!?\n,;:()"“”]|\bbut\b/gu;
// Before the abuse-like words, in the same clause: it is denied, or someone else's words.
const NEGATED = /\b(?:not|never|don't|dont|doesn't|doesnt|didn't|didnt|won't|wont|isn't|isnt|aren't|arent|wasn't|nobody|anyone|anybody|whoever|stop|quit|if|when|whenever|whether|even|lie|lies|lying|untrue)\b/u;
const REPORTED = /\b(?:say|says|said|saying|tell|tells|told|telling|call|calls|called|calling|make|makes|made|making|voice|voices|means|mean|seem|seems|seemed)\b/u;
// A member's own feeling or thought, unless it is the speaker's opinion ("I think you're an idiot").
const FEELING = /(?<![\w'])([\w']+)\s+(?:really\s+|honestly\s+|sometimes\s+|might\s+|may\s+|probably\s+)?(?:think|thinks|thought|believe|believes|feel|feels|felt|feeling|know|knows|worry|worried|fear|fears|guess)\b/gu;
const SPEAKER = new Set(['i', 'im', "i'm", 'we', 'honestly']);
// "you're a burden to no one" reads as abuse to the patterns up to "burden".
const REASSURING_TAIL = /^\s*to\s+(?:no\s*one|nobody)\b/u;
// "you are the shit" is praise.
const PRAISE = new RegExp(String.raw`\bthe\s+${P_PERSON}$`, 'u');

const HARASSMENT_MESSAGE =
  'This community asks members to be kind to one another, even when things are hard. A moderator will read your post before it appears. ' +
  'If someone here has hurt or upset you, you can report their post, and if you are struggling yourself, you are welcome to say so.';
const SLUR_MESSAGE =
  'Your post uses a word that hurts many people here, so a moderator will read it before it appears. ' +
  'If you were quoting someone or describing something that happened to you, the moderator will see that.';

interface ProfanityAnalysis {
  profane: TextSpan[];
  /** Slurs, and reclaimed slurs aimed at a member. */
  slurs: TextSpan[];
  /** Reclaimed slurs not aimed at anyone: only flagged. */
  reclaimed: TextSpan[];
  harassment: TextSpan[];
}

/**
 * Swearing is part of how peers vent, so profanity is only masked. Abuse aimed at another
 * member, and slurs, hold the post for a moderator. Self-directed words ("I feel like shit",
 * "I'm such an idiot") are neither: they are a member in pain, not a member being cruel.
 */
export class ProfanityCheck implements ModerationCheck {
  readonly name = 'profanity';

  run(post: PostUnderReview): Finding[] {
    const body = analyse(post.body);
    const title = post.title ? analyse(post.title) : null;
    const findings: Finding[] = [];
    const add = (kind: keyof ProfanityAnalysis, make: (spans: TextSpan[], titleNote: string) => Finding): void => {
      const spans = body[kind];
      const inTitle = title?.[kind] ?? [];
      if (spans.length === 0 && inTitle.length === 0) return;
      const titleNote = inTitle.length === 0 ? '' : ` (in the title: ${inTitle.map((s) => `"${s.text}"`).join(', ')})`;
      findings.push(make(spans, titleNote));
    };
    add('harassment', (spans, titleNote) => ({
      check: this.name,
      reason: `Abuse aimed at another member${titleNote}`,
      action: 'hold',
      priority: PRIORITY.high,
      spans,
      authorMessage: HARASSMENT_MESSAGE,
    }));
    add('slurs', (spans, titleNote) => ({
      check: this.name,
      reason: `Slur${titleNote}`,
      action: 'hold',
      priority: PRIORITY.high,
      spans,
      authorMessage: SLUR_MESSAGE,
    }));
    add('reclaimed', (spans, titleNote) => ({
      check: this.name,
      reason: `A slur some members reclaim for themselves; published, please check how it is used${titleNote}`,
      action: 'flag',
      priority: PRIORITY.normal,
      spans,
    }));
    add('profane', (spans, titleNote) => ({
      check: this.name,
      reason: `Profanity, masked when published${titleNote}`,
      action: 'censor',
      priority: PRIORITY.low,
      spans,
    }));
    return findings;
  }
}

interface ProfaneMatch {
  /** Offsets in the normalised text. */
  start: number;
  end: number;
  word: EnglishProfaneWord | undefined;
}

/** Matches widened to the whole word, so "fucking" is masked whole rather than as "****ing". */
function profaneMatches(text: NormalisedText): ProfaneMatch[] {
  const { matcher, dataset } = profanityMatcher();
  return matcher.getAllMatches(text.text, true).map((payload) => {
    let start = payload.startIndex;
    let end = payload.endIndex + 1;
    while (start > 0 && isWordChar(text.text[start - 1])) start--;
    while (end < text.text.length && isWordChar(text.text[end])) end++;
    return { start, end, word: dataset.getPayloadWithPhraseMetadata(payload).phraseMetadata?.originalWord };
  });
}

function analyse(original: string): ProfanityAnalysis {
  // Leetspeak and look-alikes are read as letters; spaced-out letters are joined only for
  // the word list ("s h i t"), since "u r a loser" must stay three words for the patterns.
  const words = normaliseForMatching(original, { leetspeak: true });
  const joined = normaliseForMatching(original, { leetspeak: true, joinSpacedLetters: true });
  const matches = profaneMatches(words);
  const spansOf = (text: NormalisedText, list: ProfaneMatch[]): Array<{ span: TextSpan; word: EnglishProfaneWord | undefined }> =>
    list.map((m) => ({ span: originalSpan(original, text, m.start, m.end), word: m.word }));
  const found = spansOf(words, matches);
  if (joined.joinedStarts.size > 0) found.push(...spansOf(joined, profaneMatches(joined)));

  const harassment = harassmentSpans(original, words, matches);
  const targeted = (span: TextSpan): boolean => harassment.some((h) => h.start <= span.start && span.end <= h.end);
  const analysis: ProfanityAnalysis = { profane: [], slurs: [], reclaimed: [], harassment };
  for (const { span, word } of uniqueSpans(found)) {
    if (word !== undefined && SLURS.has(word)) analysis.slurs.push(span);
    else if (word !== undefined && RECLAIMED_SLURS.has(word)) (targeted(span) ? analysis.slurs : analysis.reclaimed).push(span);
    else analysis.profane.push(span);
  }
  return analysis;
}

function uniqueSpans<T extends { span: TextSpan }>(items: T[]): T[] {
  const seen = new Set<string>();
  return items
    .sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end)
    .filter((item) => {
      const key = `${item.span.start}:${item.span.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

function harassmentSpans(original: string, words: NormalisedText, matches: ProfaneMatch[]): TextSpan[] {
  const marked = markProfanity(words.text, matches);
  const clauseStarts = [0, ...[...marked.matchAll(CLAUSE_BREAK)].map((m) => m.index + m[0].length)];
  const found: Array<[number, number]> = [];
  for (const pattern of HARASSMENT_PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of marked.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      const clause = marked.slice(clauseStartBefore(clauseStarts, start), start);
      if (deniedOrReported(clause) || REASSURING_TAIL.test(marked.slice(end, end + 20)) || PRAISE.test(match[0])) continue;
      found.push([start, end]);
    }
  }
  // Longest first at each start, then drop what a span already kept covers.
  found.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const kept: Array<[number, number]> = [];
  for (const span of found) {
    const last = kept[kept.length - 1];
    if (last === undefined || span[1] > last[1]) kept.push(span);
  }
  return kept.map(([start, end]) => originalSpan(original, words, start, end));
}

/** Where the clause holding `at` begins (binary search over the sorted clause starts). */
function clauseStartBefore(starts: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle]! <= at) low = middle;
    else high = middle - 1;
  }
  return starts[low]!;
}

/** The text with every word holding a profanity replaced, letter for letter, by a mark. */
function markProfanity(text: string, matches: ProfaneMatch[]): string {
  const units = text.split('');
  for (const { start, end, word: listed } of matches) {
    const word = text.slice(start, end);
    // "fucker", "shithead", "asshole" name a person; "fucking", "shitty" do not.
    const namesPerson =
      /(?:er|ers|hole|holes|head|heads|face|wad|bag|wit|stain|sucker)$/u.test(word) ||
      (listed !== undefined && PERSON_WORDS.has(listed) && !/(?:ing|in|ed|y|ty)$/u.test(word));
    const mark = namesPerson ? PERSON_MARK : listed === 'fuck' && /k$/u.test(word) ? FUCK_MARK : OTHER_MARK;
    for (let k = start; k < end; k++) if (units[k] !== PERSON_MARK) units[k] = mark;
  }
  return units.join('');
}

/** Whether the words before the match, in its clause, deny it or report someone else's words. */
function deniedOrReported(clause: string): boolean {
  // Six words back is enough; looking no further keeps a long clause from costing more.
  const before = clause.slice(-80).trim().split(/\s+/).slice(-6).join(' ');
  if (NEGATED.test(before) || REPORTED.test(before)) return true;
  for (const feeling of before.matchAll(FEELING)) {
    if (!SPEAKER.has(feeling[1]!)) return true;
  }
  return false;
}
