import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ForumConfigError, loadForumConfig } from '@forum/config';
import { prepareDatabase } from '@forum/database';
import { ForumService } from '@forum/forum';
import { AppModule } from './app.module.js';
import { configureApp } from './configure-app.js';

async function bootstrap(): Promise<void> {
  const logger = new Logger('Forum');
  let config;
  try {
    config = loadForumConfig();
  } catch (error) {
    if (error instanceof ForumConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const applied = await prepareDatabase(config.databaseUrl);
  if (applied.length) logger.log(`Applied migrations: ${applied.join(', ')}`);

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRole(config.role), { bodyParser: false });
  configureApp(app);
  const added = await app.get(ForumService).seedBoards();
  if (added) logger.log(`Created ${added} boards`);
  await app.listen(config.port);
  logger.log(`Forum (${config.role}) listening on http://localhost:${config.port}`);
}

bootstrap().catch((error: unknown) => {
  console.error('The forum could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
