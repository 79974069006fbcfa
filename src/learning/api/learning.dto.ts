import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type as TransformType } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsObject,
  IsString,
  IsUrl,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import type { LearningInputOf } from '../application/learning-input.js';
import type {
  ComplexitySnapshotView,
  ComplexityWarningView,
  DecisionView,
  DocsCacheView,
  EstimateView,
  FailureView,
  PatternUsageView,
  RetrospectiveView,
  SimilarFailure,
  SpikeView,
} from '../application/learning.views.js';
import { SIMILARITY_THRESHOLD } from '../domain/similarity.js';
import { COMPLEXITY_RANGE, LEARNING_LIMITS, PATTERN_OUTCOMES, type PatternOutcome } from '../domain/learning.types.js';

const NOT_BLANK = /\S/;
const { short: SHORT, text: TEXT, count: COUNT } = LEARNING_LIMITS;
const PIPELINE_ID = { maxLength: 100, description: 'The pipeline run that taught it; absent when recorded by hand' };

/** Validators of a required short or long text field. */
function Text(max: number, field: string): PropertyDecorator {
  return (target, key) => {
    IsString()(target, key);
    Length(1, max)(target, key);
    Matches(NOT_BLANK, { message: `${field} must not be blank` })(target, key);
  };
}
function OptionalText(max: number): PropertyDecorator {
  return (target, key) => {
    OptionalField()(target, key);
    IsString()(target, key);
    MaxLength(max)(target, key);
  };
}
function Whole(min: number, max: number = COUNT): PropertyDecorator {
  return (target, key) => {
    IsInt()(target, key);
    Min(min)(target, key);
    Max(max)(target, key);
  };
}
function Percent(): PropertyDecorator {
  return (target, key) => {
    OptionalField()(target, key);
    IsNumber({ allowNaN: false, allowInfinity: false })(target, key);
    Min(0)(target, key);
    Max(100)(target, key);
  };
}

// ---------- inputs ----------

export class RecordFailureDto {
  @ApiProperty({ maxLength: SHORT, example: 'WebSocket notifications' })
  @Text(SHORT, 'feature')
  feature!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Native WebSockets on every replica' })
  @Text(TEXT, 'approach')
  approach!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Clients on another replica missed updates; sticky sessions did not scale' })
  @Text(TEXT, 'whyFailed')
  whyFailed!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Fan out through Redis pub/sub' })
  @Text(TEXT, 'lesson')
  lesson!: string;

  @ApiPropertyOptional(PIPELINE_ID)
  @OptionalText(100)
  pipelineId?: string;
}

export class RecordEstimateDto {
  @ApiProperty({ maxLength: SHORT, example: 'Add OAuth authentication' })
  @Text(SHORT, 'feature')
  feature!: string;

  @ApiProperty({ minimum: 1, maximum: COUNT, example: 3, description: 'Whole sessions, more than 0' })
  @Whole(1)
  estimatedSessions!: number;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: COUNT,
    example: 5,
    description: 'When the work is already done; or complete the estimate later',
  })
  @OptionalField()
  @Whole(1)
  actualSessions?: number;

  @ApiProperty({ minimum: COMPLEXITY_RANGE.min, maximum: COMPLEXITY_RANGE.max, example: 7.5 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(COMPLEXITY_RANGE.min)
  @Max(COMPLEXITY_RANGE.max)
  complexity!: number;

  @ApiPropertyOptional({ minimum: 0, maximum: COUNT, example: 4 })
  @OptionalField()
  @Whole(0)
  filesCreated?: number;

  @ApiPropertyOptional({ minimum: 0, maximum: COUNT, example: 6 })
  @OptionalField()
  @Whole(0)
  filesModified?: number;

  @ApiPropertyOptional({ maxLength: TEXT, example: 'Token refresh took a session of its own' })
  @OptionalText(TEXT)
  notes?: string;

  @ApiPropertyOptional(PIPELINE_ID)
  @OptionalText(100)
  pipelineId?: string;
}

export class CompleteEstimateDto {
  @ApiProperty({ minimum: 1, maximum: COUNT, example: 5, description: 'Whole sessions the work took, more than 0' })
  @Whole(1)
  actualSessions!: number;
}

export class RecordRetrospectiveDto {
  @ApiPropertyOptional(PIPELINE_ID)
  @OptionalText(100)
  pipelineId?: string;

  @ApiProperty({ maxLength: SHORT, example: 'Add OAuth authentication' })
  @Text(SHORT, 'feature')
  feature!: string;

  @ApiProperty({ maxLength: TEXT, example: 'OAuth was more complex than expected' })
  @IsString()
  @MaxLength(TEXT)
  surprises!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Ship password sign-in first' })
  @IsString()
  @MaxLength(TEXT)
  wouldChange!: string;

  @ApiProperty({ type: [String], maxItems: LEARNING_LIMITS.newPatterns, example: ['token refresh in an interceptor'] })
  @IsArray()
  @ArrayMaxSize(LEARNING_LIMITS.newPatterns)
  @IsString({ each: true })
  @Length(1, SHORT, { each: true })
  newPatterns!: string[];

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 70, description: 'How accurate the spike was, in percent' })
  @Percent()
  spikeAccuracy?: number;
}

