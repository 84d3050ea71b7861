import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { changedRows } from '@forum/database';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { FORUM_CONFIG, type ForumConfig } from '@forum/config';
import { isModerator, type Member } from '@forum/accounts';
import { chooseAlias } from './alias.js';
import { COMMUNITY_BOARDS } from './boards.seed.js';
import type { Board, PostRiskLevel, PostState } from './entities.js';
import { renderPostBody } from './markdown.js';
import { replyPosition, type TreePosition } from './reply-depth.js';
import { buildReplyTree, type ReplyNode } from './reply-tree.js';

export const THREADS_PER_PAGE = 25;
/** How long counts shown on the home and board pages may lag behind. */
const SUMMARY_CACHE_MS = 5_000;
export const TITLE_MAX = 150;
export const BODY_MAX = 20000;
export const CONTENT_WARNING_MAX = 100;

/** Why a submit was refused, in words for the member, tied to the form field to fix. */
export class PostingError extends Error {
  constructor(
    readonly field: 'title' | 'body' | 'contentWarning' | 'parentId' | null,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export interface BoardSummary {
  slug: string;
  name: string;
  description: string;
  visibility: Board['visibility'];
  threadCount: number;
  lastActivityAt: Date | null;
}

export interface ThreadSummary {
  id: number;
  title: string;
  pinned: boolean;
  locked: boolean;
  replyCount: number;
  lastActivityAt: Date;
  authorName: string;
  anonymous: boolean;
  state: PostState;
  /** The opening post's content warning, shown beside the title. */
  contentWarning: string | null;
}

/** A post as a page shows it: the account behind an anonymous post is not in it. */
export interface PostView {
  id: number;
  parentId: number | null;
  depth: number;
  authorName: string;
  anonymous: boolean;
  isOp: boolean;
  state: PostState;
  riskLevel: PostRiskLevel | null;
  bodyHtml: string | null;
  /** Set by the author: readers see it first and choose whether to open the post. */
  contentWarning: string | null;
  createdAt: Date;
  editedAt: Date | null;
  mine: boolean;
  /** What moderators told the author about a held or removed post; only the author (and moderators) get it. */
  moderationNote: string | null;
  /** Hidden from this viewer but kept so the replies under it stay in place. */
  placeholder: boolean;
}

export interface ThreadView {
  id: number;
  title: string;
  locked: boolean;
  pinned: boolean;
  board: Pick<Board, 'id' | 'slug' | 'name' | 'visibility' | 'crisisPolicy'>;
  openingPost: PostView;
  replies: ReplyNode<PostView>[];
  replyCount: number;
}

export interface NewPost {
  postId: number;
  threadId: number;
  state: PostState;
}

interface PostRow extends Omit<PostView, 'placeholder' | 'mine'> {
  visible: boolean;
  mine: boolean;
}

@Injectable()
export class ForumService implements OnModuleInit {
  private boardLinks: Pick<Board, 'slug' | 'name' | 'visibility'>[] = [];
  private readonly boardSummaries = new Map<string, { boards: BoardSummary[]; until: number }>();
  private readonly threadTotals = new Map<number, { total: number; until: number }>();
  private boardLinksLoadedAt = 0;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FORUM_CONFIG) private readonly config: ForumConfig,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.refreshBoardLinks().catch(() => undefined);
  }

  /** The boards for every page's header, from memory: boards change rarely and pages are many. */
  cachedBoardLinks(member: boolean): Pick<Board, 'slug' | 'name'>[] {
    if (Date.now() - this.boardLinksLoadedAt > 60_000) {
      this.boardLinksLoadedAt = Date.now();
      this.refreshBoardLinks().catch(() => undefined);
    }
    return member ? this.boardLinks : this.boardLinks.filter((b) => b.visibility === 'public');
  }

  async refreshBoardLinks(): Promise<void> {
    this.boardSummaries.clear();
    this.boardLinks = await this.db.query(`SELECT slug, name, visibility FROM boards ORDER BY position, name`);
    this.boardLinksLoadedAt = Date.now();
  }

