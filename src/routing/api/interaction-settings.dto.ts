import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsString, Length, Max, Min } from 'class-validator';
import { DEFAULT_INTERACTION_SETTINGS, MAX_TEMPLATE_LENGTH, MESSAGE_PLACEHOLDERS, TIMEOUT_BOUNDS } from '../domain/interaction-settings.js';
import { MAX_LEVEL } from '../domain/routing-rule.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

const placeholders = `Placeholders: ${MESSAGE_PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}`;

export class InteractionSettingsDto {
  @ApiProperty({ example: DEFAULT_INTERACTION_SETTINGS.firstTimeoutSeconds, description: 'Seconds a responder has after acknowledging' })
  firstTimeoutSeconds!: number;

  @ApiProperty({
    example: DEFAULT_INTERACTION_SETTINGS.followUpTimeoutSeconds,
    description: 'Seconds after the follow-up before escalating',
  })
  followUpTimeoutSeconds!: number;

  @ApiProperty({ example: DEFAULT_INTERACTION_SETTINGS.maxLevel })
  maxLevel!: number;

  @ApiProperty({ example: DEFAULT_INTERACTION_SETTINGS.acknowledgementTemplate, description: placeholders })
  acknowledgementTemplate!: string;

  @ApiProperty({ example: DEFAULT_INTERACTION_SETTINGS.followUpTemplate, description: placeholders })
  followUpTemplate!: string;

  @ApiProperty({ example: DEFAULT_INTERACTION_SETTINGS.escalationNoticeTemplate, description: placeholders })
  escalationNoticeTemplate!: string;
}

export class UpdateInteractionSettingsDto {
  @ApiPropertyOptional({ minimum: TIMEOUT_BOUNDS.min, maximum: TIMEOUT_BOUNDS.max, example: 600 })
  @OptionalField()
  @IsInt()
  @Min(TIMEOUT_BOUNDS.min)
  @Max(TIMEOUT_BOUNDS.max)
  firstTimeoutSeconds?: number;

  @ApiPropertyOptional({ minimum: TIMEOUT_BOUNDS.min, maximum: TIMEOUT_BOUNDS.max, example: 180 })
  @OptionalField()
  @IsInt()
  @Min(TIMEOUT_BOUNDS.min)
  @Max(TIMEOUT_BOUNDS.max)
  followUpTimeoutSeconds?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_LEVEL, example: 2 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_LEVEL)
  maxLevel?: number;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_LENGTH, description: placeholders })
  @OptionalField()
  @IsString()
  @Length(1, MAX_TEMPLATE_LENGTH)
  acknowledgementTemplate?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_LENGTH, description: placeholders })
  @OptionalField()
  @IsString()
  @Length(1, MAX_TEMPLATE_LENGTH)
  followUpTemplate?: string;

  @ApiPropertyOptional({ maxLength: MAX_TEMPLATE_LENGTH, description: placeholders })
  @OptionalField()
  @IsString()
  @Length(1, MAX_TEMPLATE_LENGTH)
  escalationNoticeTemplate?: string;
}

export class RuleStatisticsDto {
  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ example: 1 })
  level!: number;

  @ApiProperty({ example: 12 })
  timesUsed!: number;

  @ApiProperty({ example: 3 })
  timesEscalatedAway!: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt!: Date | null;
}

export class LevelStatisticsDto {
  @ApiProperty({ example: 1 })
  level!: number;

  @ApiProperty({ example: 12, description: 'Questions that reached this level (escalations, for level > 0)' })
  timesReached!: number;

  @ApiProperty({ example: 3 })
  timesEscalatedAway!: number;
}

export class RoutingStatisticsDto {
  @ApiProperty({ type: RuleStatisticsDto, isArray: true })
  rules!: RuleStatisticsDto[];

  @ApiProperty({ type: LevelStatisticsDto, isArray: true })
  levels!: LevelStatisticsDto[];
}
