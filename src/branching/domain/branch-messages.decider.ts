import type { Decider } from '../../platform/decider/decider.js';
import { DomainError } from '../../platform/decider/decider.js';
import type { BranchMessageCommand } from './branch-messages.commands.js';
import type { BranchMessageEvent } from './branch-messages.events.js';
import { OPEN_FOR_MESSAGES } from './session.decider.js';
import { IllegalBranchTransitionError } from './session.errors.js';

export interface BranchMessagesState {
  sessionId: string | null;
  branchId: string | null;
  /** User messages still waiting for their reply. */
  unanswered: string[];
  answered: string[];
}

export class UnknownMessageError extends DomainError {
  constructor(messageId: string) {
    super('unknown_message', `message ${messageId} was not posted on this branch`);
  }
}

export const initialBranchMessagesState = (): BranchMessagesState => ({ sessionId: null, branchId: null, unanswered: [], answered: [] });

export function evolveBranchMessages(state: BranchMessagesState, event: BranchMessageEvent): BranchMessagesState {
  switch (event.type) {
    case 'BranchMessagePosted':
      return {
        ...state,
        sessionId: event.data.sessionId,
        branchId: event.data.branchId,
        unanswered: [...state.unanswered, event.data.messageId],
      };
    case 'BranchReplyGiven':
      return {
        ...state,
        unanswered: state.unanswered.filter((id) => id !== event.data.replyTo),
        answered: [...state.answered, event.data.replyTo],
      };
  }
}

/**
 * A branch's own messages. A message is refused on a branch that is not being worked on (untried:
 * switch to it first; dead end: revive it; solved). A reply to a message already answered changes
 * nothing, so a repeated reply step cannot answer twice.
 */
export const branchMessagesDecider: Decider<BranchMessagesState, BranchMessageCommand, BranchMessageEvent> = {
  initialState: initialBranchMessagesState,
  evolve: evolveBranchMessages,
  decide(command, state) {
    switch (command.type) {
      case 'PostMessage': {
        if (!OPEN_FOR_MESSAGES.includes(command.branchStatus))
          throw new IllegalBranchTransitionError(command.branchId, command.branchStatus, 'take messages');
        return [
          {
            type: 'BranchMessagePosted',
            data: {
              sessionId: command.sessionId,
              branchId: command.branchId,
              messageId: command.messageId,
              text: command.text,
              attachmentIds: command.attachmentIds,
              by: command.by,
              postedAt: command.now,
            },
          },
        ];
      }
      case 'GiveReply': {
        if (state.answered.includes(command.replyTo)) return [];
        if (!state.unanswered.includes(command.replyTo) || !state.sessionId || !state.branchId)
          throw new UnknownMessageError(command.replyTo);
        return [
          {
            type: 'BranchReplyGiven',
            data: {
              sessionId: state.sessionId,
              branchId: state.branchId,
              messageId: command.messageId,
              replyTo: command.replyTo,
              text: command.text,
              provider: command.provider,
              model: command.model,
              usage: command.usage,
              repliedAt: command.now,
            },
          },
        ];
      }
    }
  },
};
