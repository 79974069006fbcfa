import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsInt,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import type { AgentDurationStatistics, AgentLogView } from '../application/agent-log.view.js';
import type { PipelineView } from '../application/pipeline.view.js';
import { PHASE_STATUSES, PIPELINE_PHASES, PIPELINE_STATUSES, type PipelinePhase, type PipelineStatus } from '../domain/pipeline.types.js';

export const MAX_FEATURE_REQUEST = 10_000;
const SLUG = /^[a-z0-9][a-z0-9-]{0,63}$/;

export class PipelinePhaseMappingDto {
  @ApiProperty({ enum: PIPELINE_PHASES, example: 'research' })
  @IsIn(PIPELINE_PHASES)
  phase!: PipelinePhase;

  @ApiPropertyOptional({
    example: 'technical-architect',
    description:
      'The slug of a published registry agent to run the phase (its current version); default: the phase’s `pipeline-*` template',
  })
  @OptionalField()
  @IsString()
  @Matches(SLUG)
  agent?: string;
}

export class PipelineEstimateInputDto {
  @ApiProperty({
    minimum: 0.1,
    maximum: 1000,
    example: 3,
    description: 'Sessions you expect the feature to take: more than 0 (at least 0.1)',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.1)
  @Max(1000)
  sessions!: number;

  @ApiProperty({ minimum: 1, maximum: 10, example: 6 })
  @IsInt()
  @Min(1)
  @Max(10)
  complexity!: number;
}

export class CreatePipelineDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_FEATURE_REQUEST, example: 'Export invoices as CSV for the accounting team' })
  @IsString()
  @Length(1, MAX_FEATURE_REQUEST)
  featureRequest!: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID()
  squadId?: string;

  @ApiPropertyOptional({
    type: PipelinePhaseMappingDto,
    isArray: true,
    description:
      'The phases in the order they run, each once, each optionally mapped to another published agent. Default: why, research, plan, build, test, review, retrospective with the `pipeline-*` templates.',
  })
  @OptionalField()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(PIPELINE_PHASES.length)
  @ArrayUnique((mapping: PipelinePhaseMappingDto) => mapping.phase)
  @ValidateNested({ each: true })
  @Type(() => PipelinePhaseMappingDto)
  phases?: PipelinePhaseMappingDto[];

  @ApiPropertyOptional({ enum: PIPELINE_PHASES, isArray: true, example: ['plan'], description: 'Phases after which a person must approve' })
  @OptionalField()
  @IsArray()
  @ArrayUnique()
  @IsIn(PIPELINE_PHASES, { each: true })
  approvalGates?: PipelinePhase[];

  @ApiPropertyOptional({ type: PipelineEstimateInputDto })
  @OptionalField()
  @ValidateNested()
  @Type(() => PipelineEstimateInputDto)
  estimate?: PipelineEstimateInputDto;
}

export class ApprovePipelineGateDto {
  @ApiProperty({ enum: PIPELINE_PHASES, description: 'The gated phase whose gate is waiting' })
  @IsIn(PIPELINE_PHASES)
  phase!: PipelinePhase;

  @ApiPropertyOptional({ maxLength: 2_000, example: 'Plan looks right; go ahead' })
  @OptionalField()
  @IsString()
  @Length(1, 2_000)
  note?: string;
}

export class CancelPipelineDto {
  @ApiPropertyOptional({ maxLength: 2_000, example: 'Superseded by the billing rewrite' })
  @OptionalField()
  @IsString()
  @Length(1, 2_000)
  reason?: string;
}

export class ListPipelinesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PIPELINE_STATUSES })
  @OptionalField()
  @IsIn(PIPELINE_STATUSES)
  status?: PipelineStatus;
}

export class PipelineAgentLogStatisticsQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID()
  pipelineId?: string;

  @ApiPropertyOptional({ example: 'pipeline-builder', description: 'Agent slug' })
  @OptionalField()
  @IsString()
  @Matches(SLUG)
  agent?: string;

  @ApiPropertyOptional({ enum: PIPELINE_PHASES })
  @OptionalField()
  @IsIn(PIPELINE_PHASES)
  phase?: PipelinePhase;

  @ApiPropertyOptional({ enum: ['true', 'false'] })
  @OptionalField()
  @IsIn(['true', 'false'])
  success?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'date-time', description: 'Logged at or after' })
  @OptionalField()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Logged before' })
  @OptionalField()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ListPipelineAgentLogsQueryDto extends PipelineAgentLogStatisticsQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page' })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  cursor?: string;
}

class PipelineAgentRefDto {
  @ApiProperty({ example: 'pipeline-why' }) slug!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
}

class PipelineTokensDto {
  @ApiProperty() input!: number;
  @ApiProperty() output!: number;
}

class PipelinePhaseFailureDto {
  @ApiProperty({ example: 'timeout' }) reason!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class PipelinePhaseDto {
  @ApiProperty({ enum: PIPELINE_PHASES }) phase!: PipelinePhase;
  @ApiProperty({ type: PipelineAgentRefDto }) agent!: PipelineAgentRefDto;
  @ApiProperty({ enum: PHASE_STATUSES }) status!: string;
  @ApiProperty({ description: 'Attempts started (a retry after a failure is a new attempt)' }) attempts!: number;
  @ApiProperty({ description: 'Failed tries of the current attempt (model errors, retried with backoff)' }) failedTries!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'The phase’s structured output' })
  output!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) outputSummary!: string | null;
  @ApiProperty({ type: PipelinePhaseFailureDto, nullable: true }) failure!: PipelinePhaseFailureDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ description: 'Model time of its attempts, ms' }) durationMs!: number;
  @ApiProperty({ type: PipelineTokensDto }) tokens!: PipelineTokensDto;
}

