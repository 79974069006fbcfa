import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the organizations module (inline projections of its events) and the stored
 * responses of idempotent requests. `*_position` is the position of the event that created the row:
 * unique and increasing, it is the keyset that cursor pagination walks.
 */
export class Organizations1763783000000 implements MigrationInterface {
  name = 'Organizations1763783000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE organizations (
        id                text        PRIMARY KEY,
        name              text        NOT NULL,
        plan              text        NOT NULL,
        version           integer     NOT NULL,
        created_position  bigint      NOT NULL UNIQUE,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE squads (
        id                text        PRIMARY KEY,
        organization_id   text        NOT NULL,
        name              text        NOT NULL,
        description       text        NOT NULL DEFAULT '',
        version           integer     NOT NULL,
        created_position  bigint      NOT NULL UNIQUE,
        created_at        timestamptz NOT NULL,
        updated_at        timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX squads_organization ON squads (organization_id, created_position)`);
    await db.query(`
      CREATE TABLE squad_members (
        id                text        PRIMARY KEY,
        squad_id          text        NOT NULL,
        organization_id   text        NOT NULL,
        kind              text        NOT NULL CHECK (kind IN ('agent', 'human')),
        role              text        NOT NULL,
        display_name      text        NOT NULL,
        agent_slug        text,
        added_position    bigint      NOT NULL UNIQUE,
        added_at          timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX squad_members_squad ON squad_members (squad_id, added_position)`);
    await db.query(`CREATE INDEX squad_members_organization_role ON squad_members (organization_id, role)`);
    await db.query(`
      CREATE TABLE api_keys (
        id                text        PRIMARY KEY,
        organization_id   text        NOT NULL,
        name              text        NOT NULL,
        role              text        NOT NULL CHECK (role IN ('admin', 'operator', 'agent')),
        member_id         text,
        key_hash          text        NOT NULL UNIQUE,
        key_prefix        text        NOT NULL,
        issued_position   bigint      NOT NULL UNIQUE,
        issued_at         timestamptz NOT NULL,
        revoked_at        timestamptz
      )`);
    await db.query(`CREATE INDEX api_keys_organization ON api_keys (organization_id, issued_position)`);
    await db.query(`
      CREATE TABLE idempotency_keys (
        tenant_id         text        NOT NULL,
        key               text        NOT NULL,
        request_hash      text        NOT NULL,
        status            text        NOT NULL DEFAULT 'in_progress' CHECK (status IN ('in_progress', 'completed')),
        response_status   integer,
        response_headers  jsonb,
        response_body     jsonb,
        created_at        timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tenant_id, key)
      )`);
    await db.query(`CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE idempotency_keys`);
    await db.query(`DROP TABLE api_keys`);
    await db.query(`DROP TABLE squad_members`);
    await db.query(`DROP TABLE squads`);
    await db.query(`DROP TABLE organizations`);
  }
}
