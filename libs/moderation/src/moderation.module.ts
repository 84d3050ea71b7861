import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { AccountsModule } from '@forum/accounts';
import { AlertsModule } from '@forum/alerts';
import { DrainWorkersOnShutdown } from './graceful-shutdown.js';
import { ForumModule } from '@forum/forum';
import { AuditLog } from './audit-log.service.js';
import { ModerationChecks } from './moderation-checks.js';
import { MODERATION_QUEUE, ModerationQueue } from './moderation-queue.js';
import { ModerationProcessor, PendingPostsReconciler } from './moderation.processor.js';
import { ModerationService } from './moderation.service.js';
import { ReportsService } from './reports.service.js';
import { ReviewService } from './review.service.js';
import { WatchedWordsService } from './watched-words.service.js';

const services = [AuditLog, ModerationQueue, WatchedWordsService, ModerationChecks, ModerationService, ReportsService, ReviewService];

/** The producer side and the moderators' services: every process has these. */
@Module({
  imports: [BullModule.registerQueue({ name: MODERATION_QUEUE }), ForumModule, AccountsModule, AlertsModule],
  providers: services,
  exports: [...services, BullModule],
})
export class ModerationModule {}

/** The processors and the reconciler: only in processes whose ROLE is `all` or `worker`. */
@Module({
  imports: [ModerationModule, AlertsModule, ScheduleModule.forRoot()],
  providers: [ModerationProcessor, PendingPostsReconciler, DrainWorkersOnShutdown],
  exports: [PendingPostsReconciler],
})
export class ModerationWorkerModule {}
