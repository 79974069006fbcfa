import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { applyHttpHardening } from './platform/http/http-hardening.js';
import { setupOpenApi } from './platform/http/openapi.js';
import { StartupDetailAtDebug } from './platform/observability/logging.js';
import type { PlatformOptions } from './platform/platform.module.js';

/** Builds the HTTP application exactly as production runs it; tests call this too. */
export async function createApp(options: PlatformOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(options), { bufferLogs: true, bodyParser: false });
  app.useLogger(new StartupDetailAtDebug(app.get(Logger)));
  app.set('trust proxy', 'loopback');
  applyHttpHardening(app);
  setupOpenApi(app);
  return app;
}
