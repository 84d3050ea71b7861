import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule } from '@forum/accounts';
import { ForumConfigModule, type ProcessRole } from '@forum/config';
import { DatabaseModule, RedisModule } from '@forum/database';
import { ForumModule } from '@forum/forum';
import { AccountsController } from './accounts.controller.js';
import { ForumController } from './forum.controller.js';
import { HealthController } from './health.controller.js';
import { PagesController } from './pages.controller.js';
import { PostSubmissions } from './post-submissions.js';
import { LoginThrottleGuard } from './web/login-throttle.guard.js';

@Module({})
export class AppModule {
  /** `role` decides what this process runs: the pages, the queue processors, or both. */
  static forRole(role: ProcessRole): DynamicModule {
    const web = role !== 'worker';
    return {
      module: AppModule,
      imports: [
        ForumConfigModule,
        DatabaseModule,
        RedisModule,
        AccountsModule,
        ForumModule,
        TerminusModule,
      ],
      controllers: web ? [PagesController, AccountsController, ForumController, HealthController] : [HealthController],
      providers: [PostSubmissions, LoginThrottleGuard],
    };
  }
}
