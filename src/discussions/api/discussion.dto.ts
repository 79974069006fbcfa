import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import type { DiscussionSummary, MessageHit } from '../application/discussion.reader.js';
import type { DiscussionView, ProposalView } from '../application/discussion.view.js';
import { MAX_ROUNDS_LIMIT } from '../domain/discussion.commands.js';
import type { DiscussionMessage } from '../domain/discussion.state.js';
import {
  CONSENSUS_RULES,
  type ConsensusRuleName,
  DISCUSSION_STATES,
  type DiscussionStatus,
  MESSAGE_KINDS,
  PHASES,
  SPEAKER_SELECTIONS,
  type Speaker,
  type SpeakerSelection,
  UNANSWERED_QUESTION_POLICIES,
  type UnansweredQuestionPolicy,
  VOTE_CHOICES,
} from '../domain/discussion.types.js';

export const MAX_GOAL = 4_000;
export const MAX_TEXT = 10_000;
/** Room for the refusal of 11 (with its own problem type) without accepting an unbounded list. */
const AGENTS_ACCEPTED = 50;

export class DiscussionConsensusSettingsDto {
  @ApiProperty({ enum: CONSENSUS_RULES, example: 'supermajority' })
  @IsIn(CONSENSUS_RULES)
  rule!: ConsensusRuleName;

  @ApiPropertyOptional({
    minimum: 0.5,
    maximum: 1,
    example: 0.67,
    description: 'Supermajority only: the share of agree among agree + disagree (default 2/3)',
  })
  @OptionalField()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.5)
  @Max(1)
  threshold?: number;
}

export class OpenDiscussionDto {
  @ApiProperty({
    minLength: 1,
    maxLength: MAX_GOAL,
    example: 'Choose how we roll out single sign-on to our 40 internal tools this quarter',
  })
  @IsString()
  @Length(1, MAX_GOAL)
  goal!: string;

  @ApiPropertyOptional({
    type: String,
    isArray: true,
    description:
      'Registry agent slugs, 2–10 distinct (default: the five discussion personas). 1 or 11 answer 422 `…/problems/participant-count`.',
    example: ['project-manager', 'technical-architect', 'quality-assurance'],
  })
  @OptionalField()
  @IsArray()
  @ArrayMaxSize(AGENTS_ACCEPTED)
  @IsString({ each: true })
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/, { each: true })
  agents?: string[];

  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID()
  squadId?: string;

  @ApiPropertyOptional({ type: DiscussionConsensusSettingsDto, description: 'Default: supermajority of 2/3' })
  @OptionalField()
  @ValidateNested()
  @Type(() => DiscussionConsensusSettingsDto)
  consensus?: DiscussionConsensusSettingsDto;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_ROUNDS_LIMIT, default: 3 })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(MAX_ROUNDS_LIMIT)
  maxRounds?: number;

  @ApiPropertyOptional({ enum: SPEAKER_SELECTIONS, default: 'selector' })
  @OptionalField()
  @IsIn(SPEAKER_SELECTIONS)
  speakerSelection?: SpeakerSelection;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: 604800,
    default: 600,
    description: 'How long a question to the user waits before the policy applies',
  })
  @OptionalField()
  @IsInt()
  @Min(1)
  @Max(604_800)
  userQuestionTimeoutSeconds?: number;

  @ApiPropertyOptional({
    enum: UNANSWERED_QUESTION_POLICIES,
    default: 'assume',
    description: '`assume`: continue on the assumption the agent stated; `remind`: remind the user twice, then assume',
  })
  @OptionalField()
  @IsIn(UNANSWERED_QUESTION_POLICIES)
  onUnansweredQuestion?: UnansweredQuestionPolicy;

  @ApiPropertyOptional({ default: true, description: 'Start at once; false leaves it `created` until `POST …/start`' })
  @OptionalField()
  @IsBoolean()
  autoStart?: boolean;
}

export class ListDiscussionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: DISCUSSION_STATES })
  @OptionalField()
  @IsIn(DISCUSSION_STATES)
  state?: DiscussionStatus;

  @ApiPropertyOptional({ description: 'Only discussions this agent (slug) takes part in', example: 'quality-assurance' })
  @OptionalField()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,99}$/)
  agent?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened at or after' })
  @OptionalField()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened before' })
  @OptionalField()
  @Matches(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/)
  to?: string;
}

