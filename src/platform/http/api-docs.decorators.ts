import { applyDecorators } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiResponse, ApiSecurity, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_BASE, type ProblemKind, problemKinds } from './problem.js';
import { ProblemDto } from './problem.dto.js';

const descriptions: Partial<Record<ProblemKind, string>> = {
  validation: 'Malformed JSON, a wrong type or an unknown field; nothing was changed',
  unauthorized: 'No API key, or an unknown or revoked one',
  forbidden: 'The API key’s role may not call this route',
  'not-found': 'No such resource in your organization',
  conflict: 'Another request changed the resource at the same time; retry',
  'precondition-failed': 'If-Match names an older version than the current one',
  'domain-rule': 'The request breaks a rule of the domain, or an Idempotency-Key was reused with another body',
  'rate-limited': 'Too many requests with this key; see Retry-After',
};

/** The problem+json body of a documented answer, with an example of `kind`. */
export function problemContent(kind: ProblemKind) {
  const { status, title } = problemKinds[kind];
  return {
    'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) }, example: { type: PROBLEM_BASE + kind, title, status } },
  };
}

/** Documents the problem+json answers of a route, one per status. */
export function ApiProblems(...kinds: ProblemKind[]) {
  const byStatus = new Map<number, ProblemKind[]>();
  for (const kind of kinds) byStatus.set(problemKinds[kind].status, [...(byStatus.get(problemKinds[kind].status) ?? []), kind]);
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...[...byStatus].map(([status, group]) =>
      ApiResponse({
        status,
        description: group.map((kind) => descriptions[kind] ?? problemKinds[kind].title).join('; '),
        content: problemContent(group[0]),
      }),
    ),
  );
}

/** A route that needs an API key: documents both ways to send it, 401 and 429. */
export function ApiAuthenticated() {
  return applyDecorators(ApiBearerAuth('bearer'), ApiSecurity('apiKey'), ApiProblems('unauthorized', 'rate-limited'));
}

/** A POST that accepts an Idempotency-Key. */
export function ApiIdempotent() {
  return ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description: 'Repeat the request with the same key and body to get the first response again; nothing is done twice (kept 24 h)',
    schema: { type: 'string', maxLength: 255, example: '4f1c2a9e-create-squad' },
  });
}

/** A change guarded by the version the client last read. */
export function ApiIfMatch() {
  return applyDecorators(
    ApiHeader({
      name: 'If-Match',
      required: false,
      description: 'The ETag of the version you read; 412 if it changed since',
      schema: { type: 'string', example: '"3"' },
    }),
    ApiProblems('precondition-failed', 'conflict'),
  );
}
