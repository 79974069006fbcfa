import type { NextFunction, Request, Response } from 'express';
import { type FieldError, invalidInput } from './invalid-input.js';
import { inspectJson } from './json-inspection.js';

/**
 * Runs after body parsing, before routing: a body or query that carries what no endpoint may
 * accept (NUL, unpaired surrogates, forbidden keys, excessive depth) is refused here, for every
 * route, whether or not its handler reads that part of the request.
 */
export function inputSafetyMiddleware(request: Request, _response: Response, next: NextFunction): void {
  const errors = [
    ...undecodableQuery(request.originalUrl),
    ...inspectJson(request.query as unknown),
    ...inspectJson(request.body as unknown),
  ];
  next(errors.length > 0 ? invalidInput(errors) : undefined);
}

/**
 * Query parameters whose percent-encoding is not UTF-8 (e.g. `%ED%A0%80`, an encoded lone
 * surrogate): the query parser would quietly turn them into U+FFFD; they are refused instead.
 */
function undecodableQuery(url: string): FieldError[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const errors: FieldError[] = [];
  for (const pair of url.slice(start + 1).split('&')) {
    const equals = pair.indexOf('=');
    const [name, value] = equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
    const decodedName = decoded(name);
    if (decodedName === undefined || decoded(value) === undefined)
      errors.push({ field: decodedName ?? 'query', messages: ['is not valid UTF-8 percent-encoding'] });
  }
  return errors;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}
