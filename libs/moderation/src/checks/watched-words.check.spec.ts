import { describe, expect, it } from '@jest/globals';
import { PRIORITY } from './moderation-check.js';
import { censorText, watchedPatternProblem, type WatchedWordRule, WatchedWordsCheck } from './watched-words.check.js';

const rules: WatchedWordRule[] = [
  { id: 1, pattern: 'spam', isRegex: false, action: 'hold' },
  { id: 2, pattern: 'buy followers', isRegex: false, action: 'block' },
  { id: 3, pattern: 'darn', isRegex: false, action: 'censor' },
  { id: 4, pattern: 'cheap\\s+pills?', isRegex: true, action: 'flag' },
  { id: 5, pattern: 'end it all', isRegex: false, action: 'hold', level: 'red' },
];

function run(body: string, title?: string) {
  return new WatchedWordsCheck(rules).run({ body, title });
}

describe('WatchedWordsCheck', () => {
  it.each([
    ['plain', 'this is spam really'],
    ['upper case', 'this is SPAM really'],
    ['Cyrillic look-alikes', 'this is ѕраm really'],
    ['Greek look-alikes', 'this is spαm really'],
    ['fullwidth letters', 'this is ｓｐａｍ really'],
    ['mathematical letters', 'this is 𝐬𝐩𝐚𝐦 really'],
    ['leetspeak', 'this is 5p4m really'],
    ['symbols for letters', 'this is $p@m really'],
    ['zero-width characters', 'this is s\u200bp\u200ca\u2060m really'],
    ['a soft hyphen', 'this is sp\u00adam really'],
    ['accents', 'this is spâm really'],
    ['letters spaced out', 'this is s p a m really'],
    ['letters split by dots', 'this is s.p.a.m really'],
    ['letters split by dashes', 'this is s-p-a-m really'],
    ['spaced letters after a one-letter word', 'it is a s p a m thing'],
  ])('matches a watched word written with %s, pointing at the original text', (_, body) => {
    const findings = run(body);
    expect(findings).toHaveLength(1);
    const [finding] = findings;
    expect(finding!.action).toBe('hold');
    expect(finding!.priority).toBe(PRIORITY.normal);
    expect(finding!.authorMessage).toBeTruthy();
    for (const span of finding!.spans) expect(body.slice(span.start, span.end)).toBe(span.text);
    const folded = finding!.spans[0]!.text.normalize('NFKC').replace(/[^\p{L}\p{N}$@]/gu, '');
    expect(folded.length).toBeGreaterThanOrEqual(4);
  });

  it('gives offsets of the original characters, before and after tricks', () => {
    const body = 'Ok 👋🏽 then: ｓ\u200bｐａｍ and s p a m.';
    const [finding] = run(body);
    expect(finding!.spans.map((s) => s.text)).toEqual(['ｓ\u200bｐａｍ', 's p a m']);
    expect(finding!.spans[0]!.start).toBe(body.indexOf('ｓ'));
  });

  it.each([
    ['inside a longer word', 'my spammy neighbour'],
    ['a different word', 'the spa was nice'],
    ['two spaced letters only', 'we sp am'],
  ])('does not match %s', (_, body) => {
    expect(run(body)).toEqual([]);
  });

  it('matches a phrase whatever the spacing, as whole words', () => {
    expect(run('want to   BUY\nfollowers?')[0]!.action).toBe('block');
    expect(run('we buy followersx')).toEqual([]);
  });

  it('runs regular expressions on the normalised text, case-insensitively', () => {
    const [finding] = run('CHEAP   P1LLS here');
    expect(finding!.action).toBe('flag');
    expect(finding!.spans[0]!.text).toBe('CHEAP   P1LLS');
  });

  it('leaves crisis rules (with a level) to the crisis detector', () => {
    expect(run('i just want to end it all')).toEqual([]);
  });

  it('notes a match in the title in the reason, without spans', () => {
    const [finding] = run('a normal body', 'Sp4m inside');
    expect(finding!.spans).toEqual([]);
    expect(finding!.reason).toContain('in the title: "Sp4m"');
  });

  it('asks the author to change the words when a rule blocks', () => {
    const [finding] = run('you can buy followers here');
    expect(finding!.action).toBe('block');
    expect(finding!.authorMessage).toMatch(/change them and post again/);
  });

  it('gives censor findings a low priority and no author message', () => {
    const [finding] = run('oh darn it');
    expect(finding).toMatchObject({ action: 'censor', priority: PRIORITY.low });
    expect(finding!.authorMessage).toBeUndefined();
  });

  it('skips a rule that is unsafe, and says why', () => {
    const check = new WatchedWordsCheck([{ id: 9, pattern: '(a+)+$', isRegex: true, action: 'hold' }]);
    expect(check.skippedRules).toEqual([{ id: 9, problem: expect.stringMatching(/nested repeats/i) }]);
    expect(check.run({ body: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!' })).toEqual([]);
  });

  it('checks a long post quickly even with a broad pattern', () => {
    const check = new WatchedWordsCheck([{ id: 1, pattern: 'x.*y', isRegex: true, action: 'flag' }]);
    const started = Date.now();
    check.run({ body: 'x'.repeat(60_000) });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('watchedPatternProblem', () => {
  it.each([
    ['a word', 'spam', false],
    ['a phrase', 'buy followers', false],
    ['a simple expression', '\\bfree\\s+money\\b', true],
    ['an expression with one open-ended repeat and spaces', 'buy\\s+\\w+\\s+now', true],
    ['a bounded look-behind', '(?<=free )money', true],
    ['alternatives used once', '(?:cheap|free) pills?', true],
  ])('accepts %s', (_, pattern, isRegex) => {
    expect(watchedPatternProblem(pattern, isRegex)).toBeNull();
  });

  it.each([
    ['an empty pattern', '   ', false, /empty/],
    ['a word of punctuation only', '!!!', false, /letter or digit/],
    ['an invalid expression', '(unclosed', true, /not a valid regular expression/],
    ['an expression that matches empty text', 'a*', true, /matches empty text/],
    ['nested repeats', '(a+)+b', true, /nested repeats/i],
    ['repeated alternatives', '(a|ab)*c', true, /nested repeats/i],
    ['a back-reference', '(a)\\1', true, /back-references/i],
    ['a named back-reference', '(?<w>a)\\k<w>', true, /back-references/i],
    ['an unbounded look-behind', '(?<=a.*)b', true, /look-behind/],
    ['two open-ended repeats', 'a.*b.*c', true, /at most one open-ended repeat/],
    ['a huge repeat count', 'a{1000}', true, /Repeat counts/],
    ['a pattern over 200 characters', 'a'.repeat(201), true, /200 or fewer/],
  ])('refuses %s with a message for the moderator', (_, pattern, isRegex, message) => {
    expect(watchedPatternProblem(pattern, isRegex)).toMatch(message);
  });
});

describe('censorText', () => {
  it('masks each span with as many stars as it has characters', () => {
    const body = 'oh darn, darn it';
    expect(censorText(body, [{ start: 3, end: 7 }, { start: 9, end: 13 }])).toBe('oh ****, **** it');
  });

  it('masks overlapping spans once and counts a character outside the BMP as one', () => {
    expect(censorText('a 𝐬𝐩𝐚𝐦 b', [{ start: 2, end: 10 }, { start: 4, end: 6 }])).toBe('a **** b');
  });

  it('masks what the check found, on the original text', () => {
    const body = 'that is s p a m, and ѕраm';
    const [finding] = new WatchedWordsCheck([{ id: 1, pattern: 'spam', isRegex: false, action: 'censor' }]).run({ body });
    expect(censorText(body, finding!.spans)).toBe('that is *******, and ****');
  });
});
