import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import connectPgSimple from 'connect-pg-simple';
import { csrfSync } from 'csrf-sync';
import express, { type NextFunction, type Request, type Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import hbs from 'hbs';
import passport from 'passport';
import pg from 'pg';
import { ForbiddenException } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { ALERTS_QUEUE, LIVE_ALERTS_QUEUE } from '@forum/alerts';
import { FORUM_CONFIG, type ForumConfig, projectRoot } from '@forum/config';
import { ForumService, NotificationsService } from '@forum/forum';
import { MODERATION_QUEUE } from '@forum/moderation';
import { ForumMetrics, forumLogger, requestLogging } from '@forum/observability';
import { ForumExceptionFilter } from './web/forum-exception.filter.js';
import { keepMemberPagesPrivate } from './web/private-pages.js';
import { RecordIdPipe } from './web/record-id.pipe.js';
import { refuseNulCharacters } from './web/refuse-nul.js';
import { languageMiddleware } from './web/language.js';
import { mountQueueBoard } from './web/queue-board.js';
import { registerViewHelpers } from './web/view-helpers.js';
import { FORUM_CSP_DIRECTIVES } from './web/content-security-policy.js';

export const SESSION_COOKIE = 'forum.sid';

/**
 * Everything between the network and the controllers, in one place: main.ts and every
 * end-to-end test call this, so tests run exactly the stack members get.
 */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  const config = app.get<ForumConfig>(FORUM_CONFIG);
  const root = projectRoot();
  const expressApp = app.getHttpAdapter().getInstance() as express.Express;

  // Structured logs and request timing come first, so every request is seen, even one refused early.
  app.useLogger(app.get(PinoNestLogger));
  app.use(requestLogging(forumLogger()));
  app.use(app.get(ForumMetrics).httpTiming());
  app.set('trust proxy', process.env.TRUST_PROXY ?? 'loopback');
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: FORUM_CSP_DIRECTIVES,
      },
      referrerPolicy: { policy: 'same-origin' },
    }),
  );
  app.useStaticAssets(join(root, 'public'), { prefix: '/static/', maxAge: config.environment === 'production' ? '1d' : 0 });

  app.setBaseViewsDir(join(root, 'views'));
  app.setViewEngine('hbs');
  expressApp.set('view options', { layout: 'layouts/main' });
  if (config.environment !== 'development') expressApp.enable('view cache');
  registerPartials(join(root, 'views', 'partials'));
  registerViewHelpers(hbs.handlebars);

  // Chosen before the body is read, so a refused body (too large) is answered in the reader's
  // language; chosen again after the session, when a member's saved preference is known.
  app.use(languageMiddleware);

  // Bodies are parsed here (the app is created with bodyParser: false) so CSRF can read _csrf.
  // 200 kB of form data fits a 20,000-character post in any script; beyond that is refused.
  app.use(express.urlencoded({ extended: false, limit: '200kb' }));
  app.use(express.json({ limit: '64kb' }));
  app.use(refuseNulCharacters);

  const sessionPool = new pg.Pool({ connectionString: config.databaseUrl, max: 5, connectionTimeoutMillis: 5000 });
  sessionPool.on('error', () => undefined);
  const PgStore = connectPgSimple(session);
  app.use(
    session({
      name: SESSION_COOKIE,
      // No "touch" on every page view: that would be a database write per page read.
      store: new PgStore({ pool: sessionPool, tableName: 'session', createTableIfMissing: false, pruneSessionInterval: 15 * 60, disableTouch: true }),
      secret: config.sessionSecret,
      resave: false,
      // Guests get no session row until something needs one (a form's CSRF token, a login).
      saveUninitialized: false,
      rolling: false,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: 30 * 24 * 3600 * 1000 },
    }),
  );
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(keepMemberPagesPrivate);
  app.use(languageMiddleware);

  const csrf = csrfSync({ getTokenFromRequest: (req) => (req.body as { _csrf?: string } | undefined)?._csrf });
  const forum = app.get(ForumService);
  const notifications = app.get(NotificationsService);
  app.use((req: Request, res: Response, next: NextFunction) => {
    // A function, so the token (and with it a session) is created only when a page renders a
    // form: reading pages costs guests no session row.
    res.locals.csrfToken = () => csrf.generateToken(req);
    res.locals.viewer = req.user ?? null;
    res.locals.path = req.path;
    const s = req.session as unknown as { flash?: unknown[] } | undefined;
    if (s?.flash) {
      res.locals.flash = s.flash;
      delete s.flash;
    }
    res.locals.headerBoards = forum.cachedBoardLinks(!!req.user);
    const member = req.user as { id: number } | undefined;
    if (!member || req.method !== 'GET') return next();
    notifications.unreadCount(member.id).then(
      (count) => {
        res.locals.unreadNotifications = count;
        next();
      },
      () => next(),
    );
  });
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || csrf.isRequestValid(req)) return next();
    next(new ForbiddenException('This form has expired or did not come from this forum. Go back, reload the page and try again.'));
  });
  mountQueueBoard(app, [MODERATION_QUEUE, ALERTS_QUEUE, LIVE_ALERTS_QUEUE]);
  // Errors raised before Nest's router (body too large, bad CSRF token) become the same pages.
  const filter = new ForumExceptionFilter(config.environment === 'development', (slug) => forum.cachedBoardLinks(true).find((b) => b.slug === slug)?.name);
  app.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    if (!error) return next();
    filter.catch(error, { switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }) } as never);
  });
  app.useGlobalFilters(filter);
  app.useGlobalPipes(new RecordIdPipe());
  return app;
}

function registerPartials(dir: string, base = dir): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) registerPartials(full, base);
    else if (entry.name.endsWith('.hbs')) hbs.registerPartial(relative(base, full).replace(/\.hbs$/, ''), readFileSync(full, 'utf8'));
  }
}
