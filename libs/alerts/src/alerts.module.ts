import { BullModule } from '@nestjs/bull';
import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { EmailChannel, LiveChannel, WebhookChannel } from './alert-channels.js';
import { ALERTS_QUEUE, LIVE_ALERTS_QUEUE } from './alert-queue.js';
import { AlertStream } from './alert-stream.js';
import { AlertsProcessor, AlertsReconciler, LiveAlertsProcessor } from './alerts.processor.js';
import { AlertsService } from './alerts.service.js';

@Module({
  imports: [BullModule.registerQueue({ name: ALERTS_QUEUE }, { name: LIVE_ALERTS_QUEUE })],
  providers: [AlertsService, AlertStream],
  exports: [AlertsService, AlertStream, BullModule],
})
export class AlertsModule {}

/** Delivery, escalation and the reconciler: only in processes whose ROLE runs workers. */
@Module({
  imports: [AlertsModule, ScheduleModule.forRoot()],
  providers: [AlertsProcessor, LiveAlertsProcessor, AlertsReconciler, LiveChannel, EmailChannel, WebhookChannel],
})
export class AlertsWorkerModule {}
