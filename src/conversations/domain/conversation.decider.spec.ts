import { NotFoundError, fold } from '../../platform/decider/decider.js';
import { deciderSpec } from '../../../test/support/decider-spec.js';
import {
  ask,
  asked,
  acknowledged,
  answeredBy,
  architect,
  asker,
  at,
  chain,
  expert,
  followedUp,
  histories,
  lead,
  lead2,
  manager,
  routed,
  t0,
  timing,
} from '../../../test/conversations/support/conversation.fixtures.js';
import type { AcknowledgeQuestion, AnswerQuestion, ConversationCommand, ExpireTimeout, SayCantHelp } from './conversation.commands.js';
import { conversationDecider } from './conversation.decider.js';
import {
  ConversationAlreadyExistsError,
  ConversationClosedError,
  NotAskedError,
  NotCurrentResponderError,
  SelfReferralError,
  UnknownParentMessageError,
} from './conversation.errors.js';
import type { ConversationEvent } from './conversation.events.js';
import type { ConversationStatus } from './conversation.types.js';

const spec = deciderSpec(conversationDecider);
const base = { conversationId: 'c1', squadId: 's1' };
const acknowledge = (round: number, level: number, ms = 10): AcknowledgeQuestion => ({
  type: 'AcknowledgeQuestion',
  round,
  level,
  messageId: `msg-ack-${round}`,
  now: at(ms),
});
const expire = (round: number, level: number, stage: 'first' | 'follow_up', ms: number): ExpireTimeout => ({
  type: 'ExpireTimeout',
  round,
  level,
  stage,
  messageId: stage === 'first' ? `msg-fu-${round}` : `msg-esc-${round + 1}`,
  now: at(ms),
});
const answer = (by = lead, ms = 100, parentId: string | null = null): AnswerQuestion => ({
  type: 'AnswerQuestion',
  by,
  text: 'Billing does.',
  messageId: 'msg-a',
  parentId,
  now: at(ms),
});
const cantHelp = (by = lead, referTo: SayCantHelp['referTo'] = null, ms = 100): SayCantHelp => ({
  type: 'SayCantHelp',
  by,
  reason: 'Not my area',
  referTo,
  messageId: 'msg-ch',
  noticeMessageId: 'msg-notice',
  now: at(ms),
});
const states = Object.keys(histories) as (keyof typeof histories)[];
const roundOf: Record<keyof typeof histories, { round: number; level: number }> = {
  initiated: { round: 1, level: 0 },
  waiting: { round: 1, level: 0 },
  follow_up: { round: 1, level: 0 },
  escalated: { round: 2, level: 1 },
  answered: { round: 1, level: 0 },
  unanswered: { round: 3, level: 2 },
};

