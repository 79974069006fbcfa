import type { DiscussionMessage, OpenDiscussion, PendingQuestion, Proposal } from '../domain/discussion.state.js';
import { tallyOf } from '../domain/consensus.js';
import type {
  ConsensusRule,
  DecisionRecord,
  DiscussionStatus,
  Participant,
  Phase,
  SpeakerSelection,
  Tally,
  TokenCount,
  UnansweredQuestionPolicy,
} from '../domain/discussion.types.js';

/** A discussion as the API shows it, folded from its stream. */
export interface DiscussionView {
  id: string;
  goal: string;
  squadId: string | null;
  status: DiscussionStatus;
  phase: Phase;
  round: number;
  maxRounds: number;
  consensus: ConsensusRule;
  speakerSelection: SpeakerSelection;
  userQuestionTimeoutSeconds: number;
  onUnansweredQuestion: UnansweredQuestionPolicy;
  participants: Participant[];
  turnsTaken: number;
  nextSpeakers: string[];
  pendingQuestion: (Omit<PendingQuestion, 'timer'> & { askedBy: string }) | null;
  proposals: ProposalView[];
  decision: DecisionRecord | null;
  summary: string | null;
  usage: TokenCount;
  messageCount: number;
  openedAt: string;
  updatedAt: string;
}

export interface ProposalView {
  id: string;
  messageId: string;
  by: Proposal['by'];
  text: string;
  round: number;
  votes: { voter: string; choice: 'agree' | 'disagree' | 'abstain'; reason: string; round: number }[];
  /** The latest vote of each participant. */
  tally: Tally;
}

export function toDiscussionView(state: OpenDiscussion): DiscussionView {
  const question = state.pendingQuestion;
  return {
    id: state.id,
    goal: state.goal,
    squadId: state.squadId,
    status: state.status,
    phase: state.phase,
    round: state.round,
    maxRounds: state.maxRounds,
    consensus: state.consensus,
    speakerSelection: state.speakerSelection,
    userQuestionTimeoutSeconds: state.userQuestionTimeoutSeconds,
    onUnansweredQuestion: state.onUnansweredQuestion,
    participants: state.participants,
    turnsTaken: state.turnsTaken,
    nextSpeakers: state.pendingTurn?.candidates ?? [],
    pendingQuestion: question && {
      questionId: question.questionId,
      messageId: question.messageId,
      askedBy: question.askedBy,
      text: question.text,
      assumption: question.assumption,
      reminders: question.reminders,
      dueAt: question.dueAt,
    },
    proposals: state.proposals.map((p) => ({
      id: p.id,
      messageId: p.messageId,
      by: p.by,
      text: p.text,
      round: p.round,
      votes: Object.entries(p.votes).map(([voter, vote]) => ({ voter, ...vote })),
      tally: tallyOf(Object.fromEntries(Object.entries(p.votes).map(([voter, vote]) => [voter, vote.choice]))),
    })),
    decision: state.decision,
    summary: state.summary,
    usage: state.usage,
    messageCount: state.messages.length,
    openedAt: state.openedAt,
    updatedAt: state.updatedAt,
  };
}

export type { DiscussionMessage };
