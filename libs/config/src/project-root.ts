import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | null = null;

/** The repository root (where package.json is), from sources under test or from dist alike. */
export function projectRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'views'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('Cannot find the project root (package.json beside views/)');
    dir = up;
  }
  cached = dir;
  return dir;
}

export interface HelpContact {
  kind: 'call' | 'text';
  label: string;
  labelEs?: string;
  value: string;
  body?: string;
  bodyEs?: string;
}

export interface HelpResource {
  id: string;
  name: string;
  nameEs?: string;
  area: string;
  areaEs?: string;
  description: string;
  descriptionEs?: string;
  hours: string;
  hoursEs?: string;
  languages: string;
  languagesEs?: string;
  /** The line answers in Spanish: Spanish pages list it first. */
  spanish?: boolean;
  contacts: HelpContact[];
}

const SPANISH_FIELDS = ['nameEs', 'areaEs', 'descriptionEs', 'hoursEs', 'languagesEs'] as const;

/** Crisis resources from data/help-resources.json (operators edit it when numbers change). */
export function loadHelpResources(file = process.env.HELP_RESOURCES_FILE ?? join(projectRoot(), 'data', 'help-resources.json')): HelpResource[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { resources?: HelpResource[] };
  if (!Array.isArray(parsed.resources) || parsed.resources.length === 0) throw new Error(`${file} lists no help resources`);
  for (const r of parsed.resources) {
    const which = `(problem in "${r.id ?? r.name}")`;
    if (!r.name || !r.hours || !Array.isArray(r.contacts) || r.contacts.length === 0) {
      throw new Error(`${file}: every resource needs a name, hours and at least one contact ${which}`);
    }
    for (const field of SPANISH_FIELDS) {
      if (r[field] !== undefined && (typeof r[field] !== 'string' || !r[field])) throw new Error(`${file}: ${field} must be text ${which}`);
    }
    // A line offered to Spanish speakers first must say in Spanish what it is and how to reach it.
    if (r.spanish && (!r.descriptionEs || r.contacts.some((c) => !c.labelEs))) {
      throw new Error(`${file}: a line marked "spanish" needs descriptionEs and a labelEs on every contact ${which}`);
    }
  }
  if (!parsed.resources.some((r) => r.spanish)) throw new Error(`${file}: at least one line must answer in Spanish ("spanish": true)`);
  return parsed.resources;
}

/** Digits of every public help number, so peers sharing them are never mistaken for personal details. */
export function helpLineDigits(resources: HelpResource[]): Set<string> {
  const digits = new Set<string>();
  for (const r of resources) {
    for (const c of r.contacts) {
      const d = c.value.replace(/\D/g, '');
      digits.add(d);
      if (d.length === 11 && d.startsWith('1')) digits.add(d.slice(1));
    }
  }
  return digits;
}
