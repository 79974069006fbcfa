import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PSA (ticketing) webhook integration: one configuration per organization (the secret lives
 * here, never in the append-only event store), the outbox of deliveries and one row per attempt.
 * Deliveries are operational rows, not a view of events: a projection rebuild keeps them.
 */
export class PsaIntegration1763880000000 implements MigrationInterface {
  name = 'PsaIntegration1763880000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE psa_integrations (
        tenant_id     text        PRIMARY KEY,
        url           text        NOT NULL,
        secret        text        NOT NULL,
        events        text[]      NOT NULL,
        configured_at timestamptz NOT NULL,
        updated_at    timestamptz NOT NULL,
        updated_by    text        NOT NULL
      )`);
    await db.query(`
      CREATE TABLE psa_deliveries (
        seq            bigserial   UNIQUE,
        id             text        PRIMARY KEY,
        tenant_id      text        NOT NULL,
        type           text        NOT NULL,
        occurred_at    timestamptz NOT NULL,
        envelope       jsonb       NOT NULL,
        status         text        NOT NULL,
        attempts       integer     NOT NULL DEFAULT 0,
        round_attempts integer     NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        created_at     timestamptz NOT NULL,
        delivered_at   timestamptz
      )`);
    await db.query(`CREATE INDEX psa_deliveries_tenant ON psa_deliveries (tenant_id, seq)`);
    await db.query(`
      CREATE TABLE psa_delivery_attempts (
        delivery_id  text        NOT NULL REFERENCES psa_deliveries (id) ON DELETE CASCADE,
        attempt      integer     NOT NULL,
        at           timestamptz NOT NULL,
        outcome      text        NOT NULL,
        status_code  integer,
        error        text,
        duration_ms  integer     NOT NULL,
        PRIMARY KEY (delivery_id, attempt)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE psa_delivery_attempts`);
    await db.query(`DROP TABLE psa_deliveries`);
    await db.query(`DROP TABLE psa_integrations`);
  }
}
