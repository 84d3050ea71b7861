import { describe, expect, it } from '@jest/globals';
import { chooseLanguage, fromAcceptLanguage } from './negotiate.js';
import { formatDate, formatNumber, formatRelative, localize, translate } from './messages.js';

describe('translate', () => {
  it('fills placeholders and picks the plural form of each language', () => {
    expect(translate('en', 'board.replies', { count: 1 })).toBe('1 reply');
    expect(translate('en', 'board.replies', { count: 2 })).toBe('2 replies');
    expect(translate('es', 'board.replies', { count: 1 })).toBe('1 respuesta');
    expect(translate('es', 'board.replies', { count: 0 })).toBe('0 respuestas');
    expect(translate('en', 'pagination.pageOf', { page: 2, pages: 3 })).toBe('Page 2 of 3');
  });

  // Spanish here is the Spanish of the United States (es-US), which groups digits as English does.
  it('writes numbers the way each language does', () => {
    expect(translate('en', 'home.threads', { count: 12000 })).toBe('12,000 threads');
    expect(translate('es', 'home.threads', { count: 12000 })).toBe('12,000 temas');
    expect(formatNumber('es', 2.5)).toBe('2.5');
  });

  it('shows a missing key as itself rather than nothing', () => {
    expect(translate('es', 'no.such.key')).toBe('no.such.key');
  });
});

describe('localize', () => {
  it('reads English from the domain back into the reader’s language, values included', () => {
    expect(localize('es', 'A post is at most 20,000 characters; this one has 20,001.')).toBe('Un mensaje puede tener como máximo 20,000 caracteres; este tiene 20,001.');
    expect(localize('es', 'That username is taken. Try another pseudonym.')).toBe('Ese nombre de usuario ya está en uso. Prueba con otro seudónimo.');
    expect(localize('es', { key: 'notifications.removed', params: { reason: 'spam' } })).toBe('Un moderador quitó tu mensaje. Motivo: spam');
  });

  it('leaves a moderator’s own words as they are', () => {
    expect(localize('es', 'Please keep it on topic')).toBe('Please keep it on topic');
  });
});

describe('choosing the language', () => {
  it('follows Accept-Language with its q-values, any regional Spanish counting as Spanish', () => {
    expect(fromAcceptLanguage('es-MX,es;q=0.9,en;q=0.8')).toBe('es');
    expect(fromAcceptLanguage('es-US')).toBe('es');
    expect(fromAcceptLanguage('en;q=0.4, es-419;q=0.9')).toBe('es');
    expect(fromAcceptLanguage('fr-FR, es;q=0.2, en;q=0.1')).toBe('es');
    expect(fromAcceptLanguage('es;q=0, en')).toBe('en');
    expect(fromAcceptLanguage('fr, de')).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });

  it('puts an explicit choice before the saved preference, and that before the browser', () => {
    expect(chooseLanguage({ chosen: 'en', saved: 'es', acceptLanguage: 'es' })).toBe('en');
    expect(chooseLanguage({ chosen: null, saved: 'es', acceptLanguage: 'en' })).toBe('es');
    expect(chooseLanguage({ chosen: 'xx', saved: null, acceptLanguage: 'es-MX' })).toBe('es');
    expect(chooseLanguage({ acceptLanguage: 'fr' })).toBe('en');
  });
});

describe('dates', () => {
  const when = new Date('2026-03-05T18:30:00Z');

  // ICU versions differ in the kind of space they put before AM / a.m.
  const spaced = (text: string) => text.replace(/\s/g, ' ');

  it('formats a date per language in Phoenix time', () => {
    expect(spaced(formatDate('en', when))).toBe('Mar 5, 2026, 11:30 AM');
    expect(spaced(formatDate('es', when))).toBe('5 mar 2026, 11:30 a.m.');
  });

  it('says how long ago in each language', () => {
    const now = when.getTime() + 3 * 60_000;
    expect(formatRelative('en', when, now)).toBe('3 minutes ago');
    expect(formatRelative('es', when, now)).toBe('hace 3 minutos');
  });
});

describe('localize, nested', () => {
  it('words a domain sentence that quotes another one', () => {
    expect(localize('es', '“a+b” cannot be used: The pattern is empty.')).toBe('No se puede usar «a+b»: El patrón está vacío.');
  });
});
