import { Process, Processor } from '@nestjs/bull';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { every } from '@forum/database';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bull';
import { DataSource } from 'typeorm';
import { EmailChannel, LiveChannel, WebhookChannel, type AlertChannel } from './alert-channels.js';
import { ALERTS_QUEUE, type AlertChannelName, DELIVER_JOB, LIVE_ALERTS_QUEUE, type DeliverJob, ESCALATE_JOB, type EscalateJob } from './alert-queue.js';
import { AlertsService } from './alerts.service.js';

@Processor(ALERTS_QUEUE)
export class AlertsProcessor {
  private readonly logger = new Logger('AlertDelivery');
  private readonly channels: Record<AlertChannelName, AlertChannel>;

  constructor(
    private readonly alerts: AlertsService,
    @InjectDataSource() private readonly db: DataSource,
    live: LiveChannel,
    email: EmailChannel,
    webhook: WebhookChannel,
  ) {
    this.channels = { live, email, webhook };
  }

  /**
   * One channel, one round. The delivery row makes a retried job deliver once; a failure is
   * recorded and thrown so Bull retries it with backoff, while the other channels go on.
   */
  @Process({ name: DELIVER_JOB, concurrency: 8 })
  async deliver(job: Job<DeliverJob>): Promise<string> {
    const { alertId, channel, round } = job.data;
    const [row] = await this.db.query(
      `INSERT INTO alert_deliveries (alert_id, channel, round, attempts) VALUES ($1, $2, $3, 1)
       ON CONFLICT (alert_id, channel, round) DO UPDATE SET attempts = alert_deliveries.attempts + 1
       RETURNING status, attempts`,
      [alertId, channel, round],
    );
    if (row.status === 'sent' || row.status === 'skipped') return row.status;
    // Reminders only while nobody has acknowledged; the first round always goes out.
    if (round > 0 && (await this.alerts.isSettled(alertId))) return this.finish(alertId, channel, round, 'skipped', 'acknowledged before this reminder went out');
    const message = await this.alerts.message(alertId, round);
    if (!message) return 'gone';
    const recipients = channel === 'email' ? await this.alerts.emailRecipients(round) : [];
    try {
      const outcome = await this.channels[channel].send(message, recipients);
      return this.finish(alertId, channel, round, outcome, outcome === 'skipped' ? 'channel not configured or nobody to tell' : recipients.length ? `${recipients.length} recipients` : undefined, row.attempts);
    } catch (error) {
      const reason = (error as Error).message;
      const final = row.attempts >= (job.opts.attempts ?? 1);
      await this.db.transaction(async (tx) => {
        await tx.query(`UPDATE alert_deliveries SET last_error = $4, status = $5 WHERE alert_id = $1 AND channel = $2 AND round = $3`, [alertId, channel, round, reason, final ? 'failed' : 'pending']);
        await this.alerts.event(tx, alertId, { kind: 'delivery_failed', channel, round, attempt: row.attempts, detail: reason });
      });
      this.logger.warn(`Alert ${alertId} via ${channel} failed (attempt ${row.attempts}): ${reason}`);
      throw error;
    }
  }

  @Process({ name: ESCALATE_JOB, concurrency: 4 })
  async escalate(job: Job<EscalateJob>): Promise<string> {
    const { alertId, round } = job.data;
    if (await this.alerts.isSettled(alertId)) return 'acknowledged';
    if (!(await this.alerts.recordEscalation(alertId, round))) return 'already escalated';
    await this.alerts.queueRound(alertId, round);
    return 'escalated';
  }

  private async finish(alertId: number, channel: string, round: number, status: 'sent' | 'skipped', detail?: string, attempt?: number): Promise<string> {
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE alert_deliveries SET status = $4, delivered_at = now(), last_error = NULL WHERE alert_id = $1 AND channel = $2 AND round = $3`, [alertId, channel, round, status]);
      await this.alerts.event(tx, alertId, { kind: status === 'sent' ? 'delivered' : 'delivery_skipped', channel, round, attempt, detail });
    });
    return status;
  }
}

/** Live deliveries, on their own queue and worker slots (see LIVE_ALERTS_QUEUE). */
@Processor(LIVE_ALERTS_QUEUE)
export class LiveAlertsProcessor {
  constructor(private readonly delivery: AlertsProcessor) {}

  @Process({ name: DELIVER_JOB, concurrency: 8 })
  async deliver(job: Job<DeliverJob>): Promise<string> {
    return this.delivery.deliver(job);
  }
}

/** Dispatches alerts stored while Redis was away, so no alert waits for a restart. */
@Injectable()
export class AlertsReconciler implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AlertsReconciler');
  private stop: () => void = () => undefined;

  constructor(
    private readonly alerts: AlertsService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  onModuleInit(): void {
    this.stop = every(this.scheduler, 'reconcile-alerts', Number(process.env.RECONCILE_INTERVAL_MS ?? 15_000), () => this.reconcile());
  }

  onApplicationShutdown(): void {
    this.stop();
  }

  async reconcile(): Promise<void> {
    try {
      const after = Number(process.env.RECONCILE_AFTER_SECONDS ?? 20) / 2;
      for (const id of await this.alerts.undispatched(after)) {
        if (await this.alerts.dispatch(id)) this.logger.log(`Dispatched alert ${id} late`);
      }
      await this.alerts.requeueUnacknowledged(after);
    } catch (error) {
      this.logger.warn(`Could not reconcile alerts yet: ${(error as Error).message}`);
    }
  }
}
