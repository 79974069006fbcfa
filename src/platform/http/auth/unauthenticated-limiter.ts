import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { FixedWindows, secondsUntilReset } from '../fixed-windows.js';
import { keyFingerprint } from './api-key-header.js';

const WINDOW_MS = 60_000;
/** Keys that authenticated recently stay usable from an address that is otherwise limited. */
const MAX_REMEMBERED_KEYS = 10_000;

/**
 * Counts, per client address, requests that presented no valid API key, in a fixed one-minute
 * window (per replica, in memory). Once an address is over the limit, its requests are refused
 * before the key lookup — unless they carry a key that authenticated recently, so a valid client
 * behind the same address (a NAT, a proxy) keeps working while a guesser is held off.
 */
@Injectable()
export class UnauthenticatedLimiter {
  private readonly failures = new FixedWindows(WINDOW_MS);
  private readonly validKeys = new Map<string, number>();
  private sweptAt = Date.now();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get limit(): number {
    return this.config.unauthenticatedRateLimitPerMinute;
  }

  /** Seconds until the address may try again, when it is over the limit and the key is not known valid. */
  retryAfter(address: string, key: string | undefined, now = Date.now()): number | undefined {
    this.sweepValidKeys(now);
    const window = this.failures.current(address, now);
    if (!window || window.count < this.limit) return undefined;
    if (key !== undefined && (this.validKeys.get(keyFingerprint(key)) ?? 0) > now) return undefined;
    return secondsUntilReset(window, now);
  }

  recordFailure(address: string, now = Date.now()): void {
    this.failures.add(address, now);
  }

  recordSuccess(key: string, now = Date.now()): void {
    if (this.validKeys.size >= MAX_REMEMBERED_KEYS) this.validKeys.delete(this.validKeys.keys().next().value!);
    this.validKeys.set(keyFingerprint(key), now + WINDOW_MS);
  }

  private sweepValidKeys(now: number): void {
    if (now - this.sweptAt < WINDOW_MS) return;
    this.sweptAt = now;
    for (const [fingerprint, until] of this.validKeys) if (until <= now) this.validKeys.delete(fingerprint);
  }
}
