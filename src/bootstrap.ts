import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { setupOpenApi } from './platform/http/openapi.js';
import type { PlatformOptions } from './platform/platform.module.js';

/** Builds the HTTP application exactly as production runs it; tests call this too. */
export async function createApp(options: PlatformOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.disable('x-powered-by');
  // ETag is the resource's stream version (etag.ts), set where If-Match applies; not Express's body hash.
  app.set('etag', false);
  app.set('trust proxy', 'loopback');
  app.useBodyParser('json', { limit: '1mb', type: ['application/json', 'application/*+json'] });
  app.useBodyParser('text', { limit: '256kb', type: ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml', 'text/plain'] });
  setupOpenApi(app);
  return app;
}
