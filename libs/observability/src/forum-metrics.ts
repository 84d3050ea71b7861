import { Injectable } from '@nestjs/common';
import type { Queue } from 'bull';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { withTimeout } from '@forum/database';
import { routeTemplate } from './route-template.js';

/** The queue states a scrape reads: the ones an operator acts on. */
export const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
const SCRAPE_TIMEOUT_MS = 1500;

/**
 * The forum's Prometheus metrics, on a registry of its own (so two forums in one process, as
 * in the tests, never share counters). Every process has one: web processes count requests and
 * acknowledgements, workers count jobs and the alerts they open; Prometheus adds them up.
 */
@Injectable()
export class ForumMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'forum_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'forum_queue_job_duration_seconds',
    help: 'Time a worker spent on a job, by queue, job name and outcome (each failed attempt counts)',
    labelNames: ['queue', 'job', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly alertsOpened = new Counter({
    name: 'forum_alerts_opened_total',
    help: 'Crisis alerts opened, by level (counted once per alert, when it is first handed to the channels)',
    labelNames: ['level'] as const,
    registers: [this.registry],
  });

  readonly timeToAcknowledge = new Histogram({
    name: 'forum_alert_time_to_acknowledge_seconds',
    help: 'From an alert being raised to a moderator acknowledging it (or resolving it unacknowledged), by level',
    labelNames: ['level'] as const,
    buckets: [15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600],
    registers: [this.registry],
  });

  private readonly queues: Queue[] = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
    const queues = this.queues;
    new Gauge({
      name: 'forum_queue_jobs',
      help: 'Jobs in each queue by state, read from Redis at every scrape',
      labelNames: ['queue', 'state'] as const,
      registers: [this.registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (queue) => {
            // A scrape while Redis is away reports no depth rather than an old one.
            const counts = await withTimeout(queue.getJobCounts() as unknown as Promise<Record<string, number>>, SCRAPE_TIMEOUT_MS).catch(() => null);
            if (counts) for (const state of QUEUE_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
          }),
        );
      },
    });
  }

  /**
   * Depth on every scrape, and job durations from the jobs this process runs: Bull's local
   * `completed`/`failed` events fire only in the process that ran the job, so no job is
   * counted twice however many processes watch the queue.
   */
  watchQueue(queue: Queue): void {
    if (this.queues.includes(queue)) return;
    this.queues.push(queue);
    const observe = (outcome: 'completed' | 'failed') => (job: { name: string; processedOn?: number; finishedOn?: number }) => {
      if (job.processedOn && job.finishedOn) this.jobDuration.observe({ queue: queue.name, job: job.name, outcome }, (job.finishedOn - job.processedOn) / 1000);
    };
    queue.on('completed', observe('completed'));
    queue.on('failed', observe('failed'));
  }

  alertOpened(level: string): void {
    this.alertsOpened.inc({ level });
  }

  alertAcknowledged(level: string, seconds: number): void {
    this.timeToAcknowledge.observe({ level }, Math.max(0, seconds));
  }

  /** Express middleware timing every request, labelled when the response has gone out. */
  httpTiming() {
    return (req: Request, res: Response, next: NextFunction): void => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.httpDuration.observe({ method: KNOWN_METHODS.has(req.method) ? req.method : 'OTHER', route: routeTemplate(req), status: String(res.statusCode) }, seconds);
      });
      next();
    };
  }

  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
