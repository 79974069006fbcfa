import { ApiProperty } from '@nestjs/swagger';
import type { AttachmentOnBranchView } from '../application/session.view.js';
import { ActorDto } from '../../platform/http/actor.dto.js';

export class AttachmentDto {
  @ApiProperty({ format: 'uuid', description: 'Cite it in a message’s `attachmentIds` (on any branch of the session)' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The branch it was uploaded to' })
  branchId!: string;

  @ApiProperty({ example: 'mail.log' })
  fileName!: string;

  @ApiProperty({ example: 'text/plain' })
  contentType!: string;

  @ApiProperty({ example: 5120 })
  sizeBytes!: number;

  @ApiProperty({ enum: ['text', 'pdf', 'image'], description: 'How it was read: text extracted, or an image described' })
  kind!: 'text' | 'pdf' | 'image';

  @ApiProperty({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the bytes (the same file is stored once per organization)' })
  sha256!: string;

  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The model’s summary of a long text, or the image’s description (offline: format, size and what can be known)',
  })
  summary!: string | null;

  @ApiProperty({ description: 'True when prompts carry the summary and an excerpt rather than the whole text' })
  truncated!: boolean;

  @ApiProperty({ type: ActorDto })
  addedBy!: ActorDto;

  @ApiProperty({ format: 'date-time' })
  addedAt!: string;
}

export const toAttachmentDto = (view: AttachmentOnBranchView): AttachmentDto => ({ ...view });
