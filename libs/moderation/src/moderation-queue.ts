import { InjectQueue } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';
import type { Queue } from 'bull';
import { withTimeout } from '@forum/database';

export const MODERATION_QUEUE = 'moderation';
export const CHECK_POST_JOB = 'check-post';

export interface CheckPostJob {
  postId: number;
}

/** States of a job that a worker has, or will, pick up. */
const LIVE_STATES = new Set<string>(['waiting', 'active', 'delayed', 'paused']);

/** How long a submit waits for Redis before telling the author their post will appear shortly. */
const ENQUEUE_TIMEOUT_MS = 1500;

/** Hands stored posts to the moderation workers. The job id is the post id, so a post is queued once. */
@Injectable()
export class ModerationQueue {
  private readonly logger = new Logger('ModerationQueue');

  constructor(@InjectQueue(MODERATION_QUEUE) private readonly queue: Queue<CheckPostJob>) {}

  /**
   * True when the job is in Redis; false when Redis did not answer (the reconciler will catch
   * the post). `urgent` posts (the web layer's own detector run saw danger) jump the queue, so
   * a burst of ordinary posts never delays an alert.
   */
  async enqueue(postId: number, urgent = false): Promise<boolean> {
    try {
      await withTimeout(
        this.queue.add(CHECK_POST_JOB, { postId }, {
          jobId: String(postId),
          ...(urgent ? { priority: 1 } : {}),
          attempts: 8,
          backoff: { type: 'exponential', delay: 1000 },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        }),
        ENQUEUE_TIMEOUT_MS,
      );
      return true;
    } catch (error) {
      this.logger.warn(`Post ${postId} stored but not queued yet (${(error as Error).message}); the reconciler will queue it`);
      return false;
    }
  }

  /**
   * Re-queues a post that is still pending. A job that exists and is waiting or running is
   * left alone; one that failed for good is retried; one that completed without deciding, or
   * that Redis left half-written when it lost its data mid-job (no name, in no list: Bull calls
   * it "stuck"), is replaced by a fresh one.
   */
  async requeue(postId: number): Promise<'queued' | 'retried' | 'in-queue'> {
    const job = await withTimeout(this.queue.getJob(String(postId)), ENQUEUE_TIMEOUT_MS);
    if (!job) {
      await this.enqueue(postId);
      return 'queued';
    }
    const state = await job.getState();
    if (job.name === CHECK_POST_JOB && LIVE_STATES.has(state)) return 'in-queue';
    if (job.name === CHECK_POST_JOB && state === 'failed') {
      await job.retry();
      return 'retried';
    }
    try {
      await job.remove();
    } catch {
      // Still locked by a worker that may yet finish it; the next round looks again.
      return 'in-queue';
    }
    await this.enqueue(postId);
    return 'queued';
  }

  async counts(): Promise<Record<string, number>> {
    return withTimeout(this.queue.getJobCounts() as unknown as Promise<Record<string, number>>, ENQUEUE_TIMEOUT_MS);
  }

  get raw(): Queue<CheckPostJob> {
    return this.queue;
  }
}
