import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Routing read models (inline projections of the routing streams) and rule statistics.
 * Rows are soft-deleted so a replayed event can never resurrect a deleted rule; `stream_version`
 * makes every projection write idempotent.
 */
export class Routing1763782000000 implements MigrationInterface {
  name = 'Routing1763782000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE routing_rules (
        rule_id              text        PRIMARY KEY,
        tenant_id            text        NOT NULL,
        squad_id             text,
        asker_role           text        NOT NULL,
        question_type        text        NOT NULL,
        level                integer     NOT NULL CHECK (level >= 0),
        responder_role       text,
        responder_member_id  text,
        priority             integer     NOT NULL,
        active               boolean     NOT NULL,
        deleted              boolean     NOT NULL DEFAULT false,
        seq                  bigint      NOT NULL,
        stream_version       integer     NOT NULL,
        created_at           timestamptz NOT NULL,
        updated_at           timestamptz NOT NULL,
        CONSTRAINT routing_rules_one_responder CHECK ((responder_role IS NULL) <> (responder_member_id IS NULL))
      )`);
    await db.query(`COMMENT ON COLUMN routing_rules.squad_id IS 'NULL for an organization-wide rule'`);
    // The chain lookup: one asker role, a question type or default, the squad's rules and the organization's.
    await db.query(`CREATE INDEX routing_rules_chain ON routing_rules (tenant_id, asker_role, question_type) WHERE NOT deleted`);
    await db.query(`CREATE INDEX routing_rules_listing ON routing_rules (tenant_id, squad_id, seq) WHERE NOT deleted`);

    await db.query(`
      CREATE TABLE routing_templates (
        template_id      text        PRIMARY KEY,
        tenant_id        text        NOT NULL,
        name             text        NOT NULL,
        description      text        NOT NULL,
        rules            jsonb       NOT NULL,
        is_public        boolean     NOT NULL,
        is_default       boolean     NOT NULL DEFAULT false,
        source_squad_id  text,
        deleted          boolean     NOT NULL DEFAULT false,
        seq              bigint      NOT NULL,
        stream_version   integer     NOT NULL,
        created_at       timestamptz NOT NULL,
        updated_at       timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX routing_templates_tenant ON routing_templates (tenant_id, seq) WHERE NOT deleted`);
    await db.query(`CREATE INDEX routing_templates_public ON routing_templates (seq) WHERE is_public AND NOT deleted`);
    await db.query(`CREATE UNIQUE INDEX routing_templates_one_default ON routing_templates (tenant_id) WHERE is_default AND NOT deleted`);

    await db.query(`
      CREATE TABLE routing_interaction_settings (
        squad_id                    text        PRIMARY KEY,
        tenant_id                   text        NOT NULL,
        first_timeout_seconds       integer     NOT NULL,
        follow_up_timeout_seconds   integer     NOT NULL,
        max_level                   integer     NOT NULL,
        acknowledgement_template    text        NOT NULL,
        follow_up_template          text        NOT NULL,
        escalation_notice_template  text        NOT NULL,
        stream_version              integer     NOT NULL,
        updated_at                  timestamptz NOT NULL
      )`);

    // Statistics are fed by conversations. Each usage carries a key, recorded once, so a replayed
    // conversation event never counts twice.
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
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE routing_rule_stats`);
    await db.query(`DROP TABLE routing_rule_usage_keys`);
    await db.query(`DROP TABLE routing_interaction_settings`);
    await db.query(`DROP TABLE routing_templates`);
    await db.query(`DROP TABLE routing_rules`);
  }
}
