import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertsService } from '@forum/alerts';
import { ForumService, NotificationsService, type PostRiskLevel, renderPostBody } from '@forum/forum';
import { censorText, type Finding, type ModerationAction, PRIORITY } from './checks/index.js';
import { ModerationChecks } from './moderation-checks.js';

export interface Decision {
  postId: number;
  threadId: number;
  action: ModerationAction;
  findings: Finding[];
  riskLevel: PostRiskLevel | null;
  state: 'published' | 'held';
  alertId: number | null;
}

interface PostForReview {
  id: number;
  threadId: number;
  parentId: number | null;
  state: string;
  body: string;
  title: string | null;
  contentWarning: string | null;
  crisisPolicy: 'hold' | 'publish';
  approveFirstPosts: number;
  accountAgeHours: number;
  publishedPosts: number;
  recentBodies: string[] | null;
  postsLastMinute: number;
}

/** Which process decided, so operators can see the work spread over workers. */
const DECIDER = `${hostname()}:${process.pid}`;

/** Actions a finding can ask for that put an item in the moderators' queue. */
const QUEUED = new Set<ModerationAction>(['flag', 'hold', 'block']);

@Injectable()
export class ModerationService {

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly checks: ModerationChecks,
    private readonly forum: ForumService,
    private readonly notifications: NotificationsService,
    private readonly alerts: AlertsService,
  ) {}

  /**
   * The text checks at submit, run once: why a watched word refuses the text (or null), and the
   * crisis level, so the author sees help at once and an urgent post jumps the queue.
   */
  async screen(text: string): Promise<{ blockReason: string | null; level: PostRiskLevel }> {
    const { findings } = await this.checks.review({ body: text }, await this.checks.forText());
    const block = findings.find((f) => f.action === 'block');
    return {
      blockReason: block ? (block.authorMessage ?? `Your post contains something this community does not allow (${block.reason}). Please change it and post again.`) : null,
      level: riskLevelOf(findings) ?? 'green',
    };
  }

  /**
   * Runs every check on a pending post and decides it, writing the decision, the post's new
   * state and its flags in one transaction. Returns null when the post was already decided
   * (a retried job, or a second worker), so nothing is written twice.
   */
  async decide(postId: number): Promise<Decision | null> {
    const post = await this.loadForReview(postId);
    if (!post || post.state !== 'pending') return null;
    const { findings } = await this.checks.review({
      // The content warning is read with the title: both are shown beside the post.
      title: [post.title, post.contentWarning].filter(Boolean).join('\n') || undefined,
      body: post.body,
      author: {
        accountAgeHours: post.accountAgeHours,
        publishedPosts: post.publishedPosts,
        recentBodies: post.recentBodies ?? [],
        postsLastMinute: post.postsLastMinute,
      },
      board: { approveFirstPosts: post.approveFirstPosts },
    });
    const riskLevel = riskLevelOf(findings);
    // A word that became "block" after this post was submitted can no longer refuse it: hold it instead.
    let action = strictest(findings.map((f) => (f.action === 'block' ? 'hold' : f.action)));
    if (riskLevel === 'crisis' && post.crisisPolicy === 'hold') action = 'hold';
    const state: Decision['state'] = action === 'hold' ? 'held' : 'published';

    const decided = await this.db.transaction(async (tx): Promise<false | { alertId: number | null }> => {
      // Locks the post and records the decision in one statement; nothing comes back when the
      // post was already decided (a retried job, another worker) or a moderator acted first.
      const first = await tx.query(
        `WITH still_pending AS (SELECT id FROM posts WHERE id = $1 AND state = 'pending' FOR UPDATE)
         INSERT INTO moderation_decisions (post_id, action, findings, decided_by)
         SELECT id, $2, $3, $4 FROM still_pending ON CONFLICT (post_id) DO NOTHING RETURNING post_id`,
        [postId, action, JSON.stringify(findings), DECIDER],
      );
      if (!first.length) return false;
      if (state === 'published') {
        const censored = findings.filter((f) => f.action === 'censor').flatMap((f) => f.spans);
        if (censored.length) await tx.query(`UPDATE posts SET body_html = $2 WHERE id = $1`, [postId, renderPostBody(censorText(post.body, censored))]);
        await this.forum.publish(postId, riskLevel, tx);
        await this.notifications.notifyReply(tx, postId);
      } else {
        const note = [...new Set(findings.filter((f) => f.authorMessage && (f.action === 'hold' || f.action === 'block')).map((f) => f.authorMessage))].join(' ');
        await tx.query(`UPDATE posts SET state = 'held', risk_level = $2, checked_at = now(), moderation_note = $3 WHERE id = $1`, [
          postId,
          riskLevel,
          note || 'A moderator will look at your post soon.',
        ]);
      }
      await this.writeFlags(tx, postId, findings);
      // The alert row is written with the decision, so a crash in between can lose neither.
      const alertId = riskLevel === 'red' || riskLevel === 'crisis' ? await this.alerts.open(tx, { postId, level: riskLevel, source: 'detector' }) : null;
      return { alertId };
    });
    if (!decided) return null;
    if (decided.alertId) await this.alerts.dispatch(decided.alertId);
    return { postId, threadId: post.threadId, action, findings, riskLevel, state, alertId: decided.alertId };
  }

  /** Posts stored but still undecided after `olderThanSeconds`: the reconciler's work list. */
  async stalePending(olderThanSeconds: number, limit = 500): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT id FROM posts WHERE state = 'pending' AND created_at < now() - make_interval(secs => $1) ORDER BY created_at LIMIT $2`,
      [olderThanSeconds, limit],
    );
    return rows.map((r) => r.id);
  }

  /** One open system flag per check and post: a finding repeated by a retried job is not a second flag. */
  private async writeFlags(tx: EntityManager, postId: number, findings: Finding[]): Promise<void> {
    const byCheck = new Map<string, Finding[]>();
    for (const f of findings) {
      if (!QUEUED.has(f.action) && !(f.level && f.level !== 'green')) continue;
      byCheck.set(f.check, [...(byCheck.get(f.check) ?? []), f]);
    }
    for (const [check, group] of byCheck) {
      await tx.query(
        `INSERT INTO flags (post_id, source, check_name, reason, priority, spans) VALUES ($1, 'system', $2, $3, $4, $5)
         ON CONFLICT (post_id, check_name) WHERE source = 'system' DO NOTHING`,
        [postId, check, [...new Set(group.map((f) => f.reason))].join('; '), Math.max(...group.map((f) => f.priority ?? PRIORITY.normal)), JSON.stringify(group.flatMap((f) => f.spans))],
      );
    }
  }

  private async loadForReview(postId: number): Promise<PostForReview | null> {
    const rows: PostForReview[] = await this.db.query(
      `SELECT p.id, p.thread_id AS "threadId", p.parent_id AS "parentId", p.state, p.body,
              CASE WHEN p.parent_id IS NULL THEN t.title END AS title, p.content_warning AS "contentWarning",
              b.crisis_policy AS "crisisPolicy", b.approve_first_posts AS "approveFirstPosts",
              extract(epoch FROM (p.created_at - u.created_at)) / 3600 AS "accountAgeHours",
              -- Counted up to 100: the checks only compare it with small thresholds.
              (SELECT count(*)::int FROM (SELECT 1 FROM posts x WHERE x.author_id = p.author_id AND x.state = 'published' LIMIT 100) c) AS "publishedPosts",
              ARRAY(SELECT x.body FROM posts x WHERE x.author_id = p.author_id AND x.id <> p.id
                      AND x.created_at > p.created_at - interval '24 hours' ORDER BY x.created_at DESC LIMIT 20) AS "recentBodies",
              (SELECT count(*)::int FROM posts x WHERE x.author_id = p.author_id AND x.id <> p.id
                      AND x.created_at BETWEEN p.created_at - interval '1 minute' AND p.created_at) AS "postsLastMinute"
         FROM posts p
         JOIN threads t ON t.id = p.thread_id
         JOIN boards b ON b.id = t.board_id
         JOIN users u ON u.id = p.author_id
        WHERE p.id = $1`,
      [postId],
    );
    const row = rows[0];
    return row ? { ...row, accountAgeHours: Number(row.accountAgeHours) } : null;
  }
}

const ORDER: ModerationAction[] = ['publish', 'censor', 'flag', 'hold', 'block'];
function strictest(actions: ModerationAction[]): ModerationAction {
  return actions.reduce<ModerationAction>((a, b) => (ORDER.indexOf(b) > ORDER.indexOf(a) ? b : a), 'publish');
}

const LEVELS: PostRiskLevel[] = ['green', 'amber', 'red', 'crisis'];
function riskLevelOf(findings: Finding[]): PostRiskLevel | null {
  const levels = findings.map((f) => f.level).filter((l): l is PostRiskLevel => !!l);
  if (!levels.length) return null;
  return levels.reduce((a, b) => (LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a));
}
