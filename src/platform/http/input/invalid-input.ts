import { ProblemError, problem } from '../problem.js';

/** One offending field of a request, by its path (`members.0.role`), with what is wrong with it. */
export interface FieldError {
  field: string;
  messages: string[];
}

/** The 400 `validation` problem listing every offending field. */
export function invalidInput(errors: readonly FieldError[]): ProblemError {
  const detail = errors.map((entry) => `${entry.field}: ${entry.messages.join(', ')}`).join('; ');
  return new ProblemError(problem('validation', detail, { errors }));
}
