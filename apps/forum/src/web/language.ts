import type { NextFunction, Request, Response } from 'express';
import { chooseLanguage, type Language, localize, type Message, translate, type MessageParams } from '@forum/i18n';
import type { Member } from '@forum/accounts';

export const LANGUAGE_COOKIE = 'forum.lang';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return decodeURIComponent(part.slice(at + 1).trim());
  }
  return null;
}

export function rememberLanguage(res: Response, lang: Language): void {
  res.cookie(LANGUAGE_COOKIE, lang, { httpOnly: true, sameSite: 'lax', secure: res.req.secure, maxAge: ONE_YEAR_MS, path: '/' });
  res.locals.lang = lang;
}

/** Picks the page language once per request (after the session, so a member's preference counts). */
export function languageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const member = req.user as (Member & { language?: string | null }) | undefined;
  const lang = chooseLanguage({ chosen: cookieValue(req.headers.cookie, LANGUAGE_COOKIE), saved: member?.language, acceptLanguage: req.headers['accept-language'] });
  res.locals.lang = lang;
  res.setHeader('content-language', lang);
  res.vary('Accept-Language');
  res.vary('Cookie');
  next();
}

export const languageOf = (req: Request): Language => (req.res?.locals.lang as Language | undefined) ?? 'en';

/** Text for the page being answered, in its language. */
export const say = (req: Request, key: string, params?: MessageParams): string => translate(languageOf(req), key, params);
export const sayMessage = (req: Request, text: Message | string): string => localize(languageOf(req), text);
