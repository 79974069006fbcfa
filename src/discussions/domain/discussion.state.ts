import type { Actor } from '../../platform/event-store/event.types.js';
import type { DiscussionEvent } from './discussion.events.js';
import { messageIn } from './discussion-messages.js';
import { repeatsItself } from './progress.js';
import type {
  ConsensusRule,
  DecisionRecord,
  DiscussionStatus,
  MessageKind,
  Participant,
  Phase,
  Speaker,
  SpeakerSelection,
  TokenCount,
  UnansweredQuestionPolicy,
  VoteChoice,
} from './discussion.types.js';

export interface DiscussionMessage {
  id: string;
  kind: MessageKind;
  by: Speaker;
  text: string;
  parentId: string | null;
  phase: Phase;
  round: number;
  at: string;
}

export interface Vote {
  choice: VoteChoice;
  reason: string;
  round: number;
}

export interface Proposal {
  id: string;
  messageId: string;
  by: { kind: 'agent'; slug: string } | { kind: 'user'; actor: Actor };
  text: string;
  round: number;
  /** The latest vote of each participant (by slug). */
  votes: Record<string, Vote>;
}

export interface PendingTurn {
  turn: number;
  phase: Exclude<Phase, 'completed'>;
  round: number;
  candidates: string[];
  schedule: number;
}

export interface PendingQuestion {
  questionId: string;
  messageId: string;
  askedBy: string;
  text: string;
  assumption: string;
  reminders: number;
  /** The timer now running for it (each reminder and each resume sets a new one). */
  timer: number;
  dueAt: string;
}

export interface OpenDiscussion {
  status: DiscussionStatus;
  id: string;
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
  phase: Phase;
  /** 0 during initialization and exploration; 1… for each discussion-and-vote round. */
  round: number;
  /** The turn due next; null while nothing is scheduled (created, awaiting the user, needs a decision, over). */
  pendingTurn: PendingTurn | null;
  /** Turns taken so far; the next turn's number is this + 1. */
  turnsTaken: number;
  /** Schedulings so far (see TurnScheduled.schedule). */
  schedules: number;
  /** Who has spoken (or voted) in the current phase, in order. */
  spokenThisPhase: string[];
  lastSpeaker: string | null;
  /** Consecutive contribution turns that brought nothing new (see progress rules). */
  turnsWithoutProgress: number;
  /** The status a pause will resume to. */
  pausedFrom: 'running' | 'awaiting_user' | null;
  pendingQuestion: PendingQuestion | null;
  proposals: Proposal[];
  /** Each round's votes by proposal and voter, to see when a new round changed nobody's mind. */
  votesByRound: Record<number, Record<string, Record<string, VoteChoice>>>;
  messages: DiscussionMessage[];
  decision: DecisionRecord | null;
  summary: string | null;
  /** The proposal agreed or chosen, while the outcome is written. */
  chosenProposalId: string | null;
  decidedBy: 'consensus' | 'user' | null;
  decisionNote: string | null;
  usage: TokenCount;
  updatedAt: string;
}

export type DiscussionState = { status: 'none' } | OpenDiscussion;

export const initialState = (): DiscussionState => ({ status: 'none' });

function addUsage(a: TokenCount, b: TokenCount): TokenCount {
  return { inputTokens: a.inputTokens + b.inputTokens, outputTokens: a.outputTokens + b.outputTokens };
}

/** Applies an event; the thread gets the message the event says (see messageIn), in the phase and round it leaves. */
export function evolve(state: DiscussionState, event: DiscussionEvent): DiscussionState {
  const next = evolveFields(state, event);
  const said = messageIn(event);
  if (!said || next.status === 'none') return next;
  return { ...next, messages: [...next.messages, { ...said, phase: next.phase, round: next.round }] };
}

