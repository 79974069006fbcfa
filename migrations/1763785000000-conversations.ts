import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the conversations module (inline projections of its events). The conversation
 * itself, with its messages and timeline, is read from its stream; these tables serve lists,
 * inboxes and statistics. `asked_position` (the position of QuestionAsked) is the pagination key.
 */
export class Conversations1763785000000 implements MigrationInterface {
  name = 'Conversations1763785000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE conversations (
        id                     text        PRIMARY KEY,
        tenant_id              text        NOT NULL,
        squad_id               text        NOT NULL,
        asker_member_id        text        NOT NULL,
        question_type          text        NOT NULL,
        question               text        NOT NULL,
        state                  text        NOT NULL
                               CHECK (state IN ('initiated', 'waiting', 'follow_up', 'escalated', 'answered', 'unanswered')),
        round                  integer     NOT NULL,
        level                  integer,
        responder_ids          text[]      NOT NULL DEFAULT '{}',
        escalations            integer     NOT NULL DEFAULT 0,
        asked_at               timestamptz NOT NULL,
        first_acknowledged_at  timestamptz,
        answered_at            timestamptz,
        answered_by            text,
        closed_at              timestamptz,
        version                integer     NOT NULL,
        asked_position         bigint      NOT NULL UNIQUE,
        updated_at             timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX conversations_tenant ON conversations (tenant_id, asked_position)`);
    await db.query(`CREATE INDEX conversations_squad ON conversations (tenant_id, squad_id, asked_position)`);
    await db.query(`CREATE INDEX conversations_responders ON conversations USING gin (responder_ids)`);
    await db.query(`
      CREATE TABLE conversation_rounds (
        conversation_id  text        NOT NULL,
        round            integer     NOT NULL,
        tenant_id        text        NOT NULL,
        squad_id         text        NOT NULL,
        level            integer     NOT NULL,
        rule_id          text        NOT NULL,
        reached_at       timestamptz NOT NULL,
        acknowledged_at  timestamptz,
        outcome          text        NOT NULL DEFAULT 'pending'
                         CHECK (outcome IN ('pending', 'answered', 'escalated', 'referred', 'exhausted')),
        PRIMARY KEY (conversation_id, round)
      )`);
    await db.query(`CREATE INDEX conversation_rounds_squad ON conversation_rounds (tenant_id, squad_id)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE conversation_rounds`);
    await db.query(`DROP TABLE conversations`);
  }
}
