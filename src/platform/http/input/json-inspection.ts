import type { FieldError } from './invalid-input.js';

/** Deepest nesting of objects and arrays a request may carry (bodies and free-form objects alike). */
export const MAX_JSON_DEPTH = 64;
/** Keys refused at every depth: they reach prototypes in code that merges objects. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
/** At most this many offending fields are reported per request. */
const MAX_REPORTED = 20;

const NUL = '\u0000';
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why Postgres (text and jsonb) would refuse this string, or undefined when it is storable. */
export function unstorableString(text: string): string | undefined {
  if (text.includes(NUL)) return 'must not contain NUL characters (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'must not contain unpaired surrogates (not valid Unicode)';
  return undefined;
}

function join(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/**
 * Every field of a parsed JSON value that no endpoint may accept: strings the database refuses,
 * forbidden keys, nesting deeper than MAX_JSON_DEPTH. Iterative, so any depth is safe to inspect.
 */
export function inspectJson(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0 && errors.length < MAX_REPORTED) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string') {
      const reason = unstorableString(current);
      if (reason) errors.push({ field: path || 'body', messages: [reason] });
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_JSON_DEPTH) {
      errors.push({ field: path || 'body', messages: [`nests deeper than ${MAX_JSON_DEPTH} levels`] });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(current)
      ? current.map((item, index): [number, unknown] => [index, item])
      : Object.keys(current).map((key): [string, unknown] => [key, (current as Record<string, unknown>)[key]]);
    for (const [key, item] of entries) {
      const field = join(path, key);
      if (typeof key === 'string') {
        if (FORBIDDEN_KEYS.has(key)) {
          errors.push({ field, messages: ['is not an allowed field name'] });
          continue;
        }
        const reason = unstorableString(key);
        if (reason) {
          errors.push({ field: join(path, JSON.stringify(key)), messages: [`field name ${reason}`] });
          continue;
        }
      }
      pending.push({ value: item, path: field, depth: depth + 1 });
    }
  }
  return errors;
}
