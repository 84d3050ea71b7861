import type { NextFunction, Request, Response } from 'express';

/**
 * A page made for a signed-in member (their name, their notifications, a form token, posts
 * waiting for review) is not stored by the browser or any proxy: on a shared or public
 * computer, the back button after logging out must not show the next person what they read.
 */
export function keepMemberPagesPrivate(req: Request, res: Response, next: NextFunction): void {
  if (req.user) res.set('cache-control', 'no-store');
  next();
}
