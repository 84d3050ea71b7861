import { type Finding, type ModerationCheck, type PostUnderReview, PRIORITY, type TextSpan } from './moderation-check.js';
import { normaliseForMatching, originalSpan } from './normalise.js';

/**
 * Public numbers peers share to help each other (the help data file adds the local ones):
 * emergency and N11 services, 988, Crisis Text Line, the old Lifeline number, SAMHSA, the
 * Trevor Project (call and text), Trans Lifeline, the domestic violence hotline, RAINN.
 */
export const WELL_KNOWN_PUBLIC_NUMBERS: readonly string[] = [
  '911', '988', '211', '311', '741741', '678678',
  '8002738255', '8006624357', '8664887386', '8775658860', '8007997233', '8006564673',
];

// Toll-free prefixes belong to organisations, almost never to a member's own phone.
const TOLL_FREE = new Set(['800', '888', '877', '866', '855', '844', '833']);

// A sentence that names the number (or address or e-mail) as a service's is sharing help.
const PUBLIC_PLACE =
  /\b(?:clinics?|hotlines?|help\s*lines?|crisis\s+(?:line|center|team)|warm\s*lines?|life\s*lines?|offices?|church(?:es)?|cent(?:er|re)s?|hospitals?|pharmac(?:y|ies)|shelters?|food\s+banks?|agenc(?:y|ies)|department|dept|county|program(?:me)?s?|treatment|rehab|detox|ministr(?:y|ies)|mission|foundation|organi[sz]ation|non-?profit|front\s+desk|reception|main\s+(?:line|number)|services?|library|police|non-?emergency|intake|appointments?|scheduling|meetings?|aa|al-anon)\b/u;
