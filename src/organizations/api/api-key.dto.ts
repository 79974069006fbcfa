import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { PageDtoOf } from '../../platform/http/pagination.js';
import { API_KEY_ROLES, type ApiKeyRole } from '../domain/api-key.events.js';
import type { ApiKeyView } from '../application/views.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

export class ApiKeyDto {
  @ApiProperty({ format: 'uuid', example: 'c2a4b6d8-1e3f-4a5b-9c7d-0e1f2a3b4c5d' })
  id!: string;

  @ApiProperty({ example: 'CI pipeline' })
  name!: string;

  @ApiProperty({ enum: API_KEY_ROLES, example: 'operator' })
  role!: ApiKeyRole;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', example: null, description: 'The member the key acts as' })
  memberId!: string | null;

  @ApiProperty({ example: 'ask_Zx81kQ2a', description: 'The first characters of the key' })
  prefix!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-01T10:00:00.000Z' })
  issuedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time', example: null })
  revokedAt!: string | null;
}

export class ApiKeyPageDto extends PageDtoOf(ApiKeyDto) {}

export class IssuedApiKeyDto extends ApiKeyDto {
  @ApiProperty({ example: 'ask_Zx81kQ2a0c7TqY1s9pW3n5VbR6mK8dL2fH4jG0eA1uI', description: 'The key itself: shown only in this response' })
  key!: string;
}

export class IssueApiKeyDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'CI pipeline' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiProperty({
    enum: API_KEY_ROLES,
    example: 'agent',
    description: 'admin configures everything; operator works sessions; agent acts as one agent member',
  })
  @IsIn(API_KEY_ROLES)
  role!: ApiKeyRole;

  @ApiPropertyOptional({
    format: 'uuid',
    example: '9a1d3f55-5a0e-4c1b-8f5e-4ef7a1d2c3b4',
    description: 'Required for agent keys: the agent member the key acts as',
  })
  @OptionalField()
  @IsUUID()
  memberId?: string;
}

export const toApiKeyDto = (view: ApiKeyView): ApiKeyDto => ({ ...view });
