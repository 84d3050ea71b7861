import en from './en.json' with { type: 'json' };
import es from './es.json' with { type: 'json' };

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

export type MessageParams = Record<string, string | number | Date | null | undefined>;

/** Text to show a member, kept as a key and its values until the reader's language is known. */
export interface Message {
  key: string;
  params?: MessageParams;
}

export type Catalogue = { [key: string]: string | Catalogue };

export const catalogues: Record<Language, Catalogue> = { en, es };

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

export const message = (key: string, params?: MessageParams): Message => (params ? { key, params } : { key });

/** Every key of a catalogue with its text, nested objects flattened to dotted keys. */
export function flatten(catalogue: Catalogue, prefix = '', into = new Map<string, string>()): Map<string, string> {
  for (const [name, value] of Object.entries(catalogue)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') into.set(key, value);
    else flatten(value, key, into);
  }
  return into;
}

const flat: Record<Language, Map<string, string>> = { en: flatten(en), es: flatten(es) };

export const hasKey = (key: string, language: Language = DEFAULT_LANGUAGE): boolean => flat[language].has(key);

/**
 * The text for a key in a language, with `{name}` placeholders filled and
 * `{count, plural, one {…} other {…}}` chosen by the language's plural rules.
 * A key missing in Spanish falls back to English; a key missing everywhere shows itself, so it
 * is noticed (and the catalogue test fails before that ships).
 */
export function translate(language: Language, key: string, params: MessageParams = {}): string {
  const template = flat[language].get(key) ?? flat[DEFAULT_LANGUAGE].get(key);
  if (template === undefined) return key;
  return fill(template, language, params);
}

/** The text of a key with its placeholders left in, for a script on the page to fill. */
export const template = (language: Language, key: string): string => flat[language].get(key) ?? flat[DEFAULT_LANGUAGE].get(key) ?? key;

/**
 * A Message, a bare key, or English text that one of the catalogue's English templates says
 * (the domain libraries explain themselves in English, for the command line as much as for
 * pages): each comes out in the reader's language. Other text (a moderator's own words) is
 * shown as it is.
 */
export function localize(language: Language, text: Message | string | null | undefined): string {
  if (text === null || text === undefined) return '';
  if (typeof text !== 'string') return translate(language, text.key, text.params);
  if (hasKey(text)) return translate(language, text);
  const known = fromEnglish(text);
  if (!known) return text;
  // A value that is itself a whole catalogue sentence ("“x” cannot be used: <why>") is worded too.
  const params: MessageParams = { ...known.params };
  for (const [name, value] of Object.entries(params)) if (typeof value === 'string' && exactEnglish.has(value)) params[name] = translate(language, exactEnglish.get(value)!);
  return translate(language, known.key, params);
}

interface EnglishTemplate {
  key: string;
  pattern: RegExp;
  names: string[];
}

const exactEnglish = new Map<string, string>();
const englishTemplates: EnglishTemplate[] = [];
for (const [key, template] of flat.en) {
  if (!template.includes('{')) {
    if (!exactEnglish.has(template)) exactEnglish.set(template, key);
  } else if (!/\{\s*\w+\s*,\s*plural/.test(template)) {
    const names: string[] = [];
    const source = template.split(/\{\s*(\w+)\s*\}/).map((part, i) => {
      if (i % 2 === 0) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part);
      return '([\\s\\S]+?)';
    });
    englishTemplates.push({ key, pattern: new RegExp(`^${source.join('')}$`), names });
  }
}

/** The catalogue key (and values) behind a sentence in English, if the catalogue has it. */
export function fromEnglish(text: string): Message | null {
  const key = exactEnglish.get(text);
  if (key) return { key };
  for (const template of englishTemplates) {
    const m = template.pattern.exec(text);
    if (!m) continue;
    const params: MessageParams = {};
    // "20,000" is read back as a number, so it is written the reader's way.
    template.names.forEach((name, i) => (params[name] = /^\d{1,3}(,\d{3})*$/.test(m[i + 1]) ? Number(m[i + 1].replace(/,/g, '')) : m[i + 1]));
    return { key: template.key, params };
  }
  return null;
}

