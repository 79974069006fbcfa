import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rule statistics are served from `conversation_rounds`, the conversations module's one record of
 * each hand-over, instead of counters conversations wrote into routing's tables. A round now says
 * whether nobody at its level answered in time (`escalated_away`); the rounds are rebuilt from the
 * events (checkpoint back to 0) so every existing round gets it.
 */
export class RuleStatisticsFromRounds1763786000000 implements MigrationInterface {
  name = 'RuleStatisticsFromRounds1763786000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE conversation_rounds ADD COLUMN escalated_away boolean NOT NULL DEFAULT false`);
    await db.query(`DELETE FROM conversation_rounds`);
    await db.query(`UPDATE projection_checkpoints SET position = 0 WHERE name = 'conversation_rounds'`);
    await db.query(`DROP TABLE routing_rule_stats`);
    await db.query(`DROP TABLE routing_rule_usage_keys`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE routing_rule_usage_keys (
        tenant_id    text        NOT NULL,
        usage_key    text        NOT NULL,
        recorded_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, usage_key)
      )`);
    await db.query(`
      CREATE TABLE routing_rule_stats (
        rule_id               text        PRIMARY KEY,
        tenant_id             text        NOT NULL,
        squad_id              text        NOT NULL,
        level                 integer     NOT NULL,
        times_used            bigint      NOT NULL DEFAULT 0,
        times_escalated_away  bigint      NOT NULL DEFAULT 0,
        last_used_at          timestamptz
      )`);
    await db.query(`CREATE INDEX routing_rule_stats_squad ON routing_rule_stats (tenant_id, squad_id)`);
    await db.query(`ALTER TABLE conversation_rounds DROP COLUMN escalated_away`);
  }
}
