import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a claimed handoff's briefing came from: `snapshot` (built at the claim, HandoffClaimed) until a
 * model wrote one (HandoffBriefingWritten, `model`); null while never claimed. Claims recorded before
 * this migration had only the snapshot's briefing.
 */
export class HandoffBriefings1763930000000 implements MigrationInterface {
  name = 'HandoffBriefings1763930000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE handoffs ADD COLUMN briefing_source text CHECK (briefing_source IN ('snapshot', 'model'))`);
    await db.query(`UPDATE handoffs SET briefing_source = 'snapshot' WHERE briefing IS NOT NULL`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE handoffs DROP COLUMN briefing_source`);
  }
}