  /** Inserts the community's boards; boards that exist are left as operators edited them. */
  async seedBoards(): Promise<number> {
    let added = 0;
    for (const [position, board] of COMMUNITY_BOARDS.entries()) {
      const rows: unknown[] = await this.db.query(
        `INSERT INTO boards (slug, name, description, position, visibility) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (slug) DO NOTHING RETURNING id`,
        [board.slug, board.name, board.description, position, board.visibility],
      );
      added += rows.length;
    }
    await this.refreshBoardLinks();
    return added;
  }

  /**
   * Boards with thread counts and last activity. The counts aggregate every thread, so the
   * result is kept for a few seconds: a home page a few seconds behind is fine, one that
   * costs a scan of the forum per view is not.
   */
  async listBoards(viewer: Member | null): Promise<BoardSummary[]> {
    const key = viewer ? 'member' : 'guest';
    const cached = this.boardSummaries.get(key);
    if (cached && cached.until > Date.now()) return cached.boards;
    const boards = await this.queryBoards(viewer);
    this.boardSummaries.set(key, { boards, until: Date.now() + SUMMARY_CACHE_MS });
    return boards;
  }

  private queryBoards(viewer: Member | null): Promise<BoardSummary[]> {
    return this.db.query(
      `SELECT b.slug, b.name, b.description, b.visibility,
              count(t.id)::int AS "threadCount", max(t.last_activity_at) AS "lastActivityAt"
         FROM boards b
         LEFT JOIN threads t ON t.board_id = b.id AND NOT t.removed
              AND EXISTS (SELECT 1 FROM posts op WHERE op.id = t.opening_post_id AND op.state = 'published')
        WHERE b.visibility = 'public' OR $1::boolean
        GROUP BY b.id
        ORDER BY b.position, b.name`,
      [viewer !== null],
    );
  }

  async findBoard(slug: string): Promise<Board | null> {
    const rows: Board[] = await this.db.query(
      `SELECT id, slug, name, description, position, visibility, crisis_policy AS "crisisPolicy" FROM boards WHERE slug = $1`,
      [slug],
    );
    return rows[0] ?? null;
  }

  canRead(board: Pick<Board, 'visibility'>, viewer: Member | null): boolean {
    return board.visibility === 'public' || viewer !== null;
  }

  async listThreads(board: Board, page: number, viewer: Member | null): Promise<{ threads: ThreadSummary[]; total: number }> {
    const viewerId = viewer?.id ?? 0;
    const moderator = isModerator(viewer);
    const visible = `NOT t.removed AND (op.state = 'published' OR op.author_id = $2 OR ($3 AND op.state <> 'removed'))`;
    const [threads, total] = await Promise.all([
      this.db.query(
        `SELECT t.id, t.title, t.pinned, t.locked, t.reply_count AS "replyCount", t.last_activity_at AS "lastActivityAt",
                op.anonymous, op.state, op.content_warning AS "contentWarning",
                CASE WHEN op.anonymous THEN op.alias ELSE u.username END AS "authorName"
           FROM threads t
           JOIN posts op ON op.id = t.opening_post_id
           JOIN users u ON u.id = op.author_id
          WHERE t.board_id = $1 AND ${visible}
          ORDER BY t.pinned DESC, t.last_activity_at DESC, t.id DESC
          LIMIT ${THREADS_PER_PAGE} OFFSET $4`,
        [board.id, viewerId, moderator, (page - 1) * THREADS_PER_PAGE],
      ),
      this.threadTotal(board.id),
    ]);
    return { threads, total };
  }

  /** Visible threads on a board, for the page count; kept a few seconds like the home counts. */
  private async threadTotal(boardId: number): Promise<number> {
    const cached = this.threadTotals.get(boardId);
    if (cached && cached.until > Date.now()) return cached.total;
    const [{ total }] = await this.db.query(
      `SELECT count(*)::int AS total FROM threads t JOIN posts op ON op.id = t.opening_post_id
        WHERE t.board_id = $1 AND NOT t.removed AND op.state = 'published'`,
      [boardId],
    );
    this.threadTotals.set(boardId, { total, until: Date.now() + SUMMARY_CACHE_MS });
    return total;
  }

