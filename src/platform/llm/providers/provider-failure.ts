export type FailureKind = 'rate-limited' | 'server' | 'network' | 'timeout' | 'malformed' | 'rejected' | 'aborted';

/**
 * A provider call that failed, classified once where the error is caught so the gateway decides
 * retries, failover and circuit state from the kind alone.
 */
export class ProviderFailure extends Error {
  override name = 'ProviderFailure';

  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly options: { status?: number; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
  }

  get status(): number | undefined {
    return this.options.status;
  }

  get retryAfterMs(): number | undefined {
    return this.options.retryAfterMs;
  }

  /** Worth another try on the same provider: it may pass in a moment. */
  get retryable(): boolean {
    return this.kind === 'rate-limited' || this.kind === 'server' || this.kind === 'network' || this.kind === 'malformed';
  }

  /**
   * Says something about the provider's health. A 400 says the request does not suit this provider
   * (the next one may take it) and an abort is the caller's choice: neither should open the circuit.
   */
  get countsAgainstProvider(): boolean {
    return this.kind !== 'aborted' && !(this.kind === 'rejected' && this.status === 400);
  }
}
