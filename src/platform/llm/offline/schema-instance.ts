import { createHash } from 'node:crypto';
import type { JsonSchema } from '../llm.types.js';
import { type PromptContext, salientFacts } from './prompt-context.js';
import { acknowledge, article, note, reply } from './offline-answers.js';
import { attemptsIn, looksResolved, resolutionIn, summaryOf, tagsOf, titleOf, voteAmong } from './offline-reasoning.js';
import { keywords, truncate, withoutFinalPunctuation } from './text-tools.js';

/**
 * Builds a value that satisfies a JSON schema, filled from the prompt's facts: a property's name
 * says what it holds (`summary`, `reason`, `vote`, `steps`, `confidence`…). Covers the schema
 * keywords structured outputs use: type, properties, required, items, enum, const, anyOf/oneOf/allOf,
 * $ref into $defs/definitions, min/max for numbers, lengths and item counts, and common formats.
 */
export function schemaInstance(schema: JsonSchema, context: PromptContext, purpose: string): unknown {
  return new InstanceBuilder(schema, context, purpose).build(schema, purpose, 0);
}

type Schema = JsonSchema;
const MAX_DEPTH = 12;
const DEFAULT_MAX_ITEMS = 5;

const is = (name: string, ...patterns: RegExp[]) => patterns.some((pattern) => pattern.test(name));

class InstanceBuilder {
  constructor(
    private readonly root: Schema,
    private readonly context: PromptContext,
    private readonly purpose: string,
  ) {}

  build(schema: Schema, name: string, depth: number): unknown {
    if (depth > MAX_DEPTH) return null;
    const resolved = this.resolve(schema);
    if ('const' in resolved) return resolved.const;
    if (Array.isArray(resolved.enum) && resolved.enum.length > 0) return this.pickEnum(resolved.enum, name);
    for (const key of ['anyOf', 'oneOf'] as const) {
      const options = resolved[key];
      if (Array.isArray(options) && options.length > 0) {
        const nonNull = (options as Schema[]).find((option) => this.resolve(option).type !== 'null') ?? (options[0] as Schema);
        return this.build({ ...withoutKey(resolved, key), ...this.resolve(nonNull) }, name, depth + 1);
      }
    }
    if (Array.isArray(resolved.allOf)) {
      const merged = (resolved.allOf as Schema[]).map((part) => this.resolve(part)).reduce(mergeSchemas, withoutKey(resolved, 'allOf'));
      return this.build(merged, name, depth + 1);
    }
    switch (this.typeOf(resolved)) {
      case 'object':
        return this.object(resolved, depth);
      case 'array':
        return this.array(resolved, name, depth);
      case 'integer':
      case 'number':
        return this.number(resolved, name);
      case 'boolean':
        return this.boolean(name);
      case 'null':
        return null;
      default:
        return this.string(resolved, name);
    }
  }

