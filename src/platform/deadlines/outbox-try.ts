import type { Sql } from '../database/sql.js';
import { type DeadlineRequest, scheduleDeadline } from './deadline.js';

/** How one try of an outbox row ended, as its decider says: done, given up, or again at `nextAttemptAt`. */
export type OutboxTryOutcome = { status: 'pending'; nextAttemptAt: Date } | { status: string; reason?: string };

/** What an outbox (webhook deliveries, e-mail) tells `recordOutboxTry` about itself. */
export interface OutboxTry<Outcome extends OutboxTryOutcome> {
  /** The outbox table: `id`, `tenant_id`, `status` ('pending' while tries remain), `attempts`, `round_attempts`. */
  table: string;
  id: string;
  /** The try being recorded (1-based, over the row's whole life). */
  attempt: number;
  /** The outcome of this try, given its number within the current round (tries since the last reset). */
  decide(roundAttempt: number): Outcome;
  /** Writes the outcome on the row (and any attempt log), in the try's transaction. */
  write(tx: Sql, outcome: Outcome, roundAttempt: number): Promise<void>;
  /** The deadline of the next try, when the outcome is to try again. */
  nextTry(tenantId: string, dueAt: Date): DeadlineRequest;
}

/**
 * Records one try of an outbox row and schedules the next one, in one transaction, under the row's
 * lock. A try that is no longer the row's next (another firing of it got here first, after a lease
 * was taken over) changes nothing. Answers the outcome recorded, or undefined.
 */
export async function recordOutboxTry<Outcome extends OutboxTryOutcome>(tx: Sql, step: OutboxTry<Outcome>): Promise<Outcome | undefined> {
  const [current] = await tx.query<{ tenant_id: string; status: string; attempts: number; round_attempts: number }>(
    `SELECT tenant_id, status, attempts, round_attempts FROM ${step.table} WHERE id = $1 FOR UPDATE`,
    [step.id],
  );
  if (!current || current.status !== 'pending' || current.attempts !== step.attempt - 1) return undefined;
  const roundAttempt = current.round_attempts + 1;
  const outcome = step.decide(roundAttempt);
  await step.write(tx, outcome, roundAttempt);
  if (isRetry(outcome)) await scheduleDeadline(tx, step.nextTry(current.tenant_id, outcome.nextAttemptAt));
  return outcome;
}

function isRetry(outcome: OutboxTryOutcome): outcome is { status: 'pending'; nextAttemptAt: Date } {
  return outcome.status === 'pending';
}
