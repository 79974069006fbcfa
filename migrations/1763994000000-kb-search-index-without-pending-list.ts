import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The knowledge base's GIN index without the pending list (fastupdate off). With it on, new entries
 * wait in an unsorted list (up to gin_pending_list_limit, 4 MB) that every search scans in full
 * until a vacuum or a full list merges it: measured after publishing 10,000 articles, 130 pending
 * pages made a two-word search's candidate query 1.2 ms instead of 0.1 ms, and how long it stayed
 * so depended on when autovacuum came by. Articles are written rarely and searched often, so each
 * publish pays for its index entries instead.
 */
export class KbSearchIndexWithoutPendingList1763994000000 implements MigrationInterface {
  name = 'KbSearchIndexWithoutPendingList1763994000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER INDEX kb_articles_search SET (fastupdate = off)`);
    // Turning it off does not merge what is already pending; this does.
    await db.query(`SELECT gin_clean_pending_list('kb_articles_search')`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER INDEX kb_articles_search RESET (fastupdate)`);
  }
}
