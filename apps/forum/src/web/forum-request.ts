import type { Request } from 'express';
import type { Member } from '@forum/accounts';
import type { Message } from '@forum/i18n';

export type ForumRequest = Request & { user?: Member };

export function viewerOf(req: Request): Member | null {
  return ((req as ForumRequest).user as Member | undefined) ?? null;
}

/** A notice shown once on the next page (after a redirect), in the language that page is read in. */
export function flash(req: Request, message: Message | string, kind: 'info' | 'success' | 'warning' = 'info'): void {
  if (!req.session) return;
  const session = req.session as unknown as { flash?: { kind: string; message: Message | string }[] };
  session.flash = [...(session.flash ?? []), { kind, message }];
}

/** Only same-site paths, so a crafted link cannot send a member elsewhere after login. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback;
}
