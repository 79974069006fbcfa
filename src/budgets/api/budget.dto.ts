import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNumber, IsString, IsUUID, Matches, Max, Min } from 'class-validator';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import type { BudgetView } from '../application/budget.view.js';
import {
  BUDGET_MODES,
  BUDGET_PERIODS,
  BUDGET_SCOPES,
  type BudgetMode,
  type BudgetPeriod,
  type BudgetScope,
  MAX_THRESHOLDS,
} from '../domain/budget.types.js';

/** The smallest dollar limit: the ledger counts micro-dollars. */
const MIN_USD = 0.000001;

export class SetBudgetDto {
  @ApiProperty({ enum: BUDGET_SCOPES, example: 'squad', description: 'Whose calls the budget counts' })
  @IsIn(BUDGET_SCOPES)
  scope!: BudgetScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'The squad, for scope `squad`' })
  @OptionalField()
  @IsUUID()
  squadId?: string;

  @ApiPropertyOptional({ example: 'release-watcher', description: 'The agent definition’s slug, for scope `agent`' })
  @OptionalField()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,63}$/)
  agentSlug?: string;

  @ApiProperty({ enum: BUDGET_PERIODS, example: 'month', description: 'UTC day or month; spend starts from zero each period' })
  @IsIn(BUDGET_PERIODS)
  period!: BudgetPeriod;

  @ApiPropertyOptional({ minimum: MIN_USD, example: 25, description: 'US dollars per period, at the configured prices' })
  @OptionalField()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(MIN_USD)
  @Max(1_000_000_000)
  limitUsd?: number;

  @ApiPropertyOptional({ minimum: 1, example: 2_000_000, description: 'Tokens (in and out) per period' })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000_000)
  limitTokens?: number;

  @ApiProperty({
    enum: BUDGET_MODES,
    example: 'block',
    description: 'block: calls beyond the limit fail; degrade: the offline model answers them; alert: only events',
  })
  @IsIn(BUDGET_MODES)
  mode!: BudgetMode;

  @ApiPropertyOptional({
    type: [Number],
    maxItems: MAX_THRESHOLDS,
    example: [0.8, 1],
    description: 'Fractions of the limit in (0, 1] that emit BudgetThresholdReached; default [0.8, 1]',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_THRESHOLDS)
  @IsNumber({ allowNaN: false, allowInfinity: false }, { each: true })
  @Min(0.01, { each: true })
  @Max(1, { each: true })
  thresholds?: number[];
}

export class BudgetDto implements BudgetView {
  @ApiProperty({ example: 'squad:3f2a1c9e-0d4b-4b8e-9a51-2f7c6d1e8a90:month' }) budgetId!: string;
  @ApiProperty({ enum: BUDGET_SCOPES }) scope!: BudgetScope;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) squadId!: string | null;
  @ApiProperty({ type: String, nullable: true }) agentSlug!: string | null;
  @ApiProperty({ enum: BUDGET_PERIODS }) period!: BudgetPeriod;
  @ApiProperty({ enum: BUDGET_MODES }) mode!: BudgetMode;
  @ApiProperty({ type: Number, nullable: true, example: 25 }) limitUsd!: number | null;
  @ApiProperty({ type: 'integer', nullable: true, example: null }) limitTokens!: number | null;
  @ApiProperty({ type: [Number], example: [0.8, 1] }) thresholds!: number[];
  @ApiProperty({ format: 'date-time' }) periodStart!: string;
  @ApiProperty({ format: 'date-time', description: 'Exclusive' }) periodEnd!: string;
  @ApiProperty({ type: Number, example: 3.2 }) spentUsd!: number;
  @ApiProperty({ type: 'integer', example: 420000 }) spentTokens!: number;
  @ApiProperty({ type: Number, example: 0.01, description: 'Held by calls in flight until they settle' }) reservedUsd!: number;
  @ApiProperty({ type: 'integer', example: 1200 }) reservedTokens!: number;
  @ApiProperty({ type: Number, example: 9.6, description: 'Spend at the end of the period at the rate so far' }) projectedUsd!: number;
  @ApiProperty({ type: 'integer', example: 1260000 }) projectedTokens!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class BudgetListDto {
  @ApiProperty({ type: [BudgetDto] }) budgets!: BudgetDto[];
}
