import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, Length, ValidateNested } from 'class-validator';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import type { BranchExchange, BranchMessageView, BranchView, SessionSummary, SessionView } from '../application/session.view.js';
import { MAX_OPTIONS, MIN_OPTIONS } from '../domain/session.commands.js';
import { BRANCH_STATUSES, type BranchStatus, SESSION_STATUSES, type SessionStatus } from '../domain/session.types.js';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { AttachmentDto, toAttachmentDto } from './attachment.dto.js';

export const MAX_TEXT = 20_000;
export const MAX_REASON = 2_000;
export const MAX_ATTACHMENTS = 10;

export class StartSessionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT, example: 'Outlook on three laptops cannot reach the mail server since this morning' })
  @IsString()
  @Length(1, MAX_TEXT)
  problem!: string;

  @ApiPropertyOptional({ maxLength: 100, example: 'email' })
  @OptionalField()
  @IsString()
  @Length(1, 100)
  domain?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The squad the session belongs to' })
  @OptionalField()
  @IsUUID()
  squadId?: string;

  @ApiPropertyOptional({ maxLength: 200, example: 'Mail outage, Smith & Co' })
  @OptionalField()
  @IsString()
  @Length(1, 200)
  title?: string;
}

export class ListSessionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SESSION_STATUSES })
  @OptionalField()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID()
  squadId?: string;
}

export class HypothesisOptionDto {
  @ApiProperty({ minLength: 1, maxLength: 200, example: 'DNS' })
  @IsString()
  @Length(1, 200)
  label!: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_REASON, example: 'The MX record still points at the old host' })
  @IsString()
  @Length(1, MAX_REASON)
  description!: string;
}

export class ForkSessionDto {
  @ApiProperty({ format: 'uuid', description: 'The branch to fork' })
  @IsUUID()
  fromBranchId!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The last message the new branches inherit (default: the branch’s latest)' })
  @OptionalField()
  @IsUUID()
  atMessageId?: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_REASON, example: 'Two likely causes' })
  @IsString()
  @Length(1, MAX_REASON)
  reason!: string;

  @ApiProperty({ type: HypothesisOptionDto, isArray: true, minItems: MIN_OPTIONS, maxItems: MAX_OPTIONS })
  @IsArray()
  @ArrayMinSize(MIN_OPTIONS)
  @ArrayMaxSize(MAX_OPTIONS)
  @ValidateNested({ each: true })
  @Type(() => HypothesisOptionDto)
  options!: HypothesisOptionDto[];

  @ApiPropertyOptional({ default: true, description: 'Make the first option the active branch' })
  @OptionalField()
  @IsBoolean()
  activateFirst?: boolean;
}

export class BranchReasonDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_REASON, example: 'dig MX returns the new host: DNS is fine' })
  @IsString()
  @Length(1, MAX_REASON)
  reason!: string;
}

export class ReviveBranchDto {
  @ApiProperty({ format: 'uuid', description: 'The branch where the evidence was found (not the revived one)' })
  @IsUUID()
  evidenceFromBranchId!: string;

  @ApiProperty({ minLength: 1, maxLength: MAX_REASON, example: 'The firewall log shows port 53 blocked too' })
  @IsString()
  @Length(1, MAX_REASON)
  evidence!: string;
}

export class PostBranchMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT, example: 'nslookup mail.example.com times out' })
  @IsString()
  @Length(1, MAX_TEXT)
  text!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    isArray: true,
    maxItems: MAX_ATTACHMENTS,
    description:
      'Attachments of this session (uploaded to any of its branches with POST …/attachments); they stay in the branch’s prompts after this message',
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @IsUUID(undefined, { each: true })
  attachmentIds?: string[];
}

export class ForkPositionDto {
  @ApiProperty({ format: 'uuid', description: 'The branch whose messages are inherited (this one or an ancestor)' })
  branchId!: string;

  @ApiProperty({ description: 'The event position of the last inherited message; 0: nothing inherited', example: 42 })
  position!: number;
}

export class BranchSummaryDto {
  @ApiProperty({ type: String, isArray: true, example: ['dig MX'] })
  tried!: string[];

  @ApiProperty({ example: 'The MX record is correct' })
  concluded!: string;

  @ApiProperty({ type: String, isArray: true, example: [] })
  artifacts!: string[];
}

export class RevivalDto {
  @ApiProperty({ format: 'uuid' })
  evidenceFromBranchId!: string;

  @ApiProperty({ example: 'The firewall log shows port 53 blocked too' })
  evidence!: string;
}

