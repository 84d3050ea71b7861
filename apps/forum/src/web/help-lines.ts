import type { HelpResource } from '@forum/config';
import type { Language } from '@forum/i18n';

export interface HelpLine {
  id: string;
  name: string;
  area: string;
  description: string;
  hours: string;
  open247: boolean;
  languages: string;
  contacts: { kind: 'call' | 'text'; label: string; value: string; body?: string }[];
}

/** Spanish-speaking readers see the lines that answer in Spanish first (emergency services stay on top). */
export function helpInOrder(resources: HelpResource[], language: Language): HelpResource[] {
  if (language !== 'es') return resources;
  return [...resources].sort((a, b) => Number(!!b.spanish) - Number(!!a.spanish) || resources.indexOf(a) - resources.indexOf(b));
}

/** The help lines in the reader's language and order; a field with no Spanish text stays in English. */
export function helpLinesFor(resources: HelpResource[], language: Language): HelpLine[] {
  const es = language === 'es';
  return helpInOrder(resources, language).map((r) => ({
    id: r.id,
    name: (es && r.nameEs) || r.name,
    area: (es && r.areaEs) || r.area,
    description: (es && r.descriptionEs) || r.description,
    hours: (es && r.hoursEs) || r.hours,
    open247: r.hours === '24/7',
    languages: (es && r.languagesEs) || r.languages,
    contacts: r.contacts.map((c) => ({ kind: c.kind, label: (es && c.labelEs) || c.label, value: c.value, body: (es && c.bodyEs) || c.body })),
  }));
}
