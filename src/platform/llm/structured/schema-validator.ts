import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { canonicalJson } from '../cache/cache-key.js';
import type { JsonSchema } from '../llm.types.js';

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: string[] };

const MAX_COMPILED = 500;

/**
 * Validates answers against JSON schemas with ajv. Compiled validators are kept per schema (a
 * module usually asks with the same few schemas), up to a bound so arbitrary schemas cannot grow
 * memory without limit.
 */
export class SchemaValidator {
  private readonly ajv = new Ajv({ allErrors: true, strict: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor() {
    addFormats.default(this.ajv);
  }

  /** Throws if the schema itself is not a valid JSON schema: a programming error, not the model's. */
  compile(schema: JsonSchema): ValidateFunction {
    const key = canonicalJson(schema);
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      if (this.compiled.size >= MAX_COMPILED) this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  validateText<T>(schema: JsonSchema, text: string): Validation<T> {
    const parsed = parseJsonAnswer(text);
    if (!parsed.ok) return parsed;
    const validate = this.compile(schema);
    if (validate(parsed.value)) return { ok: true, value: parsed.value as T };
    const errors = (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`.trim());
    return { ok: false, errors: errors.length > 0 ? errors : ['does not match the schema'] };
  }
}

/** Models often wrap JSON in a Markdown fence or a sentence; take the JSON out before judging it. */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; errors: string[] } {
  const trimmed = text.trim();
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed)?.[1]?.trim();
  const candidates = [trimmed, fenced, between(trimmed, '{', '}'), between(trimmed, '[', ']')].filter((c): c is string => !!c);
  for (const candidate of candidates) {
    try {
      return { ok: true, value: JSON.parse(candidate) };
    } catch {
      // try the next reading
    }
  }
  return { ok: false, errors: ['the answer is not JSON'] };
}

function between(text: string, open: string, close: string): string | undefined {
  const start = text.indexOf(open);
  const end = text.lastIndexOf(close);
  return start >= 0 && end > start ? text.slice(start, end + 1) : undefined;
}
