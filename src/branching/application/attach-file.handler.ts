import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AttachmentIntake } from '../attachments/index.js';
import { assertAttachable } from '../domain/session.decider.js';
import { AttachFileCommand } from './attach-file.command.js';
import { SessionReader } from './session.reader.js';
import { SessionRepository } from './session.repository.js';
import type { AttachmentWritten } from './session.view.js';

/**
 * Reads and stores an uploaded file (the intake: text, PDF, image; by sha256), then records it on
 * the branch. The branch is checked before the file is read, so a refused upload stores nothing
 * and calls no model; the decider checks again on the state it appends to. A file stored whose
 * append then loses a race (the branch concluded meanwhile) stays in the content table unreferenced,
 * which costs its bytes and nothing else (the same bytes are never stored twice).
 */
@CommandHandler(AttachFileCommand)
export class AttachFileHandler implements ICommandHandler<AttachFileCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly reader: SessionReader,
    private readonly intake: AttachmentIntake,
  ) {}

  async execute({ context, sessionId, branchId, file, attachmentId }: AttachFileCommand): Promise<AttachmentWritten> {
    const loaded = await this.sessions.load(context.tenantId, sessionId);
    assertAttachable(loaded.state, branchId);
    const stored = await this.intake.ingest(context.tenantId, file);
    const written = await this.sessions.handle(
      context,
      sessionId,
      {
        type: 'AddAttachment',
        attachmentId,
        branchId,
        file: {
          sha256: stored.sha256,
          fileName: stored.fileName,
          contentType: stored.contentType,
          sizeBytes: stored.sizeBytes,
          kind: stored.kind,
          summary: stored.summary ?? null,
          truncated: stored.truncated,
        },
        by: context.actor,
        now: context.now,
      },
      { loaded },
    );
    return { attachment: await this.reader.attachment(context.tenantId, sessionId, attachmentId), version: written.version };
  }
}
