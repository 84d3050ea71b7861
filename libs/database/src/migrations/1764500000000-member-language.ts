import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The forum speaks English and Spanish. A member's chosen language is kept on their account
 * (pages, notifications and alert e-mails follow it); null means "follow my browser".
 * Notifications are stored as a catalogue key with its values, so each one reads in whatever
 * language its recipient has when they open it; `message` keeps the English text for rows
 * written before this and for anything reading the table directly.
 */
export class MemberLanguage1764500000000 implements MigrationInterface {
  name = 'MemberLanguage1764500000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN language varchar(8) CHECK (language IN ('en', 'es'))`);
    await db.query(`ALTER TABLE notifications ADD COLUMN message_key varchar(100), ADD COLUMN message_params jsonb`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE notifications DROP COLUMN message_key, DROP COLUMN message_params`);
    await db.query(`ALTER TABLE users DROP COLUMN language`);
  }
}
