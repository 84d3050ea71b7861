import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { loadForumConfig } from './forum-config.js';

export const FORUM_CONFIG = Symbol('FORUM_CONFIG');

/**
 * Validates the environment once, when the application is created (not when this file is
 * imported), and hands every module the same typed object.
 */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true })],
  providers: [{ provide: FORUM_CONFIG, useFactory: () => loadForumConfig(process.env) }],
  exports: [FORUM_CONFIG],
})
export class ForumConfigModule {}
