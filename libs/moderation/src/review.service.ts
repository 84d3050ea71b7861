import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { changedRows } from '@forum/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { type Member, UsersService } from '@forum/accounts';
import { ForumService, NotificationsService, renderPostBody } from '@forum/forum';
import { AuditLog } from './audit-log.service.js';
import type { TextSpan } from './checks/index.js';
import { highlightSpans } from './highlight.js';

export interface QueueFlag {
  id: number;
  source: 'system' | 'member';
  checkName: string;
  reason: string;
  priority: number;
  createdAt: Date;
}

export interface QueueItem {
  postId: number;
  state: string;
  riskLevel: string | null;
  threadId: number;
  threadTitle: string;
  threadLocked: boolean;
  boardName: string;
  isOpeningPost: boolean;
  authorName: string;
  anonymous: boolean;
  createdAt: Date;
  priority: number;
  bodyHighlighted: string;
  /** The author's warning; moderators see the post itself at once. */
  contentWarning: string | null;
  parentExcerpt: string | null;
  parentAuthor: string | null;
  flags: QueueFlag[];
}

interface QueueRow extends Omit<QueueItem, 'bodyHighlighted'> {
  body: string;
  spans: TextSpan[];
}

@Injectable()
export class ReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditLog,
    private readonly forum: ForumService,
    private readonly users: UsersService,
    private readonly notifications: NotificationsService,
  ) {}

  /** Held posts and open flags in one queue: highest priority first, then oldest. */
  async queue(limit = 50): Promise<QueueItem[]> {
    const rows: QueueRow[] = await this.db.query(
      `SELECT p.id AS "postId", p.state, p.risk_level AS "riskLevel", p.body, p.created_at AS "createdAt", p.content_warning AS "contentWarning",
              p.parent_id IS NULL AS "isOpeningPost", p.anonymous,
              CASE WHEN p.anonymous THEN p.alias ELSE u.username END AS "authorName",
              t.id AS "threadId", t.title AS "threadTitle", t.locked AS "threadLocked", b.name AS "boardName",
              left(parent.body, 300) AS "parentExcerpt",
              CASE WHEN parent.anonymous THEN parent.alias ELSE pu.username END AS "parentAuthor",
              q.priority, q.flags, q.spans
         FROM (
           SELECT f.post_id, max(f.priority) AS priority, min(f.created_at) AS oldest,
                  json_agg(json_build_object('id', f.id, 'source', f.source, 'checkName', f.check_name, 'reason', f.reason,
                                             'priority', f.priority, 'createdAt', f.created_at) ORDER BY f.priority DESC, f.id) AS flags,
                  jsonb_path_query_array(jsonb_agg(f.spans), '$[*][*]') AS spans
             FROM flags f WHERE f.status = 'open' GROUP BY f.post_id
         ) q
         JOIN posts p ON p.id = q.post_id
         JOIN users u ON u.id = p.author_id
         JOIN threads t ON t.id = p.thread_id
         JOIN boards b ON b.id = t.board_id
         LEFT JOIN posts parent ON parent.id = p.parent_id
         LEFT JOIN users pu ON pu.id = parent.author_id
        WHERE p.state <> 'removed'
        ORDER BY q.priority DESC, q.oldest ASC
        LIMIT $1`,
      [limit],
    );
    return rows.map(({ body, spans, ...item }) => ({ ...item, bodyHighlighted: highlightSpans(body, spans ?? []) }));
  }

  async approve(moderator: Member, postId: number, note: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [post] = await tx.query(`SELECT author_id AS "authorId", thread_id AS "threadId", state FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
      if (!post) throw new NotFoundException('That post no longer exists.');
      const published = await this.forum.publish(postId, null, tx);
      await tx.query(`UPDATE posts SET moderation_note = NULL WHERE id = $1`, [postId]);
      await tx.query(`UPDATE flags SET status = 'resolved', resolver_id = $2, note = $3, resolved_at = now() WHERE post_id = $1 AND status = 'open'`, [postId, moderator.id, note]);
      if (published) {
        await this.notifications.notifyReply(tx, postId);
        await this.notifications.notify(tx, { recipientId: post.authorId, kind: 'post_approved', postId, threadId: post.threadId, message: 'A moderator approved your post: it is now visible to everyone.', messageKey: 'notifications.approved' });
      }
      await this.audit.record(tx, { actorId: moderator.id, action: 'post_approved', targetType: 'post', targetId: postId, subjectUserId: post.authorId, reason: note, details: { from: post.state } });
    });
  }

  async remove(moderator: Member, postId: number, reason: string): Promise<void> {
    if (!reason.trim()) throw new BadRequestException('Give the reason for removing the post: the author is told.');
    await this.db.transaction(async (tx) => {
      const [post] = await tx.query(`SELECT author_id AS "authorId", thread_id AS "threadId", parent_id AS "parentId" FROM posts WHERE id = $1`, [postId]);
      if (!post) throw new NotFoundException('That post no longer exists.');
      const before = await this.forum.withdraw(postId, 'removed', reason.trim(), tx);
      if (post.parentId === null) await tx.query(`UPDATE threads SET removed = true WHERE id = $1`, [post.threadId]);
      await tx.query(`UPDATE flags SET status = 'resolved', resolver_id = $2, note = $3, resolved_at = now() WHERE post_id = $1 AND status = 'open'`, [postId, moderator.id, reason]);
      await this.notifications.notify(tx, { recipientId: post.authorId, kind: 'post_removed', postId, threadId: post.threadId, message: `A moderator removed your post. Reason: ${reason.trim()}`, messageKey: 'notifications.removed', messageParams: { reason: reason.trim() } });
      await this.audit.record(tx, { actorId: moderator.id, action: 'post_removed', targetType: 'post', targetId: postId, subjectUserId: post.authorId, reason, details: { from: before } });
    });
  }

  async dismissFlag(moderator: Member, flagId: number, note: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await changedRows<{ postId: number }>(
        tx,
        `UPDATE flags SET status = 'dismissed', resolver_id = $2, note = $3, resolved_at = now() WHERE id = $1 AND status = 'open' RETURNING post_id AS "postId"`,
        [flagId, moderator.id, note],
      );
      if (!rows.length) throw new NotFoundException('That flag is already closed.');
      await this.audit.record(tx, { actorId: moderator.id, action: 'flag_dismissed', targetType: 'flag', targetId: flagId, reason: note, details: { postId: rows[0].postId } });
    });
  }

  async postForEditing(postId: number): Promise<{ id: number; body: string; threadId: number; threadTitle: string } | null> {
    const [row] = await this.db.query(`SELECT p.id, p.body, p.thread_id AS "threadId", t.title AS "threadTitle" FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.id = $1`, [postId]);
    return row ?? null;
  }

  /** A moderator's edit (to redact details); the text before it is kept in post_revisions. */
  async editPost(moderator: Member, postId: number, body: string, reason: string | null): Promise<void> {
    const clean = body.replace(/\r\n/g, '\n').trim();
    if (!clean) throw new BadRequestException('A post cannot be empty. Remove it instead.');
    if (clean.length > 20000) throw new BadRequestException('A post is at most 20,000 characters.');
    await this.db.transaction(async (tx) => {
      const [post] = await tx.query(`SELECT body, author_id AS "authorId" FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
      if (!post) throw new NotFoundException('That post no longer exists.');
      await tx.query(`INSERT INTO post_revisions (post_id, editor_id, body_before, body_after, reason) VALUES ($1, $2, $3, $4, $5)`, [postId, moderator.id, post.body, clean, reason]);
      await tx.query(`UPDATE posts SET body = $2, body_html = $3, edited_at = now() WHERE id = $1`, [postId, clean, renderPostBody(clean)]);
      await this.audit.record(tx, { actorId: moderator.id, action: 'post_edited', targetType: 'post', targetId: postId, subjectUserId: post.authorId, reason });
    });
  }

  async setThreadLocked(moderator: Member, threadId: number, locked: boolean, reason: string | null): Promise<void> {
    await this.db.transaction(async (tx) => {
      const rows = await changedRows(tx, `UPDATE threads SET locked = $2 WHERE id = $1 RETURNING id`, [threadId, locked]);
      if (!rows.length) throw new NotFoundException('That thread no longer exists.');
      await this.audit.record(tx, { actorId: moderator.id, action: locked ? 'thread_locked' : 'thread_unlocked', targetType: 'thread', targetId: threadId, reason });
    });
  }

  /** Suspends the author of a post without revealing who they are to the moderator. */
  async suspendAuthorOf(moderator: Member, postId: number, days: number, reason: string): Promise<void> {
    const [post] = await this.db.query(`SELECT author_id AS "authorId" FROM posts WHERE id = $1`, [postId]);
    if (!post) throw new NotFoundException('That post no longer exists.');
    await this.suspend(moderator, post.authorId, days, reason, postId);
  }

  async suspend(moderator: Member, memberId: number, days: number, reason: string, postId: number | null = null): Promise<void> {
    if (!Number.isFinite(days) || days < 1 || days > 3650) throw new BadRequestException('A suspension lasts from 1 to 3,650 days.');
    if (!reason.trim()) throw new BadRequestException('Give a reason: the member is shown it.');
    const target = await this.users.findById(memberId);
    if (!target) throw new NotFoundException('That member no longer exists.');
    if (target.role !== 'member' && moderator.role !== 'admin') throw new BadRequestException('Only an admin can suspend a moderator or an admin.');
    const until = new Date(Date.now() + days * 24 * 3600 * 1000);
    await this.db.transaction(async (tx) => {
      await tx.query(`UPDATE users SET status = 'suspended', suspended_until = $2, suspension_reason = $3 WHERE id = $1`, [memberId, until, reason.trim()]);
      await this.audit.record(tx, { actorId: moderator.id, action: 'member_suspended', targetType: 'member', targetId: memberId, subjectUserId: memberId, reason, details: { days, until: until.toISOString(), postId } });
    });
  }

  async reinstate(moderator: Member, memberId: number, reason: string | null): Promise<void> {
    const target = await this.users.findById(memberId);
    if (!target) throw new NotFoundException('That member no longer exists.');
    // Lifting a suspension takes the same rank as placing one.
    if (target.role !== 'member' && moderator.role !== 'admin') throw new ForbiddenException('Only admins can do that.');
    await this.db.transaction(async (tx) => {
      const rows = await changedRows(tx, `UPDATE users SET status = 'active', suspended_until = NULL, suspension_reason = NULL WHERE id = $1 RETURNING id`, [memberId]);
      if (!rows.length) throw new NotFoundException('That member no longer exists.');
      await this.audit.record(tx, { actorId: moderator.id, action: 'member_reinstated', targetType: 'member', targetId: memberId, subjectUserId: memberId, reason });
    });
  }

  /** The account behind an anonymous post, for a stated reason that goes in the audit log first. */
  async reveal(moderator: Member, postId: number, reason: string): Promise<{ memberId: number; username: string }> {
    if (!reason.trim()) throw new BadRequestException('Say why you need to see who wrote this post: it is recorded in the audit log.');
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT u.id AS "memberId", u.username FROM posts p JOIN users u ON u.id = p.author_id WHERE p.id = $1`, [postId]);
      if (!row) throw new NotFoundException('That post no longer exists.');
      await this.audit.record(tx, { actorId: moderator.id, action: 'author_revealed', targetType: 'post', targetId: postId, subjectUserId: row.memberId, reason });
      return row;
    });
  }

  async addNote(moderator: Member, memberId: number, note: string): Promise<void> {
    if (!note.trim()) throw new BadRequestException('Write a note first.');
    if (!(await this.users.findById(memberId))) throw new NotFoundException('That member no longer exists.');
    await this.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO member_notes (member_id, author_id, note) VALUES ($1, $2, $3)`, [memberId, moderator.id, note.trim().slice(0, 4000)]);
      await this.audit.record(tx, { actorId: moderator.id, action: 'member_note_added', targetType: 'member', targetId: memberId, subjectUserId: memberId });
    });
  }

  async memberOverview(memberId: number) {
    const member = await this.users.findById(memberId);
    if (!member) return null;
    const [notes, recentPosts] = await Promise.all([
      this.db.query(
        `SELECT n.note, n.created_at AS "createdAt", u.username AS author FROM member_notes n JOIN users u ON u.id = n.author_id WHERE n.member_id = $1 ORDER BY n.created_at DESC`,
        [memberId],
      ),
      this.db.query(
        `SELECT p.id, p.state, p.thread_id AS "threadId", t.title, p.anonymous, left(p.body, 200) AS excerpt, p.created_at AS "createdAt"
           FROM posts p JOIN threads t ON t.id = p.thread_id WHERE p.author_id = $1 AND NOT p.anonymous ORDER BY p.created_at DESC LIMIT 20`,
        [memberId],
      ),
    ]);
    return { member, notes, recentPosts };
  }
}
