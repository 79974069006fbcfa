import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsObject, IsString, Matches, Max, Min, ValidateIf, ValidateNested } from 'class-validator';
import { RETENTION_DAYS, type RetentionOutcome } from '../domain/retention.types.js';
import type { RetentionTargetView, RetentionView } from '../application/retention.view.js';

export class RetentionRuleDto {
  @ApiProperty({ example: 'agent_logs', description: 'A target of `GET /api/v1/organization/retention`' })
  @IsString()
  @Matches(/^[a-z_]{1,64}$/)
  target!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    minimum: RETENTION_DAYS.min,
    maximum: RETENTION_DAYS.max,
    example: 30,
    description: 'Keep rows this many days; null keeps them forever',
  })
  // Required, and null is a value (forever): only null skips the number rules.
  @ValidateIf((_rule, days) => days !== null)
  @IsInt()
  @Min(RETENTION_DAYS.min)
  @Max(RETENTION_DAYS.max)
  days!: number | null;
}

export class SetRetentionRulesDto {
  @ApiProperty({
    type: [RetentionRuleDto],
    maxItems: 50,
    description: 'All of the organization’s rules: a target left out keeps its default; `[]` restores every default',
  })
  @IsArray()
  @ArrayMaxSize(50)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RetentionRuleDto)
  rules!: RetentionRuleDto[];
}

export class RetentionRuleDaysDto {
  @ApiProperty({ type: Number, nullable: true, example: 30, description: 'Days kept; null: forever' })
  days!: number | null;
}

export class RetentionLastRunDto {
  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ format: 'date-time', description: 'Rows older than this were removed' })
  cutoff!: string;

  @ApiProperty({ example: 1200 })
  removed!: number;
}

export class RetentionTargetDto {
  @ApiProperty({ example: 'agent_logs' })
  target!: string;

  @ApiProperty({ example: 'Pipeline agent logs (GET /api/v1/pipelines/agent-logs), by when they were logged' })
  description!: string;

  @ApiProperty({ type: Number, nullable: true, example: 90, description: 'Days kept without a rule; null: forever' })
  defaultDays!: number | null;

  @ApiProperty({ type: RetentionRuleDaysDto, nullable: true, description: 'The organization’s rule, when it set one' })
  rule!: { days: number | null } | null;

  @ApiProperty({ type: Number, nullable: true, example: 30, description: 'What applies (the rule, else the default); null: forever' })
  days!: number | null;

  @ApiProperty({ type: RetentionLastRunDto, nullable: true, description: 'The last run that removed rows' })
  lastRun!: RetentionLastRunDto | null;

  @ApiProperty({ example: 5400 })
  totalRemoved!: number;
}

export class RetentionDto {
  @ApiProperty({ type: [RetentionTargetDto] })
  targets!: RetentionTargetDto[];

  @ApiProperty({ format: 'date-time', description: 'When the daily sweep runs next (RETENTION_SWEEP_HOUR_UTC)' })
  nextSweepAt!: string;
}

export class RetentionOutcomeDto {
  @ApiProperty({ example: 'agent_logs' })
  target!: string;

  @ApiProperty({ example: 30 })
  days!: number;

  @ApiProperty({ format: 'date-time' })
  cutoff!: string;

  @ApiProperty({ example: 1200 })
  removed!: number;
}

export class RetentionRunDto {
  @ApiProperty({ type: [RetentionOutcomeDto], description: 'The targets that lost rows; targets with nothing to remove are left out' })
  removed!: RetentionOutcomeDto[];
}

const toTargetDto = (view: RetentionTargetView): RetentionTargetDto => ({
  target: view.target,
  description: view.description,
  defaultDays: view.defaultDays,
  rule: view.rule,
  days: view.days,
  lastRun: view.lastRun
    ? { at: view.lastRun.at.toISOString(), cutoff: view.lastRun.cutoff.toISOString(), removed: view.lastRun.removed }
    : null,
  totalRemoved: view.totalRemoved,
});

export const toRetentionDto = (view: RetentionView): RetentionDto => ({
  targets: view.targets.map(toTargetDto),
  nextSweepAt: view.nextSweepAt.toISOString(),
});

export const toRetentionRunDto = (outcomes: RetentionOutcome[]): RetentionRunDto => ({ removed: outcomes });
