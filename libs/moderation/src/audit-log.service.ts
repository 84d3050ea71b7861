import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export interface AuditEntry {
  actorId: number | null;
  action: string;
  targetType: 'post' | 'thread' | 'member' | 'flag' | 'watched_word' | 'alert' | 'board';
  targetId: number | null;
  subjectUserId?: number | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  createdAt: Date;
  actor: string | null;
  action: string;
  targetType: string;
  targetId: number | null;
  reason: string | null;
  details: Record<string, unknown>;
}

/** Every moderator action and every reveal of an anonymous author, recorded in the same transaction as the action. */
@Injectable()
export class AuditLog {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(tx: EntityManager, entry: AuditEntry): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, subject_user_id, reason, details) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [entry.actorId, entry.action, entry.targetType, entry.targetId, entry.subjectUserId ?? null, entry.reason ?? null, JSON.stringify(entry.details ?? {})],
    );
  }

  async list(filter: { moderator?: string; action?: string; limit?: number; before?: number }): Promise<AuditRow[]> {
    return this.db.query(
      `SELECT a.id, a.created_at AS "createdAt", u.username AS actor, a.action, a.target_type AS "targetType",
              a.target_id AS "targetId", a.reason, a.details
         FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
        WHERE ($1::text IS NULL OR lower(u.username) = lower($1))
          AND ($2::text IS NULL OR a.action = $2)
          AND ($3::bigint IS NULL OR a.id < $3)
        ORDER BY a.created_at DESC, a.id DESC
        LIMIT $4`,
      [filter.moderator || null, filter.action || null, filter.before ?? null, filter.limit ?? 100],
    );
  }

  async actions(): Promise<string[]> {
    const rows: { action: string }[] = await this.db.query(`SELECT DISTINCT action FROM audit_log ORDER BY action`);
    return rows.map((r) => r.action);
  }
}
