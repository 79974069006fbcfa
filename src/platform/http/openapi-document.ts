import type { OpenAPIObject } from '@nestjs/swagger';
import { problemContent } from './api-docs.decorators.js';

/**
 * Post-processing of the document @nestjs/swagger generates, so that it says what the server does.
 * Generic rules only (no route is named here except in the header tables below, which the
 * response-validation test keeps true: a response that carries ETag or Location where the document
 * does not say so, or lacks one it promises, fails it).
 */

type Schema = Record<string, unknown>;
type Operation = {
  operationId?: string;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content?: Record<string, { schema?: Schema }> };
  responses: Record<
    string,
    { description?: string; headers?: Record<string, unknown>; content?: Record<string, { schema?: Schema; example?: unknown }> }
  >;
  security?: unknown[];
};

/** Operations whose successful responses carry the stream version as `ETag` (see etag.ts). */
const ETAG_OPERATIONS = new Set([
  'getOrganization',
  'updateOrganization',
  'createSquad',
  'getSquad',
  'updateSquad',
  'addSquadMember',
  'removeSquadMember',
  'createSquadRoutingRule',
  'bulkCreateSquadRoutingRules',
  'updateSquadRoutingRule',
  'deleteSquadRoutingRule',
  'activateSquadRoutingRule',
  'deactivateSquadRoutingRule',
  'createOrganizationRoutingRule',
  'bulkCreateOrganizationRoutingRules',
  'updateOrganizationRoutingRule',
  'deleteOrganizationRoutingRule',
  'activateOrganizationRoutingRule',
  'deactivateOrganizationRoutingRule',
  'applyRoutingTemplate',
  'getInteractionSettings',
  'updateInteractionSettings',
  'registerAgent',
  'importAgent',
  'publishAgentVersion',
  'deprecateAgentVersion',
  'deleteAgentDraft',
  'askQuestion',
  'getConversation',
  'answerQuestion',
  'sayCantHelp',
]);

/** Operations whose 201 names the created resource in `Location`. */
const LOCATION_OPERATIONS = new Set(['createSquad', 'addSquadMember', 'issueApiKey', 'askQuestion']);

