import { ApiProperty } from '@nestjs/swagger';

/** Who did something (event metadata's `actor`): one schema for every module that shows it. */
export class ActorDto {
  @ApiProperty({ enum: ['member', 'api_key', 'system'] })
  kind!: 'member' | 'api_key' | 'system';

  @ApiProperty({ example: '3f2a6c1e-1b2c-4d5e-8f90-123456789abc', description: 'A member or API key id, or the name of a system process' })
  id!: string;
}
