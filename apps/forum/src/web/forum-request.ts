import type { Request } from 'express';
import type { Member } from '@forum/accounts';

export type ForumRequest = Request & { user?: Member };

export function viewerOf(req: Request): Member | null {
  return ((req as ForumRequest).user as Member | undefined) ?? null;
}

/** A notice shown once on the next page (after a redirect). */
export function flash(req: Request, message: string, kind: 'info' | 'success' | 'warning' = 'info'): void {
  if (!req.session) return;
  const session = req.session as unknown as { flash?: { kind: string; message: string }[] };
  session.flash = [...(session.flash ?? []), { kind, message }];
}

/** Only same-site paths, so a crafted link cannot send a member elsewhere after login. */
export function safeNext(next: unknown, fallback = '/'): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : fallback;
}
