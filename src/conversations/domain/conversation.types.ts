/** The vocabulary shared by the conversation's events, commands and state. */

export type MemberKind = 'agent' | 'human';

/** A squad member as the conversation remembers them when they took part. */
export interface Participant {
  memberId: string;
  kind: MemberKind;
  role: string;
  displayName: string;
  /** The registry agent an agent member runs; null for people. */
  agentSlug: string | null;
}

/** One level of the routing chain, as resolved when the question was asked (kept with the conversation). */
export interface ChainStep {
  level: number;
  ruleId: string;
  ruleSource: string;
  /** Who answers at this level, the asker left out. */
  responders: Participant[];
  /** Routing's explanation of why this rule won (ChainReason); kept as given. */
  why: { summary: string } & Record<string, unknown>;
}

/** The squad's interaction settings in force when the question was asked; a conversation keeps them to the end. */
export interface ConversationTiming {
  firstTimeoutMs: number;
  followUpTimeoutMs: number;
}

export interface MessageTemplates {
  acknowledgement: string;
  followUp: string;
  escalationNotice: string;
}

export const MESSAGE_KINDS = ['question', 'acknowledgement', 'follow_up', 'escalation_notice', 'cant_help', 'answer'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

/** A message of the conversation; `parentId` threads it under the message it replies to. */
export interface ConversationMessage {
  messageId: string;
  parentId: string | null;
  kind: MessageKind;
  /** The member who wrote it; null for messages the system sends (follow-ups, escalation notices). */
  authorMemberId: string | null;
  text: string;
  sentAt: string;
}

export const CONVERSATION_STATES = ['initiated', 'waiting', 'follow_up', 'escalated', 'answered', 'unanswered'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATES)[number];
export const OPEN_STATES: readonly ConversationStatus[] = ['initiated', 'waiting', 'follow_up', 'escalated'];

/** Which timeout of a round expired: the first one (after the acknowledgement) or the one after the follow-up. */
export type TimeoutStage = 'first' | 'follow_up';
