import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { ResolvedChain } from '../domain/chain.types.js';
import { DEFAULT_QUESTION_TYPE, IDENTIFIER } from '../domain/routing-rule.js';
import { RoutingRuleDto, toRoutingRuleDto } from './routing-rule.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

const SOURCES = ['squad', 'organization', 'template'];
const FACTORS = ['scope', 'question_type', 'priority', 'rule_id'];

export class ChainQueryDto {
  @ApiProperty({ pattern: IDENTIFIER.source, example: 'backend_developer' })
  @Matches(IDENTIFIER, { message: 'askerRole must be a snake_case identifier such as backend_developer' })
  askerRole!: string;

  @ApiPropertyOptional({ pattern: IDENTIFIER.source, default: DEFAULT_QUESTION_TYPE, example: 'architecture' })
  @OptionalField()
  @Matches(IDENTIFIER, { message: 'questionType must be a snake_case identifier' })
  questionType?: string;
}

export class ChainResponderDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'tech_lead' })
  role!: string;

  @ApiPropertyOptional({ example: 'Tess Lead' })
  name?: string;
}

export class OutrankedRuleDto {
  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ enum: SOURCES })
  source!: string;

  @ApiProperty({ example: 'default' })
  questionType!: string;

  @ApiProperty({ example: 0 })
  priority!: number;

  @ApiProperty({ enum: FACTORS, description: 'The first rule of precedence on which it lost' })
  lostOn!: string;
}

export class IgnoredRuleDto {
  @ApiProperty()
  ruleId!: string;

  @ApiProperty({ enum: SOURCES })
  source!: string;
}

export class ChainReasonDto {
  @ApiProperty({
    example:
      'Level 0: squad rule 0b8f… routes backend_developer "architecture" questions to role solution_architect (Sam), because squad rules take precedence over organization rules (it outranks rule 7c1e…).',
  })
  summary!: string;

  @ApiProperty({ enum: SOURCES })
  source!: string;

  @ApiProperty({ enum: ['specific', 'default'] })
  questionTypeMatch!: string;

  @ApiProperty({ example: 0 })
  priority!: number;

  @ApiProperty({ enum: [...FACTORS, 'only_candidate'], description: 'What separated the winner from the runner-up' })
  decidedBy!: string;

  @ApiProperty({ type: OutrankedRuleDto, isArray: true })
  outranked!: OutrankedRuleDto[];

  @ApiProperty({ type: IgnoredRuleDto, isArray: true, description: 'Inactive rules for the same level, skipped' })
  ignoredInactive!: IgnoredRuleDto[];
}

export class ChainRuleDto extends RoutingRuleDto {
  @ApiProperty({ enum: SOURCES, description: 'Template rules have ids `<templateId>#<index>`' })
  source!: string;
}

export class ChainLevelDto {
  @ApiProperty({ example: 0 })
  level!: number;

  @ApiProperty({ type: ChainRuleDto })
  rule!: ChainRuleDto;

  @ApiProperty({ type: ChainResponderDto, isArray: true, description: 'Empty when nobody in the squad holds the role' })
  responders!: ChainResponderDto[];

  @ApiProperty({ type: ChainReasonDto })
  why!: ChainReasonDto;
}

export class RoutingChainDto {
  @ApiProperty({ example: 'backend_developer' })
  askerRole!: string;

  @ApiProperty({ example: 'architecture' })
  questionType!: string;

  @ApiProperty({ type: ChainLevelDto, isArray: true, description: 'Ascending by level' })
  levels!: ChainLevelDto[];

  @ApiProperty({ type: Number, isArray: true, description: 'Levels with rules above the squad’s maximum level, left out', example: [] })
  beyondMaxLevel!: number[];
}

export const toRoutingChainDto = (chain: ResolvedChain): RoutingChainDto => ({
  ...chain,
  levels: chain.levels.map((level) => ({ ...level, rule: { ...toRoutingRuleDto(level.rule), source: level.rule.source } })),
});
