import { HttpException } from '@nestjs/common';
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
  unauthorized: { status: 401, title: 'A valid API key is required' },
  forbidden: { status: 403, title: 'This API key may not do that' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict with the current state' },
  'precondition-failed': { status: 412, title: 'The resource changed since you read it' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Unsupported media type' },
  'domain-rule': { status: 422, title: 'The request breaks a rule of the domain' },
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

const kindByStatus = new Map<number, ProblemKind>(
  Object.entries(problemKinds).map(([kind, { status }]) => [status, kind as ProblemKind]),
);

/** Maps anything thrown while handling a request to the problem the client receives. */
export function toProblem(error: unknown): Problem {
  if (error instanceof ProblemError) return error.problem;
  if (error instanceof StreamVersionConflictError) {
    return problem('conflict', error.message, { expectedVersion: error.expectedVersion, actualVersion: error.actualVersion });
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

