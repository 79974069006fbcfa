import type { IncomingHttpHeaders } from 'node:http';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { apiKeyFromHeaders, keyFingerprint } from './auth/api-key-header.js';
import { FixedWindows, secondsUntilReset } from './fixed-windows.js';
import { ProblemError, problem } from './problem.js';

const SKIP = 'agent-squad:skip-rate-limit';

/** Routes never limited (health probes, metrics scrapes). */
export const SkipRateLimit = () => SetMetadata(SKIP, true);

/** Limits count per API key (by its hash), or per client address for calls without a key. */
export function rateLimitTracker(request: { headers: IncomingHttpHeaders; ip?: string }): string {
  const key = apiKeyFromHeaders(request.headers);
  if (key) return `key:${keyFingerprint(key)}`;
  return `ip:${request.ip ?? 'unknown'}`;
}

/**
 * A fixed one-minute window per key: over the limit → 429 problem+json with Retry-After. The
 * counters live in each replica's memory: with N replicas a key gets up to N × the limit, which
 * protects each process rather than enforcing a global quota.
 *
 * (@nestjs/throttler v6 is CommonJS requiring the ESM-only @nestjs/common 12: Node 20 loads it,
 * but jest's module runtime cannot, so no test could boot the app with it.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new FixedWindows();

  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    if (this.reflector.getAllAndOverride<boolean>(SKIP, [context.getHandler(), context.getClass()])) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const response = context.switchToHttp().getResponse<Response>();
    const now = Date.now();
    const window = this.windows.add(rateLimitTracker(request), now);
    const limit = this.config.rateLimitPerMinute;
    response.setHeader('RateLimit-Limit', String(limit));
    response.setHeader('RateLimit-Remaining', String(Math.max(0, limit - window.count)));
    if (window.count <= limit) return true;
    const retryAfter = secondsUntilReset(window, now);
    response.setHeader('Retry-After', String(retryAfter));
    throw new ProblemError(problem('rate-limited', `More than ${limit} requests in a minute with this API key`, { retryAfter }));
  }
}
