import { type ExecutionContext, SetMetadata, createParamDecorator } from '@nestjs/common';
import type { AuthenticatedRequest, Principal, PrincipalRole } from './principal.js';

export const PUBLIC_ROUTE = 'agent-squad:public';
export const ALLOWED_ROLES = 'agent-squad:roles';

/** A route anyone may call without an API key (health, metrics, documentation). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** Roles allowed on a route or controller; without it any authenticated role may call. */
export const Roles = (...roles: PrincipalRole[]) => SetMetadata(ALLOWED_ROLES, roles);

/** The authenticated principal (the guard guarantees it on non-public routes). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, context: ExecutionContext): Principal => {
  const principal = context.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