  async startThread(board: Board, author: Member, input: { title: string; body: string; anonymous: boolean; contentWarning?: string | null }, state: PostState): Promise<NewPost> {
    const title = input.title.trim();
    if (!title) throw new PostingError('title', 'Give your thread a title.');
    if (title.length > TITLE_MAX) throw new PostingError('title', `A title is at most ${TITLE_MAX} characters.`);
    const body = checkBody(input.body);
    const contentWarning = checkContentWarning(input.contentWarning);
    return this.db.transaction(async (tx) => {
      const [thread] = await tx.query(`INSERT INTO threads (board_id, author_id, title) VALUES ($1, $2, $3) RETURNING id`, [board.id, author.id, title]);
      const postId = await this.insertPost(tx, { threadId: thread.id, parent: null, author, body, contentWarning, anonymous: input.anonymous, isOp: true, state });
      await tx.query(`UPDATE threads SET opening_post_id = $2 WHERE id = $1`, [thread.id, postId]);
      return { postId, threadId: thread.id, state };
    });
  }

  async reply(threadId: number, author: Member, input: { body: string; parentId: number | null; anonymous: boolean; contentWarning?: string | null }, state: PostState): Promise<NewPost> {
    const body = checkBody(input.body);
    const contentWarning = checkContentWarning(input.contentWarning);
    return this.db.transaction(async (tx) => {
      // The post answered is read and locked before the thread, the order in which publishing and
      // moderators' actions take them: the other order deadlocks with the new row's foreign-key
      // check on it. Whether it may be answered is judged after the thread's own checks.
      const [answered]: (TreePosition & { answerable: boolean })[] = await tx.query(
        `SELECT id, path, depth, thread_id = $2 AND (state = 'published' OR author_id = $3) AS answerable
           FROM posts WHERE id = COALESCE($1, (SELECT opening_post_id FROM threads WHERE id = $2)) FOR KEY SHARE`,
        [input.parentId, threadId, author.id],
      );
      // Locking the thread row serialises replies with a moderator locking the thread.
      const [thread] = await tx.query(
        `SELECT t.id, t.locked, t.removed, t.author_id AS "authorId", op.anonymous AS "openedAnonymously"
           FROM threads t JOIN posts op ON op.id = t.opening_post_id WHERE t.id = $1 FOR UPDATE OF t`,
        [threadId],
      );
      if (!thread || thread.removed) throw new PostingError(null, 'This thread no longer exists.', 404);
      if (thread.locked) throw new PostingError(null, 'This thread is locked: moderators have closed it to new replies.', 403);
      if (!answered?.answerable) throw new PostingError('parentId', 'The post you are replying to is not in this thread.');
      const parent = replyPosition(answered);
      const isOp = thread.authorId === author.id && thread.openedAnonymously === input.anonymous;
      return {
        postId: await this.insertPost(tx, { threadId, parent, author, body, contentWarning, anonymous: input.anonymous, isOp, state }),
        threadId,
        state,
      };
    });
  }

  /** Makes a post visible to everyone and counts it in its thread. Safe to call twice. */
  async publish(postId: number, riskLevel: PostRiskLevel | null = null, tx: EntityManager = this.db.manager): Promise<boolean> {
    // One statement: the post and its thread's counters change together, in one round trip
    // (this runs once for every post the moderation workers publish).
    const rows = await changedRows<{ id: number }>(
      tx,
      `WITH published AS (
         UPDATE posts SET state = 'published', risk_level = COALESCE($2, risk_level), checked_at = now()
          WHERE id = $1 AND state IN ('pending', 'held') RETURNING thread_id, parent_id)
       UPDATE threads t SET reply_count = t.reply_count + CASE WHEN published.parent_id IS NULL THEN 0 ELSE 1 END,
                            last_activity_at = greatest(t.last_activity_at, now())
         FROM published WHERE t.id = published.thread_id RETURNING t.id`,
      [postId, riskLevel],
    );
    return rows.length > 0;
  }

