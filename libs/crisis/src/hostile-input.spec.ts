import { describe, it, expect } from '@jest/globals';
import { assess } from './index.js';

const SIZE = 100_000;
const repeatTo = (unit: string): string => unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);

// Correctness only: the bench (apps/cli/src/bench-crisis-detector.ts) measures speed.
describe('hostile 100 KB posts', () => {
  it.each([
    ['repeated near-matches', repeatTo('kill kill kill my my '), 'green'],
    ['stuttered words', repeatTo('i i i want want to '), 'green'],
    ['one endless word', repeatTo('killmyself'), 'green'],
    ['one endless letter', 'a'.repeat(SIZE), 'green'],
    ['dotted letters', repeatTo('s.u.i.c.i.d.e.'), 'green'],
    ['negations before a phrase', repeatTo('not never no ') + '. I want to die.', 'red'],
    ['zero-width characters', repeatTo('\u200b\u200c\u200d'), 'green'],
    ['emoji', repeatTo('😭💀'), 'green'],
  ] as const)('%s is assessed', (_name, text, level) => {
    expect(assess(text).level).toBe(level);
  });

  it('finds a real crisis phrase repeated all through a long post', () => {
    const result = assess(repeatTo('i am going to kill myself tonight. '));
    expect(result.level).toBe('crisis');
    expect(result.matches.length).toBeLessThanOrEqual(100);
  });

  it('finds a crisis phrase at the end of a long harmless post', () => {
    const text = repeatTo('The weather was nice and we walked the dog. ') + ' I wrote my note and I am doing it tonight.';
    const result = assess(text);
    expect(result.level).toBe('crisis');
    const last = result.matches[result.matches.length - 1];
    expect(last !== undefined && text.slice(last.start, last.end)).toBe(last?.text);
  });

  it('reads spaced letters in a long run', () => {
    expect(assess(`i want to ${repeatTo('k i l l m y s e l f ').slice(0, 40)}`).level).toBe('red');
  });
});
