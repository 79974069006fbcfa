import type { Sql } from '../database/sql.js';

/** A durable timer: when `dueAt` passes, the poller hands `payload` to the handler of `type`. */
export interface DeadlineRequest {
  /** Unique and stable (e.g. `conversation:<id>:timeout:3`): scheduling the same key twice is one deadline. */
  key: string;
  type: string;
  tenantId: string | null;
  dueAt: Date;
  payload: Record<string, unknown>;
}

export interface DueDeadline<Payload extends object = Record<string, unknown>> {
  id: number;
  key: string;
  type: string;
  tenantId: string | null;
  dueAt: Date;
  payload: Payload;
  attempt: number;
}

/**
 * Fires a deadline. It must be safe to call again for the same deadline (after a crash or a lost
 * lease), typically by issuing a command that checks the state it expects.
 */
export type DeadlineHandler<Payload extends object = Record<string, unknown>> = (deadline: DueDeadline<Payload>) => Promise<void>;

/** Fires several deadlines of one type; answers, in their order, `undefined` for each fired and the error of each that failed. */
export type DeadlineBatchHandler<Payload extends object = Record<string, unknown>> = (
  deadlines: readonly DueDeadline<Payload>[],
) => Promise<readonly (Error | undefined)[]>;

/**
 * Deadlines are a projection of events: call these from an inline projection, inside the append's
 * transaction, so a deadline exists exactly when the events that caused it do.
 */
export async function scheduleDeadline(tx: Sql, deadline: DeadlineRequest): Promise<void> {
  await tx.query(
    `INSERT INTO deadlines (key, type, tenant_id, due_at, payload) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO NOTHING`,
    [deadline.key, deadline.type, deadline.tenantId, deadline.dueAt, JSON.stringify(deadline.payload)],
  );
}

export async function cancelDeadline(tx: Sql, key: string): Promise<void> {
  await tx.query(`UPDATE deadlines SET status = 'cancelled' WHERE key = $1 AND status = 'pending'`, [key]);
}

/** Several deadlines in one statement (a projection applying a batch of events); the same rules as scheduleDeadline. */
export async function scheduleDeadlines(tx: Sql, deadlines: readonly DeadlineRequest[]): Promise<void> {
  if (deadlines.length === 0) return;
  await tx.query(
    `INSERT INTO deadlines (key, type, tenant_id, due_at, payload)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::jsonb[])
     ON CONFLICT (key) DO NOTHING`,
    [
      deadlines.map((d) => d.key),
      deadlines.map((d) => d.type),
      deadlines.map((d) => d.tenantId),
      deadlines.map((d) => d.dueAt),
      deadlines.map((d) => JSON.stringify(d.payload)),
    ],
  );
}

export async function cancelDeadlines(tx: Sql, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.query(`UPDATE deadlines SET status = 'cancelled' WHERE key = ANY($1::text[]) AND status = 'pending'`, [keys]);
}