  private resolve(schema: Schema): Schema {
    let current = schema;
    for (let hops = 0; typeof current.$ref === 'string' && hops < MAX_DEPTH; hops++) {
      const path = current.$ref
        .replace(/^#\/?/, '')
        .split('/')
        .filter(Boolean)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      let target: unknown = this.root;
      for (const part of path) target = target && typeof target === 'object' ? (target as Record<string, unknown>)[part] : undefined;
      if (!target || typeof target !== 'object') return {};
      current = { ...withoutKey(current, '$ref'), ...(target as Schema) };
    }
    return current;
  }

  private typeOf(schema: Schema): string {
    const type = schema.type;
    if (typeof type === 'string') return type;
    if (Array.isArray(type)) return (type.find((t) => t !== 'null') as string | undefined) ?? 'null';
    if (schema.properties) return 'object';
    if (schema.items) return 'array';
    return 'string';
  }

  private object(schema: Schema, depth: number): Record<string, unknown> {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const result: Record<string, unknown> = {};
    for (const [key, property] of Object.entries(properties)) result[key] = this.build(property, key, depth + 1);
    for (const key of (schema.required as string[] | undefined) ?? []) if (!(key in result)) result[key] = this.string({}, key);
    return result;
  }

  private array(schema: Schema, name: string, depth: number): unknown[] {
    const itemSchema = this.resolve((schema.items ?? {}) as Schema);
    const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
    const max = typeof schema.maxItems === 'number' ? schema.maxItems : Math.max(min, DEFAULT_MAX_ITEMS);
    const type = this.typeOf(itemSchema);
    let items: unknown[];
    if (type === 'string' && !itemSchema.enum && !('const' in itemSchema)) {
      items = this.textList(name).map((text) => this.fitString(itemSchema, text));
    } else if (Array.isArray(itemSchema.enum)) {
      items = itemSchema.enum.slice(0, Math.max(1, min));
    } else {
      items = [this.build(itemSchema, singular(name), depth + 1)];
    }
    items = items.slice(0, max);
    // Fill up to minItems with distinct values, since uniqueItems may be asked for.
    for (let n = items.length + 1; items.length < min; n++) {
      items.push(
        type === 'string'
          ? this.fitString(itemSchema, `${singular(name) || 'item'} ${n}`)
          : this.build(itemSchema, `${singular(name)} ${n}`, depth + 1),
      );
    }
    return items;
  }

  private textList(name: string): string[] {
    const n = name.toLowerCase();
    if (is(n, /tried|attempt|step|action/)) return attemptsIn(this.context);
    if (is(n, /tag|keyword|topic|label/)) return tagsOf(this.context);
    if (is(n, /option|choice|candidate/)) return this.context.options;
    return salientFacts(this.context, DEFAULT_MAX_ITEMS).map(withoutFinalPunctuation);
  }

  private number(schema: Schema, name: string): number {
    const integer = this.typeOf(schema) === 'integer';
    const n = name.toLowerCase();
    let value: number;
    if (is(n, /confidence|probability|certainty|score|likelihood/))
      value = schema.maximum !== undefined && Number(schema.maximum) > 1 ? Number(schema.maximum) / 2 : 0.5;
    else if (is(n, /count|number|total|attempts|tried/))
      value = is(n, /attempt|tried/) ? attemptsIn(this.context).length : this.context.facts.length;
    else if (is(n, /priority|severity|urgency/)) value = looksResolved(this.context) ? 1 : 3;
    else value = 0;
    const step = integer ? 1 : 1e-6;
    if (typeof schema.minimum === 'number') value = Math.max(value, schema.minimum);
    if (typeof schema.exclusiveMinimum === 'number') value = Math.max(value, schema.exclusiveMinimum + step);
    if (typeof schema.maximum === 'number') value = Math.min(value, schema.maximum);
    if (typeof schema.exclusiveMaximum === 'number') value = Math.min(value, schema.exclusiveMaximum - step);
    return integer ? Math.ceil(value) : value;
  }

  private boolean(name: string): boolean {
    const n = name.toLowerCase();
    if (is(n, /resolved|solved|answered|done|complete|fixed|success/)) return looksResolved(this.context);
    if (is(n, /escalat|needs?_?human|needs?_?help|handoff|blocked/)) return !looksResolved(this.context);
    if (is(n, /agree|approve|accept/)) return true;
    return false;
  }

  private pickEnum(values: unknown[], name: string): unknown {
    const strings = values.filter((value): value is string => typeof value === 'string');
    if (strings.length === 0) return values[0];
    const n = name.toLowerCase();
    if (is(n, /status|state|outcome|resolution/)) {
      const wanted = looksResolved(this.context)
        ? /resolv|solv|done|closed|fixed|answered|complete/i
        : /open|pending|unresolv|progress|escalat/i;
      const found = strings.find((value) => wanted.test(value));
      if (found) return found;
    }
    return voteAmong(strings, this.context)?.choice ?? values[0];
  }

  private string(schema: Schema, name: string): string {
    const format = typeof schema.format === 'string' ? this.formatted(schema.format) : undefined;
    if (format !== undefined) return format;
    return this.fitString(schema, this.textFor(name));
  }

  private textFor(name: string): string {
    const n = name.toLowerCase();
    const context = this.context;
    if (is(n, /reason|rationale|justification|explanation|why/))
      return voteAmong(context.options, context)?.reason ?? `Based on: ${summaryOf(context, 2)}`;
    if (is(n, /^(vote|choice|decision|option|verdict|pick|selected)/)) return voteAmong(context.options, context)?.choice ?? 'abstain';
    if (is(n, /title|subject|headline|heading|^name$/)) return titleOf(context);
    if (is(n, /summary|overview|abstract|description|gist|tl;?dr/)) return summaryOf(context);
    if (is(n, /resolution|solution|fix|answer/)) return resolutionIn(context) ?? 'Not resolved yet.';
    if (is(n, /article|body|markdown|content|draft/)) return this.purpose === 'note' ? note(context) : article(context);
    if (is(n, /note/)) return note(context);
    if (is(n, /ack/)) return acknowledge(context);
    if (is(n, /question|problem|issue|topic/)) return context.topic || 'Not stated.';
    if (is(n, /tried|attempt/)) return attemptsIn(context).join('; ') || 'Nothing tried yet.';
    if (is(n, /reply|response|message|text/)) return reply(context);
    return summaryOf(context, 1);
  }

  private fitString(schema: Schema, text: string): string {
    const max = typeof schema.maxLength === 'number' ? schema.maxLength : undefined;
    const min = typeof schema.minLength === 'number' ? schema.minLength : 0;
    let value = max !== undefined ? truncate(text, max) : text;
    if (value.length < min) value = (value + ' ' + summaryOf(this.context)).trim();
    while (value.length < min) value += '.';
    if (max !== undefined && value.length > max) value = value.slice(0, max);
    if (typeof schema.pattern === 'string') value = this.matching(schema.pattern, value, min, max);
    return value;
  }

  /** For a `pattern`, try the text, then a slug of it, then a few plain shapes; give the text back if none fits. */
  private matching(pattern: string, value: string, min: number, max: number | undefined): string {
    let regex: RegExp;
    try {
      regex = new RegExp(pattern, 'u');
    } catch {
      return value;
    }
    const slug = keywords(value).join('-');
    const candidates = [value, slug, slug.replace(/-/g, '_'), slug.toUpperCase(), keywords(value)[0] ?? '', 'a', 'A', '0', 'x1'];
    const fits = (c: string) => regex.test(c) && c.length >= min && (max === undefined || c.length <= max);
    return candidates.find(fits) ?? value;
  }

  private formatted(format: string): string | undefined {
    // Dates are fixed: the offline model knows no clock, and its answers must repeat exactly.
    const digest = createHash('sha256').update(this.context.facts.join('\n')).digest('hex');
    switch (format) {
      case 'date-time':
        return '1970-01-01T00:00:00.000Z';
      case 'date':
        return '1970-01-01';
      case 'time':
        return '00:00:00Z';
      case 'email':
        return 'offline-model@example.com';
      case 'uri':
      case 'url':
        return 'urn:agent-squad:offline';
      case 'uuid':
        return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-4${digest.slice(13, 16)}-8${digest.slice(17, 20)}-${digest.slice(20, 32)}`;
      default:
        return undefined;
    }
  }
}

function withoutKey(schema: Schema, key: string): Schema {
  const copy = { ...schema };
  delete copy[key];
  return copy;
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  const merged: Schema = { ...a, ...b };
  if (a.properties || b.properties) {
    merged.properties = { ...((a.properties as Schema | undefined) ?? {}), ...((b.properties as Schema | undefined) ?? {}) };
  }
  if (a.required || b.required) {
    merged.required = [...new Set([...((a.required as string[] | undefined) ?? []), ...((b.required as string[] | undefined) ?? [])])];
  }
  return merged;
}

function singular(name: string): string {
  return name.replace(/ies$/, 'y').replace(/s$/, '');
}
