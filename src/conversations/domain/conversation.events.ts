import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';
import type { ChainStep, ConversationMessage, ConversationTiming, MessageTemplates, Participant } from './conversation.types.js';

/**
 * Events of stream `conversation-<id>`, schema version 1. Every event's data carries `squadId`, so
 * the realtime channel delivers it to the squad's room too. A `round` numbers each hand-over of the
 * question to responders (1 = first contact); timeouts belong to a round.
 */
interface Base {
  conversationId: string;
  squadId: string;
}

export type QuestionAsked = DomainEvent<
  'QuestionAsked',
  Base & {
    organizationId: string;
    asker: Participant;
    questionType: string;
    message: ConversationMessage;
    chain: ChainStep[];
    timing: ConversationTiming;
    templates: MessageTemplates;
    askedAt: string;
  }
>;

/** The question reached responders: first contact, or a referral by a responder who could not help. */
export type QuestionRouted = DomainEvent<
  'QuestionRouted',
  Base & {
    round: number;
    level: number;
    ruleId: string;
    responders: Participant[];
    reason: 'first_contact' | 'referral';
    routedAt: string;
  }
>;

/** The responders' side acknowledged the question (from the squad's template): the first timeout runs until `timeoutAt`. */
export type QuestionAcknowledged = DomainEvent<
  'QuestionAcknowledged',
  Base & { round: number; level: number; message: ConversationMessage; acknowledgedAt: string; timeoutAt: string }
>;

export type FollowUpSent = DomainEvent<
  'FollowUpSent',
  Base & { round: number; level: number; message: ConversationMessage; sentAt: string; timeoutAt: string }
>;

export type QuestionEscalated = DomainEvent<
  'QuestionEscalated',
  Base & {
    round: number;
    fromLevel: number;
    toLevel: number;
    ruleId: string;
    responders: Participant[];
    reason: 'timeout' | 'cant_help';
    message: ConversationMessage;
    escalatedAt: string;
  }
>;

/** `queueItemId`: set when the answer takes the question off the team queue (it had been raised there). */
export type QuestionAnswered = DomainEvent<
  'QuestionAnswered',
  Base & { round: number; level: number; by: Participant; message: ConversationMessage; answeredAt: string; queueItemId?: string }
>;

export type CantHelpSaid = DomainEvent<
  'CantHelpSaid',
  Base & { round: number; level: number; by: Participant; referredTo: Participant | null; message: ConversationMessage; saidAt: string }
>;

/**
 * Nobody is left to ask: the question is unanswered and raised for people onto the team queue, as the
 * item `queueItemId` (the conversation's id; absent from events recorded before the queue existed).
 */
export type ChainExhausted = DomainEvent<
  'ChainExhausted',
  Base & {
    round: number;
    lastLevel: number | null;
    reason: 'timeout' | 'cant_help' | 'no_responders';
    exhaustedAt: string;
    queueItemId?: string;
  }
>;

/** What a person who claims a queue item is told. */
export interface ClaimBriefing {
  headline: string;
  /** Plain text, a fact per line. */
  body: string;
}

/** A person took the raised question off the queue to answer it (decided by the handoffs module's queue). */
export type QuestionClaimed = DomainEvent<
  'QuestionClaimed',
  Base & { queueItemId: string; briefing: ClaimBriefing; by: Actor; claimedAt: string }
>;

/** The claimer put the question back on the queue. */
export type QuestionReleased = DomainEvent<'QuestionReleased', Base & { queueItemId: string; by: Actor; releasedAt: string }>;

export type ConversationEvent =
  | QuestionAsked
  | QuestionRouted
  | QuestionAcknowledged
  | FollowUpSent
  | QuestionEscalated
  | QuestionAnswered
  | CantHelpSaid
  | ChainExhausted
  | QuestionClaimed
  | QuestionReleased;

export const conversationEventTypes = [
  'QuestionAsked',
  'QuestionRouted',
  'QuestionAcknowledged',
  'FollowUpSent',
  'QuestionEscalated',
  'QuestionAnswered',
  'CantHelpSaid',
  'ChainExhausted',
  'QuestionClaimed',
  'QuestionReleased',
] as const satisfies readonly ConversationEvent['type'][];
