import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsUUID, Matches, Max, Min, ValidateNested } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import { ProblemError, problem } from '../../platform/http/problem.js';
import {
  DEFAULT_QUESTION_TYPE,
  IDENTIFIER,
  MAX_LEVEL,
  type Responder,
  type RoutingRule,
  type RoutingRuleSpec,
} from '../domain/routing-rule.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

const identifier = { message: '$property must be a snake_case identifier such as tech_lead' };

export class RoutingRuleDto {
  @ApiProperty({ format: 'uuid', example: '0b8f6f0e-8f0a-4a53-9a3e-0d9c1d2e3f40' })
  id!: string;

  @ApiProperty({ example: 'backend_developer' })
  askerRole!: string;

  @ApiProperty({ example: 'architecture', description: 'A question type, or `default` for any type without its own rule' })
  questionType!: string;

  @ApiProperty({ minimum: 0, maximum: MAX_LEVEL, example: 0, description: '0 = first contact' })
  level!: number;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'tech_lead',
    description: 'Everyone with this role answers; null when a member is named',
  })
  responderRole!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'uuid',
    example: null,
    description: 'The one member who answers; null when a role is named',
  })
  responderMemberId!: string | null;

  @ApiProperty({ example: 0, description: 'Higher wins among rules of the same scope, asker role, question type and level' })
  priority!: number;

  @ApiProperty({ example: true })
  active!: boolean;
}

export class RoutingRulePageDto extends PageDtoOf(RoutingRuleDto) {}

export class ListRoutingRulesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'backend_developer', description: 'Only rules for this asker role' })
  @OptionalField()
  @Matches(IDENTIFIER, identifier)
  askerRole?: string;
}

export class CreateRoutingRuleDto {
  @ApiProperty({ pattern: IDENTIFIER.source, example: 'backend_developer' })
  @Matches(IDENTIFIER, identifier)
  askerRole!: string;

  @ApiPropertyOptional({ pattern: IDENTIFIER.source, default: DEFAULT_QUESTION_TYPE, example: 'architecture' })
  @OptionalField()
  @Matches(IDENTIFIER, identifier)
  questionType?: string;

  @ApiProperty({ minimum: 0, maximum: MAX_LEVEL, example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_LEVEL)
  level!: number;

  @ApiPropertyOptional({
    pattern: IDENTIFIER.source,
    example: 'tech_lead',
    description: 'Give exactly one of responderRole and responderMemberId',
  })
  @OptionalField()
  @Matches(IDENTIFIER, identifier)
  responderRole?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A member of this squad (squad rules only)' })
  @OptionalField()
  @IsUUID()
  responderMemberId?: string;

  @ApiPropertyOptional({ default: 0, minimum: -1_000_000, maximum: 1_000_000, example: 10 })
  @OptionalField()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;

  @ApiPropertyOptional({ default: true })
  @OptionalField()
  @IsBoolean()
  active?: boolean;
}

export class UpdateRoutingRuleDto {
  @ApiPropertyOptional({ pattern: IDENTIFIER.source, example: 'frontend_developer' })
  @OptionalField()
  @Matches(IDENTIFIER, identifier)
  askerRole?: string;

  @ApiPropertyOptional({ pattern: IDENTIFIER.source, example: 'default' })
  @OptionalField()
  @Matches(IDENTIFIER, identifier)
  questionType?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: MAX_LEVEL, example: 1 })
  @OptionalField()
  @IsInt()
  @Min(0)
  @Max(MAX_LEVEL)
  level?: number;

  @ApiPropertyOptional({ pattern: IDENTIFIER.source, example: 'solution_architect', description: 'Switches the responder to this role' })
  @OptionalField()
  @Matches(IDENTIFIER, identifier)
  responderRole?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Switches the responder to this member' })
  @OptionalField()
  @IsUUID()
  responderMemberId?: string;

  @ApiPropertyOptional({ minimum: -1_000_000, maximum: 1_000_000, example: 5 })
  @OptionalField()
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority?: number;
}

export class BulkCreateRoutingRulesDto {
  @ApiProperty({ type: CreateRoutingRuleDto, isArray: true, minItems: 1, maxItems: 500, description: 'Created all together or not at all' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => CreateRoutingRuleDto)
  rules!: CreateRoutingRuleDto[];
}

function responderOf(dto: { responderRole?: string; responderMemberId?: string }, field: string): Responder | undefined {
  if (dto.responderRole !== undefined && dto.responderMemberId !== undefined) {
    throw new ProblemError(
      problem('validation', `${field}: give responderRole or responderMemberId, not both`, {
        errors: [{ field, messages: ['give responderRole or responderMemberId, not both'] }],
      }),
    );
  }
  if (dto.responderRole !== undefined) return { kind: 'role', role: dto.responderRole };
  if (dto.responderMemberId !== undefined) return { kind: 'member', memberId: dto.responderMemberId };
  return undefined;
}

export function specOf(dto: CreateRoutingRuleDto, field = 'body'): RoutingRuleSpec {
  const responder = responderOf(dto, field);
  if (!responder)
    throw new ProblemError(
      problem('validation', `${field}: responderRole or responderMemberId is required`, {
        errors: [{ field, messages: ['responderRole or responderMemberId is required'] }],
      }),
    );
  return {
    askerRole: dto.askerRole,
    questionType: dto.questionType ?? DEFAULT_QUESTION_TYPE,
    level: dto.level,
    responder,
    priority: dto.priority ?? 0,
    active: dto.active ?? true,
  };
}

export function changesOf(dto: UpdateRoutingRuleDto): Partial<RoutingRuleSpec> {
  const responder = responderOf(dto, 'body');
  const { askerRole, questionType, level, priority } = dto;
  const changes: Partial<RoutingRuleSpec> = { askerRole, questionType, level, priority, responder };
  return Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
}

export const toRoutingRuleDto = (rule: RoutingRule): RoutingRuleDto => ({
  id: rule.id,
  askerRole: rule.askerRole,
  questionType: rule.questionType,
  level: rule.level,
  responderRole: rule.responder.kind === 'role' ? rule.responder.role : null,
  responderMemberId: rule.responder.kind === 'member' ? rule.responder.memberId : null,
  priority: rule.priority,
  active: rule.active,
});
