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

/** OpenAPI schema of an agent definition (the body is validated by the domain schema, which names the field). */
export const AGENT_DEFINITION_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['slug', 'version', 'name', 'role', 'persona', 'goals', 'skills', 'model', 'triggers', 'priority'],
  properties: {
    slug: { type: 'string', pattern: '^[a-z][a-z0-9-]{0,62}$' },
    version: { type: 'string', description: 'Semantic version, canonical form', example: '1.0.0' },
    name: { type: 'string', maxLength: 120 },
    role: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
    description: { type: 'string', maxLength: 2000 },
    persona: { type: 'string', description: 'The system prompt', maxLength: 20000 },
    goals: { type: 'array', minItems: 1, items: { type: 'string' } },
    skills: { type: 'array', items: { type: 'string' } },
    model: {
      type: 'object',
      additionalProperties: false,
      required: ['providerPreference', 'temperature', 'maxTokens'],
      properties: {
        providerPreference: { type: 'array', items: { type: 'string' } },
        temperature: { type: 'number', minimum: 0, maximum: 2 },
        maxTokens: { type: 'integer', minimum: 1, maximum: 200000 },
      },
    },
    triggers: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['eventType'],
        properties: {
          eventType: { type: 'string', description: '`deploy.*`, `alert.*.critical`, `*`' },
          filter: { type: 'object', description: 'path → literal or {$eq,$ne,$in,$nin,$exists,$gt,$gte,$lt,$lte}' },
        },
      },
    },
    priority: { type: 'string', enum: [...PRIORITIES] },
    metadata: { type: 'object' },
  },
  example: AGENT_DEFINITION_EXAMPLE,
};

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
  @ApiProperty({ type: 'object', additionalProperties: true, example: AGENT_DEFINITION_EXAMPLE.model }) model!: object;
  @ApiProperty({ type: 'array', items: { type: 'object' }, example: AGENT_DEFINITION_EXAMPLE.triggers }) triggers!: object[];
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: object;
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
