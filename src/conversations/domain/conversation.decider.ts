import { type Decider, NotFoundError } from '../../platform/decider/decider.js';
import type { AnswerQuestion, AskQuestion, ConversationCommand, ExpireTimeout, SayCantHelp } from './conversation.commands.js';
import {
  ConversationAlreadyExistsError,
  ConversationClosedError,
  NotAskedError,
  NotCurrentResponderError,
  SelfReferralError,
  UnknownParentMessageError,
} from './conversation.errors.js';
import type { ConversationEvent } from './conversation.events.js';
import { type ActiveConversation, type ConversationState, evolve, initialState } from './conversation.state.js';
import { type ChainStep, OPEN_STATES, type Participant } from './conversation.types.js';
import { fillTemplate, minutes, names } from './message-template.js';

/** The first level above `afterLevel` that has someone to ask (levels without responders are passed over). */
function nextStep(chain: readonly ChainStep[], afterLevel: number | null): ChainStep | undefined {
  return chain.find((step) => (afterLevel === null || step.level > afterLevel) && step.responders.length > 0);
}

const later = (now: string, ms: number) => new Date(Date.parse(now) + ms).toISOString();

function ask(command: AskQuestion): ConversationEvent[] {
  const { conversationId, squadId, now } = command;
  const base = { conversationId, squadId };
  const chain = command.chain.map((step) => ({
    ...step,
    responders: step.responders.filter((responder) => responder.memberId !== command.asker.memberId),
  }));
  const asked: ConversationEvent = {
    type: 'QuestionAsked',
    data: {
      ...base,
      organizationId: command.organizationId,
      asker: command.asker,
      questionType: command.questionType,
      message: {
        messageId: command.messageId,
        parentId: null,
        kind: 'question',
        authorMemberId: command.asker.memberId,
        text: command.text,
        sentAt: now,
      },
      chain,
      timing: command.timing,
      templates: command.templates,
      askedAt: now,
    },
  };
  const first = nextStep(chain, null);
  if (!first)
    return [
      asked,
      {
        type: 'ChainExhausted',
        data: { ...base, round: 0, lastLevel: null, reason: 'no_responders', exhaustedAt: now, queueItemId: conversationId },
      },
    ];
  return [
    asked,
    {
      type: 'QuestionRouted',
      data: {
        ...base,
        round: 1,
        level: first.level,
        ruleId: first.ruleId,
        responders: first.responders,
        reason: 'first_contact',
        routedAt: now,
      },
    },
  ];
}

/** Hands the question to the next staffed level, or gives up when there is none. */
function moveOn(state: ActiveConversation, reason: 'timeout' | 'cant_help', messageId: string, now: string): ConversationEvent[] {
  const base = { conversationId: state.id, squadId: state.squadId };
  const next = nextStep(state.chain, state.level);
  if (!next)
    return [
      {
        type: 'ChainExhausted',
        data: { ...base, round: state.round, lastLevel: state.level, reason, exhaustedAt: now, queueItemId: state.id },
      },
    ];
  const text = fillTemplate(state.templates.escalationNotice, {
    asker: state.asker.displayName,
    responder: names(state.responders),
    questionType: state.questionType,
    level: next.level,
    nextResponder: names(next.responders),
    timeoutMinutes: minutes(state.timing.firstTimeoutMs),
  });
  return [
    {
      type: 'QuestionEscalated',
      data: {
        ...base,
        round: state.round + 1,
        fromLevel: state.level ?? next.level,
        toLevel: next.level,
        ruleId: next.ruleId,
        responders: next.responders,
        reason,
        message: { messageId, parentId: state.messages[0].messageId, kind: 'escalation_notice', authorMemberId: null, text, sentAt: now },
        escalatedAt: now,
      },
    },
  ];
}

function expire(command: ExpireTimeout, state: ActiveConversation): ConversationEvent[] {
  if (command.round !== state.round || command.level !== state.level) return [];
  if (command.stage === 'first' && state.status === 'waiting') {
    const text = fillTemplate(state.templates.followUp, {
      asker: state.asker.displayName,
      responder: names(state.responders),
      questionType: state.questionType,
      level: state.level,
      timeoutMinutes: minutes(state.timing.followUpTimeoutMs),
    });
    const parentId = state.acknowledgementId ?? state.messages[0].messageId;
    return [
      {
        type: 'FollowUpSent',
        data: {
          conversationId: state.id,
          squadId: state.squadId,
          round: state.round,
          level: command.level,
          message: { messageId: command.messageId, parentId, kind: 'follow_up', authorMemberId: null, text, sentAt: command.now },
          sentAt: command.now,
          timeoutAt: later(command.now, state.timing.followUpTimeoutMs),
        },
      },
    ];
  }
  if (command.stage === 'follow_up' && state.status === 'follow_up') return moveOn(state, 'timeout', command.messageId, command.now);
  return [];
}

