import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ForumCore1764100000000 implements MigrationInterface {
  name = 'ForumCore1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE users (
        id serial PRIMARY KEY,
        username varchar(24) NOT NULL,
        password_hash text NOT NULL,
        role varchar(16) NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'moderator', 'admin')),
        status varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'banned')),
        suspended_until timestamptz,
        suspension_reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_username_lower_key ON users (lower(username))`);

    await db.query(`
      CREATE TABLE boards (
        id serial PRIMARY KEY,
        slug varchar(64) NOT NULL UNIQUE,
        name varchar(100) NOT NULL,
        description text NOT NULL DEFAULT '',
        position integer NOT NULL DEFAULT 0,
        visibility varchar(16) NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'members')),
        crisis_policy varchar(16) NOT NULL DEFAULT 'hold' CHECK (crisis_policy IN ('hold', 'publish'))
      )`);

    await db.query(`
      CREATE TABLE threads (
        id serial PRIMARY KEY,
        board_id integer NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
        author_id integer NOT NULL REFERENCES users (id),
        title varchar(150) NOT NULL,
        locked boolean NOT NULL DEFAULT false,
        pinned boolean NOT NULL DEFAULT false,
        removed boolean NOT NULL DEFAULT false,
        reply_count integer NOT NULL DEFAULT 0,
        opening_post_id integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_activity_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX threads_board_listing_idx ON threads (board_id, pinned DESC, last_activity_at DESC)`);

    // path is the chain of zero-padded post ids from the opening post down, so ordering by it
    // (byte order, hence COLLATE "C") yields the whole tree depth-first, siblings oldest first.
    await db.query(`
      CREATE TABLE posts (
        id serial PRIMARY KEY,
        thread_id integer NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
        parent_id integer REFERENCES posts (id),
        author_id integer NOT NULL REFERENCES users (id),
        body text NOT NULL,
        body_html text NOT NULL,
        anonymous boolean NOT NULL DEFAULT false,
        alias varchar(48),
        is_op boolean NOT NULL DEFAULT false,
        state varchar(16) NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'published', 'held', 'removed')),
        risk_level varchar(16) CHECK (risk_level IN ('green', 'amber', 'red', 'crisis')),
        checked_at timestamptz,
        path text COLLATE "C" NOT NULL,
        depth integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        edited_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX posts_thread_path_idx ON posts (thread_id, path)`);
    await db.query(`CREATE INDEX posts_author_idx ON posts (author_id, created_at DESC)`);
    await db.query(`CREATE INDEX posts_pending_idx ON posts (created_at) WHERE state = 'pending'`);
    await db.query(`ALTER TABLE threads ADD CONSTRAINT threads_opening_post_fk FOREIGN KEY (opening_post_id) REFERENCES posts (id) DEFERRABLE INITIALLY DEFERRED`);

    // The table connect-pg-simple expects.
    await db.query(`
      CREATE TABLE session (
        sid varchar NOT NULL PRIMARY KEY,
        sess json NOT NULL,
        expire timestamp(6) NOT NULL
      )`);
    await db.query(`CREATE INDEX session_expire_idx ON session (expire)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE session`);
    await db.query(`ALTER TABLE threads DROP CONSTRAINT threads_opening_post_fk`);
    await db.query(`DROP TABLE posts`);
    await db.query(`DROP TABLE threads`);
    await db.query(`DROP TABLE boards`);
    await db.query(`DROP TABLE users`);
  }
}
