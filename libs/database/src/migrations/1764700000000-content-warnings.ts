import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A content warning the author can put on a post ("loss of a baby", "relapse", "self-harm"):
 * readers see the warning and choose whether to open the post.
 */
export class ContentWarnings1764700000000 implements MigrationInterface {
  name = 'ContentWarnings1764700000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE posts ADD COLUMN content_warning varchar(100)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE posts DROP COLUMN content_warning`);
  }
}
