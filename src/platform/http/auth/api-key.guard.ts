import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ProblemError, problem } from '../problem.js';
import { ALLOWED_ROLES, PUBLIC_ROUTE } from './auth.decorators.js';
import { apiKeyFromHeaders } from './api-key-header.js';
import { API_KEY_AUTHENTICATOR, type ApiKeyAuthenticator, type AuthenticatedRequest, type PrincipalRole } from './principal.js';

/**
 * Global guard: every HTTP route needs a valid API key unless marked @Public(); @Roles() narrows
 * who may call. Sets `request.principal`. Unknown or revoked key → 401, role not allowed → 403.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(API_KEY_AUTHENTICATOR) private readonly authenticator: ApiKeyAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = apiKeyFromHeaders(request.headers);
    if (!key) throw new ProblemError(problem('unauthorized', 'Send an API key as "Authorization: Bearer <key>" or "X-API-Key: <key>"'));
    const principal = await this.authenticator.authenticate(key);
    if (!principal) throw new ProblemError(problem('unauthorized', 'The API key is unknown or revoked'));
    request.principal = principal;
    const roles = this.reflector.getAllAndOverride<PrincipalRole[] | undefined>(ALLOWED_ROLES, targets);
    if (roles && !roles.includes(principal.role)) {
      throw new ProblemError(problem('forbidden', `This route needs one of the roles: ${roles.join(', ')}`));
    }
    return true;
  }
}
