import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Alerts1764300000000 implements MigrationInterface {
  name = 'Alerts1764300000000';

  async up(db: QueryRunner): Promise<void> {
    // Moderators who opted in get alert e-mails; the address is theirs to give, never required.
    await db.query(`ALTER TABLE users ADD COLUMN alert_email varchar(254), ADD COLUMN email_alerts boolean NOT NULL DEFAULT false`);

    // One alert per post, whatever retries or parallel workers do: the unique post_id enforces it.
    await db.query(`
      CREATE TABLE alerts (
        id serial PRIMARY KEY,
        post_id integer NOT NULL UNIQUE REFERENCES posts (id) ON DELETE CASCADE,
        level varchar(16) NOT NULL CHECK (level IN ('amber', 'red', 'crisis')),
        source varchar(16) NOT NULL CHECK (source IN ('detector', 'report')),
        created_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        escalations integer NOT NULL DEFAULT 0,
        acknowledged_by integer REFERENCES users (id),
        acknowledged_at timestamptz,
        resolved_by integer REFERENCES users (id),
        resolved_at timestamptz,
        outcome varchar(32) CHECK (outcome IN ('replied_in_thread', 'contacted_privately', 'resources_shared', 'emergency_services', 'false_alarm')),
        resolution_note text
      )`);
    await db.query(`CREATE INDEX alerts_open_idx ON alerts (created_at) WHERE resolved_at IS NULL`);

    await db.query(`
      CREATE TABLE alert_events (
        id bigserial PRIMARY KEY,
        alert_id integer NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        kind varchar(32) NOT NULL,
        channel varchar(16),
        round integer NOT NULL DEFAULT 0,
        attempt integer,
        actor_id integer REFERENCES users (id),
        detail text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX alert_events_alert_idx ON alert_events (alert_id, created_at)`);

    // One row per channel and round: a delivery job that runs twice delivers once.
    await db.query(`
      CREATE TABLE alert_deliveries (
        alert_id integer NOT NULL REFERENCES alerts (id) ON DELETE CASCADE,
        channel varchar(16) NOT NULL,
        round integer NOT NULL,
        status varchar(16) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        delivered_at timestamptz,
        PRIMARY KEY (alert_id, channel, round)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE alert_deliveries`);
    await db.query(`DROP TABLE alert_events`);
    await db.query(`DROP TABLE alerts`);
    await db.query(`ALTER TABLE users DROP COLUMN alert_email, DROP COLUMN email_alerts`);
  }
}
