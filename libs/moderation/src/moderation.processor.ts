import { Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { every } from '@forum/database';
import type { Job } from 'bull';
import { CHECK_POST_JOB, type CheckPostJob, MODERATION_QUEUE, ModerationQueue } from './moderation-queue.js';
import { ModerationService } from './moderation.service.js';

/** Runs only in processes whose ROLE includes the workers. */
@Processor(MODERATION_QUEUE)
export class ModerationProcessor {
  constructor(private readonly moderation: ModerationService) {}

  @Process({ name: CHECK_POST_JOB, concurrency: Number(process.env.MODERATION_CONCURRENCY ?? 8) })
  async checkPost(job: Job<CheckPostJob>): Promise<{ action: string } | { alreadyDecided: true }> {
    const decision = await this.moderation.decide(job.data.postId);
    return decision ? { action: decision.action } : { alreadyDecided: true };
  }
}

/**
 * Finds posts that were stored but never decided (Redis was down at submit, a job failed for
 * good) and queues them again, so no post is ever lost or stuck in "being checked".
 */
@Injectable()
export class PendingPostsReconciler implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Reconciler');
  private stop: () => void = () => undefined;

  constructor(
    private readonly moderation: ModerationService,
    private readonly queue: ModerationQueue,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    this.stop = every(this.scheduler, 'reconcile-pending-posts', Number(process.env.RECONCILE_INTERVAL_MS ?? 15_000), () => this.reconcile());
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  async reconcile(): Promise<number> {
    let requeued = 0;
    try {
      const olderThan = Number(process.env.RECONCILE_AFTER_SECONDS ?? 20);
      for (const postId of await this.moderation.stalePending(olderThan)) {
        const outcome = await this.queue.requeue(postId);
        if (outcome !== 'in-queue') requeued++;
      }
      if (requeued) this.logger.log(`Re-queued ${requeued} posts left pending`);
    } catch (error) {
      this.logger.warn(`Could not reconcile pending posts yet: ${(error as Error).message}`);
    }
    return requeued;
  }
}
