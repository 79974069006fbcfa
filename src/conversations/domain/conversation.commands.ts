import type { ChainStep, ConversationTiming, MessageTemplates, Participant, TimeoutStage } from './conversation.types.js';

/** Commands carry their time (`now`, ISO 8601) and every id they create; the decider reads no clock. */
export interface AskQuestion {
  type: 'AskQuestion';
  conversationId: string;
  organizationId: string;
  squadId: string;
  asker: Participant;
  questionType: string;
  text: string;
  messageId: string;
  chain: ChainStep[];
  timing: ConversationTiming;
  templates: MessageTemplates;
  now: string;
}

/** Sent by the responders' side when the question reaches them in `round`. */
export interface AcknowledgeQuestion {
  type: 'AcknowledgeQuestion';
  round: number;
  level: number;
  messageId: string;
  now: string;
}

/** A timeout of `round` expired; stale (another round, another stage, closed) it changes nothing. */
export interface ExpireTimeout {
  type: 'ExpireTimeout';
  round: number;
  level: number;
  stage: TimeoutStage;
  messageId: string;
  now: string;
}

export interface AnswerQuestion {
  type: 'AnswerQuestion';
  by: Participant;
  text: string;
  messageId: string;
  /** The message answered; the question when null. */
  parentId: string | null;
  now: string;
}

/** A current responder cannot help: to a named member, else to the other responders of the level, else to the next level. */
export interface SayCantHelp {
  type: 'SayCantHelp';
  by: Participant;
  reason: string;
  referTo: Participant | null;
  messageId: string;
  /** Used when the question moves on to the next level (its escalation notice). */
  noticeMessageId: string;
  now: string;
}

export type ConversationCommand = AskQuestion | AcknowledgeQuestion | ExpireTimeout | AnswerQuestion | SayCantHelp;
