import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Budgets (src/budgets): `budgets` is the read model of BudgetSet (inline projection), and
 * `budget_spend` the ledger the gateway reserves against: one row per budget per period, changed
 * only by single conditional statements, so replicas share it and no reservation can overshoot.
 * `limit_*` and `enforced` on a spend row are the budget's as of the last reservation: the
 * conditional upsert can compare against them (ON CONFLICT … WHERE sees only the row and EXCLUDED).
 */
export class Budgets1763821000000 implements MigrationInterface {
  name = 'Budgets1763821000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE budgets (
        tenant_id       text             NOT NULL,
        budget_id       text             NOT NULL,
        scope           text             NOT NULL CHECK (scope IN ('organization', 'squad', 'agent')),
        scope_id        text,
        period          text             NOT NULL CHECK (period IN ('day', 'month')),
        mode            text             NOT NULL CHECK (mode IN ('block', 'degrade', 'alert')),
        limit_usd       numeric(16,6)    CHECK (limit_usd > 0),
        limit_tokens    bigint           CHECK (limit_tokens > 0),
        thresholds      double precision[] NOT NULL,
        stream_version  integer          NOT NULL,
        updated_at      timestamptz      NOT NULL,
        PRIMARY KEY (tenant_id, budget_id)
      )`);
    await db.query(`
      CREATE TABLE budget_spend (
        tenant_id        text          NOT NULL,
        budget_id        text          NOT NULL,
        period_start     timestamptz   NOT NULL,
        spent_usd        numeric(16,6) NOT NULL DEFAULT 0,
        spent_tokens     bigint        NOT NULL DEFAULT 0,
        reserved_usd     numeric(16,6) NOT NULL DEFAULT 0,
        reserved_tokens  bigint        NOT NULL DEFAULT 0,
        limit_usd        numeric(16,6),
        limit_tokens     bigint,
        enforced         boolean       NOT NULL,
        PRIMARY KEY (tenant_id, budget_id, period_start)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE budget_spend`);
    await db.query(`DROP TABLE budgets`);
  }
}
