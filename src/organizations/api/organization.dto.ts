import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length } from 'class-validator';
import { PLANS, type Plan } from '../domain/organization.events.js';
import type { OrganizationView } from '../application/views.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

export class OrganizationDto {
  @ApiProperty({ format: 'uuid', example: '0b6f3c4e-8a57-4a8e-9a55-1f1f0c1d2e3f' })
  id!: string;

  @ApiProperty({ example: 'Acme Corp' })
  name!: string;

  @ApiProperty({ enum: PLANS, example: 'team', description: 'Plan tier; later limits depend on it' })
  plan!: Plan;

  @ApiProperty({ example: 3, description: 'Stream version; also sent as the ETag' })
  version!: number;

  @ApiProperty({ format: 'date-time', example: '2025-01-01T10:00:00.000Z' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time', example: '2025-01-02T10:00:00.000Z' })
  updatedAt!: string;
}

export class UpdateOrganizationDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100, example: 'Acme Corporation' })
  @OptionalField()
  @IsString()
  @Length(1, 100)
  name?: string;

  @ApiPropertyOptional({ enum: PLANS, example: 'enterprise' })
  @OptionalField()
  @IsIn(PLANS)
  plan?: Plan;
}

export const toOrganizationDto = (view: OrganizationView): OrganizationDto => ({ ...view });