export class RecordSpikeDto {
  @ApiProperty({ maxLength: SHORT, example: 'Streamed replies' })
  @Text(SHORT, 'feature')
  feature!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Can we stream model output over Socket.IO?' })
  @Text(TEXT, 'question')
  question!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Signals per token to the session room' })
  @Text(TEXT, 'approach')
  approach!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Viable; 40 ms median latency' })
  @Text(TEXT, 'result')
  result!: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  viable!: boolean;

  @ApiProperty({ maxLength: TEXT, example: 'Batch tokens every 50 ms' })
  @IsString()
  @MaxLength(TEXT)
  lessons!: string;

  @ApiProperty({ minimum: 0, maximum: COUNT, example: 45 })
  @Whole(0)
  timeSpentMinutes!: number;

  @ApiPropertyOptional(PIPELINE_ID)
  @OptionalText(100)
  pipelineId?: string;
}

export class ComplexityMetricsDto {
  @ApiProperty({ minimum: 0, example: 420 })
  @Whole(0)
  lines!: number;

  @ApiProperty({ minimum: 0, example: 18 })
  @Whole(0)
  functions!: number;

  @ApiProperty({ minimum: 0, example: 9 })
  @Whole(0)
  dependencies!: number;

  @ApiProperty({ minimum: 0, example: 23.5, description: 'The caller’s complexity metric (e.g. summed cyclomatic complexity)' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(COUNT * 100)
  complexityScore!: number;
}

export class RecordComplexitySnapshotDto {
  @ApiProperty({ maxLength: SHORT, example: 'src/conversations/domain/conversation.decider.ts' })
  @Text(SHORT, 'file')
  file!: string;

  @ApiProperty({ type: ComplexityMetricsDto })
  @IsObject()
  @ValidateNested()
  @TransformType(() => ComplexityMetricsDto)
  metrics!: ComplexityMetricsDto;
}

export class RecordPatternUsageDto {
  @ApiProperty({ maxLength: SHORT, example: 'repository per aggregate' })
  @Text(SHORT, 'pattern')
  pattern!: string;

  @ApiPropertyOptional(PIPELINE_ID)
  @OptionalText(100)
  pipelineId?: string;

  @ApiPropertyOptional({ maxLength: SHORT, example: 'src/handoffs/application/handoff.repository.ts' })
  @OptionalText(SHORT)
  file?: string;

  @ApiProperty({ enum: PATTERN_OUTCOMES, description: '`deviated`: deliberately not followed; `failed`: followed, and it did not work' })
  @IsIn(PATTERN_OUTCOMES)
  outcome!: PatternOutcome;

  @ApiPropertyOptional({ minimum: 0, maximum: 100, example: 85, description: 'How well the code follows the pattern, in percent' })
  @Percent()
  complianceScore?: number;
}

export class CacheDocsDto {
  @ApiProperty({ maxLength: SHORT, example: 'fastapi', description: 'Compared case-insensitively' })
  @Text(SHORT, 'library')
  library!: string;

  @ApiProperty({ maxLength: SHORT, example: '0.115.0' })
  @Text(SHORT, 'version')
  version!: string;

  @ApiProperty({ maxLength: LEARNING_LIMITS.content, example: '# FastAPI 0.115\n\n…' })
  @Text(LEARNING_LIMITS.content, 'content')
  content!: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'https://fastapi.tiangolo.com/' })
  @OptionalField()
  @IsString()
  @MaxLength(2000)
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  sourceUrl?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to 7 days after now; must be after now' })
  @OptionalField()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class RecordDecisionDto {
  @ApiPropertyOptional(PIPELINE_ID)
  @OptionalText(100)
  pipelineId?: string;

  @ApiProperty({ maxLength: SHORT, example: 'research' })
  @Text(SHORT, 'phase')
  phase!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Socket.IO with the Redis adapter' })
  @Text(TEXT, 'decision')
  decision!: string;

  @ApiProperty({ maxLength: TEXT, example: 'Replicas must share rooms' })
  @IsString()
  @MaxLength(TEXT)
  reasoning!: string;
}

// ---------- list queries ----------

const BOOLEAN = ['true', 'false'] as const;

export class PipelineFilterDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: 100, description: 'Only the records of this pipeline run' })
  @OptionalText(100)
  pipelineId?: string;
}

