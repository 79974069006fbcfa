import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Interval } from '@nestjs/schedule';
import { Clock } from '../../platform/decider/clock.js';
import { Database } from '../../platform/database/database.js';
import { SWEEP, prepared } from './budget-ledger.statements.js';

/**
 * How often each replica looks for abandoned reservations. One statement over a table that holds
 * only the calls in flight: cheap enough to run every few seconds, so a dead process's estimates
 * are back within seconds of their expiry (reservationLeaseMs: the gateway's total timeout and a
 * margin).
 */
export const SWEEP_EVERY_MS = 5_000;

/**
 * Gives back the reservations of processes that died before settling them: every replica sweeps,
 * at start and periodically, which is safe because each reservation is released by one statement
 * only (see SWEEP). The expiry is in the rows, so nothing is lost when every process restarts.
 */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger('Budgets');

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    void this.periodic();
  }

  @Interval('budget-reservation-sweep', SWEEP_EVERY_MS)
  async periodic(): Promise<void> {
    await this.sweep(this.clock.now()).catch((error: Error) => this.logger.error(`sweeping budget reservations failed: ${error.message}`));
  }

  /** Releases every reservation that expired by `now`; resolves with how many (sweeps may overlap, see SWEEP). */
  async sweep(now: Date): Promise<number> {
    const [{ reservations, holders }] = await prepared<{ reservations: number; holders: string[] }>(this.db, 'budget_sweep', SWEEP, [now]);
    if (reservations > 0)
      this.logger.warn(`gave back ${reservations} budget reservations not settled in time by ${holders.join(', ')} (stopped mid-call?)`);
    return reservations;
  }
}
