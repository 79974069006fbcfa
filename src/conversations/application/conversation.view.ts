import type { Actor } from '../../platform/event-store/event.types.js';
import type { ActiveConversation } from '../domain/conversation.state.js';
import type { ChainStep, ConversationMessage, ConversationStatus, Participant } from '../domain/conversation.types.js';

/** A conversation as queries return it: its state folded from the stream, with every message. */
export interface ConversationView {
  id: string;
  squadId: string;
  state: ConversationStatus;
  questionType: string;
  asker: Participant;
  round: number;
  level: number | null;
  currentResponders: Participant[];
  chain: ChainStep[];
  firstTimeoutMs: number;
  followUpTimeoutMs: number;
  messages: ConversationMessage[];
  askedAt: string;
  closedAt: string | null;
  version: number;
}

export function toConversationView(state: ActiveConversation, version: number): ConversationView {
  return {
    id: state.id,
    squadId: state.squadId,
    state: state.status,
    questionType: state.questionType,
    asker: state.asker,
    round: state.round,
    level: state.level,
    currentResponders: state.responders,
    chain: state.chain,
    firstTimeoutMs: state.timing.firstTimeoutMs,
    followUpTimeoutMs: state.timing.followUpTimeoutMs,
    messages: state.messages,
    askedAt: state.askedAt,
    closedAt: state.closedAt,
    version,
  };
}

/** One row of a list or an inbox. */
export interface ConversationSummary {
  id: string;
  squadId: string;
  askerMemberId: string;
  questionType: string;
  question: string;
  state: ConversationStatus;
  level: number | null;
  responderIds: string[];
  escalations: number;
  askedAt: string;
  firstAcknowledgedAt: string | null;
  answeredAt: string | null;
  closedAt: string | null;
}

export interface TimelineEntry {
  position: number;
  version: number;
  type: string;
  at: string;
  actor: Actor | null;
  data: unknown;
}
