import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The followers' horizon, bounded by the event store's own in-flight appends.
 *
 * Before: followers read below `pg_snapshot_xmin`, the oldest transaction running anywhere on the
 * server, so one open write transaction in another database (or a non-append one in ours) held back
 * every follower until it ended.
 *
 * Now: every append takes the transaction-level advisory lock (APPEND_MARKER) before its INSERT
 * gives it a transaction id, and holds it until it ends. `event_store_horizon()` is the lowest id in
 * the reader's snapshot that may still carry events: an id still running AND marked as an append,
 * or one that ended after the snapshot was taken (it may have been an append; the next read, with a
 * fresh snapshot, no longer lists it). Ids still running without the mark cannot become appends (the
 * mark comes before the id), so they are ignored. Every event below the horizon is visible, and
 * every event that commits later has a higher id, hence a higher position (see event-store.ts).
 * Without such an id the horizon is the snapshot's xmax: everything committed is readable.
 *
 * STABLE, so it sees the calling statement's snapshot, the one the events are read with.
 */
export class EventStoreHorizon1763790000000 implements MigrationInterface {
  name = 'EventStoreHorizon1763790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE FUNCTION event_store_horizon() RETURNS xid8 LANGUAGE plpgsql STABLE AS $$
      DECLARE
        snapshot pg_snapshot := pg_current_snapshot();
        horizon xid8;
      BEGIN
        IF pg_snapshot_xmin(snapshot) = pg_snapshot_xmax(snapshot) THEN
          RETURN pg_snapshot_xmax(snapshot);
        END IF;
        WITH locks AS MATERIALIZED (
          SELECT locktype, mode, granted, transactionid, virtualtransaction, database, classid, objid, objsubid FROM pg_locks
        ), unmarked AS (
          SELECT running.transactionid
            FROM locks running
           WHERE running.locktype = 'transactionid' AND running.mode = 'ExclusiveLock' AND running.granted
             AND NOT EXISTS (
               SELECT 1 FROM locks mark
                WHERE mark.locktype = 'advisory' AND mark.granted
                  AND mark.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                  AND mark.classid = 7146 AND mark.objid = 733002 AND mark.objsubid = 2
                  AND mark.virtualtransaction = running.virtualtransaction)
        )
        SELECT min(xip) INTO horizon
          FROM pg_snapshot_xip(snapshot) AS xip
         WHERE xip::xid NOT IN (SELECT transactionid FROM unmarked);
        RETURN coalesce(horizon, pg_snapshot_xmax(snapshot));
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP FUNCTION event_store_horizon()`);
  }
}