export class BranchDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null for the root branch' })
  parentBranchId!: string | null;

  @ApiProperty({ type: String, isArray: true, description: 'Branches forked from this one' })
  childBranchIds!: string[];

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  forkId!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'Two likely causes' })
  forkReason!: string | null;

  @ApiProperty({ type: ForkPositionDto, nullable: true, description: 'Where the inherited history ends; null for the root' })
  forkPosition!: ForkPositionDto | null;

  @ApiProperty({ example: 'DNS' })
  label!: string;

  @ApiProperty({ example: 'The MX record still points at the old host' })
  description!: string;

  @ApiProperty({ example: 1 })
  order!: number;

  @ApiProperty({ enum: BRANCH_STATUSES })
  status!: BranchStatus;

  @ApiProperty({ description: 'The one branch the session works on now' })
  active!: boolean;

  @ApiProperty({ type: String, nullable: true })
  statusReason!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  statusChangedAt!: string | null;

  @ApiProperty({ type: ActorDto, nullable: true, description: 'Who marked it a dead end, solved or revived it' })
  statusChangedBy!: ActorDto | null;

  @ApiProperty({ type: RevivalDto, nullable: true })
  revival!: RevivalDto | null;

  @ApiProperty({ type: BranchSummaryDto, nullable: true })
  summary!: BranchSummaryDto | null;

  @ApiProperty({ description: 'Its own messages, not the inherited ones', example: 4 })
  messageCount!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class TokenUsageDto {
  @ApiProperty({ example: 1200 })
  inputTokens!: number;

  @ApiProperty({ example: 300 })
  outputTokens!: number;
}

export class SessionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: SESSION_STATUSES })
  status!: SessionStatus;

  @ApiProperty({ example: 'Outlook cannot reach the mail server' })
  problem!: string;

  @ApiProperty({ type: String, nullable: true, example: 'email' })
  domain!: string | null;

  @ApiProperty({ type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  squadId!: string | null;

  @ApiProperty({ format: 'uuid' })
  rootBranchId!: string;

  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Null once the active branch was concluded, until the next switch',
  })
  activeBranchId!: string | null;

  @ApiProperty({ type: BranchDto, isArray: true, description: 'The branch tree (by parentBranchId), in creation order' })
  branches!: BranchDto[];

  @ApiProperty({ type: AttachmentDto, isArray: true, description: 'Files attached to its branches, oldest first' })
  attachments!: AttachmentDto[];

  @ApiProperty({ type: TokenUsageDto })
  tokenUsage!: TokenUsageDto;

  @ApiProperty({ example: 600, description: 'Seconds since it started that it did not wait on the team queue' })
  timeActiveSeconds!: number;

  @ApiProperty({ example: 0, description: 'Seconds it waited on the team queue (handed off and unclaimed), the wait under way included' })
  timeParkedSeconds!: number;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
}

export class SessionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: SESSION_STATUSES })
  status!: SessionStatus;

  @ApiProperty()
  problem!: string;

  @ApiProperty({ type: String, nullable: true })
  title!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  squadId!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  activeBranchId!: string | null;

  @ApiProperty({ example: 3 })
  branchCount!: number;

  @ApiProperty({ format: 'date-time' })
  startedAt!: string;
}

export class SessionSummaryPageDto extends PageDtoOf(SessionSummaryDto) {}

export class BranchMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid', description: 'The branch the message belongs to' })
  branchId!: string;

  @ApiProperty({ description: 'True when inherited from an ancestor branch (before the fork)' })
  inherited!: boolean;

  @ApiProperty({ enum: ['user', 'assistant', 'system'], description: 'system: a note such as a revival' })
  role!: 'user' | 'assistant' | 'system';

  @ApiProperty()
  text!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For a reply: the message it answers' })
  replyTo!: string | null;

  @ApiProperty({ type: String, isArray: true })
  attachmentIds!: string[];

  @ApiProperty({ description: 'Its event position: the order of the history', example: 42 })
  position!: number;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

export class BranchMessagesDto {
  @ApiProperty({ type: BranchMessageDto, isArray: true })
  items!: BranchMessageDto[];
}

export class BranchExchangeDto {
  @ApiProperty({ type: BranchMessageDto })
  message!: BranchMessageDto;

  @ApiProperty({ type: BranchMessageDto })
  reply!: BranchMessageDto;
}

// The views already have the documented shapes; the mappers keep the API free to diverge later.
export const toSessionDto = (view: SessionView): SessionDto => {
  const { version: _version, ...rest } = view;
  return { ...rest, branches: rest.branches.map(toBranchDto), attachments: rest.attachments.map(toAttachmentDto) };
};
export const toBranchDto = (view: BranchView): BranchDto => ({ ...view });
export const toSessionSummaryDto = (view: SessionSummary): SessionSummaryDto => ({ ...view });
export const toBranchMessageDto = (view: BranchMessageView): BranchMessageDto => ({ ...view });
export const toBranchExchangeDto = (exchange: BranchExchange): BranchExchangeDto => ({
  message: toBranchMessageDto(exchange.message),
  reply: toBranchMessageDto(exchange.reply),
});

export class SuggestedHypothesisDto {
  @ApiProperty({ example: 'DNS' })
  label!: string;

  @ApiProperty({ example: 'The MX record still points at the old host' })
  description!: string;

  @ApiProperty({ minimum: 0, maximum: 1, example: 0.6 })
  likelihood!: number;

  @ApiProperty({ example: 'dig MX example.com' })
  firstCheck!: string;
}

export class SuggestionsDto {
  @ApiProperty({ type: SuggestedHypothesisDto, isArray: true, minItems: 2, maxItems: 5, description: 'Ready to pass to fork as options' })
  options!: SuggestedHypothesisDto[];
}
