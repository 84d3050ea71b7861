import { describe, it, expect } from '@jest/globals';
import { CrisisDetector, defaultLexicon, parseLexicon } from './index.js';

describe('the default lexicon', () => {
  it('has the expected shape', () => {
    expect(defaultLexicon.signals['ideation']?.level).toBe('red');
    expect(defaultLexicon.combinations.length).toBeGreaterThan(0);
  });

  it('only uses words a post can produce', () => {
    // "dont" or "gonna" in a phrase would never match: posts are read as "do not", "going to".
    expect(new CrisisDetector(defaultLexicon).lexiconWarnings()).toEqual([]);
  });
});

describe('parseLexicon', () => {
  it('refuses an unknown level', () => {
    const broken = structuredClone(defaultLexicon) as unknown as { signals: Record<string, { level: string }> };
    broken.signals['ideation']!.level = 'purple';
    expect(() => parseLexicon(broken)).toThrow(/signals\.ideation\.level/);
  });

  it('refuses a signal that becomes an unknown signal about someone else', () => {
    const broken = structuredClone(defaultLexicon);
    broken.signals['ideation']!.otherAs = 'nobody';
    expect(() => parseLexicon(broken)).toThrow(/unknown signal "nobody"/);
  });

  it('refuses something that is not a lexicon', () => {
    expect(() => parseLexicon(null)).toThrow(/expected an object/);
    expect(() => parseLexicon({ signals: {} })).toThrow(/invalid crisis lexicon/);
  });
});
