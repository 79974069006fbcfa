import { ApiProperty } from '@nestjs/swagger';

export class DurationFiguresDto {
  @ApiProperty({ example: 42 })
  count!: number;

  @ApiProperty({ type: Number, nullable: true, example: 850 })
  averageMs!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 620 })
  p50Ms!: number | null;

  @ApiProperty({ type: Number, nullable: true, example: 2400 })
  p95Ms!: number | null;
}

export class LevelEscalationDto {
  @ApiProperty({ example: 0 })
  level!: number;

  @ApiProperty({ example: 40, description: 'Times a question reached the level' })
  reached!: number;

  @ApiProperty({ example: 30 })
  answered!: number;

  @ApiProperty({ example: 8, description: 'Left unanswered: escalated on, or the chain ran out here' })
  escalatedAway!: number;

  @ApiProperty({ type: Number, nullable: true, example: 0.211, description: 'escalatedAway / rounds that ended at this level' })
  escalationRate!: number | null;
}

export class RuleEscalationDto extends LevelEscalationDto {
  @ApiProperty({ example: '0b8f6f0e-8f0a-4a53-9a3e-0d9c1d2e3f40' })
  ruleId!: string;
}

export class ConversationsByStateDto {
  @ApiProperty() initiated!: number;
  @ApiProperty() waiting!: number;
  @ApiProperty() follow_up!: number;
  @ApiProperty() escalated!: number;
  @ApiProperty() answered!: number;
  @ApiProperty() unanswered!: number;
}

export class ConversationStatisticsDto {
  @ApiProperty({ format: 'uuid' })
  squadId!: string;

  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ type: ConversationsByStateDto })
  byState!: ConversationsByStateDto;

  @ApiProperty({ type: DurationFiguresDto, description: 'From the question to the first acknowledgement' })
  timeToAcknowledge!: DurationFiguresDto;

  @ApiProperty({ type: DurationFiguresDto, description: 'From the question to its answer' })
  timeToAnswer!: DurationFiguresDto;

  @ApiProperty({ type: LevelEscalationDto, isArray: true })
  byLevel!: LevelEscalationDto[];

  @ApiProperty({ type: RuleEscalationDto, isArray: true })
  byRule!: RuleEscalationDto[];
}
