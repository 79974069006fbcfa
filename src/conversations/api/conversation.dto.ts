import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length, Matches } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import type { ConversationSummary, ConversationView, TimelineEntry } from '../application/conversation.view.js';
import { CONVERSATION_STATES, type ConversationStatus, MESSAGE_KINDS, type MessageKind } from '../domain/conversation.types.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { ActorDto } from '../../platform/http/actor.dto.js';

/** Question types are routing's identifiers (`architecture`, `default`…). */
export const QUESTION_TYPE = /^[a-z][a-z0-9_]{0,63}$/;
export const MAX_TEXT = 20_000;

export class AskQuestionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT, example: 'Should the billing service own invoice numbering?' })
  @IsString()
  @Length(1, MAX_TEXT)
  text!: string;

  @ApiPropertyOptional({ pattern: QUESTION_TYPE.source, default: 'default', example: 'architecture' })
  @OptionalField()
  @Matches(QUESTION_TYPE, { message: 'questionType must be a snake_case identifier such as architecture' })
  questionType?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The member who asks. An agent key always asks as its agent member; an admin or operator key names the member here (or asks as its own member).',
  })
  @OptionalField()
  @IsUUID()
  askerMemberId?: string;
}

export class AnswerQuestionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT, example: 'Yes: numbering is a billing invariant, keep it there.' })
  @IsString()
  @Length(1, MAX_TEXT)
  text!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The message this answer replies to (default: the question)' })
  @OptionalField()
  @IsUUID()
  parentMessageId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The answering member, for a key that acts as no member (or as another)' })
  @OptionalField()
  @IsUUID()
  memberId?: string;
}

export class CantHelpDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'Not my area: ask someone who knows the payment provider.' })
  @OptionalField()
  @IsString()
  @Length(0, 2000)
  reason?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'A member of the squad to hand the question to; without it, the next level' })
  @OptionalField()
  @IsUUID()
  referToMemberId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The member who cannot help, for a key that acts as no member' })
  @OptionalField()
  @IsUUID()
  memberId?: string;
}

export class ListConversationsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID()
  squadId?: string;

  @ApiPropertyOptional({ enum: CONVERSATION_STATES })
  @OptionalField()
  @IsIn(CONVERSATION_STATES)
  state?: ConversationStatus;

  @ApiPropertyOptional({ pattern: QUESTION_TYPE.source, example: 'architecture', description: 'Question type' })
  @OptionalField()
  @Matches(QUESTION_TYPE, { message: 'type must be a snake_case identifier such as architecture' })
  type?: string;
}

export class ParticipantDto {
  @ApiProperty({ format: 'uuid' })
  memberId!: string;

  @ApiProperty({ enum: ['agent', 'human'] })
  kind!: 'agent' | 'human';

  @ApiProperty({ example: 'tech_lead' })
  role!: string;

  @ApiProperty({ example: 'Tess Lead' })
  displayName!: string;

  @ApiProperty({ type: String, nullable: true, example: null })
  agentSlug!: string | null;
}

export class ChainStepDto {
  @ApiProperty({ example: 0 })
  level!: number;

  @ApiProperty({ example: '0b8f6f0e-8f0a-4a53-9a3e-0d9c1d2e3f40' })
  ruleId!: string;

  @ApiProperty({ enum: ['squad', 'organization', 'template'] })
  ruleSource!: string;

  @ApiProperty({ type: ParticipantDto, isArray: true, description: 'Who answers at this level (the asker left out)' })
  responders!: ParticipantDto[];

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'Why routing chose this rule (the chain explanation of GET /squads/{id}/routing/chain), as it stood when the question was asked',
  })
  why!: Record<string, unknown>;
}

export class MessageDto {
  @ApiProperty({ format: 'uuid' })
  messageId!: string;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'The message it replies to; null for the question' })
  parentId!: string | null;

  @ApiProperty({ enum: MESSAGE_KINDS })
  kind!: MessageKind;

  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: 'Null for messages the system sends' })
  authorMemberId!: string | null;

  @ApiProperty({ example: 'I received your question, Bea. Let me think about it, please wait…' })
  text!: string;

  @ApiProperty({ format: 'date-time' })
  sentAt!: string;
}

export class ConversationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  squadId!: string;

  @ApiProperty({ enum: CONVERSATION_STATES, example: 'waiting' })
  state!: ConversationStatus;

  @ApiProperty({ example: 'architecture' })
  questionType!: string;

  @ApiProperty({ type: ParticipantDto })
  asker!: ParticipantDto;

  @ApiProperty({ example: 1, description: 'Hand-overs so far (first contact, escalations, referrals)' })
  round!: number;

  @ApiProperty({ type: Number, nullable: true, example: 0, description: 'The chain level of the current responders' })
  level!: number | null;

  @ApiProperty({ type: ParticipantDto, isArray: true })
  currentResponders!: ParticipantDto[];

  @ApiProperty({ type: ChainStepDto, isArray: true, description: 'The routing chain resolved when the question was asked' })
  chain!: ChainStepDto[];

  @ApiProperty({ example: 300000 })
  firstTimeoutMs!: number;

  @ApiProperty({ example: 120000 })
  followUpTimeoutMs!: number;

  @ApiProperty({ type: MessageDto, isArray: true, description: 'In the order they were sent; threaded by parentId' })
  messages!: MessageDto[];

  @ApiProperty({ format: 'date-time' })
  askedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  closedAt!: string | null;

  @ApiProperty({ example: 4, description: 'Version of the conversation’s stream (also the ETag)' })
  version!: number;
}

export class ConversationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  squadId!: string;

  @ApiProperty({ format: 'uuid' })
  askerMemberId!: string;

  @ApiProperty({ example: 'architecture' })
  questionType!: string;

  @ApiProperty({ example: 'Should the billing service own invoice numbering?' })
  question!: string;

  @ApiProperty({ enum: CONVERSATION_STATES })
  state!: ConversationStatus;

  @ApiProperty({ type: Number, nullable: true })
  level!: number | null;

  @ApiProperty({ type: String, isArray: true, description: 'Members the question waits on' })
  responderIds!: string[];

  @ApiProperty({ example: 1 })
  escalations!: number;

  @ApiProperty({ format: 'date-time' })
  askedAt!: string;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  firstAcknowledgedAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  answeredAt!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  closedAt!: string | null;
}

export class ConversationSummaryPageDto extends PageDtoOf(ConversationSummaryDto) {}

export class TimelineEntryDto {
  @ApiProperty({ example: 1042 })
  position!: number;

  @ApiProperty({ example: 3 })
  version!: number;

  @ApiProperty({ example: 'FollowUpSent', description: 'An event type of the conversation (see the realtime event catalog)' })
  type!: string;

  @ApiProperty({ format: 'date-time' })
  at!: string;

  @ApiProperty({ type: ActorDto, nullable: true })
  actor!: ActorDto | null;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data!: unknown;
}

export class TimelineDto {
  @ApiProperty({ type: TimelineEntryDto, isArray: true })
  items!: TimelineEntryDto[];
}

export const toConversationDto = (view: ConversationView): ConversationDto => ({ ...view });
export const toSummaryDto = (view: ConversationSummary): ConversationSummaryDto => ({ ...view });
export const toTimelineDto = (entries: TimelineEntry[]): TimelineDto => ({ items: entries });
