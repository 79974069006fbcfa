import type { AskQuestion } from '../../../src/conversations/domain/conversation.commands.js';
import type { ConversationEvent } from '../../../src/conversations/domain/conversation.events.js';
import type { ChainStep, Participant } from '../../../src/conversations/domain/conversation.types.js';

/** A three-level chain and the events of a question going through it, for specs. */
const person = (memberId: string, role: string, displayName: string): Participant => ({
  memberId,
  kind: 'human',
  role,
  displayName,
  agentSlug: null,
});

export const asker = person('m-asker', 'backend_developer', 'Bea');
export const lead = person('m-lead', 'tech_lead', 'Lee');
export const lead2 = person('m-lead2', 'tech_lead', 'Lou');
export const architect = person('m-arch', 'solution_architect', 'Ari');
export const manager = person('m-pm', 'project_manager', 'Pam');
export const expert = person('m-expert', 'security_engineer', 'Sec');

const why = (summary: string) => ({ summary, source: 'squad', decidedBy: 'only_candidate' });
export const chain: ChainStep[] = [
  { level: 0, ruleId: 'r0', ruleSource: 'squad', responders: [lead], why: why('level 0') },
  { level: 1, ruleId: 'r1', ruleSource: 'squad', responders: [architect], why: why('level 1') },
  { level: 2, ruleId: 'r2', ruleSource: 'squad', responders: [manager], why: why('level 2') },
];

export const t0 = '2025-01-01T10:00:00.000Z';
export const at = (ms: number) => new Date(Date.parse(t0) + ms).toISOString();
export const timing = { firstTimeoutMs: 300, followUpTimeoutMs: 200 };
export const templates = {
  acknowledgement: 'Got it, {asker}; {responder} will answer within {timeoutMinutes} min.',
  followUp: '{responder}, are you still there? {asker} is waiting.',
  escalationNotice: 'Escalated to {nextResponder} (level {level}).',
};

export const ask: AskQuestion = {
  type: 'AskQuestion',
  conversationId: 'c1',
  organizationId: 'o1',
  squadId: 's1',
  asker,
  questionType: 'architecture',
  text: 'Who owns invoice numbering?',
  messageId: 'msg-q',
  chain,
  timing,
  templates,
  now: t0,
};

const base = { conversationId: 'c1', squadId: 's1' };
export const asked: ConversationEvent = {
  type: 'QuestionAsked',
  data: {
    ...base,
    organizationId: 'o1',
    asker,
    questionType: 'architecture',
    message: {
      messageId: 'msg-q',
      parentId: null,
      kind: 'question',
      authorMemberId: 'm-asker',
      text: 'Who owns invoice numbering?',
      sentAt: t0,
    },
    chain,
    timing,
    templates,
    askedAt: t0,
  },
};
export const routed: ConversationEvent = {
  type: 'QuestionRouted',
  data: { ...base, round: 1, level: 0, ruleId: 'r0', responders: [lead], reason: 'first_contact', routedAt: t0 },
};
export const acknowledged = (round: number, level: number, ms: number, author: string): ConversationEvent => ({
  type: 'QuestionAcknowledged',
  data: {
    ...base,
    round,
    level,
    message: {
      messageId: `msg-ack-${round}`,
      parentId: 'msg-q',
      kind: 'acknowledgement',
      authorMemberId: author,
      text: 'ack',
      sentAt: at(ms),
    },
    acknowledgedAt: at(ms),
    timeoutAt: at(ms + timing.firstTimeoutMs),
  },
});
export const followedUp = (round: number, level: number, ms: number): ConversationEvent => ({
  type: 'FollowUpSent',
  data: {
    ...base,
    round,
    level,
    message: {
      messageId: `msg-fu-${round}`,
      parentId: `msg-ack-${round}`,
      kind: 'follow_up',
      authorMemberId: null,
      text: 'still there?',
      sentAt: at(ms),
    },
    sentAt: at(ms),
    timeoutAt: at(ms + timing.followUpTimeoutMs),
  },
});
export const escalated = (round: number, fromLevel: number, toLevel: number, ms: number): ConversationEvent => ({
  type: 'QuestionEscalated',
  data: {
    ...base,
    round,
    fromLevel,
    toLevel,
    ruleId: `r${toLevel}`,
    responders: [chain[toLevel].responders[0]],
    reason: 'timeout',
    message: {
      messageId: `msg-esc-${round}`,
      parentId: 'msg-q',
      kind: 'escalation_notice',
      authorMemberId: null,
      text: 'escalated',
      sentAt: at(ms),
    },
    escalatedAt: at(ms),
  },
});
export const answeredBy = (by: Participant, round: number, level: number, ms: number): ConversationEvent => ({
  type: 'QuestionAnswered',
  data: {
    ...base,
    round,
    level,
    by,
    message: { messageId: 'msg-a', parentId: 'msg-q', kind: 'answer', authorMemberId: by.memberId, text: 'Billing does.', sentAt: at(ms) },
    answeredAt: at(ms),
  },
});
export const exhausted = (round: number, lastLevel: number, ms: number): ConversationEvent => ({
  type: 'ChainExhausted',
  data: { ...base, round, lastLevel, reason: 'timeout', exhaustedAt: at(ms) },
});

/** Histories that end in each state. */
export const histories = {
  initiated: [asked, routed],
  waiting: [asked, routed, acknowledged(1, 0, 10, 'm-lead')],
  follow_up: [asked, routed, acknowledged(1, 0, 10, 'm-lead'), followedUp(1, 0, 310)],
  escalated: [asked, routed, acknowledged(1, 0, 10, 'm-lead'), followedUp(1, 0, 310), escalated(2, 0, 1, 510)],
  answered: [asked, routed, acknowledged(1, 0, 10, 'm-lead'), answeredBy(lead, 1, 0, 100)],
  unanswered: [
    asked,
    routed,
    acknowledged(1, 0, 10, 'm-lead'),
    followedUp(1, 0, 310),
    escalated(2, 0, 1, 510),
    acknowledged(2, 1, 520, 'm-arch'),
    followedUp(2, 1, 820),
    escalated(3, 1, 2, 1020),
    acknowledged(3, 2, 1030, 'm-pm'),
    followedUp(3, 2, 1330),
    exhausted(3, 2, 1530),
  ],
} satisfies Record<string, ConversationEvent[]>;
