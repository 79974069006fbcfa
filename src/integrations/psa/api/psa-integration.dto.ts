import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsString, Length } from 'class-validator';
import { OptionalField } from '../../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../../platform/http/pagination.js';
import type { PsaAttemptView, PsaDeliveryStatus, PsaDeliveryView } from '../application/psa-deliveries.service.js';
import type { PsaIntegrationView } from '../application/psa-integration.service.js';
import { PSA_EVENT_TYPES, type PsaEventType } from '../domain/psa-event-types.js';

const DELIVERY_STATUSES: readonly PsaDeliveryStatus[] = ['pending', 'delivered', 'failed'];

export class ConfigurePsaIntegrationDto {
  @ApiProperty({
    maxLength: 2000,
    example: 'https://psa.example.com/hooks/agent-squad',
    description:
      'http or https; a host that is or resolves to loopback, private, link-local or metadata addresses is refused (422 psa-url-refused)',
  })
  @IsString()
  @Length(1, 2000)
  url!: string;

  @ApiProperty({
    minLength: 16,
    maxLength: 200,
    writeOnly: true,
    example: 'whsec_3b1f0c9d8e7a6b5c4d3e2f1a',
    description: 'The HMAC-SHA256 key of X-AgentSquad-Signature; write-only, never returned',
  })
  @IsString()
  @Length(16, 200)
  secret!: string;

  @ApiProperty({ enum: PSA_EVENT_TYPES, isArray: true, minItems: 1, uniqueItems: true, example: ['handoff', 'resolution'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PSA_EVENT_TYPES.length)
  @ArrayUnique()
  @IsIn(PSA_EVENT_TYPES, { each: true })
  events!: PsaEventType[];
}

export class PsaIntegrationDto {
  @ApiProperty({ example: 'https://psa.example.com/hooks/agent-squad' })
  url!: string;

  @ApiProperty({ enum: PSA_EVENT_TYPES, isArray: true, example: ['handoff'] })
  events!: PsaEventType[];

  @ApiProperty({ example: true, description: 'Always true: a secret is required to configure; it is never shown' })
  secretSet!: true;

  @ApiProperty({ format: 'date-time', example: '2026-12-02T10:00:00.000Z' })
  updatedAt!: string;

  @ApiProperty({ example: 'key_9f8e7d6c', description: 'The id of the API key that last changed it' })
  updatedBy!: string;
}

export const toPsaIntegrationDto = (view: PsaIntegrationView): PsaIntegrationDto => ({
  url: view.url,
  events: view.events,
  secretSet: true,
  updatedAt: view.updatedAt.toISOString(),
  updatedBy: view.updatedBy,
});

export class PsaDeliveryAttemptDto {
  @ApiProperty({ example: 1, description: '1-based, over the delivery’s whole life (hand retries continue the count)' })
  attempt!: number;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ enum: ['delivered', 'retry', 'failed-rejected', 'failed-exhausted'], example: 'retry' })
  outcome!: string;

  @ApiProperty({ type: Number, nullable: true, example: 503, description: 'The receiver’s HTTP status; null when there was no answer' })
  statusCode!: number | null;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'Timeout, connection error or refused address' })
  error!: string | null;

  @ApiProperty({ example: 42 })
  durationMs!: number;
}

export class PsaDeliveryDto {
  @ApiProperty({ example: 'handoff-6a1f0c9d', description: 'The envelope id and X-AgentSquad-Delivery; stable across tries' })
  id!: string;

  @ApiProperty({ enum: PSA_EVENT_TYPES })
  type!: PsaEventType;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: PsaDeliveryStatus;

  @ApiProperty({ format: 'date-time' })
  occurredAt!: string;

  @ApiProperty({ example: 'Escalated: mail is down', description: 'The note’s title (the body is not repeated here)' })
  title!: string;

  @ApiProperty({ type: PsaDeliveryAttemptDto, isArray: true })
  attempts!: PsaDeliveryAttemptDto[];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next try is due, while pending' })
  nextAttemptAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deliveredAt!: string | null;
}

export class PsaDeliveryPageDto extends PageDtoOf(PsaDeliveryDto) {}

export class ListPsaDeliveriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATUSES })
  @OptionalField()
  @IsIn(DELIVERY_STATUSES)
  status?: PsaDeliveryStatus;
}

const toAttemptDto = (attempt: PsaAttemptView): PsaDeliveryAttemptDto => ({ ...attempt, at: attempt.at.toISOString() });

export const toPsaDeliveryDto = (view: PsaDeliveryView): PsaDeliveryDto => ({
  id: view.id,
  type: view.type,
  status: view.status,
  occurredAt: view.occurredAt.toISOString(),
  title: view.title,
  attempts: view.attempts.map(toAttemptDto),
  nextAttemptAt: view.nextAttemptAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
  deliveredAt: view.deliveredAt?.toISOString() ?? null,
});

export const DELIVERY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,199}$/;
