export interface RateLimits {
  rpm: number | undefined;
  tpm: number | undefined;
}

interface Bucket {
  capacity: number;
  level: number;
  perMs: number;
}

function bucket(perMinute: number | undefined): Bucket | undefined {
  return perMinute === undefined ? undefined : { capacity: perMinute, level: perMinute, perMs: perMinute / 60_000 };
}

/**
 * Keeps one provider under its requests-per-minute and tokens-per-minute quotas with two token
 * buckets (full at start, refilled continuously). `reserve` either takes the quota and returns 0,
 * or takes nothing and returns how long until it could. Token counts are estimates before the
 * call; `settle` corrects them with what the provider reported.
 */
export class RateLimiter {
  private readonly requests: Bucket | undefined;
  private readonly tokens: Bucket | undefined;
  private refilledAt: number;

  constructor(limits: RateLimits, now: number) {
    this.requests = bucket(limits.rpm);
    this.tokens = bucket(limits.tpm);
    this.refilledAt = now;
  }

  get unlimited(): boolean {
    return this.requests === undefined && this.tokens === undefined;
  }

  reserve(estimatedTokens: number, now: number): number {
    if (this.unlimited) return 0;
    this.refill(now);
    // A single call larger than the whole minute's quota could never pass; let it through when the bucket is full.
    const tokens = this.tokens ? Math.min(estimatedTokens, this.tokens.capacity) : 0;
    const waitRequests = this.waitFor(this.requests, 1);
    const waitTokens = this.waitFor(this.tokens, tokens);
    const wait = Math.max(waitRequests, waitTokens);
    if (wait > 0) return wait;
    if (this.requests) this.requests.level -= 1;
    if (this.tokens) this.tokens.level -= tokens;
    return 0;
  }

  /** Replaces an estimate by the actual count (may leave the bucket negative: the debt is waited off). */
  settle(estimatedTokens: number, actualTokens: number): void {
    if (!this.tokens) return;
    const reserved = Math.min(estimatedTokens, this.tokens.capacity);
    this.tokens.level = Math.min(this.tokens.capacity, this.tokens.level + reserved - actualTokens);
  }

  private waitFor(bucket: Bucket | undefined, amount: number): number {
    if (!bucket || bucket.level >= amount) return 0;
    return Math.ceil((amount - bucket.level) / bucket.perMs);
  }

  private refill(now: number): void {
    const elapsed = Math.max(0, now - this.refilledAt);
    this.refilledAt = now;
    for (const b of [this.requests, this.tokens]) {
      if (b) b.level = Math.min(b.capacity, b.level + elapsed * b.perMs);
    }
  }
}
