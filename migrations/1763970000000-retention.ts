import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention: each organization's overrides of the targets' defaults (a row per overridden target;
 * days null keeps forever) and, per target, what its runs removed. Both are the inline projection of
 * the organization's `retention-<id>` stream.
 */
export class Retention1763970000000 implements MigrationInterface {
  name = 'Retention1763970000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE retention_rules (
        tenant_id  text        NOT NULL,
        target     text        NOT NULL,
        days       integer     CHECK (days IS NULL OR days > 0),
        set_at     timestamptz NOT NULL,
        set_by     jsonb       NOT NULL,
        PRIMARY KEY (tenant_id, target)
      )`);
    await db.query(`CREATE INDEX retention_rules_target ON retention_rules (target)`);
    await db.query(`
      CREATE TABLE retention_runs (
        tenant_id      text        NOT NULL,
        target         text        NOT NULL,
        last_run_at    timestamptz NOT NULL,
        last_cutoff    timestamptz NOT NULL,
        last_removed   integer     NOT NULL,
        total_removed  bigint      NOT NULL,
        position       bigint      NOT NULL,
        PRIMARY KEY (tenant_id, target)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE retention_runs`);
    await db.query(`DROP TABLE retention_rules`);
  }
}
