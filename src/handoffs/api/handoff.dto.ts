import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsString, IsUUID, Length } from 'class-validator';
import { ActorDto } from '../../platform/http/actor.dto.js';
import { OptionalField } from '../../platform/http/input/optional-field.js';
import { PageDtoOf, PageQueryDto } from '../../platform/http/pagination.js';
import {
  ASSESSMENT_STATUSES,
  BRIEFING_SOURCES,
  BRANCH_STATUSES,
  BranchSummaryDto,
  HANDOFF_KINDS,
  HANDOFF_PRIORITIES,
  SESSION_STATUSES,
  type AssessmentStatus,
  type BriefingSource,
  type BranchStatus,
  type HandoffKind,
  type HandoffPriority,
  type SessionStatus,
} from '../../branching/index.js';
import { ParticipantDto } from '../../conversations/index.js';
import type { HandoffView } from '../application/handoff.view.js';
import { QUEUE_ITEM_KINDS, type QueueItemKind, type QueueItemView, type QueuedQuestionView } from '../application/queue-item.view.js';

export const MAX_NOTES = 10_000;

export class HandOffSessionDto {
  @ApiProperty({ enum: HANDOFF_KINDS, description: '`park`: the session is paused; `escalate`: it is escalated' })
  @IsIn(HANDOFF_KINDS)
  kind!: HandoffKind;

  @ApiProperty({ minLength: 1, maxLength: MAX_NOTES, example: 'Port 587 looks blocked at the firewall; needs someone with network access' })
  @IsString()
  @Length(1, MAX_NOTES)
  notes!: string;

  @ApiPropertyOptional({ enum: HANDOFF_PRIORITIES, default: 'normal' })
  @OptionalField()
  @IsIn(HANDOFF_PRIORITIES)
  priority?: HandoffPriority;
}

export class ListQueueQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @OptionalField()
  @IsUUID()
  squadId?: string;

  @ApiPropertyOptional({ enum: QUEUE_ITEM_KINDS, description: '`question`: questions whose escalation chain ran out' })
  @OptionalField()
  @IsIn(QUEUE_ITEM_KINDS)
  kind?: QueueItemKind;

  @ApiPropertyOptional({ enum: HANDOFF_PRIORITIES })
  @OptionalField()
  @IsIn(HANDOFF_PRIORITIES)
  priority?: HandoffPriority;
}

export class SnapshotBranchDto {
  @ApiProperty({ format: 'uuid' })
  branchId!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ enum: BRANCH_STATUSES })
  status!: BranchStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was ruled out or solved' })
  reason!: string | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  parentBranchId!: string | null;
}

export class SnapshotActiveBranchDto {
  @ApiProperty({ format: 'uuid' })
  branchId!: string;

  @ApiProperty()
  label!: string;

  @ApiProperty({ type: BranchSummaryDto, nullable: true })
  summary!: BranchSummaryDto | null;
}

export class HandoffSnapshotDto {
  @ApiProperty()
  problem!: string;

  @ApiProperty({ type: String, nullable: true })
  domain!: string | null;

  @ApiProperty({ enum: SESSION_STATUSES, description: 'The session’s status when it was handed off' })
  status!: SessionStatus;

  @ApiProperty({ description: 'Messages on all branches so far' })
  stepCount!: number;

  @ApiProperty({ type: SnapshotBranchDto, isArray: true, description: 'The branch map, in creation order' })
  branches!: SnapshotBranchDto[];

  @ApiProperty({ type: SnapshotActiveBranchDto, nullable: true })
  activeBranch!: SnapshotActiveBranchDto | null;

  @ApiProperty({ type: String, isArray: true })
  attachmentNames!: string[];

  @ApiProperty({ description: 'Seconds since the session started' })
  elapsedSeconds!: number;

  @ApiProperty({ description: 'Of them, seconds it had waited on the queue before' })
  parkedSeconds!: number;
}

export class HandoffBriefingDto {
  @ApiProperty()
  headline!: string;

  @ApiProperty({ description: 'Plain text, a fact per line' })
  body!: string;
}

export class HandoffAssessmentDto {
  @ApiProperty({ example: 'Port 587 is blocked outbound at the firewall' })
  likelyCause!: string;

  @ApiProperty({ type: String, isArray: true, description: 'In order' })
  suggestedNextSteps!: string[];

  @ApiProperty({ minimum: 0, maximum: 1, description: 'How sure the assessment is of the likely cause' })
  confidence!: number;

  @ApiProperty({ type: String, isArray: true, description: 'What the session already ruled out, and why' })
  ruledOut!: string[];
}

export class HandoffDto {
  @ApiProperty({ format: 'uuid', description: 'Also the queue item’s id' })
  id!: string;

  @ApiProperty({ format: 'uuid' })
  sessionId!: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  squadId!: string | null;

  @ApiProperty({ enum: HANDOFF_KINDS })
  kind!: HandoffKind;

  @ApiProperty({ enum: HANDOFF_PRIORITIES })
  priority!: HandoffPriority;

  @ApiProperty()
  notes!: string;

