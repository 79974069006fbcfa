import type { Actor, DomainEvent } from '../../platform/event-store/event.types.js';

/** Events of stream `branching_branch-<branchId>`, schema version 1: the branch's own messages. */
interface Base {
  sessionId: string;
  branchId: string;
  messageId: string;
}

export type BranchMessagePosted = DomainEvent<
  'BranchMessagePosted',
  Base & { text: string; attachmentIds: string[]; by: Actor; postedAt: string }
>;

/** The assistant's answer to `replyTo`, with what it cost. */
export type BranchReplyGiven = DomainEvent<
  'BranchReplyGiven',
  Base & {
    replyTo: string;
    text: string;
    provider: string;
    model: string;
    usage: { inputTokens: number; outputTokens: number };
    repliedAt: string;
  }
>;

export type BranchMessageEvent = BranchMessagePosted | BranchReplyGiven;

export const branchMessageEventTypes = ['BranchMessagePosted', 'BranchReplyGiven'] as const satisfies readonly BranchMessageEvent['type'][];
