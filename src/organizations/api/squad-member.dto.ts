import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { PageDtoOf } from '../../platform/http/pagination.js';
import { MEMBER_KINDS, type MemberKind, ROLE_SLUG } from '../domain/squad.events.js';
import type { MemberView } from '../application/views.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

const AGENT_SLUG = /^[a-z0-9][a-z0-9-]{0,62}$/;

export class SquadMemberDto {
  @ApiProperty({ format: 'uuid', example: '9a1d3f55-5a0e-4c1b-8f5e-4ef7a1d2c3b4' })
  id!: string;

  @ApiProperty({ format: 'uuid', example: '5d0c8e0e-2f7a-4c47-a8c4-0c2b1f0e9a11' })
  squadId!: string;

  @ApiProperty({ enum: MEMBER_KINDS, example: 'agent' })
  kind!: MemberKind;

  @ApiProperty({ example: 'tech_lead', pattern: ROLE_SLUG.source })
  role!: string;

  @ApiProperty({ example: 'Tess Lead' })
  displayName!: string;

  @ApiProperty({ type: String, nullable: true, example: 'tech-lead', description: 'The registry agent an agent member runs' })
  agentSlug!: string | null;

  @ApiProperty({ format: 'date-time', example: '2025-01-01T10:00:00.000Z' })
  addedAt!: string;
}

export class SquadMemberPageDto extends PageDtoOf(SquadMemberDto) {}

export class AddSquadMemberDto {
  @ApiProperty({ enum: MEMBER_KINDS, example: 'agent' })
  @IsIn(MEMBER_KINDS)
  kind!: MemberKind;

  @ApiProperty({ pattern: ROLE_SLUG.source, example: 'backend_developer', description: 'A slug: lowercase letters, digits, underscores' })
  @IsString()
  @Matches(ROLE_SLUG, { message: 'role must be a slug such as backend_developer' })
  role!: string;

  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Bea Backend' })
  @IsString()
  @Length(1, 100)
  displayName!: string;

  @ApiPropertyOptional({ pattern: AGENT_SLUG.source, example: 'tech-lead', description: 'Only for agent members' })
  @OptionalField()
  @IsString()
  @Matches(AGENT_SLUG, { message: 'agentSlug must be a registry slug such as tech-lead' })
  agentSlug?: string;
}

export const toSquadMemberDto = (view: MemberView): SquadMemberDto => ({ ...view });
