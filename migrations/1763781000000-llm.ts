import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The language-model gateway's tables: the response cache (shared by every replica) and the usage
 * ledger that cost reports read (see src/platform/llm).
 */
export class Llm1763781000000 implements MigrationInterface {
  name = 'Llm1763781000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE llm_cache (
        key         text        PRIMARY KEY,
        provider    text        NOT NULL,
        model       text        NOT NULL,
        response    jsonb       NOT NULL,
        created_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX llm_cache_expires ON llm_cache (expires_at)`);

    await db.query(`
      CREATE TABLE llm_usage (
        id             bigserial     PRIMARY KEY,
        tenant_id      text,
        purpose        text          NOT NULL,
        kind           text          NOT NULL CHECK (kind IN ('chat', 'structured', 'stream', 'embed')),
        provider       text          NOT NULL,
        model          text          NOT NULL,
        input_tokens   integer       NOT NULL CHECK (input_tokens >= 0),
        output_tokens  integer       NOT NULL CHECK (output_tokens >= 0),
        cost_usd       numeric(16,6) NOT NULL CHECK (cost_usd >= 0),
        latency_ms     integer       NOT NULL CHECK (latency_ms >= 0),
        cached         boolean       NOT NULL,
        outcome        text          NOT NULL CHECK (outcome IN ('ok', 'failed', 'invalid', 'interrupted', 'aborted')),
        attempts       integer       NOT NULL CHECK (attempts >= 0),
        error          text,
        created_at     timestamptz   NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX llm_usage_tenant_time ON llm_usage (tenant_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE llm_usage`);
    await db.query(`DROP TABLE llm_cache`);
  }
}
