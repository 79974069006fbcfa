import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The team queue also holds questions whose escalation chain ran out (`ChainExhausted`), one row per
 * conversation, kept by the handoffs module from conversation events only; they share the handoffs'
 * `queue_key` order (event positions are unique across both tables). `first_claimed_at` on both
 * tables gives the queue's time to claim, which a release and a later claim must not reset.
 */
export class QueuedQuestions1763900000000 implements MigrationInterface {
  name = 'QueuedQuestions1763900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE queued_questions (
        id               text        PRIMARY KEY,
        tenant_id        text        NOT NULL,
        squad_id         text        NOT NULL,
        question         text        NOT NULL,
        question_type    text        NOT NULL,
        asker            jsonb       NOT NULL,
        reason           text        NOT NULL,
        raised_at        timestamptz NOT NULL,
        status           text        NOT NULL CHECK (status IN ('waiting', 'claimed', 'answered')),
        claimed_by       jsonb,
        claimed_at       timestamptz,
        first_claimed_at timestamptz,
        briefing         jsonb,
        answered_at      timestamptz,
        queue_key        bigint      NOT NULL,
        position         bigint      NOT NULL,
        version          integer     NOT NULL
      )`);
    await db.query(`CREATE INDEX queued_questions_queue ON queued_questions (tenant_id, queue_key) WHERE status = 'waiting'`);
    await db.query(`CREATE INDEX queued_questions_claims ON queued_questions (tenant_id, first_claimed_at) WHERE first_claimed_at IS NOT NULL`);
    await db.query(`ALTER TABLE handoffs ADD COLUMN first_claimed_at timestamptz`);
    await db.query(`UPDATE handoffs SET first_claimed_at = claimed_at WHERE claimed_at IS NOT NULL`);
    await db.query(`CREATE INDEX handoffs_claims ON handoffs (tenant_id, first_claimed_at) WHERE first_claimed_at IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE handoffs DROP COLUMN first_claimed_at`);
    await db.query(`DROP TABLE queued_questions`);
  }
}
