import { HttpException } from '@nestjs/common';
import { DomainError, NotFoundError, TypedRuleError } from '../decider/decider.js';
import { StreamVersionConflictError } from '../event-store/event-store.errors.js';

/** RFC 9457 problem details. `type` is stable per kind of error; clients switch on it. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

export const PROBLEM_BASE = 'https://agent-squad.dev/problems/';

export const problemKinds = {
  validation: { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This API key may not do that' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'idempotency-in-progress': { status: 409, title: 'A request with this Idempotency-Key is still being processed' },
  'precondition-failed': { status: 412, title: 'The resource changed since you read it' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'domain-rule': { status: 422, title: 'The request breaks a rule of the domain' },
  'idempotency-key-reused': { status: 422, title: 'This Idempotency-Key was used with a different request' },
  'rate-limited': { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'Service unavailable' },
} as const;

export type ProblemKind = keyof typeof problemKinds;

export function problem(kind: ProblemKind, detail?: string, extensions: Record<string, unknown> = {}): Problem {
  const { status, title } = problemKinds[kind];
  return { type: PROBLEM_BASE + kind, title, status, ...(detail ? { detail } : {}), ...extensions };
}

/** An error a handler throws to answer with a given problem. */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
}

/** The generic kind of each status, for errors that name only a status. */
const kindByStatus = new Map<number, ProblemKind>([
  [400, 'validation'],
  [401, 'unauthorized'],
  [403, 'forbidden'],
  [404, 'not-found'],
  [405, 'method-not-allowed'],
  [409, 'conflict'],
  [412, 'precondition-failed'],
  [413, 'payload-too-large'],
  [415, 'unsupported-media-type'],
  [422, 'domain-rule'],
  [429, 'rate-limited'],
  [503, 'unavailable'],
]);

const RULE_TITLES: Record<TypedRuleError['status'], string> = {
  403: 'The organization’s plan does not allow this',
  409: 'Conflict with the current state',
  422: 'The request breaks a rule of the domain',
};

/** body-parser's errors carry `type` and `status` (express middleware, before any Nest pipe). */
interface BodyParserError {
  type: string;
  status: number;
  message: string;
}

function isBodyParserError(error: unknown): error is BodyParserError {
  return (
    error instanceof Error &&
    typeof (error as Partial<BodyParserError>).type === 'string' &&
    typeof (error as Partial<BodyParserError>).status === 'number'
  );
}

export interface ProblemContext {
  /** The request carried If-Match: a version conflict then means the precondition failed (412). */
  ifMatch?: boolean;
}

/** Maps anything thrown while handling a request to the problem the client receives. */
export function toProblem(error: unknown, context: ProblemContext = {}): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof StreamVersionConflictError) {
    const versions = { expectedVersion: error.expectedVersion, actualVersion: error.actualVersion };
    if (context.ifMatch)
      return problem(
        'precondition-failed',
        `The resource is at version ${error.actualVersion}; If-Match named ${error.expectedVersion}`,
        versions,
      );
    return problem('conflict', error.message, versions);
  }
  if (error instanceof NotFoundError) return problem('not-found', error.message);
  if (error instanceof TypedRuleError) {
    const title = RULE_TITLES[error.status];
    return {
      type: PROBLEM_BASE + error.problemType,
      title,
      status: error.status,
      detail: error.message,
      code: error.code,
      ...error.extensions,
    };
  }
  if (error instanceof DomainError) return problem('domain-rule', error.message, { code: error.code });
  // body-parser's errors arrive raw, or wrapped by the Express adapter in an HttpException's cause.
  const parserError = isBodyParserError(error)
    ? error
    : error instanceof HttpException && isBodyParserError(error.cause)
      ? error.cause
      : undefined;
  if (parserError && parserError.status < 500) {
    if (parserError.type === 'entity.parse.failed') return problem('malformed-json', parserError.message);
    if (parserError.type === 'entity.too.large') return problem('payload-too-large', parserError.message);
    return problem(kindByStatus.get(parserError.status) ?? 'validation', parserError.message);
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const body = error.getResponse();
    const kind = kindByStatus.get(status) ?? (status >= 500 ? 'internal' : 'validation');
    const message = typeof body === 'object' && body !== null && 'message' in body ? (body as { message: unknown }).message : error.message;
    const detail = Array.isArray(message) ? message.join('; ') : String(message);
    const base = problem(kind, detail);
    return { ...base, status, ...(Array.isArray(message) ? { errors: message } : {}) };
  }
  return problem('internal', 'An unexpected error occurred');
}
