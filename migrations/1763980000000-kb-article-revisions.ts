import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Knowledge-base articles can be revised (ArticleRevised): who last replaced the text, and when. */
export class KbArticleRevisions1763980000000 implements MigrationInterface {
  name = 'KbArticleRevisions1763980000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_articles ADD COLUMN revised_by jsonb, ADD COLUMN revised_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE kb_articles DROP COLUMN revised_by, DROP COLUMN revised_at`);
  }
}
