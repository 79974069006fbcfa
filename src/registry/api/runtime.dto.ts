import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { PageQueryDto } from '../../platform/http/pagination.js';
import { MAX_LOCK_TTL_MS } from '../domain/resource-lock.errors.js';
import { PRIORITIES, type Priority } from '../domain/priority.js';

export class StartInstanceDto {
  @ApiProperty({ example: 'qa-manager' }) @IsString() @Matches(/^[a-z][a-z0-9-]{0,62}$/) slug!: string;
  @ApiPropertyOptional({ example: '1.0.0', description: 'The highest published version when absent' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  version?: string;
}

export class InstancesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'qa-manager' }) @IsOptional() @IsString() @MaxLength(63) slug?: string;
}

export class ExecutionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) instanceId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(63) slug?: string;
  @ApiPropertyOptional({ enum: ['pending', 'running', 'succeeded', 'failed'] })
  @IsOptional()
  @IsIn(['pending', 'running', 'succeeded', 'failed'])
  status?: 'pending' | 'running' | 'succeeded' | 'failed';
}

export class PublishEventDto {
  @ApiPropertyOptional({ description: 'Your id for the event: the same id is accepted once', example: 'deploy-2025-11-22-001' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/)
  eventId?: string;
  @ApiProperty({ example: 'build.deployed' }) @IsString() @MaxLength(200) type!: string;
  @ApiProperty({ type: 'object', additionalProperties: true, example: { environment: 'staging', build: 'a1b2c3' } })
  @IsObject()
  payload!: Record<string, never>;
  @ApiPropertyOptional({ enum: PRIORITIES, default: 'NORMAL' }) @IsOptional() @IsIn([...PRIORITIES]) priority?: Priority;
}

export class IntakeEventsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Only events no instance handled' })
  @IsOptional()
  @Type(() => Boolean)
  @IsBoolean()
  unhandled?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) type?: string;
}

export class AcquireLockDto {
  @ApiPropertyOptional({ description: 'Who holds it; your member (or key) id when absent', example: 'executor-1' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  holder?: string;
  @ApiProperty({ minimum: 1, maximum: MAX_LOCK_TTL_MS, example: 30000 }) @IsInt() @Min(1) @Max(MAX_LOCK_TTL_MS) ttlMs!: number;
  @ApiPropertyOptional({ enum: PRIORITIES, default: 'NORMAL' }) @IsOptional() @IsIn([...PRIORITIES]) priority?: Priority;
}

export class ReleaseLockDto {
  @ApiPropertyOptional({ example: 'executor-1' }) @IsOptional() @IsString() @MaxLength(200) holder?: string;
}
