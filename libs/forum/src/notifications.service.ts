import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';

export type NotificationKind = 'reply' | 'post_approved' | 'post_removed' | 'post_held';

/**
 * What a notification says, as a message catalogue key and its values, so each member reads it
 * in their own language whenever they open it. `message` is the English wording, kept in the
 * row for anything reading the table directly.
 */
export interface NotificationText {
  message: string;
  messageKey: string;
  messageParams?: Record<string, string | number>;
}

export interface NotificationView {
  id: number;
  kind: NotificationKind;
  /** The catalogue key and values when the row has them, else the stored English. */
  message: { key: string; params?: Record<string, string | number> } | string;
  threadId: number | null;
  postId: number | null;
  createdAt: Date;
  unread: boolean;
}

/** In-app notices to a member about their own posts. Never about other people's moderation. */
@Injectable()
export class NotificationsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async notify(
    tx: EntityManager,
    n: { recipientId: number; kind: NotificationKind; postId: number | null; threadId: number | null } & NotificationText,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO notifications (recipient_id, kind, post_id, thread_id, message, message_key, message_params) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (recipient_id, kind, post_id) DO NOTHING`,
      [n.recipientId, n.kind, n.postId, n.threadId, n.message, n.messageKey, n.messageParams ? JSON.stringify(n.messageParams) : null],
    );
  }

  /**
   * Tells the author of the post being answered, unless they answer themselves. The message
   * names the replier as the thread shows them (their alias if anonymous).
   */
  async notifyReply(tx: EntityManager, postId: number): Promise<void> {
    // One statement: this runs for every reply the moderation workers publish.
    await tx.query(
      `INSERT INTO notifications (recipient_id, kind, post_id, thread_id, message, message_key, message_params)
       SELECT parent.author_id, 'reply', p.id, p.thread_id, r.replier || ' replied to your post in “' || t.title || '”.',
              'notifications.reply', jsonb_build_object('replier', r.replier, 'title', t.title)
         FROM posts p
         JOIN posts parent ON parent.id = p.parent_id
         JOIN threads t ON t.id = p.thread_id
         JOIN users u ON u.id = p.author_id
         CROSS JOIN LATERAL (SELECT CASE WHEN p.anonymous THEN p.alias ELSE u.username END AS replier) r
        WHERE p.id = $1 AND parent.author_id <> p.author_id
       ON CONFLICT (recipient_id, kind, post_id) DO NOTHING`,
      [postId],
    );
  }

  async unreadCount(memberId: number): Promise<number> {
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM notifications WHERE recipient_id = $1 AND read_at IS NULL`, [memberId]);
    return row.n;
  }

  async list(memberId: number, limit = 50): Promise<NotificationView[]> {
    const rows: (Omit<NotificationView, 'message'> & { message: string; messageKey: string | null; messageParams: Record<string, string | number> | null })[] = await this.db.query(
      `SELECT id, kind, message, message_key AS "messageKey", message_params AS "messageParams", thread_id AS "threadId", post_id AS "postId",
              created_at AS "createdAt", read_at IS NULL AS unread
         FROM notifications WHERE recipient_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [memberId, limit],
    );
    return rows.map(({ messageKey, messageParams, message, ...row }) => ({ ...row, message: messageKey ? { key: messageKey, params: messageParams ?? undefined } : message }));
  }

  async markAllRead(memberId: number): Promise<void> {
    await this.db.query(`UPDATE notifications SET read_at = now() WHERE recipient_id = $1 AND read_at IS NULL`, [memberId]);
  }
}
