import { BullModule } from '@nestjs/bull';
import { type DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AccountsModule } from '@forum/accounts';
import { FORUM_CONFIG, type ForumConfig, ForumConfigModule, type ProcessRole } from '@forum/config';
import { DatabaseModule, RedisModule } from '@forum/database';
import { ForumModule } from '@forum/forum';
import { ALERTS_QUEUE, AlertsModule, AlertsWorkerModule, LIVE_ALERTS_QUEUE } from '@forum/alerts';
import { MODERATION_QUEUE, ModerationModule, ModerationWorkerModule } from '@forum/moderation';
import { ObservabilityModule } from '@forum/observability';
import { AccountsController } from './accounts.controller.js';
import { AlertsController } from './alerts.controller.js';
import { ForumController } from './forum.controller.js';
import { HealthController } from './health.controller.js';
import { MemberActionsController } from './member-actions.controller.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsListener } from './metrics-listener.js';
import { ModerationController } from './moderation.controller.js';
import { PagesController } from './pages.controller.js';
import { GuestPageCache } from './web/guest-page-cache.js';
import { PostSubmissions } from './post-submissions.js';
import { SupportController } from './support.controller.js';
import { LanguageController } from './language.controller.js';
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
        ObservabilityModule.forRoot({ queues: [MODERATION_QUEUE, ALERTS_QUEUE, LIVE_ALERTS_QUEUE] }),
        BullModule.forRootAsync({
          inject: [FORUM_CONFIG],
          useFactory: (config: ForumConfig) => ({
            url: config.redisUrl,
            prefix: `${config.redisPrefix}:bull`,
            settings: { lockDuration: config.queueLockMs, stalledInterval: config.queueStalledCheckMs },
          }),
        }),
        AlertsModule,
        ModerationModule,
        ...(role === 'web' ? [] : [ModerationWorkerModule, AlertsWorkerModule]),
      ],
      controllers: web ? [PagesController, AccountsController, ForumController, MemberActionsController, SupportController, AlertsController, ModerationController, LanguageController, MetricsController, HealthController] : [HealthController],
      providers: [PostSubmissions, LoginThrottleGuard, GuestPageCache, MetricsListener],
    };
  }
}
