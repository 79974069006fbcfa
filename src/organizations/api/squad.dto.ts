import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { PageDtoOf } from '../../platform/http/pagination.js';
import type { SquadView } from '../application/views.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

export class SquadDto {
  @ApiProperty({ format: 'uuid', example: '5d0c8e0e-2f7a-4c47-a8c4-0c2b1f0e9a11' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: '0b6f3c4e-8a57-4a8e-9a55-1f1f0c1d2e3f' })
  organizationId!: string;

  @ApiProperty({ example: 'Payments squad' })
  name!: string;

  @ApiProperty({ example: 'Owns checkout and billing' })
  description!: string;

  @ApiProperty({ example: 4, description: 'Stream version; also sent as the ETag' })
  version!: number;

  @ApiProperty({ format: 'date-time', example: '2025-01-01T10:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-02T10:00:00.000Z' })
  updatedAt!: string;
}

export class SquadPageDto extends PageDtoOf(SquadDto) {}

export class CreateSquadDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Payments squad' })
  @IsString()
  @Length(1, 100)
  name!: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Owns checkout and billing', default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class UpdateSquadDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Billing squad' })
  @OptionalField()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ maxLength: 1000, example: 'Owns invoices' })
  @OptionalField()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export const toSquadDto = (view: SquadView): SquadDto => ({ ...view });
