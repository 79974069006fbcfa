import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import type { AgentVersionView } from '../application/agent-version.view.js';
import { PRIORITIES } from '../domain/priority.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

export const AGENT_DEFINITION_EXAMPLE = {
  slug: 'release-watcher',
  version: '1.0.0',
  name: 'Release Watcher',
  role: 'release_manager',
  description: 'Keeps an eye on deployments.',
  priority: 'HIGH',
  persona: 'You watch releases. When one fails, you say why in one sentence.',
  goals: ['Catch failed deployments within a minute'],
  skills: ['incident-triage'],
  model: { providerPreference: ['openai', 'offline'], temperature: 0.1, maxTokens: 600 },
  triggers: [{ eventType: 'deploy.*', filter: { env: { $in: ['prod', 'staging'] } } }],
  metadata: { owner: 'platform-team' },
};

/** Plain JSON: agent metadata, trigger filters and event payloads (domain/json.ts). */
export const JSON_OBJECT_SCHEMA = { type: 'object', additionalProperties: true } as const;

export class ModelSettingsDto {
  @ApiProperty({
    type: [String],
    description: 'Provider names in order of preference; the gateway falls back along it',
    example: ['openai', 'offline'],
  })
  providerPreference!: string[];
  @ApiProperty({ type: Number, minimum: 0, maximum: 2, example: 0.1 }) temperature!: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 200000, example: 600 }) maxTokens!: number;
}

export class AgentTriggerDto {
  @ApiProperty({ description: 'Dot-separated event type pattern: `deploy.*`, `alert.*.critical`, `*`', example: 'deploy.*' })
  eventType!: string;
  @ApiPropertyOptional({
    ...JSON_OBJECT_SCHEMA,
    description:
      'Dotted payload path → a literal, or an operator object ($eq, $ne, $in, $nin, $exists, $gt, $gte, $lt, $lte); all must hold',
    example: { env: { $in: ['prod', 'staging'] } },
  })
  filter?: Record<string, unknown>;
}

/**
 * An agent definition as it is registered, exported and shipped as a template (domain AgentSpec).
 * Documentation only: the body is validated by the domain schema, which names the failing field.
 */
export class AgentDefinitionDto {
  @ApiProperty({ pattern: '^[a-z][a-z0-9-]{0,62}$', example: AGENT_DEFINITION_EXAMPLE.slug }) slug!: string;
  @ApiProperty({ description: 'Semantic version, canonical form', example: '1.0.0' }) version!: string;
  @ApiProperty({ maxLength: 120, example: AGENT_DEFINITION_EXAMPLE.name }) name!: string;
  @ApiProperty({ pattern: '^[a-z][a-z0-9_-]{0,62}$', example: AGENT_DEFINITION_EXAMPLE.role }) role!: string;
  @ApiPropertyOptional({ maxLength: 2000, example: AGENT_DEFINITION_EXAMPLE.description }) description?: string;
  @ApiProperty({ description: 'The system prompt', maxLength: 20000, example: AGENT_DEFINITION_EXAMPLE.persona }) persona!: string;
  @ApiProperty({ type: [String], minItems: 1, example: AGENT_DEFINITION_EXAMPLE.goals }) goals!: string[];
  @ApiProperty({ type: [String], example: AGENT_DEFINITION_EXAMPLE.skills }) skills!: string[];
  @ApiProperty({ type: ModelSettingsDto }) model!: ModelSettingsDto;
  @ApiProperty({ type: [AgentTriggerDto] }) triggers!: AgentTriggerDto[];
  @ApiProperty({ enum: PRIORITIES, example: AGENT_DEFINITION_EXAMPLE.priority }) priority!: string;
  @ApiPropertyOptional({
    ...JSON_OBJECT_SCHEMA,
    description: 'Free-form JSON; `{}` when absent',
    example: AGENT_DEFINITION_EXAMPLE.metadata,
  })
  metadata?: Record<string, unknown>;
}

export class AgentVersionDto {
  @ApiProperty({ example: 'release-watcher' }) slug!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ enum: ['draft', 'published', 'deprecated'] }) status!: string;
  @ApiProperty() name!: string;
  @ApiProperty() role!: string;
  @ApiPropertyOptional() description?: string;
  @ApiProperty() persona!: string;
  @ApiProperty({ type: [String] }) goals!: string[];
  @ApiProperty({ type: [String] }) skills!: string[];
  @ApiProperty({ type: ModelSettingsDto }) model!: ModelSettingsDto;
  @ApiProperty({ type: [AgentTriggerDto] }) triggers!: AgentTriggerDto[];
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ ...JSON_OBJECT_SCHEMA }) metadata!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) publishedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deprecatedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) deprecationReason!: string | null;
}

export const AgentVersionPageDto = PageDtoOf(AgentVersionDto);

export class AgentChangeDto {
  @ApiProperty() slug!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: ['draft', 'published', 'deprecated', 'deleted'] }) status!: string;
}

export class SearchAgentsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Full-text over name, role, description, persona, goals and skills', example: 'incident' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Substring of the name', example: 'manager' })
  @OptionalField()
  @IsString()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ example: 'qa_manager' })
  @OptionalField()
  @IsString()
  @MaxLength(63)
  role?: string;

  @ApiPropertyOptional({ example: 'incident-triage' })
  @OptionalField()
  @IsString()
  @MaxLength(80)
  skill?: string;

  @ApiPropertyOptional({ enum: ['draft', 'published', 'deprecated'] })
  @OptionalField()
  @IsIn(['draft', 'published', 'deprecated'])
  status?: 'draft' | 'published' | 'deprecated';
}

export class DeprecateAgentDto {
  @ApiPropertyOptional({ example: 'superseded by 2.0.0' })
  @OptionalField()
  @IsString()
  @MaxLength(500)
  reason?: string;
}

export class VersionQueryDto {
  @ApiPropertyOptional({ description: 'A version; the current one when absent', example: '1.0.0' })
  @OptionalField()
  @IsString()
  @Matches(/^[0-9A-Za-z.+-]{1,64}$/)
  version?: string;
}

export function toAgentVersionDto(view: AgentVersionView): AgentVersionDto {
  return { ...view };
}
