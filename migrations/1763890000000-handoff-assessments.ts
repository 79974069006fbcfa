import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The AI assessment of escalations on the handoffs read model: `assessment_status` is `pending` from
 * the escalation until HandoffAssessed (`assessed`, with `assessment`) or HandoffAssessmentFailed
 * (`failed`); null for parks. Handoffs recorded before this migration were never assessed and stay null.
 */
export class HandoffAssessments1763890000000 implements MigrationInterface {
  name = 'HandoffAssessments1763890000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(
      `ALTER TABLE handoffs ADD COLUMN assessment jsonb,
         ADD COLUMN assessment_status text CHECK (assessment_status IN ('pending', 'assessed', 'failed'))`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE handoffs DROP COLUMN assessment, DROP COLUMN assessment_status`);
  }
}