export class ListEstimatesQueryDto extends PipelineFilterDto {
  @ApiPropertyOptional({ enum: BOOLEAN, description: '`true`: only estimates with an actual; `false`: only open ones' })
  @OptionalField()
  @IsIn(BOOLEAN)
  completed?: (typeof BOOLEAN)[number];
}

export class ListSpikesQueryDto extends PipelineFilterDto {
  @ApiPropertyOptional({ enum: BOOLEAN })
  @OptionalField()
  @IsIn(BOOLEAN)
  viable?: (typeof BOOLEAN)[number];
}

export class ListSnapshotsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: SHORT, description: 'Only this file’s snapshots' })
  @OptionalText(SHORT)
  file?: string;
}

export class ListPatternUsageQueryDto extends PipelineFilterDto {
  @ApiPropertyOptional({ maxLength: SHORT })
  @OptionalText(SHORT)
  pattern?: string;

  @ApiPropertyOptional({ enum: PATTERN_OUTCOMES })
  @OptionalField()
  @IsIn(PATTERN_OUTCOMES)
  outcome?: PatternOutcome;
}

export class ListDocsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ maxLength: SHORT, description: 'Case-insensitive' })
  @OptionalText(SHORT)
  library?: string;

  @ApiPropertyOptional({ maxLength: SHORT })
  @OptionalText(SHORT)
  version?: string;
}

export class ListDecisionsQueryDto extends PipelineFilterDto {
  @ApiPropertyOptional({ maxLength: SHORT, example: 'research' })
  @OptionalText(SHORT)
  phase?: string;
}

export const DEFAULT_SIMILAR_LIMIT = 5;

export class SimilarFailuresQueryDto {
  @ApiProperty({ minLength: 1, maxLength: LEARNING_LIMITS.query, description: 'A feature description', example: 'realtime notifications' })
  @Text(LEARNING_LIMITS.query, 'q')
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: DEFAULT_SIMILAR_LIMIT })
  @OptionalField()
  @TransformType(() => Number)
  @Whole(1, 50)
  limit?: number;
}

export class CorrectionFactorQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 3650, default: 90, description: 'The window: estimates completed in the last `days` days' })
  @OptionalField()
  @TransformType(() => Number)
  @Whole(1, 3650)
  days?: number;
}

// ---------- outputs ----------

class RecordedDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: ActorDto })
  recordedBy!: ActorDto;
}

export class FailureDto extends RecordedDto {
  @ApiProperty() feature!: string;
  @ApiProperty() approach!: string;
  @ApiProperty() whyFailed!: string;
  @ApiProperty() lesson!: string;
  @ApiProperty({ type: String, nullable: true }) pipelineId!: string | null;
  @ApiProperty({ format: 'date-time' }) loggedAt!: string;
}

export class SimilarFailureDto extends FailureDto {
  @ApiProperty({ minimum: 0, maximum: 1, description: `Cosine similarity of the features’ embeddings; at least ${SIMILARITY_THRESHOLD}` })
  similarity!: number;
}

export class SimilarFailuresDto {
  @ApiProperty({ type: [SimilarFailureDto], description: 'Most similar first' })
  items!: SimilarFailureDto[];

  @ApiProperty({ example: SIMILARITY_THRESHOLD, description: 'The similarity a failure needs to be listed' })
  threshold!: number;
}

