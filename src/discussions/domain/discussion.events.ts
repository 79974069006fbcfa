import type { Actor } from '../../platform/event-store/event.types.js';
import type {
  ConsensusRule,
  DecisionRecord,
  Phase,
  Participant,
  SpeakerSelection,
  Tally,
  TokenCount,
  UnansweredQuestionPolicy,
  VoteChoice,
} from './discussion.types.js';

/** Everything that happens in a discussion, in one stream (`discussion-<id>`); schema version 1. */

type Event<Type extends string, Data> = { type: Type; data: Data & { discussionId: string } };

export type DiscussionOpened = Event<
  'DiscussionOpened',
  {
    organizationId: string;
    goal: string;
    squadId: string | null;
    participants: Participant[];
    consensus: ConsensusRule;
    maxRounds: number;
    speakerSelection: SpeakerSelection;
    userQuestionTimeoutSeconds: number;
    onUnansweredQuestion: UnansweredQuestionPolicy;
    openedBy: Actor;
    openedAt: string;
  }
>;

export type DiscussionStarted = Event<'DiscussionStarted', { by: Actor; startedAt: string }>;

/**
 * The next turn is due: the durable step keyed by discussion + turn runs it. `candidates` are the
 * participants who may speak (the selector picks among them; round robin takes the first).
 */
export type TurnScheduled = Event<
  'TurnScheduled',
  {
    turn: number;
    phase: Exclude<Phase, 'completed'>;
    round: number;
    candidates: string[];
    /** Counts the schedulings: a turn re-scheduled on resume gets a new one, and the older step becomes stale. */
    schedule: number;
    scheduledAt: string;
  }
>;

export type AgentSpoke = Event<
  'AgentSpoke',
  {
    turn: number;
    phase: Exclude<Phase, 'completed'>;
    round: number;
    speaker: string;
    messageId: string;
    parentId: string | null;
    text: string;
    /** How the speaker was chosen, and the selector's reason. */
    selection: { by: 'order' | 'selector'; reason: string };
    /** The highest embedding similarity to the recent messages (near-duplicate detection), if measured. */
    similarity: number | null;
    provider: string;
    model: string;
    usage: TokenCount;
    spokeAt: string;
  }
>;

export type ProposalMade = Event<
  'ProposalMade',
  {
    proposalId: string;
    messageId: string;
    by: { kind: 'agent'; slug: string } | { kind: 'user'; actor: Actor };
    text: string;
    round: number;
    madeAt: string;
  }
>;

export type VoteCast = Event<
  'VoteCast',
  { proposalId: string; voter: string; choice: VoteChoice; reason: string; round: number; messageId: string; castAt: string }
>;

export type UserQuestionAsked = Event<
  'UserQuestionAsked',
  {
    questionId: string;
    /** The agent message the question belongs to. */
    messageId: string;
    askedBy: string;
    text: string;
    /** What the discussion assumes if the user does not answer in time. */
    assumption: string;
    askedAt: string;
    dueAt: string;
  }
>;

export type UserQuestionAnswered = Event<
  'UserQuestionAnswered',
  { questionId: string; messageId: string; text: string; by: Actor; answeredAt: string }
>;

export type UserReminded = Event<
  'UserReminded',
  { questionId: string; reminder: number; timer: number; messageId: string; text: string; remindedAt: string; dueAt: string }
>;

export type AssumptionMade = Event<'AssumptionMade', { questionId: string; messageId: string; assumption: string; madeAt: string }>;

export type UserMessagePosted = Event<
  'UserMessagePosted',
  { messageId: string; parentId: string | null; text: string; by: Actor; postedAt: string }
>;

/** The discussion moves on; `reason` is told to the user (everyone spoke, stuck, no consensus…). */
export type PhaseChanged = Event<
  'PhaseChanged',
  { from: Phase; to: Exclude<Phase, 'completed'>; round: number; reason: string; messageId: string; changedAt: string }
>;

/** Paused by a person, or by the system when a turn kept failing (`reason` then says why, as a moderator's note `messageId`). */
export type DiscussionPaused = Event<'DiscussionPaused', { by: Actor; reason: string | null; messageId: string | null; pausedAt: string }>;
/** Resuming into a pending question sets its timer again (`question`), as the pause stopped it. */
export type DiscussionResumed = Event<
  'DiscussionResumed',
  { by: Actor; question: { questionId: string; timer: number; dueAt: string } | null; resumedAt: string }
>;
export type DiscussionStopped = Event<'DiscussionStopped', { by: Actor; reason: string | null; stoppedAt: string }>;

/** No consensus within the rules: the user breaks the tie. */
export type DecisionNeeded = Event<
  'DecisionNeeded',
  { reason: string; messageId: string; tallies: Record<string, Tally>; neededAt: string }
>;

export type ConsensusReached = Event<'ConsensusReached', { proposalId: string; round: number; tally: Tally; reachedAt: string }>;

export type UserDecided = Event<'UserDecided', { proposalId: string; note: string | null; by: Actor; decidedAt: string }>;

/** The final summary and decision record, written by the outcome step. */
export type DiscussionConcluded = Event<
  'DiscussionConcluded',
  { summary: string; decision: DecisionRecord; provider: string; model: string; usage: TokenCount; concludedAt: string }
>;

export type DiscussionEvent =
  | DiscussionOpened
  | DiscussionStarted
  | TurnScheduled
  | AgentSpoke
  | ProposalMade
  | VoteCast
  | UserQuestionAsked
  | UserQuestionAnswered
  | UserReminded
  | AssumptionMade
  | UserMessagePosted
  | PhaseChanged
  | DiscussionPaused
  | DiscussionResumed
  | DiscussionStopped
  | DecisionNeeded
  | ConsensusReached
  | UserDecided
  | DiscussionConcluded;

export const DISCUSSION_EVENT_TYPES: readonly DiscussionEvent['type'][] = [
  'DiscussionOpened',
  'DiscussionStarted',
  'TurnScheduled',
  'AgentSpoke',
  'ProposalMade',
  'VoteCast',
  'UserQuestionAsked',
  'UserQuestionAnswered',
  'UserReminded',
  'AssumptionMade',
  'UserMessagePosted',
  'PhaseChanged',
  'DiscussionPaused',
  'DiscussionResumed',
  'DiscussionStopped',
  'DecisionNeeded',
  'ConsensusReached',
  'UserDecided',
  'DiscussionConcluded',
];
