import { randomUUID } from 'node:crypto';
import { type TestApp, startTestApp } from '../support/test-app.js';
import { type TestTenant, createTenant } from '../support/tenant.js';
import { eventCounter } from '../support/endpoint-access.js';

/**
 * Schema-driven: walks the served OpenAPI document and sends every operation the inputs no
 * endpoint may accept — a NUL and an unpaired surrogate in each string field, path and query
 * parameter; null in each non-nullable field; 10,000-deep nesting; a form body; prototype keys.
 * Every answer must be a 4xx problem+json, and no request may append an event. An endpoint added
 * later is covered without touching this file.
 */

interface Schema {
  $ref?: string;
  /** A string, or OpenAPI 3.1's list (`["number", "null"]`: a nullable number). */
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  minItems?: number;
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  schema?: Schema;
}

interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

interface Probe {
  what: string;
  path: string;
  query?: string;
  contentType?: string;
  /** The raw body text. */
  body?: string;
  /** The field the problem must name, when the probe targets one. */
  field?: string;
}

const PROBLEMS = 'https://agent-squad.dev/problems/';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';
const DEEP = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;

function resolve(document: OpenApiDocument, schema: Schema): Schema {
  if (schema.$ref) return resolve(document, document.components.schemas[schema.$ref.split('/').pop()!]);
  const combined = schema.allOf?.[0] ?? schema.oneOf?.[0] ?? schema.anyOf?.[0];
  return combined && !schema.type && !schema.properties ? { ...resolve(document, combined), nullable: schema.nullable } : schema;
}

/** A plausible value for a schema: its example, default or first enum value, else one by type. */
function sample(document: OpenApiDocument, raw: Schema, depth = 0): unknown {
  const schema = resolve(document, raw);
  if (schema.example !== undefined && schema.example !== null) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid' ? randomUUID() : schema.format === 'date-time' ? new Date().toISOString() : 'sample';
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !schema.items
        ? []
        : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(document, schema.items!, depth + 1));
    default: {
      if (depth > 4) return {};
      const object: Record<string, unknown> = {};
      for (const [name, property] of Object.entries(schema.properties ?? {})) object[name] = sample(document, property, depth + 1);
      return object;
    }
  }
}

interface FieldPath {
  path: (string | number)[];
  schema: Schema;
}

/** OpenAPI 3.1 says nullable with `null` among the types. */
const nullableByType = (schema: Schema) => Array.isArray(schema.type) && schema.type.includes('null');

/** Every field of a body schema (nested objects, and the first item of arrays), with its path. */
function fieldsOf(document: OpenApiDocument, raw: Schema, prefix: (string | number)[] = [], depth = 0): FieldPath[] {
  const schema = resolve(document, raw);
  if (depth > 4) return [];
  if (schema.type === 'array' && schema.items) return fieldsOf(document, schema.items, [...prefix, 0], depth + 1);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = [...prefix, name];
    const resolved = resolve(document, property);
    return [
      { path, schema: { ...resolved, nullable: property.nullable ?? resolved.nullable ?? nullableByType(resolved) } },
      ...fieldsOf(document, property, path, depth + 1),
    ];
  });
}

function withValue(base: unknown, path: (string | number)[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let target = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof target[key] !== 'object' || target[key] === null) target[key] = typeof key === 'number' ? [] : {};
    target = target[key] as Record<string | number, unknown>;
  }
  target[path[path.length - 1]] = value;
  return copy;
}

