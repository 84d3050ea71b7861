import type { HelperDelegate, HelperOptions } from 'handlebars';
import { boardNameText, boardText, DEFAULT_LANGUAGE, formatDate, formatNumber, formatRelative, isLanguage, type Language, localize, type Message, type MessageParams, template, translate } from '@forum/i18n';

type Handlebars = {
  registerHelper(name: string, fn: HelperDelegate): void;
  escapeExpression(value: string): string;
  SafeString: new (value: string) => unknown;
};

/** The request's language: res.locals.lang reaches every template (and partial) as @root.lang. */
const languageOf = (options: HelperOptions | undefined): Language => {
  const lang = (options?.data as { root?: { lang?: unknown } } | undefined)?.root?.lang;
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
};

export function registerViewHelpers(handlebars: Handlebars): void {
  handlebars.registerHelper('eq', ((a: unknown, b: unknown) => a === b)  as HelperDelegate);
  handlebars.registerHelper('t', ((key: string, options: HelperOptions) => translate(languageOf(options), key, options.hash as MessageParams)) as HelperDelegate);
  // Catalogue text that carries its own markup (a tel: link in a sentence). The catalogue is
  // ours; the values put into it are escaped here, so nothing a member typed becomes markup.
  handlebars.registerHelper('tx', ((key: string, options: HelperOptions) => {
    const params: MessageParams = {};
    for (const [name, value] of Object.entries(options.hash as MessageParams)) params[name] = typeof value === 'string' ? handlebars.escapeExpression(value) : value;
    return new handlebars.SafeString(translate(languageOf(options), key, params));
  }) as HelperDelegate);
  // Placeholders kept ({board}) for the page's script to fill.
  handlebars.registerHelper('template', ((key: string, options: HelperOptions) => template(languageOf(options), key)) as HelperDelegate);
  // A message made by the server (form error, notice, notification): a key with its values.
  handlebars.registerHelper('msg', ((text: Message | string | null, options: HelperOptions) => localize(languageOf(options), text)) as HelperDelegate);
  // The forum's own boards in the reader's language (a board operators renamed keeps its words).
  handlebars.registerHelper('boardName', ((board: { slug: string; name: string } | string, options: HelperOptions) =>
    typeof board === 'string' ? boardNameText(languageOf(options), board) : boardText(languageOf(options), board)) as HelperDelegate);
  handlebars.registerHelper('boardDescription', ((board: { slug: string; name: string; description: string | null }, options: HelperOptions) => boardText(languageOf(options), board, 'description')) as HelperDelegate);
  handlebars.registerHelper('date', ((value: Date | string | null, options: HelperOptions) => (value ? formatDate(languageOf(options), value) : ''))  as HelperDelegate);
  handlebars.registerHelper('ago', ((value: Date | string | null, options: HelperOptions) => (value ? formatRelative(languageOf(options), value) : ''))  as HelperDelegate);
  handlebars.registerHelper('number', ((value: number | null, options: HelperOptions) => (typeof value === 'number' ? formatNumber(languageOf(options), value) : ''))  as HelperDelegate);
  handlebars.registerHelper('isoDate', ((value: Date | string | null) => (value ? new Date(value).toISOString() : ''))  as HelperDelegate);
  handlebars.registerHelper('seconds', ((value: number | null, options: HelperOptions) => {
    if (value === null || value === undefined) return '—';
    const lang = languageOf(options);
    return value < 120 ? `${formatNumber(lang, value)} s` : `${formatNumber(lang, Math.round(value / 60))} min`;
  }) as HelperDelegate);
  // Joins values as they are (no number formatting): a key built from a state, an id in a link.
  handlebars.registerHelper('str', ((...args: unknown[]) => args.slice(0, -1).map((a) => String(a ?? '')).join('')) as HelperDelegate);
  handlebars.registerHelper('tel', ((value: string) => value.replace(/[^\d+]/g, ''))  as HelperDelegate);
  handlebars.registerHelper('or', ((...args: unknown[]) => args.slice(0, -1).some(Boolean))  as HelperDelegate);
  handlebars.registerHelper('and', ((...args: unknown[]) => args.slice(0, -1).every(Boolean))  as HelperDelegate);
  handlebars.registerHelper('not', ((value: unknown) => !value)  as HelperDelegate);
}
