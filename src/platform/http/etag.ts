import type { Response } from 'express';
import { ProblemError, problem } from './problem.js';

/** The ETag of an event-sourced resource is its stream version: `"3"`. */
export function setETag(response: Response, version: number): void {
  response.setHeader('ETag', `"${version}"`);
}

/** The version an `If-Match` header names, or undefined when absent. A malformed value is a 400. */
export function expectedVersionFrom(ifMatch: string | undefined): number | undefined {
  if (ifMatch === undefined) return undefined;
  const match = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(ifMatch);
  if (!match) throw new ProblemError(problem('validation', 'If-Match must be an ETag this API returned, e.g. "3"'));
  return Number(match[1]);
}
