import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Handoffs (inline projection of the session streams' handoff events): a session may now wait on the
 * team queue (paused or escalated) and counts the time it waited; one row per handoff, which is the
 * queue's item while it waits. `queue_key` orders the queue in one index: elevated before normal,
 * then oldest first (the handoff's event position, below 2^48).
 */
export class Handoffs1763870000000 implements MigrationInterface {
  name = 'Handoffs1763870000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE branching_sessions DROP CONSTRAINT branching_sessions_status_check`);
    await db.query(
      `ALTER TABLE branching_sessions ADD CONSTRAINT branching_sessions_status_check CHECK (status IN ('active', 'paused', 'escalated', 'solved'))`,
    );
    await db.query(`ALTER TABLE branching_sessions ADD COLUMN parked_ms bigint NOT NULL DEFAULT 0, ADD COLUMN waiting_since timestamptz`);
    await db.query(`
      CREATE TABLE handoffs (
        id             text        PRIMARY KEY,
        tenant_id      text        NOT NULL,
        session_id     text        NOT NULL REFERENCES branching_sessions (id),
        squad_id       text,
        kind           text        NOT NULL CHECK (kind IN ('park', 'escalate')),
        priority       text        NOT NULL CHECK (priority IN ('normal', 'elevated')),
        notes          text        NOT NULL,
        snapshot       jsonb       NOT NULL,
        handed_off_by  jsonb       NOT NULL,
        handed_off_at  timestamptz NOT NULL,
        status         text        NOT NULL CHECK (status IN ('waiting', 'claimed')),
        claimed_by     jsonb,
        claimed_at     timestamptz,
        briefing       jsonb,
        queue_key      bigint      NOT NULL,
        position       bigint      NOT NULL,
        version        integer     NOT NULL
      )`);
    await db.query(`CREATE INDEX handoffs_queue ON handoffs (tenant_id, queue_key) WHERE status = 'waiting'`);
    await db.query(`CREATE INDEX handoffs_session ON handoffs (session_id, position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE handoffs`);
    await db.query(`ALTER TABLE branching_sessions DROP COLUMN parked_ms, DROP COLUMN waiting_since`);
    await db.query(`ALTER TABLE branching_sessions DROP CONSTRAINT branching_sessions_status_check`);
    await db.query(`ALTER TABLE branching_sessions ADD CONSTRAINT branching_sessions_status_check CHECK (status IN ('active', 'solved'))`);
  }
}
