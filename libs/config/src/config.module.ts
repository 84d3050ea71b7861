import { Global, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { type ForumConfig, loadForumConfig } from './forum-config.js';

export const FORUM_CONFIG = Symbol('FORUM_CONFIG');

/** Validates the environment once and hands every module the same typed object. */
@Global()
@Module({
  imports: [ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ forum: loadForumConfig(process.env) })] })],
  providers: [
    {
      provide: FORUM_CONFIG,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => config.getOrThrow<ForumConfig>('forum'),
    },
  ],
  exports: [FORUM_CONFIG],
})
export class ForumConfigModule {}