  /**
   * Takes a post out of public view (held for review, or removed) with a note for its author.
   * A published reply stops counting in its thread. Returns the state it had.
   */
  async withdraw(postId: number, state: 'held' | 'removed', note: string, tx: EntityManager = this.db.manager): Promise<PostState | null> {
    const [before] = await tx.query(`SELECT state, thread_id AS "threadId", parent_id AS "parentId" FROM posts WHERE id = $1 FOR UPDATE`, [postId]);
    if (!before || before.state === state) return before?.state ?? null;
    await tx.query(`UPDATE posts SET state = $2, moderation_note = $3 WHERE id = $1`, [postId, state, note]);
    if (before.state === 'published' && before.parentId !== null) {
      await tx.query(`UPDATE threads SET reply_count = greatest(reply_count - 1, 0) WHERE id = $1`, [before.threadId]);
    }
    return before.state;
  }

  /** The thread without its posts: enough to accept a reply or re-render the reply form. */
  async findThread(threadId: number): Promise<Pick<ThreadView, 'id' | 'title' | 'locked' | 'pinned' | 'board'> | null> {
    const [thread] = await this.db.query(
      `SELECT t.id, t.title, t.locked, t.pinned,
              json_build_object('id', b.id, 'slug', b.slug, 'name', b.name, 'visibility', b.visibility, 'crisisPolicy', b.crisis_policy) AS board
         FROM threads t JOIN boards b ON b.id = t.board_id WHERE t.id = $1 AND NOT t.removed`,
      [threadId],
    );
    return thread ?? null;
  }

  /** A published post another member may report, with enough context to show on the report form. */
  async postForReport(postId: number, reporter: Member): Promise<{ id: number; threadId: number; threadTitle: string; authorName: string; excerpt: string } | null> {
    const [row] = await this.db.query(
      `SELECT p.id, p.thread_id AS "threadId", t.title AS "threadTitle", left(p.body, 280) AS excerpt,
              CASE WHEN p.anonymous THEN p.alias ELSE u.username END AS "authorName"
         FROM posts p JOIN threads t ON t.id = p.thread_id JOIN users u ON u.id = p.author_id
        WHERE p.id = $1 AND p.state = 'published' AND p.author_id <> $2 AND NOT t.removed`,
      [postId, reporter.id],
    );
    return row ?? null;
  }

  /**
   * What a guest's copy of a thread page depends on (see the thread-revision migration), or null
   * when guests cannot read the thread. Read before the thread itself, so a copy is never tagged
   * newer than what it shows.
   */
  async guestThreadRevision(threadId: number): Promise<string | null> {
    const [row] = await this.db.query(
      `SELECT t.revision || '/' || b.name AS revision FROM threads t JOIN boards b ON b.id = t.board_id
        WHERE t.id = $1 AND NOT t.removed AND b.visibility = 'public'`,
      [threadId],
    );
    return row?.revision ?? null;
  }

  async readThread(threadId: number, viewer: Member | null): Promise<ThreadView | null> {
    const [thread] = await this.db.query(
      `SELECT t.id, t.title, t.locked, t.pinned, t.removed, t.reply_count AS "replyCount",
              json_build_object('id', b.id, 'slug', b.slug, 'name', b.name, 'visibility', b.visibility, 'crisisPolicy', b.crisis_policy) AS board
         FROM threads t JOIN boards b ON b.id = t.board_id WHERE t.id = $1`,
      [threadId],
    );
    if (!thread || thread.removed) return null;
    const moderator = isModerator(viewer);
    // The whole tree in one ordered query, whatever its size. author_id never leaves SQL.
    const rows: PostRow[] = await this.db.query(
      `SELECT p.id, p.parent_id AS "parentId", p.depth, p.anonymous, p.is_op AS "isOp", p.state,
              p.risk_level AS "riskLevel", p.created_at AS "createdAt", p.edited_at AS "editedAt", p.content_warning AS "contentWarning",
              CASE WHEN p.anonymous THEN p.alias ELSE u.username END AS "authorName",
              p.author_id = $2 AS mine,
              CASE WHEN p.author_id = $2 OR $3 THEN p.moderation_note END AS "moderationNote",
              (p.state = 'published' OR p.author_id = $2 OR ($3 AND p.state <> 'removed')) AS visible,
              CASE WHEN p.state = 'published' OR p.author_id = $2 OR $3 THEN p.body_html END AS "bodyHtml"
         FROM posts p JOIN users u ON u.id = p.author_id
        WHERE p.thread_id = $1
        ORDER BY p.path`,
      [threadId, viewer?.id ?? 0, moderator],
    );
    const shown = keepVisibleWithContext(rows);
    const openingPost = shown.find((p) => p.depth === 0);
    if (!openingPost || (openingPost.placeholder && !rows.some((r) => r.visible && r.depth > 0))) return null;
    return {
      id: thread.id,
      title: thread.title,
      locked: thread.locked,
      pinned: thread.pinned,
      board: thread.board,
      openingPost,
      replies: buildReplyTree(shown),
      replyCount: thread.replyCount,
    };
  }

