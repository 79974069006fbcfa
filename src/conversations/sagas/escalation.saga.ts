import type { ConversationEvent } from '../domain/conversation.events.js';
import type { TimeoutStage } from '../domain/conversation.types.js';

/** Deadline types of conversations; their handlers turn them into commands. */
export const ACKNOWLEDGE_DEADLINE = 'conversation.acknowledge';
export const TIMEOUT_DEADLINE = 'conversation.timeout';
export const AGENT_ANSWER_DEADLINE = 'conversation.agent-answer';

export interface RoundPayload {
  conversationId: string;
  round: number;
  level: number;
}
export type TimeoutPayload = RoundPayload & { stage: TimeoutStage };
export type AgentAnswerPayload = RoundPayload & { memberId: string };

export type DeadlineAction =
  | { action: 'schedule'; key: string; type: string; dueAt: string; payload: RoundPayload | TimeoutPayload | AgentAnswerPayload }
  | { action: 'cancel'; key: string };

const prefix = (conversationId: string) => `conversation:${conversationId}`;
export const acknowledgeKey = (conversationId: string, round: number) => `${prefix(conversationId)}:ack:${round}`;
export const timeoutKey = (conversationId: string, round: number, stage: TimeoutStage) =>
  `${prefix(conversationId)}:timeout:${round}:${stage}`;
export const agentAnswerKey = (conversationId: string, round: number, memberId: string) =>
  `${prefix(conversationId)}:agent-answer:${round}:${memberId}`;

/** Everything pending for a round: cancelled when the question leaves it. */
function cancelRound(conversationId: string, round: number): DeadlineAction[] {
  if (round < 1) return [];
  return [
    { action: 'cancel', key: acknowledgeKey(conversationId, round) },
    { action: 'cancel', key: timeoutKey(conversationId, round, 'first') },
    { action: 'cancel', key: timeoutKey(conversationId, round, 'follow_up') },
  ];
}

/** A new round: the responders' side acknowledges at once, and each agent responder starts answering at once. */
function startRound(
  conversationId: string,
  round: number,
  level: number,
  responders: readonly { memberId: string; kind: string }[],
  at: string,
): DeadlineAction[] {
  const agents = responders.filter((responder) => responder.kind === 'agent');
  return [
    ...cancelRound(conversationId, round - 1),
    {
      action: 'schedule',
      key: acknowledgeKey(conversationId, round),
      type: ACKNOWLEDGE_DEADLINE,
      dueAt: at,
      payload: { conversationId, round, level },
    },
    ...agents.map((agent): DeadlineAction => ({
      action: 'schedule',
      key: agentAnswerKey(conversationId, round, agent.memberId),
      type: AGENT_ANSWER_DEADLINE,
      dueAt: at,
      payload: { conversationId, round, level, memberId: agent.memberId },
    })),
  ];
}

/**
 * The escalation saga as a pure function: the deadlines an event starts or stops. Applied by an
 * inline projection, so they are written in the transaction of the event; when one is due its
 * handler issues the command (acknowledge, expire timeout, answer) and the decider checks the round.
 * Stale agent-answer deadlines are not cancelled: their handler sees the round has passed and stops.
 */
export function escalationPlan(typed: ConversationEvent): DeadlineAction[] {
  switch (typed.type) {
    case 'QuestionRouted':
      return startRound(typed.data.conversationId, typed.data.round, typed.data.level, typed.data.responders, typed.data.routedAt);
    case 'QuestionEscalated':
      return startRound(typed.data.conversationId, typed.data.round, typed.data.toLevel, typed.data.responders, typed.data.escalatedAt);
    case 'QuestionAcknowledged': {
      const { conversationId, round, level, timeoutAt } = typed.data;
      const payload: TimeoutPayload = { conversationId, round, level, stage: 'first' };
      return [{ action: 'schedule', key: timeoutKey(conversationId, round, 'first'), type: TIMEOUT_DEADLINE, dueAt: timeoutAt, payload }];
    }
    case 'FollowUpSent': {
      const { conversationId, round, level, timeoutAt } = typed.data;
      const payload: TimeoutPayload = { conversationId, round, level, stage: 'follow_up' };
      return [
        { action: 'schedule', key: timeoutKey(conversationId, round, 'follow_up'), type: TIMEOUT_DEADLINE, dueAt: timeoutAt, payload },
      ];
    }
    case 'QuestionAnswered':
    case 'ChainExhausted':
      return cancelRound(typed.data.conversationId, typed.data.round);
    case 'QuestionAsked':
    case 'CantHelpSaid':
    case 'QuestionClaimed':
    case 'QuestionReleased':
      return [];
  }
}