export class PipelineEstimateDto {
  @ApiProperty({ example: 3 }) sessions!: number;
  @ApiProperty({ example: 6 }) complexity!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1.5,
    description: 'Mean actual/estimated sessions of the last 90 days; null without data',
  })
  correctionFactor!: number | null;
  @ApiProperty({ example: 4.5, description: 'sessions × correctionFactor' }) adjustedSessions!: number;
}

class PipelineScopeCreepDto {
  @ApiProperty() plannedSteps!: number;
  @ApiProperty() completedSteps!: number;
  @ApiProperty() ratio!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class PipelineApprovalDto {
  @ApiProperty({ enum: PIPELINE_PHASES }) phase!: PipelinePhase;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: ActorDto }) by!: ActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class PipelineCancellationDto {
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: ActorDto }) by!: ActorDto;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class PipelineEstimateVsActualDto {
  @ApiProperty({ type: PipelineEstimateDto, nullable: true }) estimate!: PipelineEstimateDto | null;
  @ApiProperty({ description: 'Phase attempts started: each attempt is one agent session' }) actualSessions!: number;
}

export class PipelineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() featureRequest!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) squadId!: string | null;
  @ApiProperty({ enum: PIPELINE_STATUSES }) status!: PipelineStatus;
  @ApiProperty({ enum: PIPELINE_PHASES, nullable: true, description: 'Running, waiting at its gate, failed or next; null once completed' })
  currentPhase!: PipelinePhase | null;
  @ApiProperty({ enum: PIPELINE_PHASES, nullable: true }) waitingGate!: PipelinePhase | null;
  @ApiProperty({ enum: PIPELINE_PHASES, isArray: true }) approvalGates!: PipelinePhase[];
  @ApiProperty({ type: PipelinePhaseDto, isArray: true }) phases!: PipelinePhaseDto[];
  @ApiProperty({ type: PipelineEstimateDto, nullable: true }) estimate!: PipelineEstimateDto | null;
  @ApiProperty({ type: PipelineEstimateVsActualDto }) estimateVsActual!: PipelineEstimateVsActualDto;
  @ApiProperty({ type: PipelineTokensDto, description: 'Tokens of every phase attempt and try' }) tokens!: PipelineTokensDto;
  @ApiProperty({ description: 'The build completed more than 1.5× the planned steps' }) scopeCreepFlagged!: boolean;
  @ApiProperty({ type: PipelineScopeCreepDto, nullable: true }) scopeCreep!: PipelineScopeCreepDto | null;
  @ApiProperty({ type: PipelineApprovalDto, isArray: true }) approvals!: PipelineApprovalDto[];
  @ApiProperty({ type: PipelineCancellationDto, nullable: true }) cancelled!: PipelineCancellationDto | null;
  @ApiProperty({ type: ActorDto }) createdBy!: ActorDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
}

export class PipelineAgentLogDto {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) pipelineId!: string;
  @ApiProperty({ type: PipelineAgentRefDto }) agent!: PipelineAgentRefDto;
  @ApiProperty({ enum: PIPELINE_PHASES }) phase!: string;
  @ApiProperty() attempt!: number;
  @ApiProperty({ example: 'analyze' }) action!: string;
  @ApiProperty() inputSummary!: string;
  @ApiProperty({ type: String, nullable: true }) outputSummary!: string | null;
  @ApiProperty() durationMs!: number;
  @ApiProperty() success!: boolean;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'openai/gpt-4o-mini' }) model!: string | null;
  @ApiProperty({ type: PipelineTokensDto }) tokens!: PipelineTokensDto;
  @ApiProperty({ format: 'date-time' }) loggedAt!: string;
}

export class PipelineDetailDto extends PipelineDto {
  @ApiProperty({ type: PipelineAgentLogDto, isArray: true, description: 'Every phase attempt and failed try, in order' })
  agentLogs!: PipelineAgentLogDto[];
}

export class PipelineExportDto {
  @ApiProperty({ example: 1 }) exportVersion!: number;
  @ApiProperty({ format: 'date-time' }) exportedAt!: string;
  @ApiProperty({ type: PipelineDetailDto }) pipeline!: PipelineDetailDto;
}

export class PipelineAgentStatisticsDto {
  @ApiProperty({ example: 'pipeline-builder' }) agent!: string;
  @ApiProperty() calls!: number;
  @ApiProperty() failures!: number;
  @ApiProperty() averageDurationMs!: number;
  @ApiProperty() p95DurationMs!: number;
}

export class PipelineAgentLogStatisticsDto {
  @ApiProperty({ type: PipelineAgentStatisticsDto, isArray: true, description: 'Slowest (by p95) first' })
  agents!: PipelineAgentStatisticsDto[];
}

export class PipelinePageDto extends PageDtoOf(PipelineDto) {}
export class PipelineAgentLogPageDto extends PageDtoOf(PipelineAgentLogDto) {}

export function toPipelineDto({ actualSessions, ...view }: PipelineView): PipelineDto {
  return { ...view, estimateVsActual: { estimate: view.estimate, actualSessions }, scopeCreepFlagged: view.scopeCreep !== null };
}

export const toPipelineDetailDto = (view: PipelineView, logs: AgentLogView[]): PipelineDetailDto => ({
  ...toPipelineDto(view),
  agentLogs: logs,
});

export const toAgentStatisticsDto = (agents: AgentDurationStatistics[]): PipelineAgentLogStatisticsDto => ({ agents });
