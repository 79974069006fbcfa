// The one place IsOptional's semantics (null counts as absent) are wanted: NullableField.
// eslint-disable-next-line no-restricted-imports
import { IsOptional, ValidateIf, type ValidationOptions } from 'class-validator';

/**
 * A field the client may leave out. Unlike class-validator's IsOptional, only an absent field
 * (undefined) skips the field's rules: `null` is validated like any other value, so it is refused
 * by the type rules instead of silently counting as "absent" or reaching the database.
 */
export const OptionalField = (options?: ValidationOptions): PropertyDecorator =>
  ValidateIf((_object, value) => value !== undefined, options);

/** A field that may be left out or sent as null; document it with `nullable: true`. */
export const NullableField = (options?: ValidationOptions): PropertyDecorator => IsOptional(options);
