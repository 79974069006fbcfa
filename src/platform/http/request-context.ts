import { ParseUUIDPipe } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemError, problem } from './problem.js';

/** The request id pino-http assigned (from X-Request-Id or generated). */
export function requestIdOf(request: Request): string | undefined {
  const id = (request as Request & { id?: unknown }).id;
  return typeof id === 'string' ? id : undefined;
}

/** Path ids are UUIDs; anything else is a 400 problem. */
export const uuidParam = () =>
  new ParseUUIDPipe({ version: undefined, exceptionFactory: (message) => new ProblemError(problem('validation', message)) });
