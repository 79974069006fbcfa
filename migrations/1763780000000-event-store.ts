import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append-only event store, projection checkpoints and durable deadlines.
 * Positions are assigned only by the append path while it holds APPEND_LOCK_KEY, and followers read
 * below the oldest running transaction id (see src/platform/event-store/event-store.ts).
 */
export class EventStore1763780000000 implements MigrationInterface {
  name = 'EventStore1763780000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SEQUENCE events_position_seq`);
    await db.query(`
      CREATE TABLE events (
        position        bigint      PRIMARY KEY,
        stream_id       text        NOT NULL,
        stream_type     text        NOT NULL,
        version         integer     NOT NULL CHECK (version > 0),
        type            text        NOT NULL,
        schema_version  integer     NOT NULL DEFAULT 1,
        data            jsonb       NOT NULL,
        metadata        jsonb       NOT NULL,
        tenant_id       text,
        transaction_id  xid8        NOT NULL DEFAULT pg_current_xact_id(),
        recorded_at     timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT events_stream_version UNIQUE (stream_id, version)
      )`);
    await db.query(`CREATE INDEX events_tenant_position ON events (tenant_id, position)`);
    await db.query(`CREATE INDEX events_type_position ON events (type, position)`);
    await db.query(`
      CREATE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events are append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_refuse_change()`);
    await db.query(`
      CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
      FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change()`);

    await db.query(`
      CREATE TABLE projection_checkpoints (
        name        text        PRIMARY KEY,
        position    bigint      NOT NULL DEFAULT 0,
        updated_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await db.query(`
      CREATE TABLE deadlines (
        id              bigserial   PRIMARY KEY,
        key             text        NOT NULL UNIQUE,
        tenant_id       text,
        type            text        NOT NULL,
        payload         jsonb       NOT NULL,
        due_at          timestamptz NOT NULL,
        status          text        NOT NULL DEFAULT 'pending'
                                    CHECK (status IN ('pending', 'running', 'done', 'cancelled', 'failed')),
        attempts        integer     NOT NULL DEFAULT 0,
        lease_until     timestamptz,
        last_error      text,
        created_at      timestamptz NOT NULL DEFAULT now(),
        fired_at        timestamptz
      )`);
    await db.query(`CREATE INDEX deadlines_due ON deadlines (due_at) WHERE status IN ('pending', 'running')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE deadlines`);
    await db.query(`DROP TABLE projection_checkpoints`);
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION events_refuse_change`);
    await db.query(`DROP SEQUENCE events_position_seq`);
  }
}
