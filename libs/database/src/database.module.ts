import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { forumDataSourceOptions } from './data-source.js';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [FORUM_CONFIG],
      useFactory: (config: ForumConfig) => ({
        ...forumDataSourceOptions(config.databaseUrl),
        // Migrations are applied before the app boots (prepareDatabase), under a lock.
        migrationsRun: false,
        autoLoadEntities: true,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
