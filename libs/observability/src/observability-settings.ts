import { ForumConfigError } from '@forum/config';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Logging and metrics settings, read from the environment once per process. */
export interface ObservabilitySettings {
  logLevel: LogLevel;
  /** JSON lines go here instead of standard output. */
  logFile: string | null;
  /** A second listener that serves only /metrics, without a login, for a scraper on the same host. */
  metricsPort: number | null;
  metricsHost: string;
}

export function loadObservabilitySettings(env: NodeJS.ProcessEnv = process.env): ObservabilitySettings {
  const problems: string[] = [];
  // Tests keep to errors so their output stays readable; a test that reads the logs asks for more.
  const logLevel = (env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'error' : 'info')) as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  let metricsPort: number | null = null;
  if (env.METRICS_PORT) {
    metricsPort = Number(env.METRICS_PORT);
    if (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535) problems.push(`METRICS_PORT must be a port number, got "${env.METRICS_PORT}"`);
  }
  if (problems.length) throw new ForumConfigError(`The forum cannot start:\n- ${problems.join('\n- ')}`);
  return { logLevel, logFile: env.LOG_FILE || null, metricsPort, metricsHost: env.METRICS_HOST || '127.0.0.1' };
}
