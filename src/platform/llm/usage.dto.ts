import { ApiProperty } from '@nestjs/swagger';

/** The figures every usage row carries (llm-usage.service.ts `UsageFigures`). */
export class UsageFiguresDto {
  @ApiProperty({ type: 'integer', example: 42 }) calls!: number;
  @ApiProperty({ type: 'integer', example: 7, description: 'Answered from the response cache' }) cachedCalls!: number;
  @ApiProperty({ type: 'integer', example: 1, description: 'Every provider of the chain failed' }) failedCalls!: number;
  @ApiProperty({ type: 'integer', example: 18200 }) inputTokens!: number;
  @ApiProperty({ type: 'integer', example: 5400 }) outputTokens!: number;
  @ApiProperty({ type: Number, example: 0.0312, description: 'US dollars, at the configured prices' }) costUsd!: number;
}

export class UsageDayDto extends UsageFiguresDto {
  @ApiProperty({ example: '2026-11-30', description: 'UTC day' }) day!: string;
}

export class UsagePurposeDto extends UsageFiguresDto {
  @ApiProperty({ example: 'agent_answer' }) purpose!: string;
}

export class UsageModelDto extends UsageFiguresDto {
  @ApiProperty({ example: 'offline' }) provider!: string;
  @ApiProperty({ example: 'offline-1' }) model!: string;
}

export class UsageTotalsDto {
  @ApiProperty({ format: 'date-time' }) from!: string;
  @ApiProperty({ format: 'date-time' }) to!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The squad filter, when given' }) squadId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The agent filter, when given' }) agentSlug!: string | null;
  @ApiProperty({ type: UsageFiguresDto }) total!: UsageFiguresDto;
  @ApiProperty({ type: [UsageDayDto] }) byDay!: UsageDayDto[];
  @ApiProperty({ type: [UsagePurposeDto] }) byPurpose!: UsagePurposeDto[];
  @ApiProperty({ type: [UsageModelDto] }) byModel!: UsageModelDto[];
}
