import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { projectRoot } from '@forum/config';
import { catalogues, flatten, localize, placeholdersOf } from './messages.js';

const en = flatten(catalogues.en);
const es = flatten(catalogues.es);
const root = projectRoot();

function filesUnder(dir: string, ending: RegExp, skip: RegExp = /node_modules|dist/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (skip.test(full)) return [];
    if (entry.isDirectory()) return filesUnder(full, ending, skip);
    return ending.test(entry.name) ? [full] : [];
  });
}

const KEY = `'([a-z]\\w*(?:\\.\\w+)+)'`;
const TEMPLATE_KEYS = [/[{(]\s*(?:tx?|template)\s+"([^"]+)"/g];
// t('…'), say(req, '…'), translate(lang, '…'), { key: '…' }, a DTO's message: '…', super('…')
const SOURCE_KEYS = [new RegExp(`\\b(?:t|say|translate)\\(\\s*(?:[\\w.]+,\\s*)?${KEY}`, 'g'), new RegExp(`\\b(?:key|message):\\s*${KEY}`, 'g'), new RegExp(`\\bsuper\\(${KEY}\\)`, 'g')];

const keysIn = (text: string, patterns: RegExp[]) => patterns.flatMap((pattern) => [...text.matchAll(pattern)].map((m) => m[1]));

/** Every literal key the views and the code ask for, with the file that asks. */
function keysUsed(): { key: string; file: string }[] {
  const views = filesUnder(join(root, 'views'), /\.hbs$/).map((file) => ({ file, patterns: TEMPLATE_KEYS }));
  const sources = [...filesUnder(join(root, 'apps'), /\.ts$/), ...filesUnder(join(root, 'libs'), /\.ts$/)].filter((f) => !f.endsWith('.spec.ts')).map((file) => ({ file, patterns: SOURCE_KEYS }));
  return [...views, ...sources].flatMap(({ file, patterns }) => keysIn(readFileSync(file, 'utf8'), patterns).map((key) => ({ key, file: relative(root, file) })));
}

describe('message catalogues', () => {
  it('have the same keys in English and Spanish', () => {
    expect([...en.keys()].filter((k) => !es.has(k))).toEqual([]);
    expect([...es.keys()].filter((k) => !en.has(k))).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    const differ = [...en.entries()].filter(([key, text]) => es.has(key) && placeholdersOf(text).join() !== placeholdersOf(es.get(key)!).join()).map(([key]) => key);
    expect(differ).toEqual([]);
  });

  it('have no empty messages', () => {
    expect([...en.entries(), ...es.entries()].filter(([, text]) => !text.trim()).map(([key]) => key)).toEqual([]);
  });

  it('carry markup only in keys named …Html, and the same links in both languages', () => {
    const tags = (text: string) => [...text.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1].replace(/\?body=\w+$/, '')).sort().join();
    expect([...en.entries(), ...es.entries()].filter(([key, text]) => /</.test(text) && !key.endsWith('Html')).map(([key]) => key)).toEqual([]);
    // The Spanish page may add Spanish lines (988 press 2, AYUDA to 741741), never drop the English page's numbers.
    const dropped = [...en.entries()].filter(([key, text]) => key.endsWith('Html') && tags(text).split(',').some((href) => href && !tags(es.get(key) ?? '').includes(href))).map(([key]) => key);
    expect(dropped).toEqual([]);
  });

  it('have every key that the views and the code ask for', () => {
    const used = keysUsed();
    expect(used.length).toBeGreaterThan(150);
    const missing = used.filter(({ key }) => !en.has(key) || !es.has(key)).map(({ key, file }) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });

  it('have a section for every key a view builds from a value ((t (str "mod.level." level)))', () => {
    const prefixes = filesUnder(join(root, 'views'), /\.hbs$/).flatMap((file) => [...readFileSync(file, 'utf8').matchAll(/\(t \(str "([\w.]+\.)"/g)].map((m) => m[1]));
    expect(prefixes.length).toBeGreaterThan(5);
    expect(prefixes.filter((prefix) => ![...en.keys()].some((key) => key.startsWith(prefix)) || ![...es.keys()].some((key) => key.startsWith(prefix)))).toEqual([]);
  });

  it('find the keys in the ways views and code ask for them', () => {
    expect(keysIn('<a>{{t "nav.logIn"}}</a> {{tx "footer.dangerHtml" n=1}} {{> x label=(t "reply.yourReply")}}', TEMPLATE_KEYS)).toEqual(['nav.logIn', 'footer.dangerHtml', 'reply.yourReply']);
    expect(keysIn(`say(req, 'home.title'); flash(req, { key: 'accounts.welcome' }); @IsString({ message: 'forms.giveTitle' }) t('nav.join')`, SOURCE_KEYS).sort()).toEqual(['accounts.welcome', 'forms.giveTitle', 'home.title', 'nav.join']);
    expect(keysIn(`say(req, 'nav.noSuchKey')`, SOURCE_KEYS).filter((key) => !en.has(key))).toEqual(['nav.noSuchKey']);
  });

  it('word in Spanish everything the domain tells a member or a moderator in English', () => {
    // Errors the services raise, and what a moderation check says to the author of a held post.
    const sayings = [/Exception\('([^']+)'\)/g, /(?:PostingError|AccountRuleError)\([\w']+, '([^']+)'/g, /(?:_MESSAGE =|block:|hold:)\s*((?:'[^']*'\s*\+?\s*)+)/g, /return '([^']+)';/g];
    const files = ['forum', 'accounts', 'moderation', 'alerts'].flatMap((lib) => filesUnder(join(root, 'libs', lib, 'src'), /\.ts$/)).filter((f) => !f.endsWith('.spec.ts'));
    const english = files.flatMap((file) => sayings.flatMap((pattern) => [...readFileSync(file, 'utf8').matchAll(pattern)].map((m) => [...m[1].matchAll(/'([^']*)'/g)].map((part) => part[1]).join('') || m[1])));
    // Advice on regular-expression syntax quotes the syntax itself ({n,}), so it keeps its English.
    const sentences = english.map((text) => text.replace(/\\\\/g, '\\')).filter((text) => /^[A-Z].* .*[.!]$/.test(text) && !text.includes('{'));
    expect(sentences.length).toBeGreaterThan(30);
    expect(sentences.filter((text) => localize('es', text) === text)).toEqual([]);
  });
});