function answer(command: AnswerQuestion, state: ActiveConversation): ConversationEvent[] {
  if (state.status === 'answered') throw new ConversationClosedError(state.status);
  const open = OPEN_STATES.includes(state.status);
  // Open: anyone the question reached may answer, so an answer that crosses an escalation still counts.
  // Unanswered: it was raised for people, so any member but the asker may pick it up.
  if (open && !state.askedMemberIds.includes(command.by.memberId)) throw new NotAskedError(command.by.memberId);
  if (!open && command.by.memberId === state.asker.memberId) throw new NotAskedError(command.by.memberId);
  const parentId = command.parentId ?? state.messages[0].messageId;
  if (!state.messages.some((message) => message.messageId === parentId)) throw new UnknownParentMessageError(parentId);
  return [
    {
      type: 'QuestionAnswered',
      data: {
        conversationId: state.id,
        squadId: state.squadId,
        round: state.round,
        level: state.level ?? 0,
        by: command.by,
        message: {
          messageId: command.messageId,
          parentId,
          kind: 'answer',
          authorMemberId: command.by.memberId,
          text: command.text,
          sentAt: command.now,
        },
        answeredAt: command.now,
        // An unanswered question was on the team queue: this answer takes it off.
        ...(open ? {} : { queueItemId: state.id }),
      },
    },
  ];
}

function cantHelp(command: SayCantHelp, state: ActiveConversation): ConversationEvent[] {
  if (!OPEN_STATES.includes(state.status)) throw new ConversationClosedError(state.status);
  const by = command.by;
  if (!state.responders.some((responder) => responder.memberId === by.memberId)) throw new NotCurrentResponderError(by.memberId);
  const referTo: Participant | null = command.referTo;
  if (referTo && (referTo.memberId === state.asker.memberId || referTo.memberId === by.memberId)) throw new SelfReferralError();
  const base = { conversationId: state.id, squadId: state.squadId };
  const level = state.level ?? 0;
  const said: ConversationEvent = {
    type: 'CantHelpSaid',
    data: {
      ...base,
      round: state.round,
      level,
      by,
      referredTo: referTo,
      message: {
        messageId: command.messageId,
        parentId: state.messages[0].messageId,
        kind: 'cant_help',
        authorMemberId: by.memberId,
        text: command.reason,
        sentAt: command.now,
      },
      saidAt: command.now,
    },
  };
  if (referTo) {
    const ruleId = state.chain.find((step) => step.level === level)?.ruleId ?? '';
    return [
      said,
      {
        type: 'QuestionRouted',
        data: { ...base, round: state.round + 1, level, ruleId, responders: [referTo], reason: 'referral', routedAt: command.now },
      },
    ];
  }
  const after = evolve(state, said) as ActiveConversation;
  if (after.responders.length > 0) return [said];
  return [said, ...moveOn(after, 'cant_help', command.noticeMessageId, command.now)];
}

/**
 * A routed question. Pure: time and ids come with the commands. Timeout and acknowledgement
 * commands name the round (and level) they were scheduled for; in any other round or state they
 * change nothing, so a late, repeated or concurrent firing cannot escalate twice or after an answer.
 */
export const conversationDecider: Decider<ConversationState, ConversationCommand, ConversationEvent> = {
  initialState,
  evolve,
  decide(command, state) {
    if (command.type === 'AskQuestion') {
      if (state.status !== 'none') throw new ConversationAlreadyExistsError(command.conversationId);
      return ask(command);
    }
    if (state.status === 'none') throw new NotFoundError('conversation', '');
    switch (command.type) {
      case 'AcknowledgeQuestion': {
        const awaiting = state.status === 'initiated' || state.status === 'escalated';
        if (!awaiting || command.round !== state.round || command.level !== state.level) return [];
        const text = fillTemplate(state.templates.acknowledgement, {
          asker: state.asker.displayName,
          responder: names(state.responders),
          questionType: state.questionType,
          level: state.level,
          timeoutMinutes: minutes(state.timing.firstTimeoutMs),
        });
        return [
          {
            type: 'QuestionAcknowledged',
            data: {
              conversationId: state.id,
              squadId: state.squadId,
              round: state.round,
              level: command.level,
              message: {
                messageId: command.messageId,
                parentId: state.messages[0].messageId,
                kind: 'acknowledgement',
                authorMemberId: state.responders[0]?.memberId ?? null,
                text,
                sentAt: command.now,
              },
              acknowledgedAt: command.now,
              timeoutAt: later(command.now, state.timing.firstTimeoutMs),
            },
          },
        ];
      }
      case 'ExpireTimeout':
        return expire(command, state);
      case 'AnswerQuestion':
        return answer(command, state);
      case 'SayCantHelp':
        return cantHelp(command, state);
    }
  },
};