// ...unless it is the member's own, or someone's in particular.
const PERSONAL_CONTEXT =
  /\b(?:my|her|his|your|ur)\s+(?:(?:cell|phone|personal|home|work|direct|private|mobile|own|new|real)\s+)*(?:number|#|cell|phone|digits|line|mobile|address|email|e-mail|office|place|house|apartment|apt)\b|\b(?:call|text|ring|reach|contact|message|email|e-mail|dm|hit|visit|find)\s+(?:me|her|him)\b|\bme\s+(?:at|on)\b|\b(?:i|we|she|he)\s+(?:live|lives|stay|stays)\b/u;

const AUTHOR_MESSAGE =
  'To keep you and others safe, this forum does not show details that could identify you or someone else, ' +
  'such as phone numbers, e-mail addresses, home addresses or social media handles. ' +
  'Please edit your post to remove them and post it again. Help lines and other public services are fine to share.';

type Kind = 'phone number' | 'e-mail address' | 'street address' | 'social media handle' | 'identity number';
const KINDS: readonly Kind[] = ['phone number', 'e-mail address', 'street address', 'social media handle', 'identity number'];

interface Hit {
  kind: Kind;
  /** Offsets in the normalised text. */
  start: number;
  end: number;
}

/**
 * Details that identify a member or someone else hold the post, so the author can take them
 * out before anyone sees them. Public help lines and services are not personal: peers
 * share them to help each other, and those posts must appear.
 */
export class PersonalInfoCheck implements ModerationCheck {
  readonly name = 'personal-info';
  private readonly publicNumbers: ReadonlySet<string>;

  /** @param helpLineDigits digits of the help data file's numbers (`helpLineDigits(loadHelpResources())`). */
  constructor(helpLineDigits: Iterable<string> = []) {
    const numbers = new Set<string>();
    for (const value of [...WELL_KNOWN_PUBLIC_NUMBERS, ...helpLineDigits]) {
      const digits = value.replace(/\D/g, '');
      if (digits.length > 0) numbers.add(withoutCountryCode(digits));
    }
    this.publicNumbers = numbers;
  }

  run(post: PostUnderReview): Finding[] {
    const body = normaliseForMatching(post.body);
    const bodyHits = this.find(body.text);
    const title = post.title ? normaliseForMatching(post.title) : null;
    const titleHits = title === null ? [] : this.find(title.text);
    const findings: Finding[] = [];
    for (const kind of KINDS) {
      const spans = uniqueSpans(bodyHits.filter((h) => h.kind === kind).map((h) => originalSpan(post.body, body, h.start, h.end)));
      const inTitle = titleHits.filter((h) => h.kind === kind).map((h) => originalSpan(post.title ?? '', title!, h.start, h.end).text);
      if (spans.length === 0 && inTitle.length === 0) continue;
      const titleNote = inTitle.length === 0 ? '' : ` (in the title: ${inTitle.map((t) => `"${t}"`).join(', ')})`;
      findings.push({
        check: this.name,
        reason: `Personal information: ${kind}${titleNote}`,
        action: 'hold',
        priority: PRIORITY.normal,
        spans,
        authorMessage: AUTHOR_MESSAGE,
      });
    }
    return findings;
  }

  private find(text: string): Hit[] {
    return [...phoneHits(text, this.publicNumbers), ...emailHits(text), ...addressHits(text), ...handleHits(text)];
  }
}

function withoutCountryCode(digits: string): string {
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

function uniqueSpans(spans: TextSpan[]): TextSpan[] {
  const seen = new Set<string>();
  return spans
    .sort((a, b) => a.start - b.start)
    .filter((s) => {
      const key = `${s.start}:${s.end}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The sentence around `[start, end)`: periods inside "602.555.0134" do not end it. */
function sentenceAround(text: string, start: number, end: number): string {
  const boundary = /[.!?](?=\s|$)|\n/gu;
  let from = 0;
  let to = text.length;
  for (const m of text.matchAll(boundary)) {
    if (m.index < start) from = m.index + 1;
    else if (m.index >= end) {
      to = m.index;
      break;
    }
  }
  return text.slice(from, to);
}

/** Shared in a sentence that presents it as a public service's, and not as someone's own. */
function sharedAsPublic(text: string, start: number, end: number): boolean {
  const sentence = sentenceAround(text, start, end);
  return PUBLIC_PLACE.test(sentence) && !PERSONAL_CONTEXT.test(sentence);
}

// ---- phone numbers -------------------------------------------------------------------------

interface DigitGroup {
  digits: string;
  start: number;
  end: number;
  /** The separator before this group ("" for the first of a run). */
  gap: string;
}

// "(602) 555-0134", "602.555.0134", "+1 602 555 0134": groups of digits split by a few separators.
const DIGIT_GROUP = /\d+/gu;
const GROUP_GAP = /^(?:[ .\-/]|\) ?-?|\( ?| \(|\) | - )$/u;

function phoneHits(text: string, publicNumbers: ReadonlySet<string>): Hit[] {
  const hits: Hit[] = [];
  for (const run of digitRuns(text)) {
    let i = 0;
    while (i < run.length) {
      const found = phoneAt(run, i);
      if (found === null) {
        i++;
        continue;
      }
      const { kind, last } = found;
      let start = run[i]!.start;
      const end = last.end + (text[last.end] === ')' && text[start - 1] === '(' ? 1 : 0);
      if (text[start - 1] === '(') start--;
      if (text[start - 1] === '+') start--;
      else if (text.slice(start - 2, start) === '+ ') start -= 2;
      const digits = run
        .slice(i, run.indexOf(last) + 1)
        .map((g) => g.digits)
        .join('');
      if (kind === 'identity number' || !isPublicNumber(digits, publicNumbers, text, start, end)) hits.push({ kind, start, end });
      i = run.indexOf(last) + 1;
    }
  }
  return [...hits, ...spelledPhoneHits(text, publicNumbers)];
}

function digitRuns(text: string): DigitGroup[][] {
  const runs: DigitGroup[][] = [];
  let run: DigitGroup[] = [];
  let previousEnd = -1;
  for (const m of text.matchAll(DIGIT_GROUP)) {
    const start = m.index;
    const end = start + m[0].length;
    // Digits inside a word ("abc123", a handle, an e-mail) are not a phone number of their own.
    if (/[\p{L}_@]/u.test(text[start - 1] ?? '') || /[\p{L}_]/u.test(text[end] ?? '')) {
      if (run.length > 0) runs.push(run);
      run = [];
      previousEnd = -1;
      continue;
    }
    const gap = previousEnd < 0 ? '' : text.slice(previousEnd, start);
    if (previousEnd >= 0 && !GROUP_GAP.test(gap)) {
      runs.push(run);
      run = [];
    }
    run.push({ digits: m[0], start, end, gap: run.length === 0 ? '' : gap });
    previousEnd = end;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

// Groupings people write phone numbers in; anything else (dates, amounts, card numbers) is not one.
const PHONE_SHAPES = new Set(['3-3-4', '10', '3-7', '6-4', '1-3-3-4', '11', '1-10', '1-3-7', '3-3-2-2']);

function phoneAt(run: DigitGroup[], from: number): { kind: Kind; last: DigitGroup } | null {
  let best: { kind: Kind; last: DigitGroup } | null = null;
  let total = 0;
  const shape: number[] = [];
  for (let j = from; j < run.length && j < from + 11; j++) {
    const group = run[j]!;
    total += group.digits.length;
    shape.push(group.digits.length);
    // Digits spaced out one by one ("6 0 2 5 5 5 ...") are a phone number written to slip past.
    const key = shape.every((n) => n === 1) && shape.length > 1 ? String(total) : shape.join('-');
    if (total === 10 && PHONE_SHAPES.has(key)) best = { kind: 'phone number', last: group };
    else if (total === 11 && PHONE_SHAPES.has(key) && run[from]!.digits.startsWith('1')) best = { kind: 'phone number', last: group };
    else if (total === 7 && key === '3-4' && /^[.-]$/u.test(group.gap) && best === null) best = { kind: 'phone number', last: group };
    else if (total === 9 && key === '3-2-4' && group.gap === '-' && run[from + 1]!.gap === '-' && best === null) {
      best = { kind: 'identity number', last: group };
    }
    if (total > 11) break;
  }
  return best;
}

function isPublicNumber(digits: string, publicNumbers: ReadonlySet<string>, text: string, start: number, end: number): boolean {
  const local = withoutCountryCode(digits);
  if (publicNumbers.has(local)) return true;
  if (local.length === 10 && TOLL_FREE.has(local.slice(0, 3))) return true;
  return sharedAsPublic(text, start, end);
}

const DIGIT_WORDS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    zero: '0', oh: '0', o: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9',
    cero: '0', uno: '1', dos: '2', tres: '3', cuatro: '4', cinco: '5', seis: '6', siete: '7', ocho: '8', nueve: '9',
  }),
);

/** "six oh two five five five oh one three four", "double five" included. */
function spelledPhoneHits(text: string, publicNumbers: ReadonlySet<string>): Hit[] {
  const hits: Hit[] = [];
  const tokens = [...text.matchAll(/[a-z]+|\d+/gu)];
  let i = 0;
  while (i < tokens.length) {
    let digits = '';
    let spelled = 0;
    let j = i;
    let repeat = 1;
    for (; j < tokens.length; j++) {
      const token = tokens[j]!;
      if (j > i && !/^[\s,.-]*$/u.test(text.slice(tokens[j - 1]!.index + tokens[j - 1]![0].length, token.index))) break;
      const word = token[0];
      if (word === 'double' || word === 'triple') {
        repeat = word === 'double' ? 2 : 3;
        continue;
      }
      const digit = DIGIT_WORDS.get(word) ?? (/^\d+$/u.test(word) ? word : null);
      if (digit === null) break;
      digits += digit.repeat(repeat);
      repeat = 1;
      if (DIGIT_WORDS.has(word)) spelled++;
    }
    // Three spelled digits at least: plain numerals are read by phoneHits. Ten or more
    // digits read out one by one are a phone number (or an account number) all the same.
    if (spelled >= 3 && digits.length >= 10 && digits.length <= 13) {
      const start = tokens[i]!.index;
      const last = tokens[j - 1]!;
      const end = last.index + last[0].length;
      if (!isPublicNumber(digits.slice(-10), publicNumbers, text, start, end)) hits.push({ kind: 'phone number', start, end });
    }
    i = j > i ? j : i + 1;
  }
  return hits;
}

// ---- e-mail addresses ----------------------------------------------------------------------

const FREE_MAIL = String.raw`(?:gmail|googlemail|yahoo|ymail|hotmail|outlook|live|msn|icloud|me|mac|aol|proton|protonmail|pm|gmx|mail|zoho|comcast|cox|att|sbcglobal|verizon)`;
const TLD = String.raw`(?:com|net|org|edu|gov|us|io|co|me|info|biz|mail|uk|ca|mx|de|fr|es|au|in)`;
const IS_FREE_MAIL = new RegExp(String.raw`^${FREE_MAIL}\b`, 'u');
// Parts are bounded (as real addresses are) so that a hostile post cannot make matching quadratic.
const EMAIL = /(?<![\w.+-])[\w.+-]{1,64}@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,6}\.[a-z]{2,24}(?![\w-])/gu;
const BRACKETED_AT = String.raw`\s*[[({<]\s*(?:at|@)\s*[\])}>]\s*`;
const SPELLED_DOT = String.raw`(?:\s*[[({<]\s*dot\s*[\])}>]\s*|\s+dot\s+)`;
const ANY_DOT = String.raw`(?:${SPELLED_DOT}|\.)`;
const LOCAL = String.raw`(?<![\w.+-])[a-z0-9][\w.+-]{0,63}(?:${SPELLED_DOT}[a-z0-9][\w+-]{0,63}){0,3}`;
const DOMAIN = String.raw`[a-z0-9-]{1,63}(?:${ANY_DOT}[a-z0-9-]{1,63}){0,4}`;
const WRITTEN_EMAILS: readonly RegExp[] = [
  // "maria [at] gmail [dot] com", "maria (at) clinic.org"
  new RegExp(String.raw`${LOCAL}${BRACKETED_AT}${DOMAIN}${ANY_DOT}${TLD}\b`, 'gu'),
  // "maria at gmail dot com": a spelled-out "dot" is only ever written to dodge a filter
  new RegExp(String.raw`${LOCAL}\s+at\s+${DOMAIN}${SPELLED_DOT}${TLD}\b`, 'gu'),
  // "maria at gmail.com", "maria at gmail" (a mail provider, so not "looking at amazon.com")
  new RegExp(String.raw`${LOCAL}\s+at\s+${FREE_MAIL}(?:${ANY_DOT}${TLD})?\b`, 'gu'),
];
// Words before " at " that make it English, not an address: "I was at yahoo", "meet me at gmail hq".
const NOT_A_MAILBOX = new Set(
  'a an and are am at be been being but email e-mail even here him her home i interview is it job just live lives look looked looking me meet met now or out she he still stay stayed staying that them there they this today tonight us was we were work worked working you'.split(' '),
);
// Addresses that belong to a service rather than a person.
const ROLE_MAILBOX = /^(?:info|help|support|contact|intake|office|admin|hello|questions|services|crisis|referrals?|appointments|frontdesk|reception|care|team)$/u;

function emailHits(text: string): Hit[] {
  const hits: Hit[] = [];
  const add = (start: number, end: number, local: string, domain: string): void => {
    if (NOT_A_MAILBOX.has(local)) return;
    if (hits.some((h) => h.start <= start && end <= h.end)) return;
    const serviceMailbox = /\.gov$/u.test(domain) || (ROLE_MAILBOX.test(local) && !IS_FREE_MAIL.test(domain));
    if (serviceMailbox || sharedAsPublic(text, start, end)) return;
    hits.push({ kind: 'e-mail address', start, end });
  };
  for (const m of text.matchAll(EMAIL)) {
    const [local = '', domain = ''] = m[0].split('@');
    add(m.index, m.index + m[0].length, local, domain);
  }
  for (const pattern of WRITTEN_EMAILS) {
    for (const m of text.matchAll(pattern)) {
      const local = /^[\w.+-]+/u.exec(m[0])?.[0] ?? '';
      const domain = m[0]
        .slice(local.length)
        .replace(/^\s*[[({<]?\s*(?:at|@)\s*[\])}>]?\s*/u, '')
        .replace(/\s*[[({<]?\s*dot\s*[\])}>]?\s*/gu, '.');
      add(m.index, m.index + m[0].length, local, domain);
    }
  }
  return hits;
}

// ---- street addresses ----------------------------------------------------------------------

const STREET_SUFFIX = String.raw`(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|ln|lane|way|ct|court|pl|place|pkwy|parkway|cir|circle|ter|terrace|hwy|highway|trl|trail|loop|pike|sq|square)`;
const DIRECTION = String.raw`(?:n|s|e|w|ne|nw|se|sw|north|south|east|west|northeast|northwest|southeast|southwest)`;
// Words that cannot be part of a street's name: "2 kids and no way out", "3 hours down the road".
const NOT_A_STREET_NAME = String.raw`(?:and|the|a|an|of|to|in|on|at|for|my|your|his|her|our|their|is|was|were|be|been|are|am|it|this|that|with|from|by|or|but|so|as|i|you|we|they|he|she|no|not|more|less|other|different|long|short|whole|all|new|old|good|bad|great|nice|favou?rite|best|worst|first|last|next|days?|years?|weeks?|months?|hours?|minutes?|times?|miles?|blocks?|people|kids|pills|mg|dollars?|bucks|steps?|ways?|houses?|cars?|drinks?|beers?|shots?|of)`;
const UNIT = String.raw`(?:\s*,?\s*(?:apt|apartment|unit|suite|ste|#)\.?\s*#?\s*[a-z0-9-]{1,6}\b)?`;
const STREET_ADDRESS = new RegExp(
  String.raw`\b\d{1,6}[a-z]?\s+(?:${DIRECTION}\.?\s+)?(?:(?!${NOT_A_STREET_NAME}\b)[a-z0-9'.-]+\s+){1,3}?${STREET_SUFFIX}\b\.?${UNIT}`,
  'gu',
);
const APARTMENT = /\b(?:apt\.?|apartment)\s*#?\s*\d{1,5}[a-z]?\b(?!\s+(?:years?|months?|weeks?|days?|hours?|times?|minutes?|of)\b)/gu;
const PO_BOX = /\bp\.?\s*o\.?\s*box\s+\d+\b/gu;

function addressHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const pattern of [STREET_ADDRESS, PO_BOX, APARTMENT]) {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (hits.some((h) => h.start <= start && end <= h.end)) continue;
      if (!sharedAsPublic(text, start, end)) hits.push({ kind: 'street address', start, end });
    }
  }
  return hits;
}

// ---- social media handles ------------------------------------------------------------------

const PLATFORM = String.raw`(?:instagram|insta|ig|snapchat|snap|tik\s*tok|twitter|facebook|fb|discord|telegram|kik|whats\s*app|reddit|venmo|cash\s*app|linkedin|youtube|twitch|tumblr|onlyfans|wechat|skype|bluesky|bsky|grindr)`;
const HANDLE = String.raw`@?[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?`;
// Accounts of help services, which peers point each other to.
const PUBLIC_HANDLES = new Set(['988lifeline', 'trevorproject', 'thetrevorproject', 'translifeline', 'crisistextline', 'samhsagov', 'samhsa', 'nami', 'namicommunicate']);
// Words after "my insta is" that are not a handle: "my insta is private".
const NOT_A_HANDLE = new Set(
  'a about account acct again all also always and back because but cause closed dead deleted dms down feed filter filters followers for friends full gets getting gone got hacked has have here if in is just linked locked lol messages never not now of on open page pinned post posts private public really same says score so still stories story streak streaks the there tho though to today too up was where with blowing blew me'.split(
    ' ',
  ),
);
const HANDLE_PATTERNS: ReadonlyArray<{ pattern: RegExp; handleRequired: boolean }> = [
  // "@maria_p" (not the "@" of an e-mail address)
  { pattern: /(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{0,28}[a-z0-9_])?/gu, handleRequired: true },
  // "my insta is maria.p", "her snap username: x"
  {
    pattern: new RegExp(String.raw`\b(?:my|her|his|their)\s+${PLATFORM}(?:\s+(?:handle|username|user\s*name|name|id|account|acct|tag|@))?\s*(?:(?:is\b|[:=-])\s*)?(${HANDLE})`, 'gu'),
    handleRequired: true,
  },
  // "add me on snap: x", "follow me on insta" (an invitation to talk off the forum)
  {
    pattern: new RegExp(String.raw`\b(?:add|follow|find|hit|dm|message|msg|text|reach|friend|contact|look)\s+me\s+(?:up\s+)?(?:on|at|@|via|thru|through)\s+${PLATFORM}\b(?:\s*[:-]?\s*(${HANDLE}))?`, 'gu'),
    handleRequired: false,
  },
  // "ig: maria", "snapchat = maria.p"
  { pattern: new RegExp(String.raw`\b${PLATFORM}\s*(?:handle|username|id|name)?\s*[:=]\s*(${HANDLE})`, 'gu'), handleRequired: true },
  // "facebook.com/someone", "t.me/someone", "discord.gg/invite"
  {
    pattern:
      /\b(?:https?:\/\/)?(?:www\.|m\.)?(?:facebook|fb|instagram|twitter|x|tiktok|snapchat|t|wa|linkedin|reddit|youtube|twitch|threads|bsky|tumblr|venmo|cash|discord|discordapp|onlyfans)\.(?:com|me|net|app|gg|social)\/[^\s<>()]*[^\s<>().,!?]/gu,
    handleRequired: true,
  },
  // "maria#1234" (an old Discord tag)
  { pattern: /\b[a-z0-9_.]{2,32}#\d{4}\b/gu, handleRequired: true },
];

function handleHits(text: string): Hit[] {
  const hits: Hit[] = [];
  for (const { pattern, handleRequired } of HANDLE_PATTERNS) {
    for (const m of text.matchAll(pattern)) {
      let end = m.index + m[0].length;
      const captured = m[1];
      const handle = (captured ?? m[0]).replace(/^@/u, '').split('/').filter(Boolean).pop() ?? '';
      const bare = handle.replace(/^@/u, '').replace(/[.]+$/u, '');
      // "@5pm" is a time, not an account.
      const isHandle =
        /[a-z]/u.test(bare) && !/^\d+(?:am|pm|st|nd|rd|th|k)?$/u.test(bare) && !NOT_A_HANDLE.has(bare) && !PUBLIC_HANDLES.has(bare);
      if (!isHandle) {
        if (handleRequired) continue;
        // The invitation still counts; the word after it is not part of it.
        if (captured !== undefined) end = m.index + m[0].length - captured.length;
      }
      const start = m.index;
      while (end > start && /[\s:.-]/u.test(text[end - 1]!)) end--;
      if (!hits.some((h) => h.start <= start && end <= h.end)) hits.push({ kind: 'social media handle', start, end });
    }
  }
  return hits;
}
