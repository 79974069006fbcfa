import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Transform } from 'class-transformer';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import { MAX_LOCK_TTL_MS } from '../domain/resource-lock.errors.js';
import { PRIORITIES, type Priority } from '../domain/priority.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';

export class StartInstanceDto {
  @ApiProperty({ example: 'qa-manager' }) @IsString() @Matches(/^[a-z][a-z0-9-]{0,62}$/) slug!: string;
  @ApiPropertyOptional({ example: '1.0.0', description: 'The highest published version when absent' })
  @OptionalField()
  @IsString()
  @MaxLength(64)
  version?: string;
}

export class InstancesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'qa-manager' }) @OptionalField() @IsString() @MaxLength(63) slug?: string;
}

export class ExecutionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @OptionalField() @IsString() @MaxLength(100) instanceId?: string;
  @ApiPropertyOptional() @OptionalField() @IsString() @MaxLength(63) slug?: string;
  @ApiPropertyOptional({ enum: ['pending', 'running', 'succeeded', 'failed'] })
  @OptionalField()
  @IsIn(['pending', 'running', 'succeeded', 'failed'])
  status?: 'pending' | 'running' | 'succeeded' | 'failed';
}

export class PublishEventDto {
  @ApiPropertyOptional({ description: 'Your id for the event: the same id is accepted once', example: 'deploy-2025-11-22-001' })
  @OptionalField()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/)
  eventId?: string;
  @ApiProperty({ example: 'build.deployed' }) @IsString() @MaxLength(200) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { environment: 'staging', build: 'a1b2c3' } })
  @IsObject()
  payload!: Record<string, never>;
  @ApiPropertyOptional({ enum: PRIORITIES, default: 'NORMAL' }) @OptionalField() @IsIn([...PRIORITIES]) priority?: Priority;
}

export class IntakeEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'true: only events no instance handled; false: only those routed to one' })
  @OptionalField()
  // `Boolean("false")` is true: map the query text explicitly, anything else stays a string and fails @IsBoolean.
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  unhandled?: boolean;
  @ApiPropertyOptional() @OptionalField() @IsString() @MaxLength(200) type?: string;
}

export class AcquireLockDto {
  @ApiPropertyOptional({ description: 'Who holds it; your member (or key) id when absent', example: 'executor-1' })
  @OptionalField()
  @IsString()
  @MaxLength(200)
  holder?: string;
  @ApiProperty({ minimum: 1, maximum: MAX_LOCK_TTL_MS, example: 30000 }) @IsInt() @Min(1) @Max(MAX_LOCK_TTL_MS) ttlMs!: number;
  @ApiPropertyOptional({ enum: PRIORITIES, default: 'NORMAL' }) @OptionalField() @IsIn([...PRIORITIES]) priority?: Priority;
}

export class ReleaseLockDto {
  @ApiPropertyOptional({ example: 'executor-1' }) @OptionalField() @IsString() @MaxLength(200) holder?: string;
}

const INSTANCE_STATUSES = ['IDLE', 'RUNNING', 'PAUSED', 'ERROR', 'STOPPED'];
const EXECUTION_STATUSES = ['pending', 'running', 'succeeded', 'failed'];

export class InstanceChangeDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ enum: ['active', 'paused', 'stopped'] }) lifecycle!: string;
}

export class InstanceDto {
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty({ example: 'qa-manager' }) slug!: string;
  @ApiProperty({ example: '1.0.0' }) version!: string;
  @ApiProperty({ enum: INSTANCE_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) stoppedAt!: string | null;
  @ApiProperty({ example: 0 }) pendingExecutions!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastExecutionAt!: string | null;
}

export const InstancePageDto = PageDtoOf(InstanceDto);

export class ExecutionDto {
  @ApiProperty({ example: 'deploy-2025-11-22-001:0b8f6f0e-8f0a-4a53-9a3e-0d9c1d2e3f40' }) executionId!: string;
  @ApiProperty() eventId!: string;
  @ApiProperty({ example: 'build.deployed' }) eventType!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ enum: EXECUTION_STATUSES }) status!: string;
  @ApiProperty({ example: 1 }) attempts!: number;
  @ApiProperty({ format: 'date-time' }) enqueuedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: Number }) durationMs!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'What the agent answered' }) output!: string | null;
  @ApiProperty({ nullable: true, type: String }) error!: string | null;
}