export class EstimateDto extends RecordedDto {
  @ApiProperty() feature!: string;
  @ApiProperty({ minimum: 1 }) estimatedSessions!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 1 }) actualSessions!: number | null;
  @ApiProperty({ minimum: 1, maximum: 10 }) complexity!: number;
  @ApiProperty({ type: Number, nullable: true }) filesCreated!: number | null;
  @ApiProperty({ type: Number, nullable: true }) filesModified!: number | null;
  @ApiProperty({ type: String, nullable: true }) notes!: string | null;
  @ApiProperty({ type: String, nullable: true }) pipelineId!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the actual sessions were recorded' })
  completedAt!: string | null;
}

export class CorrectionFactorDto {
  @ApiProperty({
    type: Number,
    nullable: true,
    example: 1.333,
    description: 'Mean actual / estimated sessions; null without a completed estimate in the window',
  })
  factor!: number | null;
  @ApiProperty({ example: 2, description: 'Completed estimates in the window' }) samples!: number;
  @ApiProperty({ example: 90 }) days!: number;
}

export class RetrospectiveDto extends RecordedDto {
  @ApiProperty({ type: String, nullable: true }) pipelineId!: string | null;
  @ApiProperty() feature!: string;
  @ApiProperty() surprises!: string;
  @ApiProperty() wouldChange!: string;
  @ApiProperty({ type: [String] }) newPatterns!: string[];
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100 }) spikeAccuracy!: number | null;
  @ApiProperty({ format: 'date-time' }) loggedAt!: string;
}

export class SpikeDto extends RecordedDto {
  @ApiProperty() feature!: string;
  @ApiProperty() question!: string;
  @ApiProperty() approach!: string;
  @ApiProperty() result!: string;
  @ApiProperty() viable!: boolean;
  @ApiProperty() lessons!: string;
  @ApiProperty() timeSpentMinutes!: number;
  @ApiProperty({ type: String, nullable: true }) pipelineId!: string | null;
  @ApiProperty({ format: 'date-time' }) loggedAt!: string;
}

export class ComplexityWarningDto {
  @ApiProperty() file!: string;
  @ApiProperty({ description: 'Listed warnings are active' }) active!: boolean;
  @ApiProperty({ format: 'uuid', description: 'The snapshot that started the warning' }) snapshotId!: string;
  @ApiProperty({ description: 'The oldest score of the window' }) fromScore!: number;
  @ApiProperty({ description: 'The score that started the warning' }) toScore!: number;
  @ApiProperty({ example: 1.6, description: 'toScore / fromScore, more than 1.5' }) growth!: number;
  @ApiProperty({ minimum: 2, maximum: 5, description: 'Snapshots in the window' }) window!: number;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) clearedAt!: string | null;
}

export class ComplexitySnapshotDto extends RecordedDto {
  @ApiProperty() file!: string;
  @ApiProperty({ type: ComplexityMetricsDto }) metrics!: ComplexityMetricsDto;
  @ApiProperty({ format: 'date-time' }) snapshotAt!: string;
  @ApiProperty({ type: ComplexityWarningDto, nullable: true, description: 'The file’s active trend warning, if it has one' })
  warning!: ComplexityWarningDto | null;
}

export class PatternUsageDto extends RecordedDto {
  @ApiProperty() pattern!: string;
  @ApiProperty({ type: String, nullable: true }) pipelineId!: string | null;
  @ApiProperty({ type: String, nullable: true }) file!: string | null;
  @ApiProperty({ enum: PATTERN_OUTCOMES }) outcome!: PatternOutcome;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 100 }) complianceScore!: number | null;
  @ApiProperty({ format: 'date-time' }) usedAt!: string;
}

export class DocsCacheEntryDto extends RecordedDto {
  @ApiProperty() library!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'The latest fetch’s content' }) content!: string;
  @ApiProperty({ type: String, nullable: true }) sourceUrl!: string | null;
  @ApiProperty({ format: 'date-time' }) fetchedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class DecisionDto extends RecordedDto {
  @ApiProperty({ type: String, nullable: true }) pipelineId!: string | null;
  @ApiProperty() phase!: string;
  @ApiProperty() decision!: string;
  @ApiProperty() reasoning!: string;
  @ApiProperty({ format: 'date-time' }) decidedAt!: string;
}