export class SearchDiscussionsQueryDto {
  @ApiProperty({
    minLength: 1,
    maxLength: 500,
    description: 'Words to find (web search syntax: "quoted phrase", or, -not)',
    example: 'feature flag',
  })
  @IsString()
  @Length(1, 500)
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @OptionalField()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ExportQueryDto {
  @ApiPropertyOptional({ enum: ['json', 'markdown'], default: 'json' })
  @OptionalField()
  @IsIn(['json', 'markdown'])
  format?: 'json' | 'markdown';
}

export class PostDiscussionMessageDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT, example: 'The deadline matters most: it must be live before the audit in March.' })
  @IsString()
  @Length(1, MAX_TEXT)
  text!: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description:
      'The pending question this answers (the discussion then goes on), or a message it replies to. A question no longer pending answers 409 `…/problems/question-not-pending`.',
  })
  @OptionalField()
  @IsUUID()
  inReplyTo?: string;
}

export class ProposeOptionDto {
  @ApiProperty({ minLength: 1, maxLength: MAX_TEXT, example: 'Roll out SSO to the ten most used tools first, the rest next quarter' })
  @IsString()
  @Length(1, MAX_TEXT)
  text!: string;
}

export class DecideDiscussionDto {
  @ApiProperty({ format: 'uuid', description: 'The proposal the user chooses' })
  @IsUUID()
  proposalId!: string;

  @ApiPropertyOptional({ maxLength: 2000, example: 'Security wins over speed here' })
  @OptionalField()
  @IsString()
  @Length(1, 2000)
  note?: string;
}

export class StopDiscussionDto {
  @ApiPropertyOptional({ maxLength: 2000, example: 'The goal changed' })
  @OptionalField()
  @IsString()
  @Length(1, 2000)
  reason?: string;
}

export class DiscussionSpeakerDto {
  @ApiProperty({ enum: ['agent', 'user', 'system'] })
  kind!: 'agent' | 'user' | 'system';

  @ApiProperty({ type: String, nullable: true, description: 'The agent’s slug', example: 'technical-architect' })
  slug!: string | null;

  @ApiProperty({ type: ActorDto, nullable: true, description: 'The person or key, for a user' })
  actor!: ActorDto | null;
}

export const toSpeakerDto = (by: Speaker): DiscussionSpeakerDto =>
  by.kind === 'agent'
    ? { kind: 'agent', slug: by.slug, actor: null }
    : by.kind === 'user'
      ? { kind: 'user', slug: null, actor: by.actor }
      : { kind: 'system', slug: null, actor: null };

export class DiscussionParticipantDto {
  @ApiProperty({ example: 'technical-architect' })
  slug!: string;
  @ApiProperty({ example: '1.0.0' })
  version!: string;
  @ApiProperty({ example: 'Technical Architect' })
  name!: string;
  @ApiProperty({ example: 'technical_architect' })
  role!: string;
  @ApiProperty()
  speaksFirst!: boolean;
}

export class DiscussionConsensusDto {
  @ApiProperty({ enum: CONSENSUS_RULES })
  rule!: ConsensusRuleName;
  @ApiProperty({ example: 0.6667 })
  threshold!: number;
}

export class DiscussionTallyDto {
  @ApiProperty({ example: 4 })
  agree!: number;
  @ApiProperty({ example: 1 })
  disagree!: number;
  @ApiProperty({ example: 0 })
  abstain!: number;
}

export class DiscussionVoteDto {
  @ApiProperty({ example: 'quality-assurance' })
  voter!: string;
  @ApiProperty({ enum: VOTE_CHOICES })
  choice!: 'agree' | 'disagree' | 'abstain';
  @ApiProperty({ example: 'No acceptance criteria yet' })
  reason!: string;
  @ApiProperty({ example: 1 })
  round!: number;
}

