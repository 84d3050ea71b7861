import { createBullBoard } from '@bull-board/api';
import { BullAdapter } from '@bull-board/api/bullAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { ExecutionContext } from '@nestjs/common';
import { getQueueToken } from '@nestjs/bull';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AdminGuard } from './guards.js';
import { FORUM_CSP_DIRECTIVES } from './content-security-policy.js';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board for admins at /admin/queues: the page, its API and its assets all pass the admin
 * check below, on the server. Read-only: the forum's reconcilers retry what failed, and a
 * button that empties the moderation queue has no place next to people in crisis. Its jobs
 * carry only ids (a post id; an alert id, channel and round), so nothing on it names the
 * person behind an anonymous post.
 *
 * Mounted after the session and CSRF middleware (so state-changing calls without a form
 * token are refused as everywhere else) and before the error handler (so refusals are the
 * forum's own 401 and 403 pages).
 */
export function mountQueueBoard(app: NestExpressApplication, queueNames: string[]): void {
  const board = new ExpressAdapter();
  board.setBasePath(QUEUE_BOARD_PATH);
  createBullBoard({
    queues: queueNames.map((name) => new BullAdapter(app.get<Queue>(getQueueToken(name), { strict: false }), { readOnlyMode: true })),
    serverAdapter: board,
    options: { uiConfig: { boardTitle: 'Forum queues' } },
  });
  app.use(QUEUE_BOARD_PATH, adminsOnly, boardContentSecurityPolicy, board.getRouter());
}

const adminGuard = new AdminGuard();

/** The same check as every admin route, before Express hands the request to the board. */
function adminsOnly(req: Request, _res: Response, next: NextFunction): void {
  try {
    adminGuard.canActivate({ switchToHttp: () => ({ getRequest: () => req }) } as ExecutionContext);
    next();
  } catch (refusal) {
    next(refusal);
  }
}

/**
 * The forum's policy with two relaxations, for this admin-only page alone: the board's page
 * sets `<base href>` (so base-uri 'self', where the forum has 'none'), and its loading screen
 * and components use inline styles (so style-src 'unsafe-inline'). Scripts stay 'self' only,
 * and the web font it asks a third party for stays blocked: admins' browsers tell no one.
 */
const boardContentSecurityPolicy = helmet.contentSecurityPolicy({
  useDefaults: false,
  directives: { ...FORUM_CSP_DIRECTIVES, styleSrc: ["'self'", "'unsafe-inline'"], baseUri: ["'self'"] },
});
