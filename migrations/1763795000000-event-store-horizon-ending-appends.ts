import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The followers' horizon, safe while an append is ending.
 *
 * `event_store_horizon()` ignored a transaction of the reader's snapshot when `pg_locks` showed it
 * running without the append mark. But a transaction ending releases its advisory locks (the mark)
 * and its transaction-id lock one after the other, so for a moment an append that has just
 * committed — still in progress for the reader's snapshot, its events not visible to it — looks
 * unmarked. The horizon then passed it, a later append's events were read, and the ending one's
 * were skipped for good (seen once in a full test run under load; a probe of pg_locks shows the
 * moment a few times in ten thousand commits).
 *
 * Now a transaction counts as unmarked only if, after `pg_locks` was read, the commit log still
 * says it is in progress: an append's mark goes only after its commit (or abort) is recorded, so a
 * transaction that looked unmarked because it was ending reads as committed or aborted here and
 * keeps the horizon below it. A real non-append that ends meanwhile holds followers back for one
 * read, no more.
 */
export class EventStoreHorizonEndingAppends1763795000000 implements MigrationInterface {
  name = 'EventStoreHorizonEndingAppends1763795000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE OR REPLACE FUNCTION event_store_horizon() RETURNS xid8 LANGUAGE plpgsql STABLE AS $$
      DECLARE
        snapshot pg_snapshot := pg_current_snapshot();
        unmarked xid[];
        horizon xid8;
      BEGIN
        IF pg_snapshot_xmin(snapshot) = pg_snapshot_xmax(snapshot) THEN
          RETURN pg_snapshot_xmax(snapshot);
        END IF;
        -- First the locks, then (a separate statement, so strictly after) the commit log.
        WITH locks AS MATERIALIZED (
          SELECT locktype, mode, granted, transactionid, virtualtransaction, database, classid, objid, objsubid FROM pg_locks
        )
        SELECT coalesce(array_agg(running.transactionid), '{}') INTO unmarked
          FROM locks running
         WHERE running.locktype = 'transactionid' AND running.mode = 'ExclusiveLock' AND running.granted
           AND NOT EXISTS (
             SELECT 1 FROM locks mark
              WHERE mark.locktype = 'advisory' AND mark.granted
                AND mark.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                AND mark.classid = 7146 AND mark.objid = 733002 AND mark.objsubid = 2
                AND mark.virtualtransaction = running.virtualtransaction);
        SELECT min(xip) INTO horizon
          FROM pg_snapshot_xip(snapshot) AS xip
         WHERE NOT (xip::xid = ANY(unmarked) AND pg_xact_status(xip) = 'in progress');
        RETURN coalesce(horizon, pg_snapshot_xmax(snapshot));
      END $$`);
  }

  async down(db: QueryRunner): Promise<void> {
    // The function as 1763790000000 made it.
    await db.query(`
      CREATE OR REPLACE FUNCTION event_store_horizon() RETURNS xid8 LANGUAGE plpgsql STABLE AS $$
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
}
