import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Logger, pino } from 'pino';
import { type HttpLogger, type Options, pinoHttp } from 'pino-http';
import { type ObservabilitySettings, loadObservabilitySettings } from './observability-settings.js';
import { pathOf, routeTemplate } from './route-template.js';

/**
 * Never written, whatever a future log call passes in: credentials, session ids, post bodies
 * and the query parameters a database error carries (a post's text, its author's id).
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'body',
  '*.body',
  'sessionID',
  '*.sessionID',
  'cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'err.parameters',
  'err.query',
  'err.driverError',
];

/** Health checks, scrapes and static files would drown the requests that matter. */
const QUIET = /^\/(healthz|metrics|static\/|favicon)/;

let root: Logger | undefined;

/**
 * The forum's one pino logger: JSON lines on standard output (or LOG_FILE). One per process,
 * as nestjs-pino keeps one root logger per process too.
 */
export function forumLogger(settings: ObservabilitySettings = loadObservabilitySettings()): Logger {
  root ??= pino(
    {
      level: settings.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    pino.destination({ dest: settings.logFile ?? 1, sync: true, mkdir: true }),
  );
  return root;
}

/**
 * One line per request: method, route template, path, status and time. Deliberately no
 * headers, query, body, client address or account: a line saying who sent a reply to which
 * thread, next to an anonymous post appearing there, would name the person behind the alias.
 */
export function requestLogOptions(logger: Logger): Options {
  const summary = (req: IncomingMessage, res: ServerResponse, responseTime: number) => ({
    method: req.method,
    route: routeTemplate(req),
    path: pathOf((req as { originalUrl?: string }).originalUrl ?? req.url),
    status: res.statusCode,
    responseTime,
  });
  return {
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
    autoLogging: { ignore: (req) => QUIET.test(req.url ?? '') },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    customSuccessMessage: (req, res) => `${req.method} ${routeTemplate(req)} ${res.statusCode}`,
    customErrorMessage: (req, res) => `${req.method} ${routeTemplate(req)} ${res.statusCode}`,
    customSuccessObject: (req, res, logged: { responseTime: number }) => summary(req, res, logged.responseTime),
    customErrorObject: (req, res, _error, logged: { responseTime: number }) => summary(req, res, logged.responseTime),
  };
}

/** The Express middleware that writes the request lines and gives each request its logger. */
export function requestLogging(logger: Logger = forumLogger()): HttpLogger {
  return pinoHttp(requestLogOptions(logger));
}