describe('conversation decider', () => {
  describe('AskQuestion', () => {
    it('opens the conversation with its chain and settings, and routes it to level 0', () => {
      spec.given([]).when(ask).then([asked, routed]);
      spec
        .given([])
        .when(ask)
        .thenState((state) => expect(state).toMatchObject({ status: 'initiated', round: 1, level: 0, responders: [lead] }));
    });

    it('goes to the first staffed level, leaving the asker out of every level', () => {
      const chainWithGaps = [{ ...chain[0], responders: [asker] }, { ...chain[1], responders: [] }, chain[2]];
      spec
        .given([])
        .when({ ...ask, chain: chainWithGaps })
        .thenState((state) => expect(state).toMatchObject({ status: 'initiated', level: 2, responders: [manager] }));
    });

    it('is unanswered at once when nobody can be asked', () => {
      const [questionAsked] = conversationDecider.decide({ ...ask, chain: [] }, conversationDecider.initialState());
      spec
        .given([])
        .when({ ...ask, chain: [] })
        .then([
          questionAsked,
          { type: 'ChainExhausted', data: { ...base, round: 0, lastLevel: null, reason: 'no_responders', exhaustedAt: t0, queueItemId: base.conversationId } },
        ]);
    });

    it.each(states)('is refused once the conversation exists (%s)', (state) => {
      spec.given(histories[state]).when(ask).thenThrows(ConversationAlreadyExistsError);
    });
  });

  describe('before the question exists', () => {
    it.each<ConversationCommand>([acknowledge(1, 0), expire(1, 0, 'first', 310), answer(), cantHelp()])('$type is not found', (command) => {
      spec.given([]).when(command).thenThrows(NotFoundError);
    });
  });

  describe('AcknowledgeQuestion', () => {
    it('acknowledges from the responder’s side with the squad’s template and starts the first timeout', () => {
      spec
        .given(histories.initiated)
        .when(acknowledge(1, 0))
        .then([
          {
            type: 'QuestionAcknowledged',
            data: {
              ...base,
              round: 1,
              level: 0,
              message: {
                messageId: 'msg-ack-1',
                parentId: 'msg-q',
                kind: 'acknowledgement',
                authorMemberId: 'm-lead',
                text: 'Got it, Bea; Lee will answer within 0 min.',
                sentAt: at(10),
              },
              acknowledgedAt: at(10),
              timeoutAt: at(10 + timing.firstTimeoutMs),
            },
          },
        ]);
    });

    it('acknowledges after an escalation, for the new level', () => {
      spec
        .given(histories.escalated)
        .when(acknowledge(2, 1, 520))
        .then([acknowledged(2, 1, 520, 'm-arch')].map(withAckText('Ari')));
    });

    it.each(states.filter((state) => state !== 'initiated' && state !== 'escalated'))('changes nothing in state %s', (state) => {
      const { round, level } = roundOf[state];
      spec.given(histories[state]).when(acknowledge(round, level)).thenNothingHappened();
    });

    it('changes nothing for another round or level (a late or repeated acknowledgement)', () => {
      spec.given(histories.escalated).when(acknowledge(1, 0)).thenNothingHappened();
      spec.given(histories.initiated).when(acknowledge(1, 1)).thenNothingHappened();
    });
  });

  describe('ExpireTimeout', () => {
    it('first timeout while waiting: sends the follow-up and starts the follow-up timeout', () => {
      spec
        .given(histories.waiting)
        .when(expire(1, 0, 'first', 310))
        .then([
          {
            ...followedUp(1, 0, 310),
            data: {
              ...followedUp(1, 0, 310).data,
              message: {
                ...(followedUp(1, 0, 310).data as { message: object }).message,
                text: 'Lee, are you still there? Bea is waiting.',
              },
            },
          } as ConversationEvent,
        ]);
    });

    it('follow-up timeout: escalates to the next level with a notice', () => {
      spec
        .given(histories.follow_up)
        .when(expire(1, 0, 'follow_up', 510))
        .then([
          {
            type: 'QuestionEscalated',
            data: {
              ...base,
              round: 2,
              fromLevel: 0,
              toLevel: 1,
              ruleId: 'r1',
              responders: [architect],
              reason: 'timeout',
              message: {
                messageId: 'msg-esc-2',
                parentId: 'msg-q',
                kind: 'escalation_notice',
                authorMemberId: null,
                text: 'Escalated to Ari (level 1).',
                sentAt: at(510),
              },
              escalatedAt: at(510),
            },
          },
        ]);
    });

    it('follow-up timeout at the last level: the chain is exhausted and the question unanswered', () => {
      const atLastLevel = histories.unanswered.slice(0, -1);
      spec
        .given(atLastLevel)
        .when(expire(3, 2, 'follow_up', 1530))
        .then([{ type: 'ChainExhausted', data: { ...base, round: 3, lastLevel: 2, reason: 'timeout', exhaustedAt: at(1530), queueItemId: base.conversationId } }]);
      spec
        .given(atLastLevel)
        .when(expire(3, 2, 'follow_up', 1530))
        .thenState((state) => expect(state.status).toBe('unanswered'));
    });

    it('passes over levels with nobody to ask', () => {
      const gappy = [asked, routed, acknowledged(1, 0, 10, 'm-lead'), followedUp(1, 0, 310)].map((event) =>
        event.type === 'QuestionAsked'
          ? { ...event, data: { ...event.data, chain: [chain[0], { ...chain[1], responders: [] }, chain[2]] } }
          : event,
      );
      spec
        .given(gappy)
        .when(expire(1, 0, 'follow_up', 510))
        .thenState((state) => expect(state).toMatchObject({ status: 'escalated', level: 2, round: 2, responders: [manager] }));
    });

    const stale: [keyof typeof histories, ExpireTimeout][] = [
      ['initiated', expire(1, 0, 'first', 310)],
      ['initiated', expire(1, 0, 'follow_up', 510)],
      ['waiting', expire(1, 0, 'follow_up', 510)],
      ['waiting', expire(0, 0, 'first', 310)],
      ['follow_up', expire(1, 0, 'first', 310)],
      ['escalated', expire(1, 0, 'follow_up', 510)],
      ['escalated', expire(2, 1, 'first', 830)],
      ['answered', expire(1, 0, 'first', 310)],
      ['answered', expire(1, 0, 'follow_up', 510)],
      ['unanswered', expire(3, 2, 'follow_up', 1530)],
      ['unanswered', expire(3, 2, 'first', 1330)],
    ];
    it.each(stale.map(([state, command]) => ({ state, command, stage: command.stage, round: command.round })))(
      'changes nothing in state $state for a stale or duplicate $stage timeout of round $round',
      ({ state, command }) => {
        spec.given(histories[state]).when(command).thenNothingHappened();
      },
    );

    it('a timeout of the right round but another level changes nothing', () => {
      spec
        .given(histories.waiting)
        .when(expire(1, 1, 'first', 310))
        .thenNothingHappened();
    });
  });

  describe('AnswerQuestion', () => {
    it.each(['initiated', 'waiting', 'follow_up'] as const)('the current responder answers in state %s', (state) => {
      spec
        .given(histories[state])
        .when(answer())
        .then([answeredBy(lead, 1, 0, 100)]);
    });

    it('after an escalation, the new responder answers, and so may the one it left (an answer crossing the escalation)', () => {
      spec
        .given(histories.escalated)
        .when(answer(architect))
        .then([answeredBy(architect, 2, 1, 100)]);
      spec
        .given(histories.escalated)
        .when(answer(lead))
        .then([answeredBy(lead, 2, 1, 100)]);
    });

    it('threads the answer under the message it replies to', () => {
      spec
        .given(histories.follow_up)
        .when(answer(lead, 100, 'msg-fu-1'))
        .thenState((state) =>
          expect(state.status !== 'none' && state.messages.at(-1)).toMatchObject({ parentId: 'msg-fu-1', kind: 'answer' }),
        );
      spec
        .given(histories.follow_up)
        .when(answer(lead, 100, 'msg-unknown'))
        .thenThrows(UnknownParentMessageError);
    });

    it('refuses a member the question never reached while it is open', () => {
      spec.given(histories.waiting).when(answer(architect)).thenThrows(NotAskedError);
      spec.given(histories.waiting).when(answer(asker)).thenThrows(NotAskedError);
    });

    it('refuses a second answer', () => {
      spec.given(histories.answered).when(answer()).thenThrows(ConversationClosedError);
    });

    it('an unanswered question can be picked up by any member but the asker', () => {
      spec
        .given(histories.unanswered)
        .when(answer(expert))
        .thenState((state) => expect(state.status).toBe('answered'));
      spec.given(histories.unanswered).when(answer(asker)).thenThrows(NotAskedError);
    });

    it('an answer to an unanswered question takes it off the team queue; an answer in time was never on it', () => {
      const [offQueue] = conversationDecider.decide(answer(expert), fold(conversationDecider, histories.unanswered));
      expect(offQueue).toMatchObject({ type: 'QuestionAnswered', data: { queueItemId: base.conversationId } });
      const [inTime] = conversationDecider.decide(answer(), fold(conversationDecider, histories.waiting));
      expect(inTime.data).not.toHaveProperty('queueItemId');
    });
  });

  describe('SayCantHelp', () => {
    const said = (by = lead, referredTo: SayCantHelp['referTo'] = null, round = 1, level = 0): ConversationEvent => ({
      type: 'CantHelpSaid',
      data: {
        ...base,
        round,
        level,
        by,
        referredTo,
        message: {
          messageId: 'msg-ch',
          parentId: 'msg-q',
          kind: 'cant_help',
          authorMemberId: by.memberId,
          text: 'Not my area',
          sentAt: at(100),
        },
        saidAt: at(100),
      },
    });

    it.each(['initiated', 'waiting', 'follow_up'] as const)('in state %s without a referral, escalates to the next level', (state) => {
      spec
        .given(histories[state])
        .when(cantHelp())
        .then([
          said(),
          {
            type: 'QuestionEscalated',
            data: {
              ...base,
              round: 2,
              fromLevel: 0,
              toLevel: 1,
              ruleId: 'r1',
              responders: [architect],
              reason: 'cant_help',
              message: {
                messageId: 'msg-notice',
                parentId: 'msg-q',
                kind: 'escalation_notice',
                authorMemberId: null,
                text: 'Escalated to Ari (level 1).',
                sentAt: at(100),
              },
              escalatedAt: at(100),
            },
          },
        ]);
    });

    it('to a named member: routes the question to that member at the same level', () => {
      spec
        .given(histories.waiting)
        .when(cantHelp(lead, expert))
        .then([
          said(lead, expert),
          {
            type: 'QuestionRouted',
            data: { ...base, round: 2, level: 0, ruleId: 'r0', responders: [expert], reason: 'referral', routedAt: at(100) },
          },
        ]);
    });

    it('with other responders left at the level, stays with them', () => {
      const twoLeads = histories.waiting.map((event) =>
        event.type === 'QuestionRouted' ? { ...event, data: { ...event.data, responders: [lead, lead2] } } : event,
      );
      spec.given(twoLeads).when(cantHelp()).then([said()]);
      spec
        .given(twoLeads)
        .when(cantHelp())
        .thenState((state) => expect(state).toMatchObject({ status: 'waiting', responders: [lead2] }));
    });

    it('at the last level: the chain is exhausted', () => {
      const atLastLevel = histories.unanswered.slice(0, -2);
      spec
        .given(atLastLevel)
        .when(cantHelp(manager))
        .then([
          said(manager, null, 3, 2),
          { type: 'ChainExhausted', data: { ...base, round: 3, lastLevel: 2, reason: 'cant_help', exhaustedAt: at(100), queueItemId: base.conversationId } },
        ]);
    });

    it('in state escalated, from the new responder', () => {
      spec
        .given(histories.escalated)
        .when(cantHelp(architect))
        .thenState((state) => expect(state).toMatchObject({ status: 'escalated', level: 2, round: 3, responders: [manager] }));
    });

    it('refuses a member who is not a current responder, and a referral to the asker or oneself', () => {
      spec.given(histories.escalated).when(cantHelp(lead)).thenThrows(NotCurrentResponderError);
      spec.given(histories.waiting).when(cantHelp(lead, asker)).thenThrows(SelfReferralError);
      spec.given(histories.waiting).when(cantHelp(lead, lead)).thenThrows(SelfReferralError);
    });

    it.each(['answered', 'unanswered'] as const)('is refused once the question is %s', (state) => {
      spec.given(histories[state]).when(cantHelp(manager)).thenThrows(ConversationClosedError);
    });
  });

  it('walks the whole chain: every state is reached, in the documented order', () => {
    const seen: ConversationStatus[] = [];
    let history: ConversationEvent[] = [];
    const step = (command: ConversationCommand) => {
      const state = history.reduce(conversationDecider.evolve, conversationDecider.initialState());
      history = [...history, ...conversationDecider.decide(command, state)];
      const after = history.reduce(conversationDecider.evolve, conversationDecider.initialState());
      if (after.status !== 'none') seen.push(after.status);
    };
    step(ask);
    step(acknowledge(1, 0));
    step(expire(1, 0, 'first', 310));
    step(expire(1, 0, 'follow_up', 510));
    step(acknowledge(2, 1, 520));
    step(answer(architect, 600));
    expect(seen).toEqual(['initiated', 'waiting', 'follow_up', 'escalated', 'waiting', 'answered']);
  });
});

/** The acknowledgement text the fixtures' template renders for a responder. */
function withAckText(responder: string) {
  return (event: ConversationEvent): ConversationEvent =>
    event.type === 'QuestionAcknowledged'
      ? {
          ...event,
          data: { ...event.data, message: { ...event.data.message, text: `Got it, Bea; ${responder} will answer within 0 min.` } },
        }
      : event;
}
