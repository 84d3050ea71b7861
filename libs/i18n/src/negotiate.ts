import { DEFAULT_LANGUAGE, isLanguage, type Language } from './messages.js';

/**
 * The best language the forum has for an Accept-Language header, honouring q-values; any
 * regional Spanish (es-MX, es-US, es-419) is Spanish. Null when the header names none we have.
 */
export function fromAcceptLanguage(header: string | undefined | null): Language | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .slice(0, 30)
    .map((part, index) => {
      const [range, ...options] = part.trim().split(';');
      const q = options.map((o) => /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(o)).find(Boolean);
      const weight = q ? Number(q[1]) : 1;
      return { base: range.trim().toLowerCase().split('-')[0], weight: Number.isFinite(weight) ? weight : 0, index };
    })
    .filter((r) => r.weight > 0 && r.base)
    .sort((a, b) => b.weight - a.weight || a.index - b.index);
  for (const { base } of ranked) {
    if (isLanguage(base)) return base;
    if (base === '*') return DEFAULT_LANGUAGE;
  }
  return null;
}

export interface LanguageSources {
  /** The language a visitor picked with the switcher (cookie). */
  chosen?: string | null;
  /** A member's saved preference. */
  saved?: string | null;
  acceptLanguage?: string | null;
}

/** An explicit choice first, then the member's saved preference, then the browser, then English. */
export function chooseLanguage(sources: LanguageSources): Language {
  if (isLanguage(sources.chosen)) return sources.chosen;
  if (isLanguage(sources.saved)) return sources.saved;
  return fromAcceptLanguage(sources.acceptLanguage) ?? DEFAULT_LANGUAGE;
}
