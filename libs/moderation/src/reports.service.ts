import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AlertsService } from '@forum/alerts';
import { ForumService, PostingError } from '@forum/forum';
import { AuditLog } from './audit-log.service.js';
import { PRIORITY } from './checks/index.js';

export const REPORT_REASONS = {
  at_risk: 'Someone may be at risk of harming themselves',
  harassment: 'Harassment or hate',
  spam: 'Spam',
  personal_info: 'Personal information',
  other: 'Something else',
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;

export interface ReportOutcome {
  postId: number;
  threadId: number;
  alreadyReported: boolean;
  hidden: boolean;
  reason: ReportReason;
}

@Injectable()
export class ReportsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly forum: ForumService,
    private readonly alerts: AlertsService,
  ) {}

  get hideThreshold(): number {
    return Math.max(1, Number(process.env.REPORTS_TO_HIDE ?? 3));
  }

  async report(postId: number, reporterId: number, reason: ReportReason, note: string | null): Promise<ReportOutcome> {
    if (!(reason in REPORT_REASONS)) throw new PostingError('body', 'Choose a reason for your report.');
    if (reason === 'other' && !note?.trim()) throw new PostingError('body', 'Tell the moderators briefly what is wrong with this post.');
    const cleanNote = note?.trim().slice(0, 1000) || null;
    let alertId: number | null = null;
    const outcome = await this.db.transaction(async (tx): Promise<ReportOutcome> => {
      const [post] = await tx.query(`SELECT id, thread_id AS "threadId", author_id AS "authorId", state FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
      if (!post || post.state === 'removed') throw new PostingError(null, 'That post is no longer there.', 404);
      if (post.authorId === reporterId) throw new PostingError(null, 'You cannot report your own post. You can ask a moderator for help instead.', 400);
      const inserted = await tx.query(
        `INSERT INTO reports (post_id, reporter_id, reason, note) VALUES ($1, $2, $3, $4) ON CONFLICT (post_id, reporter_id) DO NOTHING RETURNING id`,
        [postId, reporterId, reason, cleanNote],
      );
      if (!inserted.length) return { postId, threadId: post.threadId, alreadyReported: true, hidden: false, reason };
      await tx.query(
        `INSERT INTO flags (post_id, source, check_name, reason, priority) VALUES ($1, 'member', $2, $3, $4)`,
        [postId, `report:${reason}`, `Reported by a member: ${REPORT_REASONS[reason]}${cleanNote ? ` — “${cleanNote}”` : ''}`, reason === 'at_risk' ? PRIORITY.urgent : PRIORITY.normal],
      );
      // "Someone may be at risk" reaches a moderator the same way the detector does.
      if (reason === 'at_risk') alertId = await this.alerts.open(tx, { postId, level: 'red', source: 'report', detail: `A member reported that someone may be at risk${cleanNote ? `: “${cleanNote}”` : ''}` });
      const [{ reporters }] = await tx.query(`SELECT count(DISTINCT reporter_id)::int AS reporters FROM reports WHERE post_id = $1`, [postId]);
      let hidden = false;
      if (reporters >= this.hideThreshold && post.state === 'published') {
        await this.forum.withdraw(postId, 'held', 'Several members reported this post, so it is hidden until a moderator has looked at it.', tx);
        await this.audit.record(tx, { actorId: null, action: 'post_hidden_by_reports', targetType: 'post', targetId: postId, details: { reporters } });
        hidden = true;
      }
      return { postId, threadId: post.threadId, alreadyReported: false, hidden, reason };
    });
    if (alertId) await this.alerts.dispatch(alertId);
    return outcome;
  }
}
