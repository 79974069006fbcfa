import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsUUID } from 'class-validator';
import { OptionalField } from '../../platform/http/input/optional-field.js';

export class QueueStatisticsQueryDto {
  @ApiPropertyOptional({ format: 'date-time', description: 'Start of the window (default: 30 days before `to`)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'End of the window, exclusive (default: now)' })
  @OptionalField()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only this squad’s items and sessions' })
  @OptionalField()
  @IsUUID()
  squadId?: string;
}

export class WaitingByKindDto {
  @ApiProperty() park!: number;
  @ApiProperty() escalate!: number;
  @ApiProperty() question!: number;
}

export class WaitingByPriorityDto {
  @ApiProperty() normal!: number;
  @ApiProperty() elevated!: number;
}

export class QueueWaitingDto {
  @ApiProperty({ description: 'Items waiting now (unclaimed)' })
  total!: number;

  @ApiProperty({ type: WaitingByKindDto })
  byKind!: WaitingByKindDto;

  @ApiProperty({ type: WaitingByPriorityDto })
  byPriority!: WaitingByPriorityDto;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the item waiting longest went onto the queue' })
  oldestSince!: string | null;
}

export class TimeToClaimDto {
  @ApiProperty({ description: 'Items first claimed in the window' })
  claims!: number;

  @ApiProperty({ type: Number, nullable: true, description: 'From going onto the queue to the first claim' })
  medianSeconds!: number | null;

  @ApiProperty({ type: Number, nullable: true })
  p95Seconds!: number | null;
}

export class QueueSessionTimeDto {
  @ApiProperty({ description: 'Sessions handed off in the window' })
  sessions!: number;

  @ApiProperty({ description: 'Their time active, summed (as each session shows it, up to now)' })
  activeSeconds!: number;

  @ApiProperty({ description: 'Their time parked or escalated on the queue, summed' })
  waitingSeconds!: number;
}

export class QueueStatisticsDto {
  @ApiProperty({ format: 'date-time' })
  from!: string;

  @ApiProperty({ format: 'date-time' })
  to!: string;

  @ApiProperty({ type: QueueWaitingDto })
  waiting!: QueueWaitingDto;

  @ApiProperty({ type: TimeToClaimDto })
  timeToClaim!: TimeToClaimDto;

  @ApiProperty({ type: QueueSessionTimeDto })
  sessionTime!: QueueSessionTimeDto;
}
