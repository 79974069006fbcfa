import type { Actor } from '../../platform/event-store/event.types.js';
import type { ConsensusRule, Participant, SpeakerSelection, TokenCount, UnansweredQuestionPolicy, VoteChoice } from './discussion.types.js';

export const MIN_PARTICIPANTS = 2;
export const MAX_PARTICIPANTS = 10;
export const MAX_ROUNDS_LIMIT = 10;

export interface OpenDiscussionCommand {
  type: 'OpenDiscussion';
  discussionId: string;
  organizationId: string;
  goal: string;
  squadId: string | null;
  participants: Participant[];
  consensus: ConsensusRule;
  maxRounds: number;
  speakerSelection: SpeakerSelection;
  userQuestionTimeoutSeconds: number;
  onUnansweredQuestion: UnansweredQuestionPolicy;
  autoStart: boolean;
  by: Actor;
  now: string;
}

export interface StartDiscussion {
  type: 'StartDiscussion';
  by: Actor;
  now: string;
}

/** The outcome of one agent turn, as the turn step produced it. */
export interface TakeTurn {
  type: 'TakeTurn';
  turn: number;
  speaker: string;
  selection: { by: 'order' | 'selector'; reason: string };
  messageId: string;
  text: string;
  /** A contribution's proposal, if it makes one. */
  proposal: { proposalId: string; text: string } | null;
  /** A contribution's question to the user, if it asks one. */
  question: { questionId: string; text: string; assumption: string } | null;
  /** A consensus turn's votes, one per open proposal (missing ones count as abstentions). */
  votes: { proposalId: string; choice: VoteChoice; reason: string }[];
  similarity: number | null;
  provider: string;
  model: string;
  usage: TokenCount;
  /** The id of the system message the turn may cause (a phase change, a decision needed). */
  noticeId: string;
  now: string;
}

export interface PostUserMessage {
  type: 'PostUserMessage';
  messageId: string;
  text: string;
  /** Answers the pending question when it names it; otherwise threads under that message. */
  inReplyTo: string | null;
  by: Actor;
  noticeId: string;
  now: string;
}

export interface ProposeByUser {
  type: 'ProposeByUser';
  proposalId: string;
  messageId: string;
  text: string;
  by: Actor;
  now: string;
}

/** The question timeout, delivered by its deadline: `timer` names the timer that was set (a later one makes it stale). */
export interface TimeOutQuestion {
  type: 'TimeOutQuestion';
  questionId: string;
  timer: number;
  messageId: string;
  noticeId: string;
  now: string;
}

export interface PauseDiscussion {
  type: 'PauseDiscussion';
  /** Why, when the system pauses it (a turn that kept failing); null when a person does. */
  reason: string | null;
  noticeId: string;
  by: Actor;
  now: string;
}

export interface ResumeDiscussion {
  type: 'ResumeDiscussion';
  by: Actor;
  noticeId: string;
  now: string;
}

export interface StopDiscussion {
  type: 'StopDiscussion';
  reason: string | null;
  by: Actor;
  now: string;
}

export interface DecideDiscussion {
  type: 'DecideDiscussion';
  proposalId: string;
  note: string | null;
  by: Actor;
  now: string;
}

export interface ConcludeDiscussion {
  type: 'ConcludeDiscussion';
  summary: string;
  rationale: string;
  actionItems: { item: string; owner: string }[];
  provider: string;
  model: string;
  usage: TokenCount;
  now: string;
}

export type DiscussionCommand =
  | OpenDiscussionCommand
  | StartDiscussion
  | TakeTurn
  | PostUserMessage
  | ProposeByUser
  | TimeOutQuestion
  | PauseDiscussion
  | ResumeDiscussion
  | StopDiscussion
  | DecideDiscussion
  | ConcludeDiscussion;
