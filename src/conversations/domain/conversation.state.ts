import type { Actor } from '../../platform/event-store/event.types.js';
import type { ChainExhausted, ConversationEvent } from './conversation.events.js';
import type {
  ChainStep,
  ConversationMessage,
  ConversationStatus,
  ConversationTiming,
  MessageTemplates,
  Participant,
} from './conversation.types.js';

export interface ActiveConversation {
  status: ConversationStatus;
  id: string;
  organizationId: string;
  squadId: string;
  asker: Participant;
  questionType: string;
  chain: ChainStep[];
  timing: ConversationTiming;
  templates: MessageTemplates;
  /** The current hand-over (0 until the question is routed). */
  round: number;
  /** The chain level of the current responders; null before routing. */
  level: number | null;
  responders: Participant[];
  /** Everyone the question ever reached: any of them may still answer while it is open. */
  askedMemberIds: string[];
  messages: ConversationMessage[];
  /** The acknowledgement of the current round, which its follow-up replies to. */
  acknowledgementId: string | null;
  askedAt: string;
  closedAt: string | null;
  /** Why the chain ran out, once it has. */
  exhaustedReason: ChainExhausted['data']['reason'] | null;
  /** Who took the unanswered question off the team queue, while they have it. */
  claim: { by: Actor; at: string } | null;
}

export type ConversationState = { status: 'none' } | ActiveConversation;

export const initialState = (): ConversationState => ({ status: 'none' });

function reached(state: ActiveConversation, responders: Participant[]): string[] {
  return [...new Set([...state.askedMemberIds, ...responders.map((responder) => responder.memberId)])];
}

export function evolve(state: ConversationState, event: ConversationEvent): ConversationState {
  if (event.type === 'QuestionAsked') {
    const data = event.data;
    return {
      status: 'initiated',
      id: data.conversationId,
      organizationId: data.organizationId,
      squadId: data.squadId,
      asker: data.asker,
      questionType: data.questionType,
      chain: data.chain,
      timing: data.timing,
      templates: data.templates,
      round: 0,
      level: null,
      responders: [],
      askedMemberIds: [],
      messages: [data.message],
      acknowledgementId: null,
      askedAt: data.askedAt,
      closedAt: null,
      exhaustedReason: null,
      claim: null,
    };
  }
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'QuestionRouted': {
      const { round, level, responders } = event.data;
      return {
        ...state,
        status: 'initiated',
        round,
        level,
        responders,
        askedMemberIds: reached(state, responders),
        acknowledgementId: null,
      };
    }
    case 'QuestionAcknowledged':
      return {
        ...state,
        status: 'waiting',
        messages: [...state.messages, event.data.message],
        acknowledgementId: event.data.message.messageId,
      };
    case 'FollowUpSent':
      return { ...state, status: 'follow_up', messages: [...state.messages, event.data.message] };
    case 'QuestionEscalated': {
      const { round, toLevel, responders, message } = event.data;
      return {
        ...state,
        status: 'escalated',
        round,
        level: toLevel,
        responders,
        askedMemberIds: reached(state, responders),
        messages: [...state.messages, message],
        acknowledgementId: null,
      };
    }
    case 'CantHelpSaid': {
      const responders = state.responders.filter((responder) => responder.memberId !== event.data.by.memberId);
      return { ...state, responders, messages: [...state.messages, event.data.message] };
    }
    case 'QuestionAnswered':
      return {
        ...state,
        status: 'answered',
        responders: [],
        messages: [...state.messages, event.data.message],
        closedAt: event.data.answeredAt,
      };
    case 'ChainExhausted':
      return { ...state, status: 'unanswered', responders: [], closedAt: event.data.exhaustedAt, exhaustedReason: event.data.reason };
    case 'QuestionClaimed':
      return { ...state, claim: { by: event.data.by, at: event.data.claimedAt } };
    case 'QuestionReleased':
      return { ...state, claim: null };
  }
}
