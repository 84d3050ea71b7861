import { InjectQueue } from '@nestjs/bull';
import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { ALERTS_QUEUE, LIVE_ALERTS_QUEUE } from '@forum/alerts';
import { MODERATION_QUEUE } from './moderation-queue.js';

/**
 * On SIGTERM a worker stops taking jobs and lets the ones it is running finish before the
 * database and Redis connections close, so a deploy never cuts a decision or an alert in half.
 */
@Injectable()
export class DrainWorkersOnShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Shutdown');

  constructor(
    @InjectQueue(MODERATION_QUEUE) private readonly moderation: Queue,
    @InjectQueue(ALERTS_QUEUE) private readonly alerts: Queue,
    @InjectQueue(LIVE_ALERTS_QUEUE) private readonly liveAlerts: Queue,
  ) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const started = Date.now();
    // pause(true) is local to this process: other workers keep going, and it resolves once
    // this process's jobs in flight have finished.
    await Promise.all([this.moderation, this.alerts, this.liveAlerts].map((queue) => queue.pause(true).catch(() => undefined)));
    this.logger.log(`${signal ?? 'Shutdown'}: jobs in flight finished in ${Date.now() - started} ms`);
  }
}
