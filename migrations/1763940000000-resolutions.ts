import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Resolutions: a session may now be `resolved`; one row per drafted document (PSA notes, knowledge-base
 * article, client summary), the inline projection of its stream and of the session's resolution.
 * `current` is false once a later resolution of the session replaced it (kept as history).
 */
export class Resolutions1763940000000 implements MigrationInterface {
  name = 'Resolutions1763940000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE branching_sessions DROP CONSTRAINT branching_sessions_status_check`);
    await db.query(
      `ALTER TABLE branching_sessions ADD CONSTRAINT branching_sessions_status_check
         CHECK (status IN ('active', 'paused', 'escalated', 'solved', 'resolved'))`,
    );
    await db.query(`
      CREATE TABLE resolution_outputs (
        id               text        PRIMARY KEY,
        tenant_id        text        NOT NULL,
        session_id       text        NOT NULL REFERENCES branching_sessions (id),
        resolution_id    text        NOT NULL,
        type             text        NOT NULL CHECK (type IN ('psa_notes', 'kb_article', 'client_summary')),
        status           text        NOT NULL CHECK (status IN ('generating', 'draft', 'approved', 'rejected', 'pushed', 'failed')),
        current          boolean     NOT NULL DEFAULT true,
        content          text,
        content_version  integer     NOT NULL DEFAULT 0,
        versions         jsonb       NOT NULL DEFAULT '[]',
        record           jsonb       NOT NULL,
        model            text,
        request_id       text        NOT NULL,
        instructions     text,
        failure          jsonb,
        approved         jsonb,
        rejected         jsonb,
        pushes           jsonb       NOT NULL DEFAULT '[]',
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        position         bigint      NOT NULL,
        version          integer     NOT NULL DEFAULT 0
      )`);
    await db.query(`CREATE INDEX resolution_outputs_session ON resolution_outputs (session_id, position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE resolution_outputs`);
    await db.query(`ALTER TABLE branching_sessions DROP CONSTRAINT branching_sessions_status_check`);
    await db.query(
      `ALTER TABLE branching_sessions ADD CONSTRAINT branching_sessions_status_check CHECK (status IN ('active', 'paused', 'escalated', 'solved'))`,
    );
  }
}
