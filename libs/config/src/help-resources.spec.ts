import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { type HelpResource, loadHelpResources } from './project-root.js';

const dir = mkdtempSync(join(tmpdir(), 'help-resources-'));
const fileWith = (resources: Partial<HelpResource>[]) => {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify({ resources }));
  return file;
};
const line = (extra: Partial<HelpResource> = {}): Partial<HelpResource> => ({
  id: 'line',
  name: 'A line',
  area: 'US',
  description: 'Someone to talk to.',
  hours: '24/7',
  languages: 'English, Spanish',
  spanish: true,
  descriptionEs: 'Alguien con quien hablar.',
  contacts: [{ kind: 'call', label: 'Call 988', labelEs: 'Llama al 988', value: '988' }],
  ...extra,
});

describe('loadHelpResources', () => {
  it('gives every line that answers in Spanish its Spanish text in the shipped file', () => {
    const spanish = loadHelpResources().filter((r) => r.spanish);
    expect(spanish.map((r) => r.id)).toEqual(expect.arrayContaining(['emergency', '988', 'crisis-text-line']));
    for (const r of spanish) {
      expect(r.descriptionEs).toBeTruthy();
      expect(r.contacts.every((c) => !!c.labelEs)).toBe(true);
    }
    expect(loadHelpResources().find((r) => r.id === 'crisis-text-line')?.contacts[0]).toMatchObject({ value: '741741', bodyEs: 'AYUDA' });
  });

  it('refuses a Spanish-speaking line without Spanish words for it', () => {
    expect(() => loadHelpResources(fileWith([line({ descriptionEs: undefined })]))).toThrow(/needs descriptionEs and a labelEs on every contact \(problem in "line"\)/);
    expect(() => loadHelpResources(fileWith([line({ contacts: [{ kind: 'call', label: 'Call 988', value: '988' }] })]))).toThrow(/labelEs/);
  });

  it('refuses Spanish fields that are not text', () => {
    expect(() => loadHelpResources(fileWith([line({ nameEs: 42 as never })]))).toThrow(/nameEs must be text/);
  });

  it('refuses a list with no line that answers in Spanish', () => {
    expect(() => loadHelpResources(fileWith([line({ spanish: false })]))).toThrow(/at least one line must answer in Spanish/);
  });

  it('accepts a line without Spanish text when it does not claim to answer in Spanish', () => {
    const resources = loadHelpResources(fileWith([line(), line({ id: 'english-only', spanish: undefined, descriptionEs: undefined, contacts: [{ kind: 'call', label: 'Call 911', value: '911' }] })]));
    expect(resources).toHaveLength(2);
  });
});
