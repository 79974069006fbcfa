import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'name' })
  field!: string;

  @ApiProperty({ type: [String], example: ['name must be shorter than or equal to 100 characters'] })
  messages!: string[];
}

/** RFC 9457 problem details, as every error of this API is sent (application/problem+json). */
export class ProblemDto {
  @ApiProperty({
    description: 'Stable identifier of the kind of error; switch on it',
    example: 'https://agent-squad.dev/problems/not-found',
  })
  type!: string;

  @ApiProperty({ example: 'Not found' })
  title!: string;

  @ApiProperty({ example: 404 })
  status!: number;

  @ApiPropertyOptional({ example: 'squad 7d3c… was not found' })
  detail?: string;

  @ApiPropertyOptional({ description: 'The request path', example: '/api/v1/squads/7d3c…' })
  instance?: string;

  @ApiPropertyOptional({ description: 'Domain rule broken (422)', example: 'member_already_in_squad' })
  code?: string;

  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Offending fields (400)' })
  errors?: FieldErrorDto[];

  @ApiPropertyOptional({ description: 'Seconds to wait (429); also in the Retry-After header', example: 42 })
  retryAfter?: number;
}
