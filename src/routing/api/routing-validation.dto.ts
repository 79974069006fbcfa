import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, ValidateNested } from 'class-validator';
import type { RoutingRule } from '../domain/routing-rule.js';
import { CreateRoutingRuleDto, RoutingRuleDto, specOf } from './routing-rule.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

const ISSUE_CODES = [
  'missing_first_contact',
  'unstaffed_responder',
  'self_routing',
  'cycle',
  'level_gap',
  'conflicting_rules',
  'unreachable_level',
];

export class RoutingIssueDto {
  @ApiProperty({ enum: ISSUE_CODES, example: 'level_gap' })
  code!: string;

  @ApiProperty({ enum: ['error', 'warning'], example: 'warning' })
  severity!: 'error' | 'warning';

  @ApiProperty({ example: 'the chain for backend_developer "default" questions jumps from level 0 to 2: level 1 is missing' })
  message!: string;

  @ApiPropertyOptional({ example: 'backend_developer' })
  askerRole?: string;

  @ApiPropertyOptional({ example: 'default' })
  questionType?: string;

  @ApiPropertyOptional({ example: 2 })
  level?: number;

  @ApiProperty({ type: String, isArray: true, example: ['0b8f6f0e-8f0a-4a53-9a3e-0d9c1d2e3f40'] })
  ruleIds!: string[];
}

export class RoutingValidationDto {
  @ApiProperty({ description: 'No issue of severity error', example: true })
  valid!: boolean;

  @ApiProperty({ type: RoutingIssueDto, isArray: true })
  issues!: RoutingIssueDto[];
}

export class ValidateRoutingDto {
  @ApiPropertyOptional({
    type: CreateRoutingRuleDto,
    isArray: true,
    description: 'Rules to check in place of the squad’s own, before saving them; omit to check the squad as it is',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => CreateRoutingRuleDto)
  rules?: CreateRoutingRuleDto[];
}

/** Proposed rules have no ids yet; issues cite them as `proposed-<index>`. */
export function proposedRulesOf(dto: ValidateRoutingDto): RoutingRule[] | undefined {
  return dto.rules?.map((rule, index) => ({ ...specOf(rule, `rules.${index}`), id: `proposed-${index}` }));
}

/** The rules a write touched, and what validation now says about the squad. */
export class RoutingRulesWrittenDto {
  @ApiProperty({ description: 'The routing scope’s version after the write (also the ETag)', example: 4 })
  version!: number;

  @ApiProperty({ type: RoutingRuleDto, isArray: true })
  rules!: RoutingRuleDto[];

  @ApiProperty({
    type: RoutingIssueDto,
    isArray: true,
    description: 'Validation of the squad after the change; empty for organization rules',
  })
  warnings!: RoutingIssueDto[];
}
