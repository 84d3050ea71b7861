import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ForumConfigError, loadForumConfig } from '@forum/config';
import { prepareDatabase } from '@forum/database';
import { ForumService } from '@forum/forum';
import { forumLogger, loadObservabilitySettings } from '@forum/observability';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';

async function bootstrap(): Promise<void> {
  let config;
  let settings;
  try {
    config = loadForumConfig();
    settings = loadObservabilitySettings();
  } catch (error) {
    if (error instanceof ForumConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = forumLogger(settings).child({ context: 'Forum' });
  const applied = await prepareDatabase(config.databaseUrl);
  if (applied.length) logger.info(`Applied migrations: ${applied.join(', ')}`);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(config.role), { bodyParser: false, bufferLogs: true });
  configureApp(app);
  const added = await app.get(ForumService).seedBoards();
  if (added) logger.info(`Created ${added} boards`);
  await app.listen(config.port);
  logger.info(`Forum (${config.role}) listening on http://localhost:${(app.getHttpServer().address() as { port: number }).port}`);

  // SIGTERM (a deploy, docker stop): stop accepting, let requests and jobs in flight finish,
  // then exit 0. Open live-alert streams would hold the server forever, hence the deadline.
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal}: finishing work in flight`);
      setTimeout(() => {
        logger.warn('Shutdown took too long; exiting');
        process.exit(1);
      }, Number(process.env.SHUTDOWN_TIMEOUT_MS ?? 25_000)).unref();
      app.getHttpServer().closeIdleConnections?.();
      app.close().then(
        () => process.exit(0),
        (error: Error) => {
          logger.error(`Shutdown failed: ${error.message}`);
          process.exit(1);
        },
      );
    });
  }
}

bootstrap().catch((error: unknown) => {
  console.error('The forum could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