function probesFor(document: OpenApiDocument, route: string, operation: Operation): Probe[] {
  const parameters = operation.parameters ?? [];
  const pathParams = parameters.filter((p) => p.in === 'path');
  const pathWith = (overrides: Record<string, string> = {}) =>
    route.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (overrides[name] !== undefined) return overrides[name];
      const schema = pathParams.find((p) => p.name === name)?.schema;
      return encodeURIComponent(String(schema?.enum?.[0] ?? (schema?.format === 'uuid' || !schema?.pattern ? randomUUID() : 'sample')));
    });
  const probes: Probe[] = [];
  for (const param of pathParams) {
    probes.push({ what: `NUL in path ${param.name}`, path: pathWith({ [param.name]: '%00' }), field: param.name });
    probes.push({ what: `unpaired surrogate in path ${param.name}`, path: pathWith({ [param.name]: '%ED%A0%80' }) });
  }
  for (const param of parameters.filter((p) => p.in === 'query')) {
    probes.push({ what: `NUL in query ${param.name}`, path: pathWith(), query: `${param.name}=%00`, field: param.name });
    probes.push({ what: `unpaired surrogate in query ${param.name}`, path: pathWith(), query: `${param.name}=%ED%A0%80` });
  }
  const content = operation.requestBody?.content ?? {};
  const jsonSchema = content['application/json']?.schema;
  const textTypes = Object.keys(content).filter((type) => type !== 'application/json');
  if (jsonSchema) {
    const base = sample(document, jsonSchema);
    const send = (what: string, body: string, field?: string): Probe => ({
      what,
      path: pathWith(),
      contentType: 'application/json',
      body,
      field,
    });
    for (const { path, schema } of fieldsOf(document, jsonSchema)) {
      const field = path.join('.');
      if (schema.type === 'string') {
        probes.push(send(`NUL in ${field}`, JSON.stringify(withValue(base, path, NUL)), field));
        probes.push(send(`unpaired surrogate in ${field}`, JSON.stringify(withValue(base, path, LONE_SURROGATE)), field));
      }
      if (!schema.nullable) probes.push(send(`null in ${field}`, JSON.stringify(withValue(base, path, null)), field));
    }
    const baseText = JSON.stringify(base);
    const isObject = typeof base === 'object' && base !== null && !Array.isArray(base);
    probes.push(send('10,000-deep nesting', isObject ? `{"deep": ${DEEP}, ${baseText.slice(1)}` : DEEP));
    if (isObject) {
      probes.push(send('__proto__ key', `{"__proto__": {"polluted": true}, ${baseText.slice(1)}`, '__proto__'));
      probes.push(send('constructor key', `{"constructor": {"prototype": {"polluted": true}}, ${baseText.slice(1)}`, 'constructor'));
      const nested = fieldsOf(document, jsonSchema).find(({ schema }) => schema.type === 'object' || schema.properties);
      if (nested) {
        const body = JSON.stringify(withValue(base, nested.path, { marker: 1 })).replace('"marker":1', '"__proto__":{"polluted":true}');
        probes.push(send(`__proto__ key inside ${nested.path.join('.')}`, body, `${nested.path.join('.')}.__proto__`));
      }
    }
    probes.push({
      what: 'form-urlencoded body',
      path: pathWith(),
      contentType: 'application/x-www-form-urlencoded',
      body: 'name=x&role=admin',
    });
    probes.push({ what: 'XML body', path: pathWith(), contentType: 'application/xml', body: '<name>x</name>' });
    probes.push({ what: 'body without a content type', path: pathWith(), body: baseText });
  }
  for (const type of textTypes) {
    probes.push({ what: `NUL in a ${type} body`, path: pathWith(), contentType: type, body: `slug: "${NUL}"\n` });
    probes.push({
      what: `form body instead of ${type}`,
      path: pathWith(),
      contentType: 'application/x-www-form-urlencoded',
      body: 'slug=x',
    });
  }
  return probes;
}

describe('every operation refuses malformed input with a 4xx problem and appends nothing', () => {
  let subject: TestApp;
  let tenant: TestTenant;
  let events: Awaited<ReturnType<typeof eventCounter>>;
  let document: OpenApiDocument;

  beforeAll(async () => {
    // Many requests from one address with one key: no rate limit may interfere.
    subject = await startTestApp({ DEMO_ORGANIZATION: 'false', RATE_LIMIT_PER_MINUTE: '100000' });
    tenant = await createTenant(subject.app, 'Hostile');
    events = await eventCounter(subject);
    document = (await (await fetch(`${subject.url}/api/docs-json`)).json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await events.close();
    await subject.close();
  });

  it('walks every documented operation', async () => {
    const operations = Object.entries(document.paths).flatMap(([route, methods]) =>
      Object.entries(methods)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ route, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(60);

    const before = await events.count();
    const failures: string[] = [];
    let sent = 0;
    for (const { route, method, operation } of operations) {
      for (const probe of probesFor(document, route, operation)) {
        const url = `${subject.url}${probe.path}${probe.query ? `?${probe.query}` : ''}`;
        // Some operations are for operators or agents only: probe with the first role allowed.
        let response: Response | undefined;
        for (const key of [tenant.keys.admin, tenant.keys.operator, tenant.keys.agent]) {
          const headers: Record<string, string> = { authorization: `Bearer ${key}` };
          if (probe.contentType) headers['content-type'] = probe.contentType;
          response = await fetch(url, { method: method.toUpperCase(), headers, body: probe.body });
          sent++;
          if (response.status !== 403) break;
          await response.body?.cancel();
        }
        if (!response) throw new Error('no response');
        const type = response.headers.get('content-type') ?? '';
        const problem = type.includes('application/problem+json')
          ? ((await response.json()) as { type: string; errors?: { field: string }[] })
          : undefined;
        const where = `${method.toUpperCase()} ${route} (${operation.operationId}) — ${probe.what}`;
        if (response.status < 400 || response.status >= 500) failures.push(`${where}: answered ${response.status}`);
        else if (!problem) failures.push(`${where}: ${response.status} without problem+json (${type})`);
        else if (
          probe.field &&
          problem.type === `${PROBLEMS}validation` &&
          !problem.errors?.some((error) => error.field.replace(/\[(\d+)\]/g, '.$1') === probe.field)
        )
          failures.push(`${where}: the problem does not name ${probe.field}: ${JSON.stringify(problem.errors)}`);
        else if (probe.field && problem.type !== `${PROBLEMS}validation`) failures.push(`${where}: ${problem.type}, not validation`);
      }
    }
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThan(500);
    expect(await events.count()).toBe(before);
  });
});
