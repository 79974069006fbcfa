import {
  acknowledged,
  answeredBy,
  asked,
  at,
  escalated,
  exhausted,
  followedUp,
  lead,
  routed,
} from '../../../test/conversations/support/conversation.fixtures.js';
import type { ConversationEvent } from '../domain/conversation.events.js';
import { escalationPlan } from './escalation.saga.js';

const cancelRound = (round: number) => [
  { action: 'cancel', key: `conversation:c1:ack:${round}` },
  { action: 'cancel', key: `conversation:c1:timeout:${round}:first` },
  { action: 'cancel', key: `conversation:c1:timeout:${round}:follow_up` },
];

describe('escalation saga', () => {
  it('first contact: the responders’ side acknowledges at once', () => {
    expect(escalationPlan(routed)).toEqual([
      {
        action: 'schedule',
        key: 'conversation:c1:ack:1',
        type: 'conversation.acknowledge',
        dueAt: at(0),
        payload: { conversationId: 'c1', round: 1, level: 0 },
      },
    ]);
  });

  it('an agent responder also starts answering at once', () => {
    const toAgent: ConversationEvent = {
      ...routed,
      data: { ...(routed.data as object), responders: [{ ...lead, kind: 'agent', agentSlug: 'tech-lead' }] },
    } as ConversationEvent;
    expect(escalationPlan(toAgent)).toContainEqual({
      action: 'schedule',
      key: 'conversation:c1:agent-answer:1:m-lead',
      type: 'conversation.agent-answer',
      dueAt: at(0),
      payload: { conversationId: 'c1', round: 1, level: 0, memberId: 'm-lead' },
    });
  });

  it('an acknowledgement starts the first timeout, a follow-up the follow-up timeout, each due when the event says', () => {
    expect(escalationPlan(acknowledged(1, 0, 10, 'm-lead'))).toEqual([
      {
        action: 'schedule',
        key: 'conversation:c1:timeout:1:first',
        type: 'conversation.timeout',
        dueAt: at(310),
        payload: { conversationId: 'c1', round: 1, level: 0, stage: 'first' },
      },
    ]);
    expect(escalationPlan(followedUp(1, 0, 310))).toEqual([
      {
        action: 'schedule',
        key: 'conversation:c1:timeout:1:follow_up',
        type: 'conversation.timeout',
        dueAt: at(510),
        payload: { conversationId: 'c1', round: 1, level: 0, stage: 'follow_up' },
      },
    ]);
  });

  it('an escalation stops the previous round and starts over at the new level', () => {
    expect(escalationPlan(escalated(2, 0, 1, 510))).toEqual([
      ...cancelRound(1),
      {
        action: 'schedule',
        key: 'conversation:c1:ack:2',
        type: 'conversation.acknowledge',
        dueAt: at(510),
        payload: { conversationId: 'c1', round: 2, level: 1 },
      },
    ]);
  });

  it('an answer or an exhausted chain stops every timer of the round', () => {
    expect(escalationPlan(answeredBy(lead, 1, 0, 100))).toEqual(cancelRound(1));
    expect(escalationPlan(exhausted(3, 2, 1530))).toEqual(cancelRound(3));
  });

  it('asking alone schedules nothing (routing does)', () => {
    expect(escalationPlan(asked)).toEqual([]);
  });
});
