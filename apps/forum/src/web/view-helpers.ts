import type { HelperDelegate } from 'handlebars';

type Handlebars = { registerHelper(name: string, fn: HelperDelegate): void };

const dateFormat = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'America/Phoenix' });

export function registerViewHelpers(handlebars: Handlebars): void {
  handlebars.registerHelper('eq', ((a: unknown, b: unknown) => a === b)  as HelperDelegate);
  handlebars.registerHelper('date', ((value: Date | string | null) => (value ? dateFormat.format(new Date(value)) : ''))  as HelperDelegate);
  handlebars.registerHelper('isoDate', ((value: Date | string | null) => (value ? new Date(value).toISOString() : ''))  as HelperDelegate);
  handlebars.registerHelper('plural', ((count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`)  as HelperDelegate);
  handlebars.registerHelper('seconds', ((value: number | null) => {
    if (value === null || value === undefined) return '—';
    return value < 120 ? `${value} s` : `${Math.round(value / 60)} min`;
  }) as HelperDelegate);
  handlebars.registerHelper('tel', ((value: string) => value.replace(/[^\d+]/g, ''))  as HelperDelegate);
  handlebars.registerHelper('or', ((...args: unknown[]) => args.slice(0, -1).some(Boolean))  as HelperDelegate);
  handlebars.registerHelper('and', ((...args: unknown[]) => args.slice(0, -1).every(Boolean))  as HelperDelegate);
  handlebars.registerHelper('not', ((value: unknown) => !value)  as HelperDelegate);
}
