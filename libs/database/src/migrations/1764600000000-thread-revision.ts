import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A revision number per thread that changes whenever what its page shows changes, so a copy of
 * the rendered page can be served to guests only while it is exact. Kept by triggers rather
 * than by the code paths that change posts, because a removed or redacted post must never stay
 * visible in a cached page, whichever path removed it.
 *
 * - Any update of a thread row (title, lock, pin, removal, and the reply counters that
 *   publishing a post updates in the same statement) bumps the revision in place: no extra write.
 * - A post inserted as published, or changed or deleted while published, bumps its thread.
 *   A post going from pending or held to published is covered by the first rule (publishing
 *   always updates the thread's counters), so the moderation workers pay no extra write.
 */
export class ThreadRevision1764600000000 implements MigrationInterface {
  name = 'ThreadRevision1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE threads ADD COLUMN revision bigint NOT NULL DEFAULT 0`);
    await db.query(`
      CREATE FUNCTION thread_revision_on_update() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.revision = OLD.revision THEN
          NEW.revision := OLD.revision + 1;
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`CREATE TRIGGER threads_revision BEFORE UPDATE ON threads FOR EACH ROW EXECUTE FUNCTION thread_revision_on_update()`);
    await db.query(`
      CREATE FUNCTION thread_revision_on_post_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE threads SET revision = revision + 1 WHERE id = (CASE WHEN TG_OP = 'DELETE' THEN OLD.thread_id ELSE NEW.thread_id END);
        RETURN NULL;
      END $$`);
    await db.query(`CREATE TRIGGER posts_published_insert AFTER INSERT ON posts FOR EACH ROW WHEN (NEW.state = 'published') EXECUTE FUNCTION thread_revision_on_post_change()`);
    await db.query(
      `CREATE TRIGGER posts_published_change AFTER UPDATE ON posts FOR EACH ROW WHEN (OLD.state = 'published' AND OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION thread_revision_on_post_change()`,
    );
    await db.query(`CREATE TRIGGER posts_published_delete AFTER DELETE ON posts FOR EACH ROW WHEN (OLD.state = 'published') EXECUTE FUNCTION thread_revision_on_post_change()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER posts_published_delete ON posts`);
    await db.query(`DROP TRIGGER posts_published_change ON posts`);
    await db.query(`DROP TRIGGER posts_published_insert ON posts`);
    await db.query(`DROP FUNCTION thread_revision_on_post_change()`);
    await db.query(`DROP TRIGGER threads_revision ON threads`);
    await db.query(`DROP FUNCTION thread_revision_on_update()`);
    await db.query(`ALTER TABLE threads DROP COLUMN revision`);
  }
}