export class FailurePageDto extends PageDtoOf(FailureDto) {}
export class EstimatePageDto extends PageDtoOf(EstimateDto) {}
export class RetrospectivePageDto extends PageDtoOf(RetrospectiveDto) {}
export class SpikePageDto extends PageDtoOf(SpikeDto) {}
export class ComplexitySnapshotPageDto extends PageDtoOf(ComplexitySnapshotDto) {}
export class ComplexityWarningPageDto extends PageDtoOf(ComplexityWarningDto) {}
export class PatternUsagePageDto extends PageDtoOf(PatternUsageDto) {}
export class DocsCacheEntryPageDto extends PageDtoOf(DocsCacheEntryDto) {}
export class DecisionPageDto extends PageDtoOf(DecisionDto) {}

// ---------- mappers ----------

const copy = <View extends { recordedBy: ActorDto }>(view: View) => ({ ...view, recordedBy: { ...view.recordedBy } });
export const toFailureDto = (view: FailureView): FailureDto => copy(view);
export const toSimilarFailureDto = (view: SimilarFailure): SimilarFailureDto => copy(view);
export const toEstimateDto = (view: EstimateView): EstimateDto => copy(view);
export const toRetrospectiveDto = (view: RetrospectiveView): RetrospectiveDto => ({ ...copy(view), newPatterns: [...view.newPatterns] });
export const toSpikeDto = (view: SpikeView): SpikeDto => copy(view);
export const toComplexityWarningDto = (view: ComplexityWarningView): ComplexityWarningDto => ({ ...view });
export const toComplexitySnapshotDto = (view: ComplexitySnapshotView): ComplexitySnapshotDto => ({
  ...copy(view),
  metrics: { ...view.metrics },
  warning: view.warning ? toComplexityWarningDto(view.warning) : null,
});
export const toPatternUsageDto = (view: PatternUsageView): PatternUsageDto => copy(view);
export const toDocsCacheEntryDto = (view: DocsCacheView): DocsCacheEntryDto => copy(view);
export const toDecisionDto = (view: DecisionView): DecisionDto => copy(view);

/** Bodies → the application's inputs (absent optional fields are null). */
export const failureInput = (b: RecordFailureDto): LearningInputOf<'failure'> => ({
  kind: 'failure',
  feature: b.feature,
  approach: b.approach,
  whyFailed: b.whyFailed,
  lesson: b.lesson,
  pipelineId: b.pipelineId ?? null,
});
export const estimateInput = (b: RecordEstimateDto): LearningInputOf<'estimate'> => ({
  kind: 'estimate',
  feature: b.feature,
  estimatedSessions: b.estimatedSessions,
  actualSessions: b.actualSessions ?? null,
  complexity: b.complexity,
  filesCreated: b.filesCreated ?? null,
  filesModified: b.filesModified ?? null,
  notes: b.notes ?? null,
  pipelineId: b.pipelineId ?? null,
});
export const retrospectiveInput = (b: RecordRetrospectiveDto): LearningInputOf<'retrospective'> => ({
  kind: 'retrospective',
  pipelineId: b.pipelineId ?? null,
  feature: b.feature,
  surprises: b.surprises,
  wouldChange: b.wouldChange,
  newPatterns: b.newPatterns,
  spikeAccuracy: b.spikeAccuracy ?? null,
});
export const spikeInput = (b: RecordSpikeDto): LearningInputOf<'spike'> => ({ kind: 'spike', ...b, pipelineId: b.pipelineId ?? null });
export const snapshotInput = (b: RecordComplexitySnapshotDto): LearningInputOf<'complexity_snapshot'> => ({
  kind: 'complexity_snapshot',
  file: b.file,
  metrics: { ...b.metrics },
});
export const patternUsageInput = (b: RecordPatternUsageDto): LearningInputOf<'pattern_usage'> => ({
  kind: 'pattern_usage',
  pattern: b.pattern,
  pipelineId: b.pipelineId ?? null,
  file: b.file ?? null,
  outcome: b.outcome,
  complianceScore: b.complianceScore ?? null,
});
export const docsInput = (b: CacheDocsDto): LearningInputOf<'docs'> => ({
  kind: 'docs',
  library: b.library,
  version: b.version,
  content: b.content,
  sourceUrl: b.sourceUrl ?? null,
  expiresAt: b.expiresAt ?? null,
});
export const decisionInput = (b: RecordDecisionDto): LearningInputOf<'decision'> => ({
  kind: 'decision',
  pipelineId: b.pipelineId ?? null,
  phase: b.phase,
  decision: b.decision,
  reasoning: b.reasoning,
});
