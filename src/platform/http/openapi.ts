import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { refineOpenApiDocument } from './openapi-document.js';

export const API_PREFIX = 'api/v1';

/** The OpenAPI document of every route of the application, as served at /api/docs-json. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Agent Squad')
    .setDescription(
      'Squads of AI agents and people working like a well-run team. Every error is application/problem+json with a stable `type`. ' +
        'Lists are cursor-paginated (`limit`, `cursor` → `nextCursor`). POSTs accept `Idempotency-Key`; updates accept `If-Match` with the `ETag` you read.',
    )
    .setVersion('0.1.0')
    .setLicense('Proprietary', 'https://agent-squad.dev/license')
    .addServer('/', 'This server')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key (an opaque `ask_…` string, not a JWT): `Authorization: Bearer <key>`' },
      'bearer',
    )
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'The same API key in `X-API-Key`' }, 'apiKey')
    .build();
  // Operation ids are the handler method names (camelCase, unique across controllers), unless a
  // route names its own with @ApiOperation({ operationId }).
  const document = SwaggerModule.createDocument(app, config, { operationIdFactory: (_controller, method) => method });
  return refineOpenApiDocument(document);
}

/** Serves the UI at /api/docs and the document at /api/docs-json. */
export function setupOpenApi(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json', yamlDocumentUrl: 'api/docs-yaml' });
}
