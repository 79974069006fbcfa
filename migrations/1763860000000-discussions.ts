import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the discussions module (inline projection of the `discussion-<id>` streams): one
 * row per discussion for listing, and one per message for threads and full-text search (a GIN index
 * over an English tsvector; ranked with ts_rank, highlighted with ts_headline).
 */
export class Discussions1763860000000 implements MigrationInterface {
  name = 'Discussions1763860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE discussions (
        id             text        PRIMARY KEY,
        tenant_id      text        NOT NULL,
        goal           text        NOT NULL,
        squad_id       text,
        status         text        NOT NULL,
        phase          text        NOT NULL,
        round          integer     NOT NULL,
        participants   text[]      NOT NULL,
        opened_at      timestamptz NOT NULL,
        opened_position bigint     NOT NULL,
        updated_at     timestamptz NOT NULL,
        version        integer     NOT NULL
      )`);
    await db.query(`CREATE INDEX discussions_tenant ON discussions (tenant_id, opened_position)`);
    await db.query(`
      CREATE TABLE discussion_messages (
        id             text        PRIMARY KEY,
        tenant_id      text        NOT NULL,
        discussion_id  text        NOT NULL REFERENCES discussions (id),
        kind           text        NOT NULL,
        speaker        text        NOT NULL,
        text           text        NOT NULL,
        parent_id      text,
        posted_at      timestamptz NOT NULL,
        position       bigint      NOT NULL,
        search         tsvector    GENERATED ALWAYS AS (to_tsvector('english', text)) STORED
      )`);
    await db.query(`CREATE INDEX discussion_messages_thread ON discussion_messages (discussion_id, position)`);
    await db.query(`CREATE INDEX discussion_messages_search ON discussion_messages USING GIN (search)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE discussion_messages`);
    await db.query(`DROP TABLE discussions`);
  }
}
