// A realistic forum for the page benchmark, written with a handful of bulk statements rather
// than one request per row: the 9 community boards, ~2,000 members, 5,000 threads and 100,000
// published posts with their reply trees (path/depth as ForumService.insertPost writes them),
// ~20% anonymous under per-thread aliases, and one thread of 500 replies nested up to 8 deep.
import argon2 from 'argon2';
import type pg from 'pg';
import { chooseAlias, COMMUNITY_BOARDS, renderPostBody } from '@forum/forum';

export interface SeedOptions {
  members?: number;
  threads?: number;
  posts?: number;
  bigThreadReplies?: number;
  bigThreadMaxDepth?: number;
  /** The secret the forum derives aliases with, so seeded aliases are the ones it would choose. */
  aliasSecret?: string;
}

export interface SeededForum {
  members: number;
  threads: number;
  posts: number;
  anonymousPosts: number;
  /** The 500-reply thread, and the board it is in. */
  bigThreadId: number;
  bigThreadReplies: number;
  bigThreadMaxDepth: number;
  bigBoardSlug: string;
  /** Ordinary threads (a few to a few dozen replies), for reply submits that must not grow the big one. */
  ordinaryThreadIds: number[];
  /** A member with a real password, to log in through the form. */
  poster: { username: string; password: string };
  seconds: number;
}

const PARAGRAPHS = [
  'I have been reading here for a few weeks without posting. Today felt like the day to finally say something, so hello to everyone.',
  'Thank you all for the support this week. Day 45 and counting. Some mornings are harder than others, but I keep showing up.',
  'Does anyone know a grief group that meets in the evening near Mesa? Work makes mornings impossible and weekends are full with the kids.',
  'I had a rough appointment today. The new medication makes me so tired, but the pain is a bit better. Anyone else on it? How long did the tiredness last for you?',
  'What helped me most in the first year was having *one* person I could text without having to explain anything. It does not need to be a professional.',
  'My sponsor told me something I keep coming back to: **you only have to do today**. Not next month, not the holidays. Today.',
  'We moved across the country in March and I still do not know anyone here. The quiet in the evenings is the hardest part.',
  'I came out to my sister last weekend. She was kinder than I expected, and I cried in the car afterwards for a long time, the good kind of crying.',
  'The anniversary is next Thursday. Last year I tried to pretend it was an ordinary day and it went badly. This year I am planning something small in her memory.',
  'For anyone new to the Phoenix area: the heat in summer makes everything harder, including sleep and mood. Be gentle with yourself in July and August.',
  'Mi mamá still asks me every week when I am coming home. I do not know how to explain that home is here now too, and that both can be true.',
  'I relapsed on Saturday after eight months. I am back at meetings and I told my counselor. Posting here because hiding it is what got me last time.',
  'Some things that help on bad pain days:\n\n- a heating pad and a podcast\n- telling one person "today is a bad day" so I do not have to pretend\n- lowering the bar: a shower counts as a win',
  'I do not really have a question. I just wanted to write it down somewhere that people would understand without me having to justify it.',
  'Reading this thread at 2 am because I could not sleep, and it helped more than I can say. Thank you for being so honest.',
  'My doctor finally listened today. Three years of "it is probably stress" and now there is a name for it. I feel relieved and angry at the same time.',
  'The walk for awareness is on the 14th at Tempe Town Lake. A few of us from the board are meeting at the north entrance at 8, look for the green scarves.',
  'It gets easier to talk about, not all at once, but it does. The first time I said it out loud my voice shook. Now I can say it in a meeting.',
  'Has anyone found a therapist who takes AHCCCS and has evening appointments? The list from my plan is mostly outdated numbers.',
  'I keep a small notebook now: one line a day about something that went okay. Some days the line is "I ate lunch". That still counts.',
  'My brother does not understand why I cannot just "get over it". I have stopped trying to explain and started spending more time with people who get it.',
  'If it helps anyone, the [988 Lifeline](https://988lifeline.org) also takes texts and chats, not just calls. I used the chat once and it was calmer than I feared.',
  'Six months since the divorce was final. I finally took her photos off the fridge this week. It felt like a small ending and a small beginning.',
  'Welcome! You found a good corner of the internet. Read as much as you like before posting, there is no rush and nobody here will judge you.',
  'Today I said no to an extra shift without apologising three times. Tiny thing, huge for me.',
  'I started volunteering at the food bank on Tuesdays. Being useful to someone else for two hours quiets my head more than anything else has.',
  'The fatigue is the part nobody sees. I look fine, so people assume I am fine. Some days getting to the mailbox is the whole plan.',
  'I am trying to learn that rest is not something I have to earn. It is harder than it sounds when you grew up being told to always keep busy.',
  'My grandmother used to say *poco a poco*. Little by little. I have that written on a sticky note on my bathroom mirror now.',
  'Checking in after last week. Things are a bit steadier. I called my friend like some of you suggested, and we are having coffee on Sunday.',
  'Does anyone else find that the week before a holiday is worse than the holiday itself? The build-up wears me out.',
  'I went back to the meeting I stopped going to in the spring. Nobody made a fuss. Someone just said "good to see you" and handed me a coffee.',
];

