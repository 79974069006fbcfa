import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, IsUUID, Length, ValidateBy, ValidateIf } from 'class-validator';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { OUTPUT_TYPES, type OutputType } from '../../branching/index.js';
import { MAX_EMAIL_RECIPIENTS, validEmailAddress } from '../../integrations/email/index.js';
import type { OutputView } from '../application/output.view.js';
import { OUTPUT_STATUSES, PUSH_TARGETS, type OutputStatus, type PushTarget } from '../domain/output.types.js';

export const MAX_RESOLUTION = 10_000;
export const MAX_CONTENT = 50_000; // what a knowledge-base article may hold

export class ResolveSessionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_RESOLUTION, example: 'Opened port 587 outbound on the branch firewall; mail flows again' })
  @IsString()
  @Length(1, MAX_RESOLUTION)
  resolution!: string;

  @ApiPropertyOptional({ maxLength: MAX_RESOLUTION, example: 'A firewall rule change on Monday blocked SMTP submission' })
  @OptionalField()
  @IsString()
  @Length(1, MAX_RESOLUTION)
  rootCause?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The branch that solved it; default: the branch marked solved, if any' })
  @OptionalField()
  @IsUUID()
  solvedBranchId?: string;
}

export class ReopenSessionDto {
  @ApiPropertyOptional({ maxLength: 2_000, example: 'It happened again this morning' })
  @OptionalField()
  @IsString()
  @Length(1, 2_000)
  reason?: string;
}

export class ListOutputsQueryDto {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Also the documents of earlier resolutions (replaced, `current: false`), newest first',
    default: 'false',
  })
  @OptionalField()
  @IsIn(['true', 'false'])
  history?: 'true' | 'false';
}

export class EditOutputDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_CONTENT, description: 'The whole content (Markdown; the client summary is plain text)' })
  @IsString()
  @Length(1, MAX_CONTENT)
  content!: string;
}

export class RegenerateOutputDto {
  @ApiPropertyOptional({ maxLength: 2_000, example: 'Shorter, and mention the change window' })
  @OptionalField()
  @IsString()
  @Length(1, 2_000)
  instructions?: string;
}

export class RejectOutputDto {
  @ApiProperty({ minLength: 1, maxLength: 2_000, example: 'Names the wrong firewall' })
  @IsString()
  @Length(1, 2_000)
  reason!: string;
}

export class PushOutputDto {
  @ApiProperty({
    enum: PUSH_TARGETS,
    description:
      '`psa`: the signed webhook (as a ticket note); `knowledge_base`: publish the article (kb_article only); `email`: to `to`; ' +
      '`clipboard`: the text for pasting, in the answer',
  })
  @IsIn(PUSH_TARGETS)
  target!: PushTarget;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    format: 'email',
    maxItems: MAX_EMAIL_RECIPIENTS,
    description: 'Recipients; required for `email`, refused for any other target',
  })
  @ValidateIf((body: PushOutputDto) => body.target === 'email' || body.to !== undefined)
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_EMAIL_RECIPIENTS)
  @ArrayUnique()
  @ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => typeof value === 'string' && validEmailAddress(value),
        defaultMessage: () => 'each value in to must be an e-mail address',
      },
    },
    { each: true },
  )
  to?: string[];
}

export class OutputVersionDto {
  @ApiProperty() version!: number;
  @ApiProperty() content!: string;
  @ApiProperty({ enum: ['model', 'edit'], description: '`model`: drafted (by the model or the offline writer); `edit`: by a person' })
  source!: 'model' | 'edit';
  @ApiProperty({ type: String, nullable: true }) model!: string | null;
  @ApiProperty({ type: ActorDto, nullable: true }) by!: ActorDto | null;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OutputPushDto {
  @ApiProperty({ format: 'uuid' }) pushId!: string;
  @ApiProperty({ enum: PUSH_TARGETS }) target!: PushTarget;
  @ApiProperty({ type: String, isArray: true, nullable: true }) to!: string[] | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'What the target knows it by: the PSA delivery id, the e-mail message id, the article id; null for the clipboard',
  })
  reference!: string | null;
  @ApiProperty({ description: 'The content version pushed' }) version!: number;
  @ApiProperty({ type: ActorDto }) by!: ActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OutputFailureDto {
  @ApiProperty() reason!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OutputApprovalDto {
  @ApiProperty() version!: number;
  @ApiProperty({ type: ActorDto }) by!: ActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OutputRejectionDto {
  @ApiProperty() reason!: string;
  @ApiProperty({ type: ActorDto }) by!: ActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class OutputDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) resolutionId!: string;
  @ApiProperty({ enum: OUTPUT_TYPES, description: 'PSA ticket notes, the knowledge-base article, or the client summary' })
  type!: OutputType;
  @ApiProperty({ enum: OUTPUT_STATUSES }) status!: OutputStatus;
  @ApiProperty({ description: 'False once a later resolution of the session replaced it' }) current!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The current content; null while the first draft is written' })
  content!: string | null;
  @ApiProperty({ description: 'Its version number (0 before the first draft)' }) contentVersion!: number;
  @ApiProperty({ type: OutputVersionDto, isArray: true, description: 'Every version, oldest first, with who wrote it' })
  versions!: OutputVersionDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The model of the latest draft' }) model!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The reviewer’s instructions of the latest regeneration' })
  instructions!: string | null;
  @ApiProperty({ type: OutputFailureDto, nullable: true }) failure!: OutputFailureDto | null;
  @ApiProperty({ type: OutputApprovalDto, nullable: true }) approved!: OutputApprovalDto | null;
  @ApiProperty({ type: OutputRejectionDto, nullable: true }) rejected!: OutputRejectionDto | null;
  @ApiProperty({ type: OutputPushDto, isArray: true }) pushes!: OutputPushDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class OutputListDto {
  @ApiProperty({
    type: OutputDto,
    isArray: true,
    description: 'PSA notes, article, client summary (and earlier resolutions’ with `history`)',
  })
  items!: OutputDto[];
}

export class ResolutionDto {
  @ApiProperty({ format: 'uuid' }) sessionId!: string;
  @ApiProperty({ format: 'uuid' }) resolutionId!: string;
  @ApiProperty({ enum: ['resolved'] }) status!: 'resolved';
  @ApiProperty({ type: OutputDto, isArray: true, description: 'The three documents, each `generating`' })
  outputs!: OutputDto[];
}

export class ClipboardDto {
  @ApiProperty() markdown!: string;
  @ApiProperty({ description: 'Without Markdown syntax, for fields that take plain text' }) plainText!: string;
}

export class PushResultDto {
  @ApiProperty({ type: OutputDto }) output!: OutputDto;
  @ApiProperty({ type: OutputPushDto, description: 'This target’s push (the earlier one when it was pushed there already)' })
  push!: OutputPushDto;
  @ApiProperty({ type: ClipboardDto, nullable: true, description: 'For `clipboard`: the text to paste' })
  clipboard!: ClipboardDto | null;
}

export const toOutputDto = (view: OutputView): OutputDto => ({ ...view });