  @ApiProperty({ type: HandoffSnapshotDto })
  snapshot!: HandoffSnapshotDto;

  @ApiProperty({ type: ActorDto })
  handedOffBy!: ActorDto;

  @ApiProperty({ format: 'date-time' })
  handedOffAt!: string;

  @ApiProperty({ enum: ['waiting', 'claimed'], description: '`waiting` on the team queue, or `claimed`' })
  status!: 'waiting' | 'claimed';

  @ApiProperty({ type: ActorDto, nullable: true })
  claimedBy!: ActorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  claimedAt!: string | null;

  @ApiProperty({
    type: HandoffBriefingDto,
    nullable: true,
    description:
      'What the claimer was told (built from the snapshot at the claim, then written by a model when one answers); null until claimed',
  })
  briefing!: HandoffBriefingDto | null;

  @ApiProperty({
    type: String,
    enum: BRIEFING_SOURCES,
    nullable: true,
    description:
      '`snapshot`: built at the claim; `model`: written by a model after the claim (event `HandoffBriefingWritten`); null until claimed',
  })
  briefingSource!: BriefingSource | null;

  @ApiProperty({
    type: HandoffAssessmentDto,
    nullable: true,
    description: 'An escalation’s AI assessment, generated after the handoff (event `HandoffAssessed`); null until it arrives',
  })
  assessment!: HandoffAssessmentDto | null;

  @ApiProperty({
    type: String,
    enum: ASSESSMENT_STATUSES,
    nullable: true,
    description: '`pending` until the assessment arrives, `failed` after its last try (the handoff is unaffected); null for a park',
  })
  assessmentStatus!: AssessmentStatus | null;
}

export class HandoffListDto {
  @ApiProperty({ type: HandoffDto, isArray: true, description: 'Oldest first' })
  items!: HandoffDto[];
}

export class QueuedQuestionDto {
  @ApiProperty({ format: 'uuid' })
  conversationId!: string;

  @ApiProperty({ description: 'The question as it was asked' })
  text!: string;

  @ApiProperty()
  questionType!: string;

  @ApiProperty({ type: ParticipantDto })
  asker!: ParticipantDto;

  @ApiProperty({ enum: ['timeout', 'cant_help', 'no_responders'], description: 'Why the escalation chain ran out' })
  reason!: QueuedQuestionView['reason'];

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When an answer took it off the queue' })
  answeredAt!: string | null;
}

/**
 * A queue item: a session's handoff (`park`, `escalate`) or a question whose escalation chain ran
 * out (`question`). For a question the handoff fields (`sessionId`, `notes`, `snapshot`,
 * `handedOffBy`) are null; for a handoff `question` is null.
 */
export class QueueItemDto {
  @ApiProperty({ format: 'uuid', description: 'The handoff’s id, or the question’s conversation id' })
  id!: string;

  @ApiProperty({ enum: QUEUE_ITEM_KINDS })
  kind!: QueueItemKind;

  @ApiProperty({ enum: HANDOFF_PRIORITIES, description: 'Questions are `normal`' })
  priority!: HandoffPriority;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  squadId!: string | null;

  @ApiProperty({ enum: ['waiting', 'claimed', 'answered'], description: '`waiting` on the queue, `claimed`, or (a question) `answered`' })
  status!: QueueItemView['status'];

  @ApiProperty({ format: 'date-time', description: 'When it went onto the queue' })
  handedOffAt!: string;

  @ApiProperty({ type: ActorDto, nullable: true })
  claimedBy!: ActorDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  claimedAt!: string | null;

  @ApiProperty({ type: HandoffBriefingDto, nullable: true, description: 'What the claimer was told; null until claimed' })
  briefing!: HandoffBriefingDto | null;

  @ApiProperty({
    type: String,
    enum: BRIEFING_SOURCES,
    nullable: true,
    description:
      'As on the handoff (`snapshot` or `model`); null until claimed, and for questions (their briefing is built from the question)',
  })
  briefingSource!: BriefingSource | null;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  sessionId!: string | null;

  @ApiProperty({ type: String, nullable: true })
  notes!: string | null;

  @ApiProperty({ type: HandoffSnapshotDto, nullable: true })
  snapshot!: HandoffSnapshotDto | null;

  @ApiProperty({ type: ActorDto, nullable: true })
  handedOffBy!: ActorDto | null;

  @ApiProperty({
    type: HandoffAssessmentDto,
    nullable: true,
    description: 'An escalation’s AI assessment; null until it arrives, and for parks and questions',
  })
  assessment!: HandoffAssessmentDto | null;

  @ApiProperty({ type: String, enum: ASSESSMENT_STATUSES, nullable: true, description: 'As on the handoff; null for parks and questions' })
  assessmentStatus!: AssessmentStatus | null;

  @ApiProperty({ type: QueuedQuestionDto, nullable: true })
  question!: QueuedQuestionDto | null;
}

export class QueuePageDto extends PageDtoOf(QueueItemDto) {}

export const toHandoffDto = (view: HandoffView): HandoffDto => ({ ...view });
export const toQueueItemDto = (view: QueueItemView): QueueItemDto => ({ ...view });
