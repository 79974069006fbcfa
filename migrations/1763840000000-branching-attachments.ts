import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The files attached to a session's branches (read model of `AttachmentAdded`, inline projection).
 * The bytes and extracted text stay in `attachment_contents`, addressed by sha256.
 */
export class BranchingAttachments1763840000000 implements MigrationInterface {
  name = 'BranchingAttachments1763840000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE branching_attachments (
        id             text        PRIMARY KEY,
        tenant_id      text        NOT NULL,
        session_id     text        NOT NULL REFERENCES branching_sessions (id),
        branch_id      text        NOT NULL REFERENCES branching_branches (id),
        sha256         text        NOT NULL,
        file_name      text        NOT NULL,
        content_type   text        NOT NULL,
        size_bytes     bigint      NOT NULL,
        kind           text        NOT NULL CHECK (kind IN ('text', 'pdf', 'image')),
        summary        text,
        truncated      boolean     NOT NULL,
        added_by       jsonb       NOT NULL,
        added_at       timestamptz NOT NULL,
        position       bigint      NOT NULL
      )`);
    await db.query(`CREATE INDEX branching_attachments_session ON branching_attachments (session_id, position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE branching_attachments`);
  }
}
