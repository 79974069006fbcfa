import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the branching module (inline projections of its session and branch streams).
 * A branch row references where its inherited history ends (`at_branch_id`, `at_position`): a fork
 * writes one row per option and copies no message. Messages are ordered by their event position,
 * which is also how a fork position names "up to here".
 */
export class Branching1763800000000 implements MigrationInterface {
  name = 'Branching1763800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE branching_sessions (
        id                 text        PRIMARY KEY,
        tenant_id          text        NOT NULL,
        squad_id           text,
        status             text        NOT NULL CHECK (status IN ('active', 'solved')),
        problem            text        NOT NULL,
        domain             text,
        title              text,
        root_branch_id     text        NOT NULL,
        active_branch_id   text,
        input_tokens       bigint      NOT NULL DEFAULT 0,
        output_tokens      bigint      NOT NULL DEFAULT 0,
        started_at         timestamptz NOT NULL,
        started_position   bigint      NOT NULL UNIQUE,
        version            integer     NOT NULL,
        updated_at         timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX branching_sessions_tenant ON branching_sessions (tenant_id, started_position)`);
    await db.query(`
      CREATE TABLE branching_branches (
        id                     text        PRIMARY KEY,
        session_id             text        NOT NULL REFERENCES branching_sessions (id),
        tenant_id              text        NOT NULL,
        parent_branch_id       text,
        fork_id                text,
        fork_reason            text,
        at_branch_id           text,
        at_position            bigint,
        label                  text        NOT NULL,
        description            text        NOT NULL,
        branch_order           integer     NOT NULL,
        status                 text        NOT NULL CHECK (status IN ('untried', 'active', 'revived', 'dead_end', 'solved')),
        status_reason          text,
        status_changed_at      timestamptz,
        status_changed_by      jsonb,
        evidence_from_branch_id text,
        evidence               text,
        summary                jsonb,
        summary_through        bigint      NOT NULL DEFAULT 0,
        message_count          integer     NOT NULL DEFAULT 0,
        created_position       bigint      NOT NULL,
        created_at             timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX branching_branches_session ON branching_branches (session_id, created_position, branch_order)`);
    await db.query(`
      CREATE TABLE branching_messages (
        id                text        PRIMARY KEY,
        tenant_id         text        NOT NULL,
        session_id        text        NOT NULL,
        branch_id         text        NOT NULL,
        position          bigint      NOT NULL,
        role              text        NOT NULL CHECK (role IN ('user', 'assistant', 'system')),
        text              text        NOT NULL,
        reply_to          text,
        attachment_ids    text[]      NOT NULL DEFAULT '{}',
        created_at        timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX branching_messages_branch ON branching_messages (branch_id, position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE branching_messages`);
    await db.query(`DROP TABLE branching_branches`);
    await db.query(`DROP TABLE branching_sessions`);
  }
}
