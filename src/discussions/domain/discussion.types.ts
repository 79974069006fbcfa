import type { Actor } from '../../platform/event-store/event.types.js';

/** The discussions module's vocabulary, shared by its events, state, prompts and views. */

export const PHASES = ['initialization', 'exploration', 'discussion', 'consensus', 'completed'] as const;
export type Phase = (typeof PHASES)[number];

/** The phases in which agents speak (as opposed to vote). */
export type ContributionPhase = Exclude<Phase, 'consensus' | 'completed'>;

export const DISCUSSION_STATES = [
  'created',
  'running',
  'awaiting_user',
  'paused',
  'needs_decision',
  'concluding',
  'completed',
  'stopped',
] as const;
export type DiscussionStatus = (typeof DISCUSSION_STATES)[number];

export const CONSENSUS_RULES = ['majority', 'supermajority', 'unanimity'] as const;
export type ConsensusRuleName = (typeof CONSENSUS_RULES)[number];
export interface ConsensusRule {
  rule: ConsensusRuleName;
  /** The share of agree among agree + disagree votes a supermajority needs (default 2/3). */
  threshold: number;
}

export const SPEAKER_SELECTIONS = ['round_robin', 'selector'] as const;
export type SpeakerSelection = (typeof SPEAKER_SELECTIONS)[number];

/** What happens when the user leaves an agent's question unanswered for `userQuestionTimeoutSeconds`. */
export const UNANSWERED_QUESTION_POLICIES = ['assume', 'remind'] as const;
export type UnansweredQuestionPolicy = (typeof UNANSWERED_QUESTION_POLICIES)[number];

export const VOTE_CHOICES = ['agree', 'disagree', 'abstain'] as const;
export type VoteChoice = (typeof VOTE_CHOICES)[number];

/** A registry agent taking part, as it was when the discussion opened. */
export interface Participant {
  slug: string;
  version: string;
  name: string;
  role: string;
  /** Persona metadata `speaksFirst`: opens the discussion. */
  speaksFirst: boolean;
}

/** Who said something: an agent participant, or a person (or key) through the API. */
export type Speaker = { kind: 'agent'; slug: string } | { kind: 'user'; actor: Actor } | { kind: 'system' };

export const MESSAGE_KINDS = ['contribution', 'question', 'answer', 'user', 'proposal', 'vote', 'reminder', 'system'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export interface TokenCount {
  inputTokens: number;
  outputTokens: number;
}

export interface ActionItem {
  item: string;
  owner: string;
}

export interface Dissent {
  slug: string;
  reason: string;
}

export interface DecisionRecord {
  proposalId: string;
  decision: string;
  decidedBy: 'consensus' | 'user';
  /** The user's note when the user broke the tie. */
  note: string | null;
  rationale: string;
  dissent: Dissent[];
  actionItems: ActionItem[];
}

export interface Tally {
  agree: number;
  disagree: number;
  abstain: number;
}