const pluralRules = new Map<Language, Intl.PluralRules>();
const numberFormats = new Map<Language, Intl.NumberFormat>();

export function formatNumber(language: Language, value: number): string {
  let format = numberFormats.get(language);
  if (!format) numberFormats.set(language, (format = new Intl.NumberFormat(locale(language))));
  return format.format(value);
}

function pluralCategory(language: Language, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(language);
  if (!rules) pluralRules.set(language, (rules = new Intl.PluralRules(locale(language))));
  return rules.select(count);
}

// The forum's Spanish speakers live in the United States: es-US dates, numbers and plurals.
export const locale = (language: Language): string => (language === 'es' ? 'es-US' : 'en-US');

function renderValue(language: Language, value: MessageParams[string]): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(language, value);
  if (value instanceof Date) return formatDate(language, value);
  return String(value);
}

/** Fills placeholders; walks the template once so plural branches may hold placeholders of their own. */
function fill(template: string, language: Language, params: MessageParams): string {
  let out = '';
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open === -1) {
      out += template.slice(i);
      break;
    }
    out += template.slice(i, open);
    const close = matchingBrace(template, open);
    if (close === -1) {
      out += template.slice(open);
      break;
    }
    out += placeholder(template.slice(open + 1, close), language, params);
    i = close + 1;
  }
  return out;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

function placeholder(inner: string, language: Language, params: MessageParams): string {
  const plural = /^\s*(\w+)\s*,\s*plural\s*,([\s\S]*)$/.exec(inner);
  if (!plural) return renderValue(language, params[inner.trim()]);
  const count = Number(params[plural[1]] ?? 0);
  const branches = pluralBranches(plural[2]);
  const chosen = branches.get(`=${count}`) ?? branches.get(pluralCategory(language, count)) ?? branches.get('other') ?? '';
  return fill(chosen, language, params).replace(/#/g, formatNumber(language, count));
}

function pluralBranches(text: string): Map<string, string> {
  const branches = new Map<string, string>();
  const name = /\s*(=?\w+)\s*\{/y;
  let i = 0;
  while (i < text.length) {
    name.lastIndex = i;
    const m = name.exec(text);
    if (!m) break;
    const open = name.lastIndex - 1;
    const close = matchingBrace(text, open);
    if (close === -1) break;
    branches.set(m[1], text.slice(open + 1, close));
    i = close + 1;
  }
  return branches;
}

/** The placeholder names a template uses (plural selectors included), for the catalogue test. */
export function placeholdersOf(template: string): string[] {
  const names = new Set<string>();
  for (const m of template.matchAll(/\{\s*(\w+)\s*(,\s*plural\s*,)?/g)) {
    if (!['one', 'other', 'few', 'many', 'zero', 'two'].includes(m[1]) || m[2]) names.add(m[1]);
  }
  return [...names].sort();
}

// Phoenix keeps Mountain Standard Time all year; the forum's first community lives there.
export const FORUM_TIME_ZONE = 'America/Phoenix';
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

export function formatDate(language: Language, value: Date | string | number): string {
  let format = dateFormats.get(language);
  if (!format) dateFormats.set(language, (format = new Intl.DateTimeFormat(locale(language), { dateStyle: 'medium', timeStyle: 'short', timeZone: FORUM_TIME_ZONE })));
  return format.format(new Date(value));
}

const relativeFormats = new Map<Language, Intl.RelativeTimeFormat>();
const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
  ['second', 1],
];

/** "3 minutes ago" / "hace 3 minutos". */
export function formatRelative(language: Language, value: Date | string | number, now = Date.now()): string {
  let format = relativeFormats.get(language);
  if (!format) relativeFormats.set(language, (format = new Intl.RelativeTimeFormat(locale(language), { numeric: 'auto' })));
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1];
  return format.format(Math.round(seconds / size), unit);
}
