import { describe, it, expect } from '@jest/globals';
import { CrisisDetector, defaultLexicon, validateWatchedPattern, type WatchedWordRule } from './index.js';

describe('validateWatchedPattern', () => {
  it.each([
    ['(a+)+$', /nested repeats/],
    ['(a|aa)+', /nested repeats/],
    ['(x*y)*', /nested repeats/],
    ['(\\w+)\\1', /back-references/],
    ['(?<w>a)\\k<w>', /back-references/],
    ['(?=kill)kill', /look-ahead/],
    ['a.*b.*c', /only one open-ended repeat/],
    ['a{1,500}', /above 50/],
    ['[unclosed', /not a valid regular expression/],
    ['', /empty/],
    ['x'.repeat(201), /longer than 200/],
  ])('refuses %s', (pattern, problem) => {
    expect(validateWatchedPattern(pattern)).toMatch(problem);
  });

  it.each(['kill\\s+myself', 'pro[- ]?ana', '(blue|white) whale', 'thinspo(ration)?', '\\bcut\\b.{0,20}\\bdeep', 'k[i1!]ll'])('accepts %s', (pattern) => {
    expect(validateWatchedPattern(pattern)).toBeNull();
  });
});

describe('watched words join the detector', () => {
  const rules: WatchedWordRule[] = [
    { id: 'challenge', pattern: 'blue whale challenge', isRegex: false, level: 'red' },
    { id: 'pro-ana', pattern: 'pro[- ]?ana', isRegex: true, level: 'amber' },
    { id: 'dangerous', pattern: '(a+)+$', isRegex: true, level: 'crisis' },
    { id: 'accents', pattern: 'cortadas', isRegex: false, level: 'amber' },
  ];
  const detector = new CrisisDetector(defaultLexicon, rules);

  it('raises a post to the watched word\'s level', () => {
    const result = detector.assess('anyone else doing the blue whale challenge?');
    expect(result.level).toBe('red');
    expect(result.matches).toEqual([expect.objectContaining({ rule: 'watched:challenge', level: 'red', text: 'blue whale challenge' })]);
  });

  it('matches watched phrases on the same normalised text as the lexicon', () => {
    expect(detector.assess('BLUE   WH4LE ch\u200ballenge').level).toBe('red');
    expect(detector.assess('me hice unas cortadas').level).not.toBe('green');
  });

  it('matches watched regexes on the normalised words', () => {
    const result = detector.assess('looking for Pro-Ana tips');
    expect(result.level).toBe('amber');
    expect(result.matches[0]?.text).toBe('Pro-Ana');
  });

  it('never lowers what the lexicon found', () => {
    expect(detector.assess('I want to die. blue whale challenge').level).toBe('red');
    expect(detector.assess('I am going to kill myself tonight, pro ana').level).toBe('crisis');
  });

  it('refuses dangerous regexes and keeps working without them', () => {
    expect(detector.rejectedRules).toEqual([{ id: 'dangerous', reason: expect.stringMatching(/nested repeats/) }]);
    expect(detector.assess('a'.repeat(5_000) + '!').level).toBe('green');
  });

  it('stays correct on a long hostile post', () => {
    const hostile = 'pro ana blue whale challenge '.repeat(4_000);
    const result = detector.assess(hostile);
    expect(result.level).toBe('red');
    expect(result.matches.length).toBeLessThanOrEqual(100);
  });
});