const HEADERS: Record<string, Schema> = {
  ETag: {
    description: 'The version of the resource after this request, e.g. `"3"`: send it back as `If-Match`',
    required: true,
    schema: { type: 'string', pattern: '^"\\d+"$', example: '"3"' },
  },
  Location: {
    description: 'The URL path of the created resource',
    required: true,
    schema: { type: 'string', example: '/api/v1/squads/5d0c8e0e-2f7a-4c47-a8c4-0c2b1f0e9a11' },
  },
  'RateLimit-Limit': { description: 'Requests allowed per minute for this API key', schema: { type: 'integer', example: 600 } },
  'RateLimit-Remaining': { description: 'Requests left in the current minute', schema: { type: 'integer', example: 599 } },
  'Retry-After': {
    description: 'Seconds to wait before the next request',
    required: true,
    schema: { type: 'integer', minimum: 1, example: 12 },
  },
  'Idempotency-Key': { description: 'The Idempotency-Key of the request, echoed', schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored response of an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
  'X-Request-Id': { description: 'The id of this request in the server logs (yours, when you sent one)', schema: { type: 'string' } },
};

export function refineOpenApiDocument(document: OpenAPIObject): OpenAPIObject {
  document.openapi = '3.1.0';
  const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const requestSchemas = new Set<string>();
  for (const operation of operations(document)) {
    for (const media of Object.values(operation.requestBody?.content ?? {})) collectRefs(media.schema, schemas, requestSchemas);
    documentInputRefusals(operation);
    documentHeaders(operation);
  }
  for (const [name, schema] of Object.entries(schemas)) {
    walk(schema, (node) => {
      rewriteNullable(node);
      // An object with no declared properties is free-form JSON, not an empty object.
      if (isObjectSchema(node) && node.properties === undefined && node.additionalProperties === undefined)
        node.additionalProperties = true;
    });
    if (requestSchemas.has(name)) closeRequestSchema(schema);
  }
  for (const operation of operations(document))
    for (const media of Object.values(operation.requestBody?.content ?? {})) if (media.schema) walk(media.schema, rewriteNullable);
  for (const operation of operations(document))
    for (const response of Object.values(operation.responses))
      for (const media of Object.values(response.content ?? {})) if (media.schema) walk(media.schema, rewriteNullable);
  const tags = new Set<string>();
  for (const operation of operations(document)) for (const tag of (operation as { tags?: string[] }).tags ?? []) tags.add(tag);
  document.tags = [...tags].sort().map((name) => document.tags?.find((tag) => tag.name === name) ?? { name });
  document.components = { ...document.components, headers: { ...document.components?.headers, ...HEADERS } };
  const bearer = document.components?.securitySchemes?.bearer as Schema | undefined;
  // API keys are opaque strings (`ask_…`), not JWTs.
  if (bearer) delete bearer.bearerFormat;
  return document;
}

function* operations(document: OpenAPIObject): Generator<Operation> {
  for (const item of Object.values(document.paths))
    for (const [method, operation] of Object.entries(item))
      if (['get', 'put', 'post', 'patch', 'delete'].includes(method)) yield operation as Operation;
}

const refusals = {
  '400':
    'A field, path or query parameter the server refuses (NUL, an unpaired surrogate, null where not nullable, nesting deeper than 64, `__proto__`/`constructor`/`prototype` keys, a wrong type or an unknown field); nothing was changed',
  '413': 'The body is larger than the limit (1 MB of JSON, 256 KB of YAML)',
  '415': 'The body is not in a media type this operation accepts',
} as const;
const PROBLEM_KIND_BY_STATUS = { '400': 'validation', '413': 'payload-too-large', '415': 'unsupported-media-type' } as const;

/**
 * The platform refuses bad input for every operation (http/input/): each operation documents those
 * answers — 400 where it takes parameters or a body, 413 and 415 where it takes a body.
 */
function documentInputRefusals(operation: Operation): void {
  const statuses: (keyof typeof refusals)[] = [];
  if ((operation.parameters ?? []).some((parameter) => parameter.in === 'path' || parameter.in === 'query') || operation.requestBody)
    statuses.push('400');
  if (operation.requestBody) statuses.push('413', '415');
  for (const status of statuses) {
    if (operation.responses[status]) continue;
    operation.responses[status] = { description: refusals[status], content: problemContent(PROBLEM_KIND_BY_STATUS[status]) };
  }
}

function documentHeaders(operation: Operation): void {
  const id = operation.operationId ?? '';
  const idempotent = operation.parameters?.some((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key');
  for (const [status, response] of Object.entries(operation.responses)) {
    const headers: Record<string, unknown> = { 'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' } };
    if (operation.security && operation.security.length > 0 && status !== '401') {
      headers['RateLimit-Limit'] = { $ref: '#/components/headers/RateLimit-Limit' };
      headers['RateLimit-Remaining'] = { $ref: '#/components/headers/RateLimit-Remaining' };
    }
    if (status === '429') headers['Retry-After'] = { $ref: '#/components/headers/Retry-After' };
    if (/^2/.test(status)) {
      if (ETAG_OPERATIONS.has(id)) headers.ETag = { $ref: '#/components/headers/ETag' };
      if (status === '201' && LOCATION_OPERATIONS.has(id)) headers.Location = { $ref: '#/components/headers/Location' };
      if (idempotent) {
        headers['Idempotency-Key'] = { $ref: '#/components/headers/Idempotency-Key' };
        headers['Idempotent-Replayed'] = { $ref: '#/components/headers/Idempotent-Replayed' };
      }
    }
    response.headers = { ...headers, ...response.headers };
  }
}

/** The server rejects unknown fields (validation.pipe.ts): say so on every object a request can carry. */
function closeRequestSchema(schema: Schema): void {
  walk(schema, (node) => {
    if (isObjectSchema(node) && node.properties !== undefined && node.additionalProperties === undefined) node.additionalProperties = false;
    // A field the server fills in when absent is optional for the client, whatever the decorator said.
    if (Array.isArray(node.required) && isRecord(node.properties)) {
      const properties = node.properties;
      node.required = node.required.filter((field: string) => !(isRecord(properties[field]) && 'default' in properties[field]));
      if ((node.required as string[]).length === 0) delete node.required;
    }
  });
}

/**
 * OpenAPI 3.1 (JSON Schema 2020-12) has no `nullable`: a nullable type is `type: [T, 'null']`, and
 * a nullable reference is `oneOf: [{ $ref }, { type: 'null' }]` (in 3.0 `nullable` next to `allOf`
 * did not admit null, which is why a free lock's `holder: null` failed validation).
 */
function rewriteNullable(node: Schema): void {
  if (node.nullable !== true) return;
  delete node.nullable;
  const reference =
    Array.isArray(node.allOf) && node.allOf.length === 1 ? (node.allOf[0] as Schema) : node.$ref ? { $ref: node.$ref } : undefined;
  if (reference) {
    delete node.allOf;
    delete node.$ref;
    delete node.type;
    node.oneOf = [reference, { type: 'null' }];
    return;
  }
  if (typeof node.type === 'string') node.type = [node.type, 'null'];
  if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
}

function collectRefs(schema: unknown, schemas: Record<string, Schema>, into: Set<string>): void {
  walk(schema, (node) => {
    if (typeof node.$ref !== 'string') return;
    const name = node.$ref.replace('#/components/schemas/', '');
    if (into.has(name) || !schemas[name]) return;
    into.add(name);
    collectRefs(schemas[name], schemas, into);
  });
}

function walk(value: unknown, visit: (node: Schema) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
    return;
  }
  if (!isRecord(value)) return;
  visit(value);
  for (const [key, child] of Object.entries(value)) if (key !== 'example' && key !== 'examples' && key !== 'default') walk(child, visit);
}

function isObjectSchema(node: Schema): boolean {
  return node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
