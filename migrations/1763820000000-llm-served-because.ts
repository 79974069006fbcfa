import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The agent and squad each call was made for (usage by squad and agent), and why its provider served it: the agent's preferred provider, the global chain as fallback
 * or without a preference, or the offline model because a `degrade` budget was spent. Null for
 * cache hits and calls that nobody answered (and for rows written before this column).
 */
export class LlmServedBecause1763820000000 implements MigrationInterface {
  name = 'LlmServedBecause1763820000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE llm_usage ADD COLUMN served_because text
        CHECK (served_because IN ('preferred', 'fallback', 'default', 'degraded'))`);
    await db.query(`ALTER TABLE llm_usage ADD COLUMN squad_id text, ADD COLUMN agent_slug text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE llm_usage DROP COLUMN served_because, DROP COLUMN squad_id, DROP COLUMN agent_slug`);
  }
}
