import { describe, it, expect } from '@jest/globals';
import { assess } from './index.js';
import { normaliseText, TextFolder } from './normalise.js';

const folder = new TextFolder(new Map([['о', 'o'], ['’', "'"]]));

describe('normaliseText', () => {
  it('folds case, width and accents', () => {
    expect(normaliseText('ＫＩＬＬ Decidí', folder).text).toBe('kill decidi');
  });

  it('drops zero-width characters and maps look-alike letters', () => {
    expect(normaliseText('k\u200bi\u200dll', folder).text).toBe('kill');
    expect(normaliseText('gоodbye', folder).text).toBe('goodbye');
  });

  it('remembers where each folded character came from', () => {
    const original = 'a\u200bＢc';
    const folded = normaliseText(original, folder);
    expect(folded.text).toBe('abc');
    expect([...folded.originStart]).toEqual([0, 2, 3]);
    expect([...folded.originEnd]).toEqual([1, 3, 4]);
  });
});

// Obfuscation does not change the level (LABELS.md): each of these means what it stands for.
describe('obfuscated posts', () => {
  it.each([
    ['leetspeak', 'I want to k1ll mys3lf', 'red'],
    ['symbols for letters', 'i want to k!ll my$elf', 'red'],
    ['spaced letters', 'i want to k i l l  m y s e l f', 'red'],
    ['dotted letters', 'thinking about s.u.i.c.i.d.e every day', 'red'],
    ['Cyrillic look-alikes', 'I want to kіll myѕelf', 'red'],
    ['fullwidth letters', 'I want to ｋｉｌｌ ｍｙｓｅｌｆ', 'red'],
    ['zero-width joiners', 'I want to k\u200bill my\u200dself', 'red'],
    ['words run together', 'i just want to killmyself', 'red'],
    ['stretched letters', 'i just want to diiiiie', 'red'],
    ['kms', 'wanna kms so bad', 'red'],
    ['unalive', 'I keep thinking about how to unalive myself', 'red'],
    ['sewerslide', 'been thinking about sewerslide a lot lately', 'red'],
    ['ctb', 'gonna ctb tonight', 'crisis'],
    ['off myself', 'honestly i want to off myself', 'red'],
    ['s/h', 'the urge to s/h is so strong rn', 'red'],
    ['sh', 'the urge to sh is back', 'red'],
    ['misspelt suicidal', 'im so suicdal lately', 'red'],
    ['misspelt suicidal with e', 'I feel suicidel again', 'red'],
    ['misspelt suicide', 'thinking about sucide all the time', 'red'],
    ['one l in kill', 'I want to kil myself', 'red'],
    ['not wake up', 'every night I hope I just do not wake up', 'red'],
    ['end it all', 'I want to end it all', 'red'],
    ['leetspeak in Spanish', 'm3 v0y a m4t4r esta noche', 'crisis'],
  ] as const)('%s: "%s" is %s', (_name, text, level) => {
    expect(assess(text).level).toBe(level);
  });

  it('does not read kilometres as "kms"', () => {
    expect(assess('Walked 5 kms today, feeling great').level).toBe('green');
  });

  it('takes words that are also object property names as plain words', () => {
    expect(assess('constructor __proto__ toString hasOwnProperty valueOf').level).toBe('green');
  });
});
