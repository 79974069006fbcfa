import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { DEFAULT_QUESTION_TYPE, IDENTIFIER, MAX_LEVEL } from '../domain/routing-rule.js';
import type { RoutingTemplate } from '../domain/routing-template.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

const identifier = { message: '$property must be a snake_case identifier such as tech_lead' };
/** Built-in template ids (`builtin:devops-team`) or an organization template's UUID. */
export const TEMPLATE_ID = /^(builtin:[a-z0-9-]{1,64}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export class TemplateRuleDto {
  @ApiProperty({ example: 'backend_developer' })
  @Matches(IDENTIFIER, identifier)
  askerRole!: string;

  @ApiProperty({ example: 'default' })
  @Matches(IDENTIFIER, identifier)
  questionType!: string;

  @ApiProperty({ minimum: 0, maximum: MAX_LEVEL, example: 0 })
  @IsInt()
  @Min(0)
  @Max(MAX_LEVEL)
  level!: number;

  @ApiProperty({ example: 'tech_lead' })
  @Matches(IDENTIFIER, identifier)
  responderRole!: string;

  @ApiProperty({ example: 0 })
  @IsInt()
  @Min(-1_000_000)
  @Max(1_000_000)
  priority!: number;
}

export class RoutingTemplateDto {
  @ApiProperty({ example: 'builtin:standard-software-team' })
  id!: string;

  @ApiProperty({ example: 'Standard Software Team' })
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ type: TemplateRuleDto, isArray: true })
  rules!: TemplateRuleDto[];

  @ApiProperty({ description: 'Shipped with the product; cannot be changed' })
  builtIn!: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The owner; null for built-in templates' })
  organizationId!: string | null;

  @ApiProperty()
  isPublic!: boolean;

  @ApiProperty({ description: 'Your organization’s default: the last fallback of every chain' })
  isDefault!: boolean;
}

export class RoutingTemplateListDto {
  @ApiProperty({ type: RoutingTemplateDto, isArray: true, description: 'Built-in, then yours, then other organizations’ public ones' })
  items!: RoutingTemplateDto[];
}

export class CreateRoutingTemplateDto {
  @ApiProperty({ example: 'Our platform squad' })
  @IsString()
  @Length(1, 120)
  name!: string;

  @ApiPropertyOptional({ example: 'How the platform squad escalates', default: '' })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({ default: false })
  @OptionalField()
  @IsBoolean()
  isDefault?: boolean;

  @ApiPropertyOptional({ format: 'uuid', description: 'Capture this squad’s active role rules; give this or `rules`' })
  @OptionalField()
  @IsUUID()
  fromSquadId?: string;

  @ApiPropertyOptional({ type: TemplateRuleDto, isArray: true, description: 'Explicit rules; give this or `fromSquadId`' })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => TemplateRuleDto)
  rules?: TemplateRuleDto[];
}

export class UpdateRoutingTemplateDto {
  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional()
  @OptionalField()
  @IsBoolean()
  isPublic?: boolean;

  @ApiPropertyOptional({ description: 'true: make it the default; false: stop it being the default' })
  @OptionalField()
  @IsBoolean()
  isDefault?: boolean;
}

export class CreatedRoutingTemplateDto {
  @ApiProperty({ format: 'uuid' })
  templateId!: string;

  @ApiProperty({ description: 'Squad rules not carried over (inactive, or naming a member)', example: 0 })
  skippedRules!: number;
}

export class ApplyRoutingTemplateDto {
  @ApiProperty({ example: 'builtin:standard-software-team' })
  @Matches(TEMPLATE_ID, { message: 'templateId must be a built-in id such as builtin:devops-team or a UUID' })
  templateId!: string;

  @ApiProperty({ enum: ['replace', 'merge'], description: 'replace: the squad’s rules become the template’s; merge: fill only free slots' })
  @IsIn(['replace', 'merge'])
  mode!: 'replace' | 'merge';
}

export const toRoutingTemplateDto = (template: RoutingTemplate): RoutingTemplateDto => ({
  ...template,
  rules: template.rules.map((rule) => ({ ...rule, questionType: rule.questionType ?? DEFAULT_QUESTION_TYPE })),
});
