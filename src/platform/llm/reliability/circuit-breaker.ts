export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitPolicy {
  /** Consecutive failures that open the circuit. */
  failures: number;
  /** How long an open circuit skips the provider before one trial call is let through. */
  cooldownMs: number;
}

/**
 * Skips a provider that keeps failing so calls go straight to the next one instead of paying its
 * timeouts. After the cool-down one trial call is allowed (half-open): success closes the circuit,
 * failure opens it for another cool-down. Time is passed in, so the state is a pure function of
 * the calls made.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openedAt: number | undefined;
  private trialInFlight = false;

  constructor(private readonly policy: CircuitPolicy) {}

  state(now: number): CircuitState {
    if (this.openedAt === undefined) return 'closed';
    return now - this.openedAt >= this.policy.cooldownMs ? 'half-open' : 'open';
  }

  /** May a call go to the provider now? In half-open only one trial call at a time may. */
  tryPass(now: number): boolean {
    const state = this.state(now);
    if (state === 'closed') return true;
    if (state === 'open' || this.trialInFlight) return false;
    this.trialInFlight = true;
    return true;
  }

  recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.openedAt = undefined;
    this.trialInFlight = false;
  }

  recordFailure(now: number): void {
    this.consecutiveFailures += 1;
    const trialFailed = this.trialInFlight;
    this.trialInFlight = false;
    if (trialFailed || this.consecutiveFailures >= this.policy.failures) this.openedAt = now;
  }

  /** A call that was let through but ended without a verdict on the provider (e.g. the caller aborted). */
  release(): void {
    this.trialInFlight = false;
  }
}