function evolveFields(state: DiscussionState, event: DiscussionEvent): DiscussionState {
  if (event.type === 'DiscussionOpened') {
    const d = event.data;
    return {
      status: 'created',
      id: d.discussionId,
      organizationId: d.organizationId,
      goal: d.goal,
      squadId: d.squadId,
      participants: d.participants,
      consensus: d.consensus,
      maxRounds: d.maxRounds,
      speakerSelection: d.speakerSelection,
      userQuestionTimeoutSeconds: d.userQuestionTimeoutSeconds,
      onUnansweredQuestion: d.onUnansweredQuestion,
      openedBy: d.openedBy,
      openedAt: d.openedAt,
      phase: 'initialization',
      round: 0,
      pendingTurn: null,
      turnsTaken: 0,
      schedules: 0,
      spokenThisPhase: [],
      lastSpeaker: null,
      turnsWithoutProgress: 0,
      pausedFrom: null,
      pendingQuestion: null,
      proposals: [],
      votesByRound: {},
      messages: [],
      decision: null,
      summary: null,
      chosenProposalId: null,
      decidedBy: null,
      decisionNote: null,
      usage: { inputTokens: 0, outputTokens: 0 },
      updatedAt: d.openedAt,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'DiscussionStarted':
      return { ...state, status: 'running', updatedAt: event.data.startedAt };
    case 'TurnScheduled': {
      const { turn, phase, round, candidates, schedule } = event.data;
      return {
        ...state,
        pendingTurn: { turn, phase, round, candidates, schedule },
        schedules: schedule,
        updatedAt: event.data.scheduledAt,
      };
    }
    case 'AgentSpoke': {
      const d = event.data;
      return {
        ...state,
        pendingTurn: null,
        turnsTaken: d.turn,
        spokenThisPhase: [...state.spokenThisPhase, d.speaker],
        lastSpeaker: d.speaker,
        turnsWithoutProgress: repeatsItself(d) ? state.turnsWithoutProgress + 1 : 0,
        usage: addUsage(state.usage, d.usage),
        updatedAt: d.spokeAt,
      };
    }
    case 'ProposalMade': {
      const d = event.data;
      const proposals = [
        ...state.proposals,
        { id: d.proposalId, messageId: d.messageId, by: d.by, text: d.text, round: d.round, votes: {} },
      ];
      return { ...state, proposals, turnsWithoutProgress: 0, updatedAt: d.madeAt };
    }
    case 'VoteCast': {
      const d = event.data;
      const proposals = state.proposals.map((p) =>
        p.id === d.proposalId ? { ...p, votes: { ...p.votes, [d.voter]: { choice: d.choice, reason: d.reason, round: d.round } } } : p,
      );
      const round = state.votesByRound[d.round] ?? {};
      const forProposal = { ...(round[d.proposalId] ?? {}), [d.voter]: d.choice };
      return {
        ...state,
        proposals,
        votesByRound: { ...state.votesByRound, [d.round]: { ...round, [d.proposalId]: forProposal } },
        updatedAt: d.castAt,
      };
    }
    case 'UserQuestionAsked': {
      const d = event.data;
      return {
        ...state,
        status: state.status === 'paused' ? 'paused' : 'awaiting_user',
        pausedFrom: state.status === 'paused' ? 'awaiting_user' : state.pausedFrom,
        pendingQuestion: {
          questionId: d.questionId,
          messageId: d.messageId,
          askedBy: d.askedBy,
          text: d.text,
          assumption: d.assumption,
          reminders: 0,
          timer: 1,
          dueAt: d.dueAt,
        },
        turnsWithoutProgress: 0,
        updatedAt: d.askedAt,
      };
    }
    case 'UserQuestionAnswered': {
      const d = event.data;
      return {
        ...state,
        status: state.status === 'paused' ? 'paused' : 'running',
        pausedFrom: state.status === 'paused' ? 'running' : state.pausedFrom,
        pendingQuestion: null,
        updatedAt: d.answeredAt,
      };
    }
    case 'UserReminded': {
      const d = event.data;
      const pending = state.pendingQuestion && { ...state.pendingQuestion, reminders: d.reminder, timer: d.timer, dueAt: d.dueAt };
      return {
        ...state,
        pendingQuestion: pending,
        updatedAt: d.remindedAt,
      };
    }
    case 'AssumptionMade': {
      const d = event.data;
      return {
        ...state,
        status: 'running',
        pendingQuestion: null,
        updatedAt: d.madeAt,
      };
    }
    case 'UserMessagePosted': {
      const d = event.data;
      return {
        ...state,
        updatedAt: d.postedAt,
      };
    }
    case 'PhaseChanged': {
      const d = event.data;
      const moved: OpenDiscussion = { ...state, phase: d.to, round: d.round, spokenThisPhase: [], turnsWithoutProgress: 0 };
      return {
        ...moved,
        updatedAt: d.changedAt,
      };
    }
    case 'DiscussionPaused': {
      const from = state.status === 'awaiting_user' ? 'awaiting_user' : 'running';
      return { ...state, status: 'paused', pausedFrom: from, updatedAt: event.data.pausedAt };
    }
    case 'DiscussionResumed': {
      const { question } = event.data;
      const pending =
        state.pendingQuestion && question
          ? { ...state.pendingQuestion, timer: question.timer, dueAt: question.dueAt }
          : state.pendingQuestion;
      return {
        ...state,
        status: state.pausedFrom ?? 'running',
        pausedFrom: null,
        pendingQuestion: pending,
        updatedAt: event.data.resumedAt,
      };
    }
    case 'DiscussionStopped':
      return { ...state, status: 'stopped', pendingTurn: null, pausedFrom: null, updatedAt: event.data.stoppedAt };
    case 'DecisionNeeded': {
      const d = event.data;
      return {
        ...state,
        status: 'needs_decision',
        pendingTurn: null,
        updatedAt: d.neededAt,
      };
    }
    case 'ConsensusReached':
      return {
        ...state,
        status: 'concluding',
        pendingTurn: null,
        chosenProposalId: event.data.proposalId,
        decidedBy: 'consensus',
        updatedAt: event.data.reachedAt,
      };
    case 'UserDecided':
      return {
        ...state,
        status: 'concluding',
        chosenProposalId: event.data.proposalId,
        decidedBy: 'user',
        decisionNote: event.data.note,
        updatedAt: event.data.decidedAt,
      };
    case 'DiscussionConcluded':
      return {
        ...state,
        status: 'completed',
        phase: 'completed',
        summary: event.data.summary,
        decision: event.data.decision,
        usage: addUsage(state.usage, event.data.usage),
        updatedAt: event.data.concludedAt,
      };
  }
}

/** The participants in speaking order: those who speak first (persona metadata), then as listed. */
export function speakingOrder(participants: readonly Participant[]): string[] {
  return [...participants.filter((p) => p.speaksFirst), ...participants.filter((p) => !p.speaksFirst)].map((p) => p.slug);
}
