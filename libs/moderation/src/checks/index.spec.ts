import { describe, expect, it } from '@jest/globals';
import { runChecks, textChecks } from './index.js';

describe('textChecks and runChecks', () => {
  const checks = textChecks({
    watchedWords: [
      { id: 1, pattern: 'crypto', isRegex: false, action: 'flag' },
      { id: 2, pattern: 'end it', isRegex: false, action: 'hold', level: 'red' },
    ],
    helpLineDigits: ['6022229444'],
  });

  it('builds the checks that need only the text', () => {
    expect(checks.map((c) => c.name)).toEqual(['watched-words', 'profanity', 'personal-info']);
  });

  it.each([
    ['a clean post', 'Day 30 today. Thank you all.', 'publish'],
    ['profanity alone', 'this shit is hard', 'censor'],
    ['a flag and a censor', 'crypto is shit', 'flag'],
    ['a phone number and a flag', 'crypto? call 602-555-0134', 'hold'],
    ['a local help line', 'call 602-222-9444 any time', 'publish'],
  ])('decides %s by the strictest finding', (_, body, action) => {
    expect(runChecks(checks, { body }).action).toBe(action);
  });

  it('returns every finding, not only the strictest', () => {
    const { findings } = runChecks(checks, { body: 'crypto is shit, call 602-555-0134' });
    expect(findings.map((f) => f.action).sort()).toEqual(['censor', 'flag', 'hold']);
  });
});
