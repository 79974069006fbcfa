import { Body, Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from '../../../src/app.module.js';
import { AttachmentIntake, AttachmentsModule, type AttachmentView } from '../../../src/branching/attachments/index.js';
import { loadConfig } from '../../../src/platform/config/app-config.js';
import { CurrentPrincipal } from '../../../src/platform/http/auth/auth.decorators.js';
import type { Principal } from '../../../src/platform/http/auth/principal.js';
import { applyHttpHardening } from '../../../src/platform/http/http-hardening.js';
import { SingleFileUpload, type UploadedFileData, UploadedSingleFile } from '../../../src/platform/http/upload/index.js';
import { type TestDatabase, createTestDatabase } from '../../support/test-database.js';

/** The limit of the probe route: small, so 413 is cheap to provoke. */
export const PROBE_MAX_BYTES = 2048;
export const PROBE_TYPES = ['text/plain', 'application/json', 'application/pdf', 'image/png', 'image/jpeg'];

/**
 * A test-only route that stores an upload through AttachmentIntake, as the branching endpoint
 * will; and a JSON route, to show a multipart body is refused where the decorator is absent.
 */
@Controller('test/uploads')
class UploadProbeController {
  constructor(private readonly intake: AttachmentIntake) {}

  @Post()
  @HttpCode(201)
  @SingleFileUpload({ field: 'file', maxBytes: PROBE_MAX_BYTES, contentTypes: PROBE_TYPES, description: 'A probe file' })
  upload(@CurrentPrincipal() principal: Principal, @UploadedSingleFile() file: UploadedFileData): Promise<AttachmentView> {
    return this.intake.ingest(principal.tenantId, file);
  }

  @Post('json')
  @HttpCode(200)
  json(@Body() body: unknown): unknown {
    return body;
  }
}

export interface UploadProbeApp {
  app: NestExpressApplication;
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

/** The real application (same hardening as production) plus the probe controller, on a fresh database. */
export async function startUploadProbeApp(env: Record<string, string> = {}): Promise<UploadProbeApp> {
  const database = await createTestDatabase();
  const config = loadConfig({ LOG_LEVEL: 'warn', ...env, PORT: '0', DATABASE_URL: database.url });

  @Module({ imports: [AppModule.forRoot({ config, databaseUrl: database.url }), AttachmentsModule], controllers: [UploadProbeController] })
  class UploadProbeModule {}

  const app = await NestFactory.create<NestExpressApplication>(UploadProbeModule, { bodyParser: false, logger: ['error', 'warn'] });
  applyHttpHardening(app);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    database,
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
