import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each reservation on `budget_spend` is also a row here, with who holds it and until when, so a
 * reservation whose process died (SIGKILL, OOM) before settling it is given back by a sweep
 * instead of blocking the budget for the rest of its period. A settlement (or the sweep) deletes
 * the row and takes its amount off `reserved_*` in the same statement: whichever deletes it gives
 * the estimate back, once. Only reservations in flight are here (rows live for one call).
 *
 * Reservations made before this table have no row and could never be swept: they are zeroed
 * (those of processes still running settle to at least zero; those of dead ones were the leak).
 *
 * No index on `expires_at`: the sweep reads the whole table every few seconds, which holds only
 * calls in flight, and one index less is that much less on every call's path.
 */
export class BudgetReservations1763830000000 implements MigrationInterface {
  name = 'BudgetReservations1763830000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE budget_reservations (
        reservation_id   uuid          NOT NULL,
        budget_id        text          NOT NULL,
        tenant_id        text          NOT NULL,
        period_start     timestamptz   NOT NULL,
        reserved_usd     numeric(16,6) NOT NULL,
        reserved_tokens  bigint        NOT NULL,
        holder           text          NOT NULL,
        expires_at       timestamptz   NOT NULL,
        PRIMARY KEY (reservation_id, budget_id)
      )`);
    await db.query(`UPDATE budget_spend SET reserved_usd = 0, reserved_tokens = 0 WHERE reserved_usd <> 0 OR reserved_tokens <> 0`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE budget_reservations`);
  }
}
