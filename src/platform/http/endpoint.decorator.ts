import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { ApiIdempotent, ApiIfMatch, ApiProblems } from './api-docs.decorators.js';
import { Roles } from './auth/auth.decorators.js';
import { PRINCIPAL_ROLES, type PrincipalRole } from './auth/principal.js';
import { ETagInterceptor } from './etag.interceptor.js';
import type { ProblemKind } from './problem.js';

export interface EndpointOptions {
  /** The OpenAPI operation id; by convention the controller method's name in the client. */
  operationId: string;
  summary: string;
  description?: string;
  /** Who may call; without it any authenticated role may. A restricted route documents its 403 itself. */
  roles?: readonly PrincipalRole[];
  /** The problem+json answers besides 401/429 (from ApiAuthenticated) and those implied below. */
  problems?: readonly ProblemKind[];
  /** A POST that accepts an Idempotency-Key. */
  idempotent?: boolean;
  /** A change guarded by If-Match (documents the header, 412 and 409). */
  ifMatch?: boolean;
}

/**
 * One decorator per route for what every route declares: operation, roles, problem answers,
 * Idempotency-Key and If-Match; and the ETag of a `Versioned` result (see ETagInterceptor).
 */
export function Endpoint(options: EndpointOptions) {
  const restricted = options.roles !== undefined && PRINCIPAL_ROLES.some((role) => !options.roles?.includes(role));
  const problems = [...(options.problems ?? [])];
  if (restricted && !problems.includes('forbidden')) problems.push('forbidden');
  return applyDecorators(
    ...(options.roles ? [Roles(...options.roles)] : []),
    ApiOperation({
      operationId: options.operationId,
      summary: options.summary,
      ...(options.description ? { description: options.description } : {}),
    }),
    // Applied in this order, the headers are documented If-Match first, as before the decorator.
    ...(options.ifMatch ? [ApiIfMatch()] : []),
    ...(options.idempotent ? [ApiIdempotent()] : []),
    ...(problems.length > 0 ? [ApiProblems(...problems)] : []),
    UseInterceptors(ETagInterceptor),
  );
}