export const ExecutionPageDto = PageDtoOf(ExecutionDto);

export class AgentMetricsDto {
  @ApiProperty() slug!: string;
  @ApiProperty() runs!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 1 }) successRate!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p50DurationMs!: number | null;
  @ApiProperty({ nullable: true, type: Number }) p95DurationMs!: number | null;
  @ApiProperty() pending!: number;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) lastRunAt!: string | null;
}

export class RoutedExecutionDto {
  @ApiProperty() executionId!: string;
  @ApiProperty({ format: 'uuid' }) instanceId!: string;
  @ApiProperty() slug!: string;
  @ApiProperty() version!: string;
}

export class IntakeReceiptDto {
  @ApiProperty() eventId!: string;
  @ApiProperty({ description: 'false when this event id had been received before: nothing was enqueued again' }) accepted!: boolean;
  @ApiProperty({ type: [RoutedExecutionDto], description: 'Empty: no running instance handles the event (it is counted as unhandled)' })
  executions!: RoutedExecutionDto[];
}

export class IntakeEventDto {
  @ApiProperty() eventId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) payload!: object;
  @ApiProperty({ description: '0: unhandled' }) routedCount!: number;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
}

export const IntakeEventPageDto = PageDtoOf(IntakeEventDto);

export class EventTypeStatsDto {
  @ApiProperty() eventType!: string;
  @ApiProperty() received!: number;
  @ApiProperty() routed!: number;
  @ApiProperty() unhandled!: number;
  @ApiProperty({ format: 'date-time' }) lastReceivedAt!: string;
}

export class ExecutionCountsDto {
  @ApiProperty() pending!: number;
  @ApiProperty() succeeded!: number;
  @ApiProperty() failed!: number;
}

export class RoutingStatsDto {
  @ApiProperty() received!: number;
  @ApiProperty() routed!: number;
  @ApiProperty() unhandled!: number;
  @ApiProperty({ type: ExecutionCountsDto }) executions!: ExecutionCountsDto;
  @ApiProperty({ type: [EventTypeStatsDto] }) byType!: EventTypeStatsDto[];
}

export class LockHolderDto {
  @ApiProperty({ example: 'executor-1' }) holder!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty({ description: 'Numbers the grants of this resource: 1, 2, …' }) lease!: number;
  @ApiProperty({ format: 'date-time' }) grantedAt!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class LockWaiterDto {
  @ApiProperty() holder!: string;
  @ApiProperty({ enum: PRIORITIES }) priority!: string;
  @ApiProperty() ttlMs!: number;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ description: '1: next to get the lock' }) position!: number;
}

export class LockStatusDto {
  @ApiProperty({ example: 'repo:main' }) resource!: string;
  @ApiProperty() locked!: boolean;
  @ApiProperty({ type: LockHolderDto, nullable: true }) holder!: LockHolderDto | null;
  @ApiProperty({ type: [LockWaiterDto], description: 'By priority, then arrival' }) queue!: LockWaiterDto[];
}

export const LockStatusPageDto = PageDtoOf(LockStatusDto);

export class LockOutcomeDto {
  @ApiProperty() resource!: string;
  @ApiProperty() holder!: string;
  @ApiProperty({ enum: ['granted', 'queued', 'released', 'left_queue'] }) outcome!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ nullable: true, type: Number, description: '1-based place in the queue when queued' }) queuePosition!: number | null;
}

export class InstalledTemplateDto {
  @ApiProperty() slug!: string;
  @ApiProperty() version!: string;
  @ApiProperty({ description: 'false: this version was already registered and was left as it is' }) installed!: boolean;
}
