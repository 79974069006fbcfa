import type { DiscussionEvent } from './discussion.events.js';
import type { MessageKind, Speaker } from './discussion.types.js';

/** A message of the discussion's thread, as an event says it. */
export interface SaidMessage {
  id: string;
  kind: MessageKind;
  by: Speaker;
  text: string;
  parentId: string | null;
  at: string;
}

const SYSTEM: Speaker = { kind: 'system' };

/** The message an event adds to the thread, if any: the one mapping used by the state and the read model. */
export function messageIn(event: DiscussionEvent): SaidMessage | null {
  switch (event.type) {
    case 'AgentSpoke': {
      const d = event.data;
      const kind = d.phase === 'consensus' ? 'vote' : 'contribution';
      return { id: d.messageId, kind, by: { kind: 'agent', slug: d.speaker }, text: d.text, parentId: d.parentId, at: d.spokeAt };
    }
    case 'ProposalMade': {
      const d = event.data;
      // An agent's proposal is part of the agent's message; a user's is a message of its own.
      if (d.by.kind !== 'user') return null;
      return { id: d.messageId, kind: 'proposal', by: { kind: 'user', actor: d.by.actor }, text: d.text, parentId: null, at: d.madeAt };
    }
    case 'UserQuestionAsked': {
      const d = event.data;
      return {
        id: d.questionId,
        kind: 'question',
        by: { kind: 'agent', slug: d.askedBy },
        text: d.text,
        parentId: d.messageId,
        at: d.askedAt,
      };
    }
    case 'UserQuestionAnswered': {
      const d = event.data;
      return { id: d.messageId, kind: 'answer', by: { kind: 'user', actor: d.by }, text: d.text, parentId: d.questionId, at: d.answeredAt };
    }
    case 'UserReminded': {
      const d = event.data;
      return { id: d.messageId, kind: 'reminder', by: SYSTEM, text: d.text, parentId: d.questionId, at: d.remindedAt };
    }
    case 'AssumptionMade': {
      const d = event.data;
      const text = `No answer in time; the discussion continues on this assumption: ${d.assumption}`;
      return { id: d.messageId, kind: 'system', by: SYSTEM, text, parentId: d.questionId, at: d.madeAt };
    }
    case 'UserMessagePosted': {
      const d = event.data;
      return { id: d.messageId, kind: 'user', by: { kind: 'user', actor: d.by }, text: d.text, parentId: d.parentId, at: d.postedAt };
    }
    case 'PhaseChanged':
      return { id: event.data.messageId, kind: 'system', by: SYSTEM, text: event.data.reason, parentId: null, at: event.data.changedAt };
    case 'DiscussionPaused': {
      const { reason, messageId, pausedAt } = event.data;
      return reason && messageId ? { id: messageId, kind: 'system', by: SYSTEM, text: reason, parentId: null, at: pausedAt } : null;
    }
    case 'DecisionNeeded':
      return { id: event.data.messageId, kind: 'system', by: SYSTEM, text: event.data.reason, parentId: null, at: event.data.neededAt };
    default:
      return null;
  }
}
