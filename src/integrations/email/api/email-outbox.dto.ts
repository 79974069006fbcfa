import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { OptionalField } from '../../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../../platform/http/pagination.js';
import type { EmailStatus, EmailView } from '../application/email-outbox.service.js';

const EMAIL_STATUSES: readonly EmailStatus[] = ['pending', 'sent', 'failed', 'stored'];

export class EmailSourceDto {
  @ApiProperty({ example: 'resolution-push' })
  kind!: string;

  @ApiProperty({ example: 'push-6a1f0c9d' })
  id!: string;
}

export class EmailMessageDto {
  @ApiProperty({ example: 'push-6a1f0c9d', description: 'Stable across tries; the Message-ID header is <id@sender domain>' })
  id!: string;

  @ApiProperty({ type: String, isArray: true, example: ['customer@example.com'] })
  to!: string[];

  @ApiProperty({ example: 'Your mail is working again' })
  subject!: string;

  @ApiProperty({ example: 'We found the cause…' })
  text!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  html!: string | null;

  @ApiProperty({
    enum: EMAIL_STATUSES,
    description: 'stored: SMTP_URL is not set, nothing was sent (copy it from here); failed: rejected (5xx) or out of tries',
  })
  status!: EmailStatus;

  @ApiProperty({ example: 1, description: 'SMTP tries made, over the message’s whole life' })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, example: null, description: 'The last try’s error (SMTP reply or connection error)' })
  lastError!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the next try is due, while pending' })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '250 OK: queued', description: 'The server’s answer to the accepted message' })
  smtpResponse!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  sentAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ type: EmailSourceDto, nullable: true })
  source!: EmailSourceDto | null;
}

export class EmailMessagePageDto extends PageDtoOf(EmailMessageDto) {}

export class ListEmailOutboxQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: EMAIL_STATUSES })
  @OptionalField()
  @IsIn(EMAIL_STATUSES)
  status?: EmailStatus;
}

export const toEmailMessageDto = (view: EmailView): EmailMessageDto => ({
  ...view,
  nextAttemptAt: view.nextAttemptAt?.toISOString() ?? null,
  sentAt: view.sentAt?.toISOString() ?? null,
  createdAt: view.createdAt.toISOString(),
});
