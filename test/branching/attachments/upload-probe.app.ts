import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { AttachmentIntake, AttachmentsModule, type AttachmentView } from '../../../src/branching/attachments/index.js';
import { CurrentPrincipal } from '../../../src/platform/http/auth/auth.decorators.js';
import type { Principal } from '../../../src/platform/http/auth/principal.js';
import { SingleFileUpload, type UploadedFileData, UploadedSingleFile } from '../../../src/platform/http/upload/index.js';
import { type TestApp, startTestApp } from '../../support/test-app.js';

/** The limit of the probe route: small, so 413 is cheap to provoke. */
export const PROBE_MAX_BYTES = 2048;
export const PROBE_TYPES = ['text/plain', 'application/json', 'application/pdf', 'image/png', 'image/jpeg'];

/**
 * A test-only route that stores an upload through AttachmentIntake with a small limit (the
 * branching endpoint's is 10 MiB); and a JSON route, to show a multipart body is refused where the decorator is absent.
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

/** The real application (same bootstrap as production) plus the probe controller, on a fresh database. */
export function startUploadProbeApp(env: Record<string, string> = {}): Promise<TestApp> {
  return startTestApp(env, { imports: [AttachmentsModule], controllers: [UploadProbeController] });
}