/** A few dozen bodies of realistic length (one sentence to several paragraphs), rendered once as the forum would. */
function templateBodies(random: () => number): { body: string; html: string }[] {
  const out: { body: string; html: string }[] = [];
  for (let i = 0; i < 48; i++) {
    const paragraphs = 1 + Math.floor(random() * 4);
    const parts: string[] = [];
    for (let p = 0; p < paragraphs; p++) parts.push(PARAGRAPHS[(i * 7 + p * 11 + Math.floor(random() * PARAGRAPHS.length)) % PARAGRAPHS.length]);
    const body = parts.join('\n\n');
    out.push({ body, html: renderPostBody(body) });
  }
  return out;
}

const TITLES = [
  'First post, long-time reader',
  'How do you handle the evenings?',
  'Day {n}: still here',
  'Anyone else on this medication?',
  'The anniversary is coming up',
  'Small win today',
  'Looking for an evening group near Mesa',
  'Coming out to family: how did it go for you?',
  'Relapsed, back at it',
  'Tips for bad pain days',
  'Moving somewhere new and feeling alone',
  'Finally got a diagnosis',
  'Therapists who take AHCCCS?',
  'What helped you in the first year?',
  'Walk for awareness on the 14th',
  'Is it normal to feel angry and relieved at once?',
  'Between two languages',
  'Saying no without apologising',
  'Holidays are hard this year',
  'Just needed to write this down',
];

const NAME_PARTS_A = ['river', 'desert', 'quiet', 'sunny', 'cedar', 'willow', 'mesa', 'blue', 'north', 'kind', 'brave', 'steady', 'morning', 'juniper', 'canyon', 'copper', 'autumn', 'hopeful', 'gentle', 'saguaro'];
const NAME_PARTS_B = ['walker', 'reader', 'heart', 'fox', 'sparrow', 'wren', 'heron', 'otter', 'coyote', 'finch', 'rose', 'sky', 'stone', 'light', 'path', 'song', 'leaf', 'owl', 'dove', 'hawk'];
const BOARD_WEIGHTS: Record<string, number> = {
  'mental-health': 20,
  'recovery-sobriety': 15,
  'grief-loss': 12,
  'chronic-illness': 12,
  'life-transitions': 10,
  introductions: 10,
  'lgbtq-community': 8,
  'immigrant-multicultural-voices': 7,
  'advocacy-events': 6,
};

const pad = (id: number) => String(id).padStart(10, '0');

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface PostRow {
  id: number;
  threadId: number;
  parentId: number | null;
  authorId: number;
  bodyNo: number;
  anonymous: boolean;
  alias: string | null;
  isOp: boolean;
  path: string;
  depth: number;
  createdAt: number;
}

/**
 * Seeds a fresh, migrated, empty database. Ids are assigned here (and the sequences moved past
 * them) so paths can be computed before insert, exactly as ForumService.insertPost builds them.
 */
