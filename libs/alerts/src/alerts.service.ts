import { InjectQueue } from '@nestjs/bull';
import { changedRows, withTimeout } from '@forum/database';
import { BadRequestException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bull';
import { DataSource, type EntityManager } from 'typeorm';
import type { Member } from '@forum/accounts';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { ForumMetrics } from '@forum/observability';
import type { AlertRecipient } from './alert-channels.js';
import { addReplacingStuck, ALERTS_QUEUE, type AlertChannelName, LIVE_ALERTS_QUEUE, type AlertLevel, type AlertMessage, type AlertOutcome, DELIVER_JOB, type DeliverJob, ESCALATE_JOB, type EscalateJob, OUTCOMES } from './alert-queue.js';

export const CHANNELS: AlertChannelName[] = ['live', 'email', 'webhook'];
const REDIS_TIMEOUT_MS = 1500;

export interface OpenAlert {
  id: number;
  level: AlertLevel;
  source: string;
  createdAt: Date;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  escalations: number;
  postId: number;
  threadId: number;
  threadTitle: string;
  board: string;
}

interface AcknowledgedAlert {
  level: AlertLevel;
  seconds: number;
}

export interface AlertTimelineEntry {
  kind: string;
  channel: string | null;
  round: number;
  attempt: number | null;
  actor: string | null;
  detail: string | null;
  createdAt: Date;
}

@Injectable()
export class AlertsService {
  private readonly logger = new Logger('Alerts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectQueue(ALERTS_QUEUE) private readonly queue: Queue<DeliverJob | EscalateJob>,
    @InjectQueue(LIVE_ALERTS_QUEUE) private readonly liveQueue: Queue<DeliverJob>,
    @Inject(FORUM_CONFIG) private readonly config: ForumConfig,
    private readonly metrics: ForumMetrics,
  ) {}

  /**
   * Opens the alert for a post inside the caller's transaction. Returns its id, or null when
   * the post already has one (the unique post_id keeps it to one alert per post).
   */
  async open(tx: EntityManager, input: { postId: number; level: AlertLevel; source: 'detector' | 'report'; detail?: string }): Promise<number | null> {
    const rows: { id: number }[] = await tx.query(
      `INSERT INTO alerts (post_id, level, source) VALUES ($1, $2, $3) ON CONFLICT (post_id) DO NOTHING RETURNING id`,
      [input.postId, input.level, input.source],
    );
    if (!rows.length) return null;
    await this.event(tx, rows[0].id, { kind: 'created', detail: input.detail ?? (input.source === 'report' ? 'A member reported that someone may be at risk' : `Detector: ${input.level}`) });
    return rows[0].id;
  }

  /**
   * Queues delivery on every channel, one job each so a failing channel never holds up the
   * others, and the first escalation check. Safe to call again: job ids are fixed per alert.
   */
  async dispatch(alertId: number): Promise<boolean> {
    try {
      await withTimeout(this.queueRound(alertId, 0), REDIS_TIMEOUT_MS);
      // Counted here, where it happens once per alert in the whole cluster, not when the row is
      // written inside a transaction that a retried job may roll back.
      const [first] = await changedRows<{ level: AlertLevel }>(this.db, `UPDATE alerts SET dispatched_at = now() WHERE id = $1 AND dispatched_at IS NULL RETURNING level`, [alertId]);
      if (first) this.metrics.alertOpened(first.level);
      return true;
    } catch (error) {
      this.logger.warn(`Alert ${alertId} stored but not dispatched yet (${(error as Error).message}); the reconciler will retry`);
      return false;
    }
  }

  async queueRound(alertId: number, round: number): Promise<void> {
    const [alert] = await this.db.query(`SELECT level FROM alerts WHERE id = $1`, [alertId]);
    if (!alert) return;
    await Promise.all(
      CHANNELS.map((channel) =>
        addReplacingStuck<DeliverJob | EscalateJob>(channel === 'live' ? this.liveQueue : this.queue, DELIVER_JOB, { alertId, channel, round }, {
          jobId: `deliver:${alertId}:${channel}:${round}`,
          attempts: 12,
          backoff: { type: 'exponential', delay: Number(process.env.ALERT_RETRY_DELAY_MS ?? 2000) },
          removeOnComplete: 1000,
          removeOnFail: 5000,
        }),
      ),
    );
    if (round < this.config.alertMaxEscalations) {
      await addReplacingStuck<DeliverJob | EscalateJob>(this.queue, ESCALATE_JOB, { alertId, round: round + 1 }, {
        jobId: `escalate:${alertId}:${round + 1}`,
        delay: Math.round(this.config.alertAckMinutes[alert.level as AlertLevel] * 60_000),
        attempts: 5,
        backoff: { type: 'exponential', delay: 2000 },
        removeOnComplete: 1000,
        removeOnFail: 5000,
      });
    }
  }

  /**
   * Queues again the current round of every alert nobody has acknowledged: its delivery and
   * reminder jobs may have been lost with Redis (restarted without its data). Job ids are fixed,
   * so a job still in Redis is left as it is, and a delivery already sent is not sent twice.
   */
  async requeueUnacknowledged(olderThanSeconds: number): Promise<number> {
    const rows: { id: number; round: number }[] = await this.db.query(
      `SELECT id, escalations AS round FROM alerts
        WHERE acknowledged_at IS NULL AND resolved_at IS NULL AND dispatched_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 500`,
      [olderThanSeconds],
    );
    for (const row of rows) await withTimeout(this.queueRound(row.id, row.round), REDIS_TIMEOUT_MS);
    return rows.length;
  }

  /** Alerts stored while Redis was away, not yet handed to the channels. */
  async undispatched(olderThanSeconds: number): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT id FROM alerts WHERE dispatched_at IS NULL AND created_at < now() - make_interval(secs => $1) ORDER BY id LIMIT 200`,
      [olderThanSeconds],
    );
    return rows.map((r) => r.id);
  }

  async message(alertId: number, round: number): Promise<AlertMessage | null> {
    const [row] = await this.db.query(
      `SELECT a.id AS "alertId", a.level, a.source, b.name AS board, t.id AS "threadId", t.title AS "threadTitle",
              p.id AS "postId", left(regexp_replace(p.body, '\\s+', ' ', 'g'), 140) AS excerpt, a.created_at AS "createdAt"
         FROM alerts a JOIN posts p ON p.id = a.post_id JOIN threads t ON t.id = p.thread_id JOIN boards b ON b.id = t.board_id
        WHERE a.id = $1`,
      [alertId],
    );
    if (!row) return null;
    return { ...row, createdAt: new Date(row.createdAt).toISOString(), link: `${this.config.publicUrl}/mod/alerts/${alertId}`, round };
  }

  /** E-mail recipients: opted-in moderators first time; every moderator and admin with an address on escalation. */
  async emailRecipients(round: number): Promise<AlertRecipient[]> {
    return this.db.query(
      `SELECT alert_email AS email, language FROM users WHERE role IN ('moderator', 'admin') AND status = 'active'
          AND alert_email IS NOT NULL AND ($1 OR email_alerts)`,
      [round > 0],
    );
  }

  async isSettled(alertId: number): Promise<boolean> {
    const [row] = await this.db.query(`SELECT acknowledged_at IS NOT NULL OR resolved_at IS NOT NULL AS settled FROM alerts WHERE id = $1`, [alertId]);
    return !row || row.settled;
  }

  async recordEscalation(alertId: number, round: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await changedRows(
        tx,
        `UPDATE alerts SET escalations = $2 WHERE id = $1 AND acknowledged_at IS NULL AND resolved_at IS NULL AND escalations < $2 RETURNING id`,
        [alertId, round],
      );
      if (!rows.length) return false;
      await this.event(tx, alertId, { kind: 'escalated', round, detail: `Not acknowledged: sent again to every moderator and admin (reminder ${round})` });
      return true;
    });
  }

  async acknowledge(moderator: Member, alertId: number): Promise<void> {
    const acknowledged = await this.db.transaction(async (tx) => {
      const rows = await changedRows<AcknowledgedAlert>(
        tx,
        `UPDATE alerts SET acknowledged_by = $2, acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL
         RETURNING level, extract(epoch FROM acknowledged_at - created_at)::float8 AS seconds`,
        [alertId, moderator.id],
      );
      if (!rows.length) {
        const [exists] = await tx.query(`SELECT id FROM alerts WHERE id = $1`, [alertId]);
        if (!exists) throw new NotFoundException('That alert does not exist.');
        return null;
      }
      await this.event(tx, alertId, { kind: 'acknowledged', actorId: moderator.id });
      await tx.query(`INSERT INTO audit_log (actor_id, action, target_type, target_id) VALUES ($1, 'alert_acknowledged', 'alert', $2)`, [moderator.id, alertId]);
      return rows[0];
    });
    if (acknowledged) this.metrics.alertAcknowledged(acknowledged.level, acknowledged.seconds);
  }

  async resolve(moderator: Member, alertId: number, outcome: string, note: string | null): Promise<void> {
    if (!(outcome in OUTCOMES)) throw new BadRequestException('Choose what happened.');
    const resolved = await this.db.transaction(async (tx) => {
      // now() is the transaction's start, so acknowledged_at = now() means this statement set it:
      // an alert resolved without an acknowledgement counts its time to acknowledge too.
      const rows = await changedRows<AcknowledgedAlert & { acknowledgedNow: boolean }>(
        tx,
        `UPDATE alerts SET resolved_by = $2, resolved_at = now(), outcome = $3, resolution_note = $4,
                acknowledged_by = COALESCE(acknowledged_by, $2), acknowledged_at = COALESCE(acknowledged_at, now())
          WHERE id = $1 AND resolved_at IS NULL
          RETURNING level, acknowledged_at = now() AS "acknowledgedNow", extract(epoch FROM acknowledged_at - created_at)::float8 AS seconds`,
        [alertId, moderator.id, outcome, note],
      );
      if (!rows.length) throw new NotFoundException('That alert is already resolved.');
      await this.event(tx, alertId, { kind: 'resolved', actorId: moderator.id, detail: `${OUTCOMES[outcome as AlertOutcome]}${note ? `: ${note}` : ''}` });
      await tx.query(`INSERT INTO audit_log (actor_id, action, target_type, target_id, reason, details) VALUES ($1, 'alert_resolved', 'alert', $2, $3, $4)`, [
        moderator.id,
        alertId,
        note,
        JSON.stringify({ outcome }),
      ]);
      return rows[0];
    });
    if (resolved.acknowledgedNow) this.metrics.alertAcknowledged(resolved.level, resolved.seconds);
  }

  async listOpen(): Promise<OpenAlert[]> {
    return this.db.query(
      `SELECT a.id, a.level, a.source, a.created_at AS "createdAt", a.acknowledged_at AS "acknowledgedAt", u.username AS "acknowledgedBy",
              a.escalations, p.id AS "postId", t.id AS "threadId", t.title AS "threadTitle", b.name AS board
         FROM alerts a JOIN posts p ON p.id = a.post_id JOIN threads t ON t.id = p.thread_id JOIN boards b ON b.id = t.board_id
         LEFT JOIN users u ON u.id = a.acknowledged_by
        WHERE a.resolved_at IS NULL
        ORDER BY (a.acknowledged_at IS NULL) DESC, CASE a.level WHEN 'crisis' THEN 0 WHEN 'red' THEN 1 ELSE 2 END, a.created_at`,
    );
  }

  async detail(alertId: number) {
    const [alert] = await this.db.query(
      `SELECT a.id, a.level, a.source, a.created_at AS "createdAt", a.acknowledged_at AS "acknowledgedAt", a.resolved_at AS "resolvedAt",
              a.outcome, a.resolution_note AS "resolutionNote", a.escalations, ack.username AS "acknowledgedBy", res.username AS "resolvedBy",
              p.id AS "postId", p.body_html AS "bodyHtml", p.state, p.created_at AS "postCreatedAt",
              CASE WHEN p.anonymous THEN p.alias ELSE author.username END AS "authorName", p.anonymous,
              t.id AS "threadId", t.title AS "threadTitle", b.name AS board
         FROM alerts a JOIN posts p ON p.id = a.post_id JOIN threads t ON t.id = p.thread_id JOIN boards b ON b.id = t.board_id
         JOIN users author ON author.id = p.author_id
         LEFT JOIN users ack ON ack.id = a.acknowledged_by LEFT JOIN users res ON res.id = a.resolved_by
        WHERE a.id = $1`,
      [alertId],
    );
    if (!alert) return null;
    const timeline: AlertTimelineEntry[] = await this.db.query(
      `SELECT e.kind, e.channel, e.round, e.attempt, u.username AS actor, e.detail, e.created_at AS "createdAt"
         FROM alert_events e LEFT JOIN users u ON u.id = e.actor_id WHERE e.alert_id = $1 ORDER BY e.created_at, e.id`,
      [alertId],
    );
    return { alert, timeline };
  }

  /** Medians over the last 7 days: post written → alert raised, alert raised → acknowledged. */
  async responseTimes(): Promise<{ postToAlertSeconds: number | null; alertToAckSeconds: number | null; alerts: number }> {
    const [row] = await this.db.query(
      `SELECT count(*)::int AS alerts,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.created_at - p.created_at)) AS "postToAlert",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.acknowledged_at - a.created_at)) FILTER (WHERE a.acknowledged_at IS NOT NULL) AS "alertToAck"
         FROM alerts a JOIN posts p ON p.id = a.post_id WHERE a.created_at > now() - interval '7 days'`,
    );
    const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);
    return { alerts: row.alerts, postToAlertSeconds: num(row.postToAlert), alertToAckSeconds: num(row.alertToAck) };
  }

  async event(tx: EntityManager, alertId: number, e: { kind: string; channel?: string; round?: number; attempt?: number; actorId?: number; detail?: string }): Promise<void> {
    await tx.query(`INSERT INTO alert_events (alert_id, kind, channel, round, attempt, actor_id, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)`, [
      alertId,
      e.kind,
      e.channel ?? null,
      e.round ?? 0,
      e.attempt ?? null,
      e.actorId ?? null,
      e.detail ?? null,
    ]);
  }
}
