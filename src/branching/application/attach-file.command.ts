import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '../../platform/decider/command-context.js';
import type { UploadedFileData } from '../../platform/http/upload/index.js';
import type { AttachmentWritten } from './session.view.js';

/** A file uploaded to a branch; `attachmentId` is the id it gets in the session. */
export class AttachFileCommand extends Command<AttachmentWritten> {
  constructor(
    readonly context: CommandContext,
    readonly sessionId: string,
    readonly branchId: string,
    readonly file: UploadedFileData,
    readonly attachmentId: string,
  ) {
    super();
  }
}
