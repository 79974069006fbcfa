import { InvalidLearningRecordError } from './learning.errors.js';
import { LEARNING_LIMITS } from './learning.types.js';

/** Trimmed text of 1 to `max` characters (0 to `max` when `optional`), or a refusal naming the field. */
export function text(field: string, value: string, max: number = LEARNING_LIMITS.short, optional = false): string {
  const trimmed = value.trim();
  if ((!optional && trimmed.length === 0) || trimmed.length > max)
    throw new InvalidLearningRecordError(`${field} has ${optional ? 0 : 1} to ${max} characters`);
  return trimmed;
}

export function nullableText(field: string, value: string | null, max: number = LEARNING_LIMITS.short): string | null {
  if (value === null) return null;
  const trimmed = text(field, value, max, true);
  return trimmed.length === 0 ? null : trimmed;
}

/** A number in [min, max]; `integer` also refuses fractions. */
export function inRange(field: string, value: number, min: number, max: number, integer = false): number {
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    throw new InvalidLearningRecordError(`${field} is ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
  return value;
}

export function nullableInRange(field: string, value: number | null, min: number, max: number, integer = false): number | null {
  return value === null ? null : inRange(field, value, min, max, integer);
}

/** Sessions are whole and positive: a correction factor divides by the estimate. */
export const sessions = (field: string, value: number) => inRange(field, value, 1, LEARNING_LIMITS.count, true);
export const count = (field: string, value: number) => inRange(field, value, 0, LEARNING_LIMITS.count, true);
