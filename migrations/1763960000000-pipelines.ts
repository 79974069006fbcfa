import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pipelines: the read model of each pipeline's stream (`view` is the document the API answers, the
 * columns are what lists filter and sort by) and one agent-log row per phase attempt or failed try,
 * projected from the events. Retention prunes `pipeline_agent_logs` by `logged_at` and `pipelines`
 * by `updated_at`; the events stay.
 */
export class Pipelines1763960000000 implements MigrationInterface {
  name = 'Pipelines1763960000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE pipelines (
        id               text        PRIMARY KEY,
        organization_id  text        NOT NULL,
        status           text        NOT NULL,
        view             jsonb       NOT NULL,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL,
        position         bigint      NOT NULL,
        version          integer     NOT NULL
      )`);
    await db.query(`CREATE INDEX pipelines_organization ON pipelines (organization_id, position)`);
    await db.query(`CREATE INDEX pipelines_updated ON pipelines (updated_at)`);
    await db.query(`
      CREATE TABLE pipeline_agent_logs (
        id               text        PRIMARY KEY,
        organization_id  text        NOT NULL,
        pipeline_id      text        NOT NULL,
        agent_slug       text        NOT NULL,
        agent_version    text        NOT NULL,
        phase            text        NOT NULL,
        attempt          integer     NOT NULL,
        action           text        NOT NULL,
        input_summary    text        NOT NULL,
        output_summary   text,
        duration_ms      integer     NOT NULL,
        success          boolean     NOT NULL,
        error            text,
        model            text,
        input_tokens     integer     NOT NULL,
        output_tokens    integer     NOT NULL,
        logged_at        timestamptz NOT NULL,
        position         bigint      NOT NULL
      )`);
    await db.query(`CREATE INDEX pipeline_agent_logs_organization ON pipeline_agent_logs (organization_id, position)`);
    await db.query(`CREATE INDEX pipeline_agent_logs_pipeline ON pipeline_agent_logs (pipeline_id, position)`);
    await db.query(`CREATE INDEX pipeline_agent_logs_logged ON pipeline_agent_logs (logged_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE pipeline_agent_logs`);
    await db.query(`DROP TABLE pipelines`);
  }
}
