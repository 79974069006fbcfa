import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ProblemError, problem } from './problem.js';

export interface FieldError {
  field: string;
  messages: string[];
}

/** Flattens class-validator's tree into one entry per offending field path (`members.0.role`). */
export function fieldErrors(errors: readonly ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...fieldErrors(error.children ?? [], field)];
  });
}

/**
 * The global pipe: unknown fields and wrong types are refused with 400 problem+json listing every
 * field, before any handler runs (so nothing is appended).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = fieldErrors(errors);
      const detail = fields.map((entry) => `${entry.field}: ${entry.messages.join(', ')}`).join('; ');
      return new ProblemError(problem('validation', detail, { errors: fields }));
    },
  });
}
