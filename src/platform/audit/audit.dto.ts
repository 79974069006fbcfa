import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import { IsISO8601, IsInt, IsString, Matches, MaxLength, Min } from 'class-validator';
import { OptionalField } from '../http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../http/pagination.js';
import type { DeliveredEvent } from '../realtime/realtime.messages.js';
import { ActorDto } from '../http/actor.dto.js';

/** `kind:id`, or an id alone (any kind). */
export const ACTOR_FILTER = /^((member|api_key|system):)?[\w.:@-]{1,200}$/;

/** `GET /events/log` filters; every filter narrows the result (AND). */
export class EventLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only the events of this stream', example: 'conversation-3f2a9c1e-8d4b-4e1f-9a7c-1b2c3d4e5f60' })
  @OptionalField()
  @IsString()
  @MaxLength(300)
  streamId?: string;

  @ApiPropertyOptional({ description: 'Only streams of this type', example: 'conversation' })
  @OptionalField()
  @Matches(/^[a-z][a-z0-9_]*$/, { message: 'streamType must be a stream type like "conversation"' })
  @MaxLength(100)
  streamType?: string;

  @ApiPropertyOptional({ description: 'Only events of this type', example: 'QuestionAsked' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  type?: string;

  @ApiPropertyOptional({
    description: 'Only events caused by this actor: `kind:id` (kind `member`, `api_key` or `system`) or the id alone',
    example: 'member:3f2a9c1e-8d4b-4e1f-9a7c-1b2c3d4e5f60',
  })
  @OptionalField()
  @Matches(ACTOR_FILTER, { message: 'actor must be `kind:id` or an id' })
  actor?: string;

  @ApiPropertyOptional({ description: 'Only events of this correlation (one request and what followed from it)' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  correlationId?: string;

  @ApiPropertyOptional({ description: 'Recorded at or after this instant (ISO 8601)', example: '2026-01-31T00:00:00Z' })
  @OptionalField()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Recorded before this instant (ISO 8601)', example: '2026-02-01T00:00:00Z' })
  @OptionalField()
  @IsISO8601({ strict: true })
  to?: string;
}

/** `GET /streams/{streamId}`: a page of the stream, optionally as it stood at a position. */
export class StreamQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ minimum: 0, description: 'Only events up to this global position (inclusive): the stream as it was then' })
  @OptionalField()
  @TransformType(() => Number)
  @IsInt()
  @Min(0)
  asOf?: number;
}

export class EventMetadataDto {
  @ApiProperty({ type: String, nullable: true }) tenantId!: string | null;
  @ApiProperty({ type: ActorDto, nullable: true }) actor!: ActorDto | null;
  @ApiProperty() correlationId!: string;
  @ApiProperty({ type: String, nullable: true }) causationId!: string | null;
}

/** A stored event as the audit API shows it (the same shape as the socket's `event`, secrets removed). */
export class StoredEventDto implements DeliveredEvent {
  @ApiProperty({ description: 'Global position: increasing, unique' }) position!: number;
  @ApiProperty() streamId!: string;
  @ApiProperty() streamType!: string;
  @ApiProperty({ description: 'Position within the stream, from 1' }) version!: number;
  @ApiProperty() type!: string;
  @ApiProperty() schemaVersion!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event data (secrets such as key hashes left out)' })
  data!: unknown;
  @ApiProperty({ type: EventMetadataDto }) metadata!: EventMetadataDto;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
}

export class StoredEventPageDto extends PageDtoOf(StoredEventDto) {}