export class DiscussionProposalDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ format: 'uuid', description: 'The message it was made in' })
  messageId!: string;
  @ApiProperty({ type: DiscussionSpeakerDto })
  by!: DiscussionSpeakerDto;
  @ApiProperty({ example: 'Pilot with one team for four weeks' })
  text!: string;
  @ApiProperty({ example: 0 })
  round!: number;
  @ApiProperty({ type: DiscussionVoteDto, isArray: true, description: 'Each participant’s latest vote' })
  votes!: DiscussionVoteDto[];
  @ApiProperty({ type: DiscussionTallyDto })
  tally!: DiscussionTallyDto;
}

const toProposalDto = (p: ProposalView): DiscussionProposalDto => ({
  id: p.id,
  messageId: p.messageId,
  by: p.by.kind === 'agent' ? { kind: 'agent', slug: p.by.slug, actor: null } : { kind: 'user', slug: null, actor: p.by.actor },
  text: p.text,
  round: p.round,
  votes: p.votes,
  tally: p.tally,
});

export class DiscussionPendingQuestionDto {
  @ApiProperty({ format: 'uuid', description: 'Answer with `inReplyTo` set to this' })
  questionId!: string;
  @ApiProperty({ format: 'uuid' })
  messageId!: string;
  @ApiProperty({ example: 'project-manager' })
  askedBy!: string;
  @ApiProperty({ example: 'What matters most: the deadline, the cost or the risk?' })
  text!: string;
  @ApiProperty({ example: 'The deadline matters most' })
  assumption!: string;
  @ApiProperty({ example: 0 })
  reminders!: number;
  @ApiProperty({ format: 'date-time' })
  dueAt!: string;
}

export class DiscussionActionItemDto {
  @ApiProperty({ example: 'Write the acceptance criteria' })
  item!: string;
  @ApiProperty({ example: 'Quality Assurance' })
  owner!: string;
}

export class DiscussionDissentDto {
  @ApiProperty({ example: 'quality-assurance' })
  slug!: string;
  @ApiProperty({ example: 'No acceptance criteria yet' })
  reason!: string;
}

export class DiscussionDecisionDto {
  @ApiProperty({ format: 'uuid' })
  proposalId!: string;
  @ApiProperty({ example: 'Pilot with one team for four weeks' })
  decision!: string;
  @ApiProperty({ enum: ['consensus', 'user'] })
  decidedBy!: 'consensus' | 'user';
  @ApiProperty({ type: String, nullable: true })
  note!: string | null;
  @ApiProperty()
  rationale!: string;
  @ApiProperty({ type: DiscussionDissentDto, isArray: true, description: 'Who voted against the decision, and why' })
  dissent!: DiscussionDissentDto[];
  @ApiProperty({ type: DiscussionActionItemDto, isArray: true })
  actionItems!: DiscussionActionItemDto[];
}

export class DiscussionUsageDto {
  @ApiProperty({ example: 5200 })
  inputTokens!: number;
  @ApiProperty({ example: 1400 })
  outputTokens!: number;
}

export class DiscussionDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  goal!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  squadId!: string | null;
  @ApiProperty({ enum: DISCUSSION_STATES })
  state!: DiscussionStatus;
  @ApiProperty({ enum: PHASES })
  phase!: string;
  @ApiProperty({ example: 1, description: '0 in initialization and exploration; then the discussion-and-vote round' })
  round!: number;
  @ApiProperty({ example: 3 })
  maxRounds!: number;
  @ApiProperty({ type: DiscussionConsensusDto })
  consensus!: DiscussionConsensusDto;
  @ApiProperty({ enum: SPEAKER_SELECTIONS })
  speakerSelection!: SpeakerSelection;
  @ApiProperty({ example: 600 })
  userQuestionTimeoutSeconds!: number;
  @ApiProperty({ enum: UNANSWERED_QUESTION_POLICIES })
  onUnansweredQuestion!: UnansweredQuestionPolicy;
  @ApiProperty({ type: DiscussionParticipantDto, isArray: true })
  participants!: DiscussionParticipantDto[];
  @ApiProperty({ example: 7 })
  turnsTaken!: number;
  @ApiProperty({ type: String, isArray: true, description: 'Who may speak at the turn due now (empty when none is due)' })
  nextSpeakers!: string[];
  @ApiProperty({ type: DiscussionPendingQuestionDto, nullable: true })
  pendingQuestion!: DiscussionPendingQuestionDto | null;
  @ApiProperty({ type: DiscussionProposalDto, isArray: true })
  proposals!: DiscussionProposalDto[];
  @ApiProperty({ type: DiscussionDecisionDto, nullable: true })
  decision!: DiscussionDecisionDto | null;
  @ApiProperty({ type: String, nullable: true })
  summary!: string | null;
  @ApiProperty({ type: DiscussionUsageDto })
  usage!: DiscussionUsageDto;
  @ApiProperty({ example: 12 })
  messageCount!: number;
  @ApiProperty({ format: 'date-time' })
  openedAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export function toDiscussionDto(view: DiscussionView): DiscussionDto {
  const { status, ...rest } = view;
  return { ...rest, state: status, proposals: view.proposals.map(toProposalDto) };
}

