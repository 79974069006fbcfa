import { Module } from '@nestjs/common';
import { AttachmentContentsStore } from './attachment-contents.store.js';
import { AttachmentIntake } from './attachment-intake.js';

/**
 * Attachment intake for branching: import this module and inject AttachmentIntake. It needs the
 * platform's Database and LlmGateway (both global). It has no routes: the branching module owns
 * the upload endpoint (with `@SingleFileUpload`) and records the metadata in its events.
 */
@Module({
  providers: [AttachmentContentsStore, AttachmentIntake],
  exports: [AttachmentIntake],
})
export class AttachmentsModule {}
