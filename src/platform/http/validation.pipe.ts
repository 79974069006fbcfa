import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { type FieldError, invalidInput } from './input/invalid-input.js';
import { unstorableString } from './input/json-inspection.js';

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
 * field, before any handler runs (so nothing is appended). Path parameters are decoded by the
 * router after the input-safety middleware ran, so their strings are checked here.
 */
export class RequestValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => invalidInput(fieldErrors(errors)),
    });
  }

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' && typeof value === 'string') {
      const reason = unstorableString(value);
      if (reason) throw invalidInput([{ field: metadata.data ?? 'path', messages: [reason] }]);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe();
}