export class DiscussionSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  goal!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  squadId!: string | null;
  @ApiProperty({ enum: DISCUSSION_STATES })
  state!: DiscussionStatus;
  @ApiProperty({ enum: PHASES })
  phase!: string;
  @ApiProperty()
  round!: number;
  @ApiProperty({ type: String, isArray: true })
  participants!: string[];
  @ApiProperty({ format: 'date-time' })
  openedAt!: string;
  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

export const toDiscussionSummaryDto = ({ status, ...rest }: DiscussionSummary): DiscussionSummaryDto => ({ ...rest, state: status });

export class DiscussionSummaryPageDto extends PageDtoOf(DiscussionSummaryDto) {}

export class DiscussionMessageDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty({ enum: MESSAGE_KINDS })
  kind!: string;
  @ApiProperty({ type: DiscussionSpeakerDto })
  by!: DiscussionSpeakerDto;
  @ApiProperty()
  text!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The message it answers or follows (threads)' })
  parentId!: string | null;
  @ApiProperty({ enum: PHASES })
  phase!: string;
  @ApiProperty()
  round!: number;
  @ApiProperty({ format: 'date-time' })
  at!: string;
}

export const toDiscussionMessageDto = (m: DiscussionMessage): DiscussionMessageDto => ({ ...m, by: toSpeakerDto(m.by) });

export class DiscussionMessagesDto {
  @ApiProperty({ type: DiscussionMessageDto, isArray: true, description: 'Oldest first; `parentId` makes the threads' })
  items!: DiscussionMessageDto[];
}

export class DiscussionTimelineEntryDto {
  @ApiProperty({ example: 3 })
  version!: number;
  @ApiProperty({ example: 'AgentSpoke' })
  type!: string;
  @ApiProperty({ format: 'date-time' })
  recordedAt!: string;
  @ApiProperty({ type: ActorDto, nullable: true })
  actor!: ActorDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The event’s data' })
  data!: Record<string, unknown>;
}

export class DiscussionTimelineDto {
  @ApiProperty({ type: DiscussionTimelineEntryDto, isArray: true })
  items!: DiscussionTimelineEntryDto[];
}

export class DiscussionMessageHitDto {
  @ApiProperty({ format: 'uuid' })
  discussionId!: string;
  @ApiProperty()
  goal!: string;
  @ApiProperty({ format: 'uuid' })
  messageId!: string;
  @ApiProperty({ enum: MESSAGE_KINDS })
  kind!: string;
  @ApiProperty({ example: 'agent:technical-architect', description: '`agent:<slug>`, `member:<id>`, `api_key:<id>` or `system`' })
  speaker!: string;
  @ApiProperty()
  text!: string;
  @ApiProperty({ example: 'behind a <mark>feature</mark> <mark>flag</mark>', description: 'The matching words in <mark>' })
  highlight!: string;
  @ApiProperty({ example: 0.0608 })
  rank!: number;
  @ApiProperty({ format: 'date-time' })
  postedAt!: string;
}

export const toMessageHitDto = (hit: MessageHit): DiscussionMessageHitDto => hit;

export class DiscussionMessageHitsDto {
  @ApiProperty({ type: DiscussionMessageHitDto, isArray: true, description: 'Best match first' })
  items!: DiscussionMessageHitDto[];
}
