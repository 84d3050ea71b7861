import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Moderation1764200000000 implements MigrationInterface {
  name = 'Moderation1764200000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE boards ADD COLUMN approve_first_posts integer NOT NULL DEFAULT 0`);
    // Shown to the author of a held or removed post: what to change, or why it was removed.
    await db.query(`ALTER TABLE posts ADD COLUMN moderation_note text`);

    await db.query(`
      CREATE TABLE watched_words (
        id serial PRIMARY KEY,
        pattern text NOT NULL,
        is_regex boolean NOT NULL DEFAULT false,
        action varchar(16) NOT NULL CHECK (action IN ('block', 'hold', 'flag', 'censor')),
        level varchar(16) CHECK (level IN ('amber', 'red', 'crisis')),
        created_by integer REFERENCES users (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (pattern, is_regex)
      )`);

    // One decision per post: the primary key is what makes a job that runs twice write nothing twice.
    await db.query(`
      CREATE TABLE moderation_decisions (
        post_id integer PRIMARY KEY REFERENCES posts (id) ON DELETE CASCADE,
        action varchar(16) NOT NULL,
        findings jsonb NOT NULL DEFAULT '[]',
        decided_by varchar(80),
        decided_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE flags (
        id serial PRIMARY KEY,
        post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        source varchar(16) NOT NULL CHECK (source IN ('system', 'member')),
        check_name varchar(40) NOT NULL,
        reason text NOT NULL,
        priority integer NOT NULL,
        spans jsonb NOT NULL DEFAULT '[]',
        status varchar(16) NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
        resolver_id integer REFERENCES users (id),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX flags_system_once_idx ON flags (post_id, check_name) WHERE source = 'system'`);
    await db.query(`CREATE INDEX flags_open_queue_idx ON flags (priority DESC, created_at) WHERE status = 'open'`);
    await db.query(`CREATE INDEX flags_post_idx ON flags (post_id)`);

    await db.query(`
      CREATE TABLE reports (
        id serial PRIMARY KEY,
        post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        reporter_id integer NOT NULL REFERENCES users (id),
        reason varchar(32) NOT NULL CHECK (reason IN ('at_risk', 'harassment', 'spam', 'personal_info', 'other')),
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (post_id, reporter_id)
      )`);

    await db.query(`
      CREATE TABLE audit_log (
        id bigserial PRIMARY KEY,
        actor_id integer REFERENCES users (id),
        action varchar(40) NOT NULL,
        target_type varchar(20) NOT NULL,
        target_id integer,
        subject_user_id integer REFERENCES users (id),
        reason text,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX audit_log_recent_idx ON audit_log (created_at DESC, id DESC)`);
    await db.query(`CREATE INDEX audit_log_actor_idx ON audit_log (actor_id, created_at DESC)`);
    // Append-only, enforced by the database rather than by good intentions.
    await db.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only';
      END $$`);
    await db.query(`CREATE TRIGGER audit_log_no_rewrite BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await db.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);

    await db.query(`
      CREATE TABLE post_revisions (
        id serial PRIMARY KEY,
        post_id integer NOT NULL REFERENCES posts (id) ON DELETE CASCADE,
        editor_id integer NOT NULL REFERENCES users (id),
        body_before text NOT NULL,
        body_after text NOT NULL,
        reason text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE member_notes (
        id serial PRIMARY KEY,
        member_id integer NOT NULL REFERENCES users (id),
        author_id integer NOT NULL REFERENCES users (id),
        note text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX member_notes_member_idx ON member_notes (member_id, created_at DESC)`);

    await db.query(`
      CREATE TABLE notifications (
        id serial PRIMARY KEY,
        recipient_id integer NOT NULL REFERENCES users (id),
        kind varchar(32) NOT NULL,
        post_id integer REFERENCES posts (id) ON DELETE CASCADE,
        thread_id integer REFERENCES threads (id) ON DELETE CASCADE,
        message text NOT NULL,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX notifications_unread_idx ON notifications (recipient_id) WHERE read_at IS NULL`);
    await db.query(`CREATE INDEX notifications_recipient_idx ON notifications (recipient_id, created_at DESC)`);
    // A reply notification once per post, even when a job runs twice.
    await db.query(`CREATE UNIQUE INDEX notifications_once_idx ON notifications (recipient_id, kind, post_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['notifications', 'member_notes', 'post_revisions', 'audit_log', 'reports', 'flags', 'moderation_decisions', 'watched_words']) {
      await db.query(`DROP TABLE ${table}`);
    }
    await db.query(`DROP FUNCTION audit_log_is_append_only`);
    await db.query(`ALTER TABLE posts DROP COLUMN moderation_note`);
    await db.query(`ALTER TABLE boards DROP COLUMN approve_first_posts`);
  }
}
