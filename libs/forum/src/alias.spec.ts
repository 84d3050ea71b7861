import { describe, expect, it } from '@jest/globals';
import { chooseAlias, deriveAlias } from './alias.js';

describe('deriveAlias', () => {
  const secret = 'a-secret-for-tests-0123456789abcdef';

  it('gives a member the same alias throughout one thread', () => {
    expect(deriveAlias(secret, 7, 100)).toBe(deriveAlias(secret, 7, 100));
  });

  it('gives a member unrelated aliases across threads', () => {
    const aliases = new Set(Array.from({ length: 50 }, (_, thread) => deriveAlias(secret, 7, thread)));
    expect(aliases.size).toBeGreaterThan(40);
  });

  it('depends on the secret, so aliases cannot be recomputed without it', () => {
    const withOther = Array.from({ length: 20 }, (_, t) => deriveAlias('another-secret', 7, t));
    const withOurs = Array.from({ length: 20 }, (_, t) => deriveAlias(secret, 7, t));
    expect(withOther).not.toEqual(withOurs);
  });

  it('never contains the member id', () => {
    expect(deriveAlias(secret, 123456, 1)).toMatch(/^[A-Za-z-]+ [A-Za-z]+$/);
  });
});

describe('chooseAlias', () => {
  it('picks another alias when a different member of the thread holds the first choice', () => {
    const secret = 's';
    const first = deriveAlias(secret, 1, 9);
    const chosen = chooseAlias(secret, 1, 9, new Set([first]));
    expect(chosen).not.toBe(first);
    expect(chosen).toBe(chooseAlias(secret, 1, 9, new Set([first])));
  });
});