export async function seedForum(pool: pg.Pool, options: SeedOptions = {}): Promise<SeededForum> {
  const started = Date.now();
  const memberCount = options.members ?? 2000;
  const threadCount = options.threads ?? 5000;
  const postCount = options.posts ?? 100_000;
  const bigReplies = options.bigThreadReplies ?? 500;
  const bigMaxDepth = options.bigThreadMaxDepth ?? 8;
  const aliasSecret = options.aliasSecret ?? process.env.ALIAS_SECRET ?? 'bench-alias-secret-0123456789abcdef';
  const random = mulberry32(20251128);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  const now = Date.now();
  const DAY = 86_400_000;

  const bodies = templateBodies(random);
  const poster = { username: 'benchposter', password: 'bench-poster-password-1' };
  const posterHash = await argon2.hash(poster.password, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });

  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // The same statement as ForumService.seedBoards.
    for (const [position, board] of COMMUNITY_BOARDS.entries()) {
      await client.query(
        `INSERT INTO boards (slug, name, description, position, visibility) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (slug) DO NOTHING`,
        [board.slug, board.name, board.description, position, board.visibility],
      );
    }
    const boards: { id: number; slug: string }[] = (await client.query(`SELECT id, slug FROM boards ORDER BY position`)).rows;

    // Members: id 1..memberCount, plus the poster (who can log in) as the last one.
    const names: string[] = [];
    const joined: string[] = [];
    for (let i = 1; i <= memberCount; i++) {
      names.push(`${NAME_PARTS_A[i % NAME_PARTS_A.length]}_${NAME_PARTS_B[Math.floor(i / NAME_PARTS_A.length) % NAME_PARTS_B.length]}${Math.floor(i / 400) || ''}`.slice(0, 24));
      joined.push(new Date(now - (30 + random() * 700) * DAY).toISOString());
    }
    await client.query(
      `INSERT INTO users (id, username, password_hash, created_at)
       SELECT g, n, 'seeded-not-a-login', j FROM unnest($1::text[], $2::timestamptz[]) WITH ORDINALITY AS x(n, j, g)`,
      [names, joined],
    );
    const posterId = memberCount + 1;
    await client.query(`INSERT INTO users (id, username, password_hash, created_at) VALUES ($1, $2, $3, now() - interval '90 days')`, [posterId, poster.username, posterHash]);
    await client.query(`SELECT setval('users_id_seq', $1)`, [posterId]);
    const member = () => 1 + Math.floor(random() * memberCount);

    // How many replies each thread gets: skewed (most threads a handful, a few hundreds).
    const bigThreadId = 1;
    const ordinaryReplies = postCount - threadCount - bigReplies;
    const weights = Array.from({ length: threadCount }, (_, i) => (i + 1 === bigThreadId ? 0 : (-Math.log(1 - random() * 0.999)) ** 1.6));
    const weightSum = weights.reduce((a, b) => a + b, 0);
    const replyCounts = weights.map((w) => Math.floor((w / weightSum) * ordinaryReplies));
    for (let left = ordinaryReplies - replyCounts.reduce((a, b) => a + b, 0); left > 0; left--) {
      const i = 1 + Math.floor(random() * (threadCount - 1));
      replyCounts[i]++;
    }
    replyCounts[bigThreadId - 1] = bigReplies;

    const boardTickets = boards.flatMap((b) => Array<number>(BOARD_WEIGHTS[b.slug] ?? 5).fill(b.id));
    const bigBoard = boards.find((b) => b.slug === 'mental-health') ?? boards[0];

    const threadRows = {
      id: [] as number[], board: [] as number[], author: [] as number[], title: [] as string[], pinned: [] as boolean[], locked: [] as boolean[],
      replies: [] as number[], op: [] as number[], created: [] as string[], last: [] as string[],
    };
    let nextPostId = 1;
    let anonymousPosts = 0;
    let batch: PostRow[] = [];
    const flush = async () => {
      if (!batch.length) return;
      await client.query(
        `INSERT INTO posts (id, thread_id, parent_id, author_id, body, body_html, anonymous, alias, is_op, state, path, depth, created_at, checked_at)
         SELECT x.id, x.thread_id, x.parent_id, x.author_id, ($12::text[])[x.body_no], ($13::text[])[x.body_no], x.anonymous, x.alias, x.is_op,
                'published', x.path, x.depth, x.created_at, x.created_at + interval '2 seconds'
           FROM unnest($1::int[], $2::int[], $3::int[], $4::int[], $5::int[], $6::bool[], $7::text[], $8::bool[], $9::text[], $10::int[], $11::timestamptz[])
                AS x(id, thread_id, parent_id, author_id, body_no, anonymous, alias, is_op, path, depth, created_at)`,
        [
          batch.map((p) => p.id),
          batch.map((p) => p.threadId),
          batch.map((p) => p.parentId),
          batch.map((p) => p.authorId),
          batch.map((p) => p.bodyNo),
          batch.map((p) => p.anonymous),
          batch.map((p) => p.alias),
          batch.map((p) => p.isOp),
          batch.map((p) => p.path),
          batch.map((p) => p.depth),
          batch.map((p) => new Date(p.createdAt).toISOString()),
          bodies.map((b) => b.body),
          bodies.map((b) => b.html),
        ],
      );
      batch = [];
    };

    // Threads go in first (opening_post_id is filled in below: its foreign key is deferred to commit).
    const ordinaryThreadIds: number[] = [];
    const threadsByBoard = new Map<number, number>();
    for (let t = 1; t <= threadCount; t++) {
      const big = t === bigThreadId;
      const boardId = big ? bigBoard.id : pick(boardTickets);
      threadsByBoard.set(boardId, (threadsByBoard.get(boardId) ?? 0) + 1);
      const author = member();
      const created = big ? now - 20 * DAY : now - random() * 365 * DAY;
      const replies = replyCounts[t - 1];
      const locked = !big && random() < 0.02;
      if (!big && !locked && replies >= 3 && replies <= 40) ordinaryThreadIds.push(t);

      // The tree: each reply answers the opening post or a recent reply. The big thread opens
      // with a chain that reaches the maximum depth, then keeps every reply within it.
      const opAnonymous = random() < 0.2;
      const aliases = new Map<number, string>();
      const aliasOf = (memberId: number) => {
        let alias = aliases.get(memberId);
        if (!alias) {
          alias = chooseAlias(aliasSecret, memberId, t, new Set(aliases.values()));
          aliases.set(memberId, alias);
        }
        return alias;
      };
      const op: PostRow = {
        id: nextPostId++, threadId: t, parentId: null, authorId: author, bodyNo: 1 + Math.floor(random() * bodies.length),
        anonymous: opAnonymous, alias: opAnonymous ? aliasOf(author) : null, isOp: true, path: '', depth: 0, createdAt: created,
      };
      op.path = pad(op.id);
      const posts: PostRow[] = [op];
      const span = Math.max(60_000, Math.min(now - created, (big ? 20 : 30) * DAY));
      let at = created;
      const maxDepth = big ? bigMaxDepth : 10;
      for (let r = 0; r < replies; r++) {
        let parent: PostRow;
        if (big && r < bigMaxDepth) parent = posts[posts.length - 1];
        else if (random() < 0.45) parent = op;
        else {
          const recent = posts.slice(-12).filter((p) => p.depth < maxDepth);
          parent = recent.length ? pick(recent) : op;
        }
        const replier = random() < 0.1 ? author : member();
        const anonymous = replier === author ? (random() < 0.7 ? opAnonymous : !opAnonymous) : random() < 0.2;
        at += (span / (replies + 1)) * (0.2 + random() * 1.6);
        const post: PostRow = {
          id: nextPostId++, threadId: t, parentId: parent.id, authorId: replier, bodyNo: 1 + Math.floor(random() * bodies.length),
          anonymous, alias: anonymous ? aliasOf(replier) : null, isOp: replier === author && anonymous === opAnonymous,
          path: `${parent.path}.`, depth: parent.depth + 1, createdAt: Math.min(at, now - 1000),
        };
        post.path += pad(post.id);
        posts.push(post);
      }
      anonymousPosts += posts.filter((p) => p.anonymous).length;
      batch.push(...posts);
      const last = Math.max(...posts.map((p) => p.createdAt));
      threadRows.id.push(t);
      threadRows.board.push(boardId);
      threadRows.author.push(author);
      threadRows.title.push(pick(TITLES).replace('{n}', String(1 + Math.floor(random() * 400))));
      // One pinned thread per board (its first), a few locked.
      threadRows.pinned.push(threadsByBoard.get(boardId) === 1 && !big);
      threadRows.locked.push(locked);
      threadRows.replies.push(replies);
      threadRows.op.push(op.id);
      threadRows.created.push(new Date(created).toISOString());
      threadRows.last.push(new Date(last).toISOString());
      if (t === bigThreadId) threadRows.title[threadRows.title.length - 1] = 'Checking in: how is everyone holding up this week?';
    }
    await client.query(
      `INSERT INTO threads (id, board_id, author_id, title, pinned, locked, reply_count, opening_post_id, created_at, last_activity_at)
       SELECT * FROM unnest($1::int[], $2::int[], $3::int[], $4::text[], $5::bool[], $6::bool[], $7::int[], $8::int[], $9::timestamptz[], $10::timestamptz[])`,
      [threadRows.id, threadRows.board, threadRows.author, threadRows.title, threadRows.pinned, threadRows.locked, threadRows.replies, threadRows.op, threadRows.created, threadRows.last],
    );
    // Posts in batches of ~10,000 rows: 13 array parameters per statement, not 13 per row.
    const all = batch;
    batch = [];
    for (let i = 0; i < all.length; i += 10_000) {
      batch = all.slice(i, i + 10_000);
      await flush();
    }
    await client.query(`SELECT setval('threads_id_seq', $1)`, [threadCount]);
    await client.query(`SELECT setval('posts_id_seq', $1)`, [nextPostId - 1]);
    await client.query('COMMIT');
    // As autovacuum would have left a forum that has been running for a while.
    await client.query('VACUUM ANALYZE');
    const maxDepth = (await client.query(`SELECT max(depth)::int AS d FROM posts WHERE thread_id = $1`, [bigThreadId])).rows[0].d as number;
    return {
      members: memberCount + 1,
      threads: threadCount,
      posts: nextPostId - 1,
      anonymousPosts,
      bigThreadId,
      bigThreadReplies: bigReplies,
      bigThreadMaxDepth: maxDepth,
      bigBoardSlug: bigBoard.slug,
      ordinaryThreadIds,
      poster,
      seconds: (Date.now() - started) / 1000,
    };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
