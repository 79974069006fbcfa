import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the registry (all rebuildable from events) plus two operational columns of the
 * execution queue (claimed_until, claimed_by) that only the queue worker writes.
 */
export class Registry1763784000000 implements MigrationInterface {
  name = 'Registry1763784000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE registry_agent_versions (
        tenant_id           text        NOT NULL,
        slug                text        NOT NULL,
        version             text        NOT NULL,
        status              text        NOT NULL CHECK (status IN ('draft', 'published', 'deprecated')),
        is_current          boolean     NOT NULL DEFAULT false,
        name                text        NOT NULL,
        role                text        NOT NULL,
        skills              text[]      NOT NULL,
        spec                jsonb       NOT NULL,
        search              tsvector    NOT NULL,
        registered_at       timestamptz NOT NULL,
        registered_position bigint      NOT NULL,
        published_at        timestamptz,
        deprecated_at       timestamptz,
        deprecation_reason  text,
        PRIMARY KEY (tenant_id, slug, version)
      )`);
    await db.query(`CREATE INDEX registry_agent_versions_current ON registry_agent_versions (tenant_id, slug) WHERE is_current`);
    await db.query(`CREATE INDEX registry_agent_versions_role ON registry_agent_versions (tenant_id, role)`);
    await db.query(`CREATE INDEX registry_agent_versions_skills ON registry_agent_versions USING gin (skills)`);
    await db.query(`CREATE INDEX registry_agent_versions_search ON registry_agent_versions USING gin (search)`);

    await db.query(`
      CREATE TABLE registry_instances (
        tenant_id    text        NOT NULL,
        instance_id  text        NOT NULL,
        slug         text        NOT NULL,
        version      text        NOT NULL,
        lifecycle    text        NOT NULL CHECK (lifecycle IN ('active', 'paused', 'stopped')),
        triggers     jsonb       NOT NULL,
        priority     text        NOT NULL,
        started_at   timestamptz NOT NULL,
        position     bigint      NOT NULL,
        updated_at   timestamptz NOT NULL,
        stopped_at   timestamptz,
        PRIMARY KEY (tenant_id, instance_id)
      )`);
    await db.query(`CREATE INDEX registry_instances_active ON registry_instances (tenant_id) WHERE lifecycle = 'active'`);

    await db.query(`
      CREATE TABLE registry_intake_events (
        tenant_id     text        NOT NULL,
        event_id      text        NOT NULL,
        event_type    text        NOT NULL,
        priority      text        NOT NULL,
        payload       jsonb       NOT NULL,
        routed_count  integer     NOT NULL,
        received_at   timestamptz NOT NULL,
        position      bigint      NOT NULL,
        PRIMARY KEY (tenant_id, event_id)
      )`);
    await db.query(`CREATE INDEX registry_intake_events_type ON registry_intake_events (tenant_id, event_type)`);
    await db.query(`CREATE INDEX registry_intake_events_unhandled ON registry_intake_events (tenant_id, position) WHERE routed_count = 0`);

    await db.query(`
      CREATE TABLE registry_executions (
        tenant_id        text        NOT NULL,
        execution_id     text        NOT NULL,
        event_id         text        NOT NULL,
        instance_id      text        NOT NULL,
        slug             text        NOT NULL,
        version          text        NOT NULL,
        event_type       text        NOT NULL,
        priority         text        NOT NULL,
        priority_rank    smallint    NOT NULL,
        queued_position  bigint      NOT NULL,
        queued_seq       integer     NOT NULL,
        enqueued_at      timestamptz NOT NULL,
        status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        claimed_until    timestamptz,
        claimed_by       text,
        attempts         integer     NOT NULL DEFAULT 0,
        started_at       timestamptz,
        finished_at      timestamptz,
        duration_ms      integer,
        output           text,
        error            text,
        PRIMARY KEY (tenant_id, execution_id)
      )`);
    await db.query(`
      CREATE INDEX registry_executions_queue ON registry_executions (priority_rank, queued_position, queued_seq)
       WHERE status = 'pending'`);
    await db.query(`CREATE INDEX registry_executions_instance ON registry_executions (tenant_id, instance_id, queued_position DESC)`);
    await db.query(`CREATE INDEX registry_executions_agent ON registry_executions (tenant_id, slug, queued_position DESC)`);

    await db.query(`
      CREATE TABLE registry_locks (
        tenant_id   text        NOT NULL,
        resource    text        NOT NULL,
        holder      text        NOT NULL,
        priority    text        NOT NULL,
        lease       integer     NOT NULL,
        granted_at  timestamptz NOT NULL,
        expires_at  timestamptz NOT NULL,
        position    bigint      NOT NULL,
        PRIMARY KEY (tenant_id, resource)
      )`);
    await db.query(`
      CREATE TABLE registry_lock_waiters (
        tenant_id      text        NOT NULL,
        resource       text        NOT NULL,
        holder         text        NOT NULL,
        priority       text        NOT NULL,
        priority_rank  smallint    NOT NULL,
        ttl_ms         integer     NOT NULL,
        requested_at   timestamptz NOT NULL,
        arrival        integer     NOT NULL,
        PRIMARY KEY (tenant_id, resource, holder)
      )`);
    await db.query(`CREATE INDEX registry_lock_waiters_order ON registry_lock_waiters (tenant_id, resource, priority_rank, arrival)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE registry_lock_waiters`);
    await db.query(`DROP TABLE registry_locks`);
    await db.query(`DROP TABLE registry_executions`);
    await db.query(`DROP TABLE registry_intake_events`);
    await db.query(`DROP TABLE registry_instances`);
    await db.query(`DROP TABLE registry_agent_versions`);
  }
}
