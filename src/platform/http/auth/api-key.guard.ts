import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import { ProblemError, problem } from '../problem.js';
import { UnauthenticatedLimiter } from './unauthenticated-limiter.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators.js';
import { apiKeyFromHeaders } from './api-key-header.js';
import { API_KEY_AUTHENTICATOR, type ApiKeyAuthenticator, type AuthenticatedRequest, type PrincipalRole } from './principal.js';

/**
 * Global guard: every HTTP route needs a valid API key unless marked @Public(); @Roles() narrows
 * who may call. Sets `request.principal`. Unknown or revoked key → 401, role not allowed → 403;
 * an address over its limit of requests without a valid key → 429 before any lookup.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator,
    private readonly limiter: UnauthenticatedLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyFromHeaders(request.headers);
    const address = request.ip ?? 'unknown';
    const retryAfter = this.limiter.retryAfter(address, key);
    if (retryAfter !== undefined) {
      context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
      throw new ProblemError(
        problem('rate-limited', `More than ${this.limiter.limit} requests in a minute without a valid API key from this address`, {
          retryAfter,
        }),
      );
    }
    if (!key) {
      this.limiter.recordFailure(address);
      throw new ProblemError(problem('unauthorized', 'Send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"'));
    }
    const principal = await this.authenticator.authenticate(key);
    if (!principal) {
      this.limiter.recordFailure(address);
      throw new ProblemError(problem('unauthorized', 'The API key is unknown or revoked'));
    }
    this.limiter.recordSuccess(key);
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ProblemError(problem('forbidden', `This route needs one of the roles: ${roles.join(', ')}`));
    }
    return true;
  }
}
