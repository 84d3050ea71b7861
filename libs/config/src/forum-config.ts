import { randomBytes } from 'node:crypto';

export type ProcessRole = 'all' | 'web' | 'worker';

/** Everything the forum reads from its environment, validated once at start. */
export interface ForumConfig {
  environment: 'development' | 'production' | 'test';
  port: number;
  databaseUrl: string;
  redisUrl: string;
  sessionSecret: string;
  aliasSecret: string;
  smtpUrl: string | null;
  alertWebhookUrl: string | null;
  /** Signs webhook bodies; the receiver checks the signature with the same secret. */
  alertWebhookSecret: string;
  /** Minutes an alert may stay unacknowledged before it is sent again, per level. */
  alertAckMinutes: { crisis: number; red: number; amber: number };
  alertMaxEscalations: number;
  role: ProcessRole;
  /**
   * Prefix of every Redis key (queues, counters, live alerts), so forums sharing one Redis
   * (staging beside production, parallel test runs) never see each other's jobs.
   */
  redisPrefix: string;
  /** Where links in e-mails and webhooks point. */
  publicUrl: string;
  /**
   * Bull's job lock and stalled-job check. A worker that dies mid-job (killed, out of memory)
   * holds its job until the lock expires; another worker's stalled check then runs it again.
   */
  queueLockMs: number;
  queueStalledCheckMs: number;
}

export class ForumConfigError extends Error {}

const DEV_FALLBACK = 'development-only-secret-change-me';

export function loadForumConfig(env: NodeJS.ProcessEnv = process.env): ForumConfig {
  const problems: string[] = [];
  const environment = parseEnvironment(env.NODE_ENV);
  const production = environment === 'production';

  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`PORT must be a port number, got "${env.PORT}"`);

  const databaseUrl = env.DATABASE_URL ?? 'postgres://postgres@localhost:5432/forum';
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL must be a postgres:// URL');
  const redisUrl = env.REDIS_URL ?? 'redis://localhost:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) problems.push('REDIS_URL must be a redis:// URL');

  const role = (env.ROLE ?? 'all') as ProcessRole;
  if (!['all', 'web', 'worker'].includes(role)) problems.push(`ROLE must be all, web or worker, got "${env.ROLE}"`);

  // Without ALIAS_SECRET anyone who guesses it could link anonymous posts to accounts, so
  // production refuses to start; development gets a random one per process.
  let aliasSecret = env.ALIAS_SECRET ?? '';
  if (!aliasSecret) {
    if (production) problems.push('ALIAS_SECRET must be set in production (at least 32 characters): it protects anonymous members');
    aliasSecret = environment === 'test' ? 'test-alias-secret' : DEV_FALLBACK;
  } else if (production && aliasSecret.length < 32) {
    problems.push('ALIAS_SECRET must be at least 32 characters');
  }
  let sessionSecret = env.SESSION_SECRET ?? '';
  if (!sessionSecret) {
    if (production) problems.push('SESSION_SECRET must be set in production');
    sessionSecret = environment === 'development' ? DEV_FALLBACK : randomBytes(32).toString('hex');
  }

  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) problems.push('SMTP_URL must be an smtp:// or smtps:// URL');
  const alertWebhookUrl = env.ALERT_WEBHOOK_URL || null;
  if (alertWebhookUrl && !/^https?:\/\//.test(alertWebhookUrl)) problems.push('ALERT_WEBHOOK_URL must be an http(s) URL');

  const alertWebhookSecret = env.ALERT_WEBHOOK_SECRET ?? '';
  if (alertWebhookUrl && production && alertWebhookSecret.length < 16) problems.push('ALERT_WEBHOOK_SECRET (16+ characters) must be set with ALERT_WEBHOOK_URL, so receivers can verify alerts');
  const minutes = (value: string | undefined, fallback: number, name: string) => {
    const n = Number(value ?? fallback);
    if (!Number.isFinite(n) || n <= 0) problems.push(`${name} must be a positive number of minutes`);
    return n;
  };
  const alertAckMinutes = {
    crisis: minutes(env.ALERT_ACK_MINUTES, 5, 'ALERT_ACK_MINUTES'),
    red: minutes(env.ALERT_ACK_MINUTES_RED, 30, 'ALERT_ACK_MINUTES_RED'),
    amber: minutes(env.ALERT_ACK_MINUTES_AMBER, 240, 'ALERT_ACK_MINUTES_AMBER'),
  };

  const milliseconds = (value: string | undefined, fallback: number, name: string) => {
    const n = Number(value ?? fallback);
    if (!Number.isInteger(n) || n < 100) problems.push(`${name} must be a whole number of milliseconds (100 or more)`);
    return n;
  };
  const queueLockMs = milliseconds(env.QUEUE_LOCK_MS, 30_000, 'QUEUE_LOCK_MS');
  const queueStalledCheckMs = milliseconds(env.QUEUE_STALLED_CHECK_MS, 30_000, 'QUEUE_STALLED_CHECK_MS');

  if (problems.length) throw new ForumConfigError(`The forum cannot start:\n- ${problems.join('\n- ')}`);
  return {
    environment,
    port,
    databaseUrl,
    redisUrl,
    sessionSecret,
    aliasSecret,
    smtpUrl,
    alertWebhookUrl,
    alertWebhookSecret: alertWebhookSecret || `unsigned-${sessionSecret}`,
    alertAckMinutes,
    alertMaxEscalations: Math.max(0, Number(env.ALERT_MAX_ESCALATIONS ?? 6)),
    role,
    redisPrefix: env.REDIS_PREFIX ?? `forum:${new URL(databaseUrl).pathname.replace(/^\//, '') || 'forum'}`,
    publicUrl: (env.PUBLIC_URL ?? `http://localhost:${port}`).replace(/\/$/, ''),
    queueLockMs,
    queueStalledCheckMs,
  };
}

function parseEnvironment(value: string | undefined): ForumConfig['environment'] {
  if (value === 'production' || value === 'test') return value;
  return 'development';
}
