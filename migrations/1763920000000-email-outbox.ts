import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The e-mail outbox: one row per message, whose id the caller supplies (the idempotency key and
 * the Message-ID header's left part). Operational rows, not a view of events: a projection rebuild
 * keeps them, and an enqueue during a rebuild finds its row and adds nothing.
 */
export class EmailOutbox1763920000000 implements MigrationInterface {
  name = 'EmailOutbox1763920000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE email_outbox (
        seq             bigserial   UNIQUE,
        id              text        PRIMARY KEY,
        tenant_id       text        NOT NULL,
        recipients      text[]      NOT NULL,
        subject         text        NOT NULL,
        text_body       text        NOT NULL,
        html_body       text,
        source_kind     text,
        source_id       text,
        status          text        NOT NULL,
        attempts        integer     NOT NULL DEFAULT 0,
        round_attempts  integer     NOT NULL DEFAULT 0,
        last_error      text,
        next_attempt_at timestamptz,
        smtp_message_id text,
        smtp_response   text,
        created_at      timestamptz NOT NULL,
        sent_at         timestamptz
      )`);
    await db.query(`CREATE INDEX email_outbox_tenant ON email_outbox (tenant_id, seq)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE email_outbox`);
  }
}
