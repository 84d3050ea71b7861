import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { sayMessage } from './language.js';

const TITLES: Record<number, string> = {
  400: 'Something in that request was not right',
  401: 'Please log in',
  403: 'Not allowed',
  404: 'Page not found',
  413: 'That was too long',
  429: 'Slow down a little',
  503: 'The forum is having trouble',
};

/** What members read while PostgreSQL is unreachable: one place for both messages. */
export const DATABASE_DOWN_MESSAGES = {
  page: 'The forum cannot reach its database right now. Nothing you just sent was saved: please go back and try again in a minute. If you need to talk to someone now, the people on the help page are always there.',
  post: 'The forum cannot reach its database right now, so your post has not been saved yet. Your words are still here: please try again in a minute. If you need to talk to someone now, the people on the help page are always there.',
} as const;

/** Every error is a page in the layout, in plain words; no stack trace leaves the server. */
@Catch()
export class ForumExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  /** `boardName` answers from memory: it is asked while the database may be unreachable. */
  constructor(
    private readonly showDetails: boolean,
    private readonly boardName: (slug: string) => string | undefined = () => undefined,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (res.headersSent) return;
    const status = statusOf(exception);
    let message = messageOf(exception, status);
    if (status === 503) {
      this.logger.warn(`${req.method} ${req.route?.path ?? req.path}: database unavailable (${(exception as Error)?.message})`);
      res.set('retry-after', '30');
      if (this.renderUnsavedPost(req, res)) return;
      message = DATABASE_DOWN_MESSAGES.page;
    } else if (status >= 500) {
      this.logger.error(`${req.method} ${req.route?.path ?? 'unmatched route'} failed: ${(exception as Error)?.stack ?? String(exception)}`);
      message = 'Something went wrong on our side. Your words may not have been saved: please try again in a moment.';
    }
    // Tells a client (and a polite script) how long a limit lasts, as the page tells a person.
    const retryAfter = exception instanceof HttpException ? (exception.getResponse() as { retryAfterSeconds?: unknown }).retryAfterSeconds : undefined;
    if (status === 429 && typeof retryAfter === 'number') res.set('retry-after', String(Math.max(1, Math.ceil(retryAfter))));
    if (status === 401 && req.method === 'GET' && req.accepts('html')) {
      res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
      return;
    }
    if (req.path === '/healthz' || (!req.accepts('html') && req.accepts('json'))) {
      const body = exception instanceof HttpException ? exception.getResponse() : { statusCode: status, message };
      res.status(status).json(body);
      return;
    }
    res.status(status).render('errors/error', {
      title: sayMessage(req, TITLES[status] ?? (status >= 500 ? 'Something went wrong' : 'That did not work')),
      status,
      message,
      details: this.showDetails && status >= 500 ? String((exception as Error)?.stack ?? exception) : null,
    });
  }

  /**
   * A reply or a new thread that could not be stored goes back to its form with the member's
   * words in it, so nothing they wrote (maybe in a hard moment) is lost to an outage. The
   * session may be unreadable too, so the CSRF token they sent is handed back for the retry.
   */
  private renderUnsavedPost(req: Request, res: Response): boolean {
    if (req.method !== 'POST' || !req.accepts('html')) return false;
    const sent = (req.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof sent[name] === 'string' ? (sent[name] as string) : '');
    const anonymous = ['on', 'true', '1'].includes(text('anonymous'));
    const csrfToken = typeof res.locals.csrfToken === 'function' ? res.locals.csrfToken : text('_csrf');
    const errors = { form: DATABASE_DOWN_MESSAGES.post };
    const reply = req.path.match(/^\/t\/(\d+)\/replies$/);
    if (reply) {
      const parentId = /^\d+$/.test(text('parentId')) ? Number(text('parentId')) : null;
      res.status(HttpStatus.SERVICE_UNAVAILABLE).render('forum/reply', {
        title: sayMessage(req, TITLES[503]),
        thread: { id: Number(reply[1]) },
        form: { body: text('body'), anonymous, parentId },
        errors,
        csrfToken,
      });
      return true;
    }
    const thread = req.path.match(/^\/b\/([a-z0-9-]+)$/);
    if (thread) {
      const board = { slug: thread[1], name: this.boardName(thread[1]) ?? thread[1] };
      res.status(HttpStatus.SERVICE_UNAVAILABLE).render('forum/new-thread', {
        title: sayMessage(req, TITLES[503]),
        board,
        form: { title: text('title'), body: text('body'), anonymous },
        errors,
        csrfToken,
      });
      return true;
    }
    return false;
  }
}

// PostgreSQL unreachable or restarting: connection refused, terminated, admin shutdown, too many clients.
const DATABASE_DOWN = /ECONNREFUSED|ECONNRESET|Connection terminated|timeout exceeded when trying to connect|the database system is (starting up|shutting down)|terminating connection/i;
const DATABASE_DOWN_CODES = new Set(['57P01', '57P02', '57P03', '53300', '08006', '08001', '08003', '08004']);

function isDatabaseDown(exception: unknown): boolean {
  const e = exception as { code?: string; message?: string; driverError?: { code?: string } };
  return DATABASE_DOWN_CODES.has(e?.code ?? e?.driverError?.code ?? '') || DATABASE_DOWN.test(e?.message ?? '');
}

function statusOf(exception: unknown): number {
  if (exception instanceof HttpException) return exception.getStatus();
  if (isDatabaseDown(exception)) return HttpStatus.SERVICE_UNAVAILABLE;
  const status = (exception as { status?: number; statusCode?: number })?.status ?? (exception as { statusCode?: number })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}

function messageOf(exception: unknown, status: number): string {
  if (status === 404) return 'We could not find that page. It may have been moved or removed.';
  if (status === 413) return 'That was more than the forum can take in one go. Please shorten it and try again.';
  if (exception instanceof HttpException) {
    const response = exception.getResponse();
    if (typeof response === 'string') return response;
    const m = (response as { message?: unknown }).message;
    if (typeof m === 'string') return m;
    if (Array.isArray(m)) return m.join(' ');
  }
  if (status === 403) return 'You do not have permission to do that.';
  return 'That request could not be handled.';
}
