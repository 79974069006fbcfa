import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Learning records (issue 17): the inline projections of the `learning_<kind>-<id>` streams, one
 * table per kind. `position` is the global position of the event that last wrote the row: the
 * cursor of every list, and the guard that makes a replay change nothing.
 * `learning_embeddings` holds the vectors of failures' and retrospectives' feature texts, computed
 * by the record handler before the append (a model call never runs in the append's transaction) and
 * keyed by record and the hash of the embedded text; it is not a projection, so a rebuild needs no
 * model. Vectors are unit float32 (little-endian bytea), compared by dot product in Node as the
 * knowledge base does (no pgvector on Postgres 15).
 */
export class LearningRecords1763950000000 implements MigrationInterface {
  name = 'LearningRecords1763950000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE learning_embeddings (
        record_id   text        NOT NULL,
        text_sha256 text        NOT NULL,
        model       text        NOT NULL,
        vector      bytea       NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (record_id, text_sha256)
      )`);
    await db.query(`
      CREATE TABLE learning_failures (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL,
        feature text NOT NULL, approach text NOT NULL, why_failed text NOT NULL, lesson text NOT NULL, pipeline_id text,
        recorded_by jsonb NOT NULL, logged_at timestamptz NOT NULL, embedding_model text, embedding bytea
      )`);
    await db.query(`
      CREATE TABLE learning_estimates (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL,
        feature text NOT NULL, estimated_sessions integer NOT NULL, actual_sessions integer, complexity real NOT NULL,
        files_created integer, files_modified integer, notes text, pipeline_id text,
        recorded_by jsonb NOT NULL, recorded_at timestamptz NOT NULL, completed_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE learning_retrospectives (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL, pipeline_id text,
        feature text NOT NULL, surprises text NOT NULL, would_change text NOT NULL, new_patterns text[] NOT NULL, spike_accuracy real,
        recorded_by jsonb NOT NULL, logged_at timestamptz NOT NULL, embedding_model text, embedding bytea
      )`);
    await db.query(`
      CREATE TABLE learning_spikes (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL, pipeline_id text,
        feature text NOT NULL, question text NOT NULL, approach text NOT NULL, result text NOT NULL, viable boolean NOT NULL,
        lessons text NOT NULL, time_spent_minutes integer NOT NULL, recorded_by jsonb NOT NULL, logged_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE learning_complexity_snapshots (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL, file text NOT NULL,
        lines integer NOT NULL, functions integer NOT NULL, dependencies integer NOT NULL, complexity_score real NOT NULL,
        recorded_by jsonb NOT NULL, snapshot_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX learning_complexity_snapshots_file ON learning_complexity_snapshots (tenant_id, file, position)`);
    await db.query(`
      CREATE TABLE learning_complexity_warnings (
        tenant_id text NOT NULL, file text NOT NULL, position bigint NOT NULL, active boolean NOT NULL,
        snapshot_id text NOT NULL, from_score real NOT NULL, to_score real NOT NULL, growth real NOT NULL, window_size integer NOT NULL,
        started_at timestamptz NOT NULL, cleared_at timestamptz,
        PRIMARY KEY (tenant_id, file)
      )`);
    await db.query(`
      CREATE TABLE learning_pattern_usages (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL, pattern text NOT NULL, pipeline_id text,
        file text, outcome text NOT NULL, compliance_score real, recorded_by jsonb NOT NULL, used_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE learning_docs_cache (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL, library text NOT NULL, version text NOT NULL,
        content text NOT NULL, source_url text, recorded_by jsonb NOT NULL, fetched_at timestamptz NOT NULL, expires_at timestamptz NOT NULL
      )`);
    await db.query(`CREATE INDEX learning_docs_cache_expiry ON learning_docs_cache (tenant_id, expires_at)`);
    await db.query(`
      CREATE TABLE learning_decisions (
        id text PRIMARY KEY, tenant_id text NOT NULL, position bigint NOT NULL, pipeline_id text, phase text NOT NULL,
        decision text NOT NULL, reasoning text NOT NULL, recorded_by jsonb NOT NULL, decided_at timestamptz NOT NULL
      )`);
    for (const table of [
      'failures',
      'estimates',
      'retrospectives',
      'spikes',
      'complexity_snapshots',
      'pattern_usages',
      'docs_cache',
      'decisions',
    ])
      await db.query(`CREATE INDEX learning_${table}_list ON learning_${table} (tenant_id, position)`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of [
      'decisions',
      'docs_cache',
      'pattern_usages',
      'complexity_warnings',
      'complexity_snapshots',
      'spikes',
      'retrospectives',
      'estimates',
      'failures',
      'embeddings',
    ])
      await db.query(`DROP TABLE learning_${table}`);
  }
}