  private async insertPost(
    tx: EntityManager,
    p: { threadId: number; parent: { id: number; path: string; depth: number } | null; author: Member; body: string; contentWarning: string | null; anonymous: boolean; isOp: boolean; state: PostState },
  ): Promise<number> {
    const alias = p.anonymous ? await this.aliasFor(tx, p.author.id, p.threadId) : null;
    // The path ends with the post's own zero-padded id, so the id is drawn inside the insert.
    const [{ id }]: { id: number }[] = await tx.query(
      `INSERT INTO posts (id, thread_id, parent_id, author_id, body, body_html, anonymous, alias, is_op, state, path, depth, content_warning)
       SELECT n.id, $1, $2, $3, $4, $5, $6, $7, $8, $9, concat_ws('.', $10::text, lpad(n.id::text, 10, '0')), $11, $12
         FROM (SELECT nextval('posts_id_seq')::int AS id) n
       RETURNING id`,
      [p.threadId, p.parent?.id ?? null, p.author.id, p.body, renderPostBody(p.body), p.anonymous, alias, p.isOp, p.state, p.parent?.path ?? null, p.parent ? p.parent.depth + 1 : 0, p.contentWarning],
    );
    if (p.state === 'published') {
      await tx.query(`UPDATE threads SET reply_count = reply_count + $2::int, last_activity_at = now() WHERE id = $1`, [p.threadId, p.parent ? 1 : 0]);
    }
    return id;
  }

  private async aliasFor(tx: EntityManager, authorId: number, threadId: number): Promise<string> {
    const rows: { alias: string; mine: boolean }[] = await tx.query(
      `SELECT DISTINCT alias, author_id = $2 AS mine FROM posts WHERE thread_id = $1 AND anonymous`,
      [threadId, authorId],
    );
    const own = rows.find((r) => r.mine);
    if (own) return own.alias;
    return chooseAlias(this.config.aliasSecret, authorId, threadId, new Set(rows.map((r) => r.alias)));
  }
}

/** One line of plain words; an empty one means no warning. */
function checkContentWarning(raw: string | null | undefined): string | null {
  const warning = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (!warning) return null;
  if (warning.length > CONTENT_WARNING_MAX) throw new PostingError('contentWarning', `A content warning is at most ${CONTENT_WARNING_MAX} characters.`);
  return warning;
}

function checkBody(raw: string): string {
  const body = raw.replace(/\r\n/g, '\n').trim();
  if (!body) throw new PostingError('body', 'Write something before you post.');
  if (body.length > BODY_MAX) throw new PostingError('body', `A post is at most ${BODY_MAX.toLocaleString('en-US')} characters; this one has ${body.length.toLocaleString('en-US')}.`);
  return body;
}

/**
 * Drops posts this viewer may not see, but keeps a placeholder for one whose replies they may
 * see, so the conversation under it keeps its shape.
 */
function keepVisibleWithContext(rows: PostRow[]): PostView[] {
  const neededAsContext = new Set<number>();
  const byId = new Map(rows.map((r) => [r.id, r]));
  for (const row of rows) {
    if (!row.visible) continue;
    for (let parent = row.parentId; parent !== null; parent = byId.get(parent)?.parentId ?? null) {
      if (byId.get(parent)?.visible) break;
      neededAsContext.add(parent);
    }
  }
  const shown: PostView[] = [];
  for (const row of rows) {
    if (row.visible) shown.push({ ...row, placeholder: false });
    else if (neededAsContext.has(row.id) || row.depth === 0) {
      shown.push({ ...row, authorName: '', anonymous: false, isOp: false, bodyHtml: null, contentWarning: null, mine: false, moderationNote: null, placeholder: true });
    }
  }
  return shown;
}
