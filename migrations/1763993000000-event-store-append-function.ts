import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The append as one server-side function, `event_store_append(batch jsonb)`: the same steps the
 * append message ran as separate statements (APPEND_LOCK_KEY, the APPEND_MARKER, the INSERT that
 * checks every expected version and numbers the events, unlock, NOTIFY), in the same order.
 *
 * Why a function: an append without inline projections is then a single statement, sent with the
 * extended protocol as a named statement with the batch as a parameter, and committed by the
 * server when it ends (autocommit). Measured against the former simple-protocol message of seven
 * statements (BEGIN … COMMIT, the batch as an escaped literal), one 16-append batch takes about
 * 20 % less time (see docs/BENCHMARKS.md, Event store): no literal for the SQL lexer to scan, one
 * statement to parse instead of seven, one result instead of seven. Appends with inline
 * projections call it inside their own transaction.
 *
 * The session lock stays taken and released inside the statement, so it is held only while the
 * server runs the INSERT, never across a round trip to the client nor during the COMMIT (fsync).
 * If the INSERT fails, the lock is still held when the function raises (a session lock survives an
 * abort); the caller releases it (`pg_advisory_unlock_all()`), as it did before.
 *
 * Each returned row also carries how long the call waited for APPEND_LOCK_KEY (the same value on
 * every row), for the append-lock wait metric.
 *
 * `#variable_conflict use_column`: the output columns are named like the events table's columns.
 */
export class EventStoreAppendFunction1763993000000 implements MigrationInterface {
  name = 'EventStoreAppendFunction1763993000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION event_store_append(batch jsonb)
        RETURNS TABLE ("position" bigint, stream_id text, version integer, recorded_at timestamptz, lock_wait_seconds float8)
        LANGUAGE plpgsql VOLATILE AS $$
      #variable_conflict use_column
      DECLARE
        asked timestamptz := clock_timestamp();
        waited float8;
      BEGIN
        PERFORM pg_advisory_lock(7146733001);
        waited := extract(epoch FROM clock_timestamp() - asked)::float8;
        PERFORM pg_advisory_xact_lock_shared(7146, 733002);
        RETURN QUERY
          WITH req AS (
            SELECT * FROM jsonb_to_recordset(batch)
              AS r(ord integer, stream_id text, stream_type text, expected integer, seq integer, type text,
                   schema_version integer, data jsonb, metadata jsonb, tenant_id text)
          ), current AS (
            SELECT s.stream_id, coalesce((SELECT max(e.version) FROM events e WHERE e.stream_id = s.stream_id), 0) AS version
              FROM (SELECT DISTINCT stream_id FROM req) s
          ), accepted AS (
            SELECT req.*, current.version AS base, row_number() OVER (ORDER BY req.ord) AS rn
              FROM req JOIN current USING (stream_id)
             WHERE req.expected IS NULL OR req.expected = current.version
          ), block AS MATERIALIZED (
            SELECT first, setval('events_position_seq', first + (SELECT count(*) FROM accepted) - 1) AS last
              FROM (SELECT nextval('events_position_seq') AS first) n
             WHERE EXISTS (SELECT 1 FROM accepted)
          )
          INSERT INTO events (position, stream_id, stream_type, version, type, schema_version, data, metadata, tenant_id, recorded_at)
          SELECT block.first + accepted.rn - 1, stream_id, stream_type, base + seq, type, schema_version, data, metadata, tenant_id, clock_timestamp()
            FROM accepted CROSS JOIN block
          RETURNING events.position, events.stream_id, events.version, events.recorded_at, waited;
        PERFORM pg_advisory_unlock(7146733001);
        PERFORM pg_notify('agent_squad_events', '');
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION event_store_append(jsonb)`);
  }
}
