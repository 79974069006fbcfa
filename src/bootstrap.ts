import 'reflect-metadata';
import { type DynamicModule, Module, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { serveDashboard } from './dashboard/dashboard-static.js';
import { applyHttpHardening } from './platform/http/http-hardening.js';
import { setupOpenApi } from './platform/http/openapi.js';
import { StartupDetailAtDebug } from './platform/observability/logging.js';
import type { PlatformOptions } from './platform/platform.module.js';

/** Modules and controllers booted beside the application (tests mount probe routes this way). */
export interface ExtraParts {
  imports?: (Type | DynamicModule)[];
  controllers?: Type[];
}

function rootModule(options: PlatformOptions, extra: ExtraParts): DynamicModule | Type {
  const app = AppModule.forRoot(options);
  if (!extra.imports?.length && !extra.controllers?.length) return app;
  @Module({ imports: [app, ...(extra.imports ?? [])], controllers: extra.controllers ?? [] })
  class AppWithExtraParts {}
  return AppWithExtraParts;
}

/** Builds the HTTP application exactly as production runs it; tests call this too. */
export async function createApp(options: PlatformOptions, extra: ExtraParts = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule(options, extra), { bufferLogs: true, bodyParser: false });
  app.useLogger(new StartupDetailAtDebug(app.get(Logger)));
  app.set('trust proxy', 'loopback');
  applyHttpHardening(app);
  serveDashboard(app);
  setupOpenApi(app);
  return app;
}
