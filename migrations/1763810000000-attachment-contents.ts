import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Attachment contents, addressed by (organization, sha256): the bytes live here, outside the event
 * payloads, which carry only the digest and metadata. The organization is part of the key so the
 * same file uploaded by two organizations is two rows — neither can learn from a dedupe hit that
 * the other holds it. `prompt_text` is what goes into a prompt (capped, or a summary plus an excerpt).
 */
export class AttachmentContents1763810000000 implements MigrationInterface {
  name = 'AttachmentContents1763810000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE attachment_contents (
        tenant_id       text        NOT NULL,
        sha256          text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
        file_name       text        NOT NULL,
        content_type    text        NOT NULL,
        kind            text        NOT NULL CHECK (kind IN ('text', 'pdf', 'image')),
        size_bytes      integer     NOT NULL CHECK (size_bytes >= 0),
        bytes           bytea       NOT NULL,
        extracted_text  text        NOT NULL,
        prompt_text     text        NOT NULL,
        summary         text,
        truncated       boolean     NOT NULL,
        image_format    text,
        image_width     integer,
        image_height    integer,
        created_at      timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, sha256)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE attachment_contents`);
  }
}
